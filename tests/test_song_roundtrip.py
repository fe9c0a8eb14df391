"""Native JSON and ChordPro give back exactly the song that went in."""

from __future__ import annotations

import json

import pytest

from lyrictui.song.chordpro import to_chordpro
from lyrictui.song.importers import parse_chordpro
from lyrictui.song.io import load_song, save_song
from lyrictui.song.model import ChordPlacement, Line, Section, Song
from lyrictui.song.native import dumps_song, loads_song
from song_fixtures import TEXTS, big_song, random_song, sample_song

EDGE_SONGS = [
    Song(),  # empty song
    Song(title="", sections=[Section("verse", None, [])]),  # empty section
    Song(sections=[Section("chorus", None, [Line(t)]) for t in TEXTS]),
    Song(sections=[Section("verse", None, [Line("abc", [ChordPlacement("C", 0), ChordPlacement("G", 3),
                                                        ChordPlacement("D", 9)])])]),
    Song(sections=[Section("verse", None, [Line("", [ChordPlacement("C", 0), ChordPlacement("G", 4)])])]),
    Song(sections=[Section("verse", None, [Line("a\nb\rc", [ChordPlacement("C]\n", 1)])])]),
    Song(sections=[Section("verse", None, [Line("lone \ud800 surrogate")])]),
    Song(title="line\nbreak", artist="\ud83d", key=" G "),
    Song(sections=[Section("verse", "Verse 1", []), Section("verse", None, []), Section("chorus", "Chorus", [])]),
    Song(sections=[Section("", None, [Line("x")]), Section("intro", None, []), Section("intro", None, [])]),
    Song(extra={"tempo": "fast", "chorus": "", "start_of_x": "y", "capo": " 2"}),
    sample_song(),
    Song(sections=[  # notes: recalls alone and inside sections, comments ChordPro cannot hold as is
        Section("chorus", None, [Line("", kind="recall")]),
        Section("verse", None, [Line("  spaced  ", kind="comment"), Line("", kind="comment"), Line("a"),
                                Line("Final", kind="recall"), Line('say "x" {y}', kind="recall")]),
        Section("chorus", None, [Line("Final", kind="recall")]),
        Section("chorus", "Refrain", [Line("", kind="recall")]),
        Section("chorus", None, [Line("", [ChordPlacement("C", 0)], kind="recall")]),
        Section("chorus", None, [Line("Chorus", kind="comment"), Line("", kind="recall")]),
        Section("tab", None, [Line("{not a directive"), Line("# not a comment"), Line("e|-0-|", [ChordPlacement("E", 1)])]),
        Section("verse", None, [Line("Verse 1", kind="comment")]),
    ]),
    Song(sections=[Section("verse", None, [Line("only a note", kind="highlight")])]),
    Song(title="dup", composer="A", capo=2, extra={"composer": "B\nC", "capo": "x", "t": "Other", "arranger": "D"}),
]


@pytest.mark.parametrize("song", EDGE_SONGS + [random_song(i) for i in range(150)])
def test_chordpro_round_trip(song):
    assert parse_chordpro(to_chordpro(song)) == song


@pytest.mark.parametrize("song", EDGE_SONGS + [random_song(i) for i in range(40)])
def test_native_round_trip(song):
    assert loads_song(dumps_song(song)) == song


def test_thousands_of_lines_round_trip(tmp_path):
    song = big_song(3000)
    for name in ("big.song.json", "big.cho"):
        save_song(song, tmp_path / name)
        assert load_song(tmp_path / name) == song


def test_native_file_is_documented_shape(tmp_path):
    save_song(sample_song(), tmp_path / "s.song.json")
    raw = (tmp_path / "s.song.json").read_text(encoding="utf-8")
    doc = json.loads(raw)
    assert doc["format"] == "lyrictui-song" and doc["version"] == 2
    assert doc["capo"] == 2 and "extra" not in doc
    assert doc["sections"][0]["lines"][0] == {
        "text": "Headlights on the water",
        "chords": [{"chord": "G", "pos": 0}, {"chord": "Em7", "pos": 18}],
    }
    assert raw.startswith('{\n  "format": "lyrictui-song",')  # indented, human-readable


def test_native_keeps_non_ascii_readable(tmp_path):
    song = Song(title="中文 🎸", sections=[Section("verse", None, [Line("naïve")])])
    save_song(song, tmp_path / "u.song.json")
    raw = (tmp_path / "u.song.json").read_text(encoding="utf-8")
    assert "中文 🎸" in raw and "naïve" in raw


def test_chordpro_lyrictui_data_only_in_x_directives():
    song = Song(sections=[
        Section("my thing", "Custom", [Line("hi", [ChordPlacement("C", 0), ChordPlacement("G", 8)])]),
    ], extra={"Odd key": "v"})
    text = to_chordpro(song)
    assert '{start_of_part: label="Custom"}' in text
    assert "[C]hi[G]" in text
    for line in text.splitlines():
        if "my thing" in line or "Odd key" in line or " 8" in line:
            assert line.startswith("{x_lyrictui_"), line


def test_chordpro_standard_environments():
    text = to_chordpro(sample_song())
    assert text.startswith("{title: Night Drive}\n{artist: Ana}\n{key: G}\n{capo: 2}\n{tempo: 96}\n")
    assert '{start_of_verse: label="Verse 1"}\n[G]Headlights on the [Em7]water\n' in text
    assert '{start_of_verse: label="Verse 2"}' in text
    assert '{start_of_chorus: label="Chorus"}' in text and "{end_of_chorus}" in text
    assert '{start_of_bridge: label="Bridge"}' in text and "{end_of_bridge}" in text
    assert "x_lyrictui_section" not in text  # nothing lyrictui-only in this song
