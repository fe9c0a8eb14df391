"""The song as a Standard MIDI File (type 1) for a DAW or MuseScore.

    from lyrictui.sound.midi import song_midi
    open("song.mid", "wb").write(song_midi(song))

Track 0 (the conductor track): the title, tempo, time signature, key signature, and a
marker at the start of each section ("Verse 1", "Chorus"). Track 1, "Chords": every chord
voiced as in playback (bass + close voicing, voice-led) and held for its length, its
name as a text event, and the words under it as a lyric event at the same tick, so a
DAW shows the words where the chord changes. Pitches sound as played with the capo;
the key signature is the sounding key (the song's, else the one its chords suggest).
Text is written as UTF-8 (most DAWs read it; pure-ASCII lyrics are unaffected).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import mido
from chords.keys import detect_key, normalize_key
from chords.theory import ChordError, try_parse

from lyrictui.song.model import Song
from lyrictui.sound.capo import sounding_song
from lyrictui.sound.timing import Timeline, TimingConfig, timeline
from lyrictui.sound.voicing import voice_progression

PROGRAMS = {"piano": 0, "guitar": 25}  # General MIDI: acoustic grand, steel-string guitar


@dataclass(frozen=True)
class MidiConfig:
    ticks_per_beat: int = 480  # per quarter note
    instrument: str = "piano"  # the General MIDI program the chord track asks for
    velocity: int = 80


def _printable(text: str) -> str:
    """Words for a meta event: no control characters (they would reach whatever shows them)."""
    return "".join(ch for ch in text if ch.isprintable())


def key_signature(song: Song) -> str | None:
    """The key for the key-signature event: the song's (sounding), else the chords' guess."""
    if song.key:
        try:
            return normalize_key(song.key)
        except ChordError:
            pass
    chords = [c for ln in song.all_lines() for c in (try_parse(p.chord) for p in ln.chords) if c]
    return detect_key(chords) if chords else None


def _conductor(song: Song, tl: Timeline, tick) -> mido.MidiTrack:
    track = mido.MidiTrack()
    events = [(0, mido.MetaMessage("track_name", name=_printable(song.title)))]
    events.append((0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(tl.meter.tempo))))
    events.append((0, mido.MetaMessage("time_signature", numerator=tl.meter.beats, denominator=tl.meter.unit)))
    key = key_signature(song)
    if key:
        events.append((0, mido.MetaMessage("key_signature", key=key)))
    events += [(tick(t), mido.MetaMessage("marker", text=_printable(name))) for t, name in tl.markers]
    _append(track, events, tick(tl.length))
    return track


def _chord_track(tl: Timeline, cfg: MidiConfig, tick) -> mido.MidiTrack:
    track = mido.MidiTrack()
    events: list[tuple[int, mido.Message | mido.MetaMessage]] = [
        (0, mido.MetaMessage("track_name", name="Chords")),
        (0, mido.Message("program_change", program=PROGRAMS[cfg.instrument], channel=0)),
    ]
    for ev, v in zip(tl.chords, voice_progression([e.symbol for e in tl.chords])):
        on, off = tick(ev.start), tick(ev.start + ev.length)
        events.append((on, mido.MetaMessage("text", text=_printable(ev.symbol))))
        if ev.words:
            events.append((on, mido.MetaMessage("lyrics", text=_printable(ev.words) + " ")))
        events += [(on, mido.Message("note_on", note=p, velocity=cfg.velocity)) for p in v.notes]
        events += [(off, mido.Message("note_off", note=p, velocity=0)) for p in v.notes]
    _append(track, events, tick(tl.length))
    return track


def _append(track: mido.MidiTrack, events: list, end: int) -> None:
    """Absolute ticks -> MIDI's delta times; at one tick, note-offs go before anything new."""
    order = {"note_off": 0}
    events = sorted(events, key=lambda e: (e[0], order.get(e[1].type, 1)))
    now = 0
    for at, msg in events:
        track.append(msg.copy(time=at - now))
        now = at
    track.append(mido.MetaMessage("end_of_track", time=max(0, end - now)))


def song_midi(song: Song, cfg: MidiConfig = MidiConfig(), timing: TimingConfig = TimingConfig()) -> bytes:
    """The whole song as .mid bytes (sounding pitches: the capo applied)."""
    sounding = sounding_song(song)
    tl = timeline(sounding, cfg=timing)
    tpb = cfg.ticks_per_beat

    def tick(quarters: float) -> int:
        return round(quarters * tpb)

    mid = mido.MidiFile(type=1, ticks_per_beat=tpb, charset="utf-8")
    mid.tracks += [_conductor(sounding, tl, tick), _chord_track(tl, cfg, tick)]
    buf = io.BytesIO()
    mid.save(file=buf)
    return buf.getvalue()
