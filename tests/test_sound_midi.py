"""The MIDI export read back with mido: notes, markers, lyrics, tempo, time and key signature."""

from __future__ import annotations

import io

import mido
from chords.theory import parse_chord

from lyrictui.sound.export import song_midi
from lyrictui.sound.midi import MidiConfig
from tests.sound_fixtures import lyric_song, progression_song


def read(data: bytes) -> mido.MidiFile:
    return mido.MidiFile(file=io.BytesIO(data), charset="utf-8")


def absolute(track):
    t = 0
    for msg in track:
        t += msg.time
        yield t, msg


def chords_heard(track) -> list[tuple[int, int, frozenset[int]]]:
    """(on tick, off tick, pitch classes) of each chord: notes grouped by their note-on tick."""
    on: dict[int, int] = {}
    spans: dict[int, list[tuple[int, int]]] = {}
    for t, msg in absolute(track):
        if msg.type == "note_on" and msg.velocity > 0:
            on[msg.note] = t
        elif msg.type in ("note_off", "note_on"):
            spans.setdefault(on.pop(msg.note), []).append((t, msg.note))
    return [(start, max(t for t, _ in notes), frozenset(n % 12 for _, n in notes))
            for start, notes in sorted(spans.items())]


def test_a_song_reads_back_as_a_song():
    mid = read(song_midi(lyric_song()))
    assert mid.type == 1 and len(mid.tracks) == 2 and mid.ticks_per_beat == 480
    meta = {m.type: m for _, m in absolute(mid.tracks[0]) if m.is_meta}
    assert meta["track_name"].name == "Night Drive"
    assert mido.tempo2bpm(meta["set_tempo"].tempo) == 120
    assert (meta["time_signature"].numerator, meta["time_signature"].denominator) == (4, 4)
    assert meta["key_signature"].key == "C"
    assert [(t, m.text) for t, m in absolute(mid.tracks[0]) if m.type == "marker"] == [(0, "Verse 1"), (24 * 480, "Chorus")]

    chords = chords_heard(mid.tracks[1])
    symbols = ["C", "G", "Am", "F", "F", "C"]
    assert [set(pcs) for _, _, pcs in chords] == [set(parse_chord(s).pitch_classes()) for s in symbols]
    assert [(a // 480, b // 480) for a, b, _ in chords] == [(0, 4), (4, 8), (8, 12), (12, 24), (24, 28), (28, 32)]
    lyrics = [(t // 480, m.text) for t, m in absolute(mid.tracks[1]) if m.type == "lyrics"]
    assert lyrics == [(0, "Hello there my "), (4, "friend "), (8, "where are "), (12, "you now "),
                      (24, "oh la "), (28, "la ")]
    texts = [m.text for _, m in absolute(mid.tracks[1]) if m.type == "text"]
    assert texts == symbols
    assert round(mid.length) == 16  # seconds: 32 quarter notes at 120


def test_capo_time_signature_and_detected_key():
    song = progression_song(["G", "D", "Em", "C"], tempo=90, time="6/8", capo=2)  # no key written
    mid = read(song_midi(song, MidiConfig(instrument="guitar")))
    meta = {m.type: m for _, m in absolute(mid.tracks[0]) if m.is_meta}
    assert (meta["time_signature"].numerator, meta["time_signature"].denominator) == (6, 8)
    assert meta["key_signature"].key == "A"  # detected from the sounding chords
    assert [m.program for m in mid.tracks[1] if m.type == "program_change"] == [25]
    chords = chords_heard(mid.tracks[1])
    assert [set(pcs) for _, _, pcs in chords] == [set(parse_chord(s).pitch_classes()) for s in ("A", "E", "F#m", "D")]
    assert [b - a for a, b, _ in chords] == [3 * 480] * 4  # one bar of 6/8 = three quarter notes


def test_words_keep_their_accents_and_lose_control_characters():
    song = lyric_song()
    song.sections[0].lines[0].text = "Héllo\x1b[31m there my friend"
    lyrics = [m.text for m in read(song_midi(song)).tracks[1] if m.type == "lyrics"]
    assert lyrics[0].startswith("Héllo[31m") and "\x1b" not in "".join(lyrics)
