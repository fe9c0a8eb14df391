"""Timing, voicing and capo: the pure cores of lyrictui.sound."""

from __future__ import annotations

import pytest
from chords.theory import parse_chord

from lyrictui.app import services
from lyrictui.song.model import ChordPlacement, Line, Song
from lyrictui.sound.capo import shape_for, sounding, sounding_song
from lyrictui.sound.timing import Meter, allot, chord_at, line_lengths, meter_of, timeline, TimingConfig
from lyrictui.sound.voicing import voice, voice_progression
from tests.sound_fixtures import PROGRESSION, chord_line, lyric_song, progression_song


def test_meter_from_song_facts_with_defaults():
    assert meter_of(Song()) == Meter(100.0, 4, 4)
    assert meter_of(Song(tempo=90, time="6/8")) == Meter(90.0, 6, 8)
    assert meter_of(Song(tempo=0, time="seven")) == Meter(100.0, 4, 4)
    assert Meter(120, 6, 8).bar == 3.0 and Meter(120, 6, 8).step == 1.5
    assert Meter(120, 3, 4).step == 3.0  # odd meters change chords on the bar
    assert Meter(120, 4, 4).seconds(8) == 4.0


def test_allot_keeps_total_and_a_minimum_of_one():
    assert allot([16, 11], 4) == [2, 2]
    assert allot([1, 1, 100], 4) == [1, 1, 2]
    assert sum(allot([3, 0.1, 0.1, 0.1], 5)) == 5


def test_chords_share_a_line_by_their_place_over_the_words():
    m, cfg = Meter(), TimingConfig()
    # one bar a chord, at least two bars a sung line; the last chord is held an even share
    assert line_lengths(Line("Hello there my friend", [ChordPlacement("C", 0), ChordPlacement("G", 15)]), m, cfg) == [4, 4]
    assert line_lengths(chord_line(["C", "G", "Am", "F"]), m, cfg) == [4, 4, 4, 4]
    assert line_lengths(Line("la", [ChordPlacement("C", 0)]), m, cfg) == [8]
    # a chord over most of the words gets most of the line (half-bar steps in 4/4)
    long_first = Line("one two three four five six seven eight nine", [ChordPlacement("C", 0), ChordPlacement("G", 38)])
    assert line_lengths(long_first, m, cfg) == [6, 2]
    assert sum(line_lengths(long_first, Meter(100, 3, 4), cfg)) == 6  # two bars of 3/4


def test_timeline_of_a_song_lyrics_markers_and_held_chords():
    tl = timeline(lyric_song())
    assert [(e.symbol, e.start, e.length) for e in tl.chords] == [
        ("C", 0, 4), ("G", 4, 4), ("Am", 8, 4), ("F", 12, 12), ("F", 24, 4), ("C", 28, 4)]
    assert [(lyr.start, lyr.text) for lyr in tl.lyrics] == [
        (0, "Hello there my"), (4, "friend"), (8, "where are"), (12, "you now"),
        (16, "and the night goes on"), (24, "oh la"), (28, "la")]
    assert tl.markers == [(0, "Verse 1"), (24, "Chorus")]
    assert tl.length == 32 and tl.seconds == 16.0
    one = timeline(lyric_song(), section=0, line=1)
    assert [e.symbol for e in one.chords] == ["Am", "F"] and one.chords[0].start == 0


def test_chord_at_a_character():
    line = Line("Hello there my friend", [ChordPlacement("G", 15), ChordPlacement("C", 0)])
    assert [chord_at(line, p) for p in (0, 14, 15, 40)] == [0, 0, 1, 1]
    assert chord_at(Line("words"), 2) is None


@pytest.mark.parametrize("symbol", PROGRESSION + ["Cmaj13", "Dsus4", "A7sus4", "Eb6/9", "G/B"])
def test_voicing_is_exactly_the_chord_tones_bass_first(symbol):
    v = voice(symbol)
    chord = parse_chord(symbol)
    assert v.pitch_classes == set(chord.pitch_classes())
    assert v.bass % 12 == (chord.bass_pc if chord.bass_pc is not None else chord.root_pc)
    assert v.bass < min(v.upper) and max(v.upper) - min(v.upper) < 12  # close position above the bass
    assert len(v.upper) == len(set(n % 12 for n in v.upper))


def test_voice_leading_moves_little():
    vs = voice_progression(["C", "Am", "F", "G7", "C"])
    assert [v.upper for v in vs] == [(60, 64, 67), (60, 64, 69), (60, 65, 69), (59, 62, 65, 67), (60, 64, 67)]
    for a, b in zip(vs, vs[1:]):  # every upper voice within a whole tone of the chord before
        assert all(min(abs(n - m) for m in a.upper) <= 2 for n in b.upper)


def test_silence_for_no_chord_and_typos_and_leading_skips_them():
    vs = voice_progression(["C", "N.C.", "G77", "Am"])
    assert [v.notes for v in vs[1:3]] == [(), ()]
    assert vs[3].upper == voice("Am", vs[0]).upper


def test_capo_sounding_chords_and_back():
    assert sounding("G", 3) == "Bb" and sounding("D/F#", 2, "E") == "E/G#"
    assert shape_for("Bb", 3, "G") == "G" and sounding("xyz", 2) == "xyz"
    song = progression_song(["G", "D", "Em", "C"], key="G", capo=2)
    s = sounding_song(song)
    assert [c.chord for c in s.all_lines()[0].chords] == ["A", "E", "F#m", "D"]
    assert s.key == "A" and s.capo is None
    assert song.all_lines()[0].chords[0].chord == "G"  # the original is untouched


def test_transposing_keeps_the_capo_meaning():
    """Transposing moves the shapes and the key; the capo stays, so the sound moves as much."""
    from lyrictui.app.document import SongDoc

    doc = SongDoc(progression_song(["G", "D", "Em", "C"], key="G", capo=2))
    before = [c.chord for c in sounding_song(doc.song).all_lines()[0].chords]
    doc.transpose(services.transposer(2, doc.song.key, ["G", "D", "Em", "C"]))
    assert doc.song.capo == 2 and doc.song.key == "A"
    after = [c.chord for c in sounding_song(doc.song).all_lines()[0].chords]
    assert [parse_chord(a).root_pc for a in after] == [(parse_chord(b).root_pc + 2) % 12 for b in before]
