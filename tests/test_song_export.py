"""Plain-text and Markdown export: chords aligned in monospace, nothing lost from the lyric."""

from __future__ import annotations

import pytest

from lyrictui.song.export import chord_row
from lyrictui.song.formats import export_song, format_for_path
from lyrictui.song.model import ChordPlacement, Line, Section, Song
from lyrictui.song.symbols import text_width
from song_fixtures import random_song, sample_song

TXT = """\
Night Drive
Artist: Ana
Key: G
Capo: 2
Tempo: 96

[Verse 1]
G                 Em7
Headlights on the water
C             D
Taillights in the rain

       G
Second stanza here

[Chorus]
C      G
Drive, drive, drive

[Verse 2]
   Am
Morning on the highway

[Bridge]
F
Hold on
"""


def test_txt_export_exactly():
    assert export_song(sample_song(), "txt") == TXT


def test_colliding_chords_are_pushed_right_and_the_lyric_is_untouched():
    line = Line("Go now", [ChordPlacement("Cmaj7", 0), ChordPlacement("G", 1), ChordPlacement("D", 2)])
    assert chord_row(line) == "Cmaj7 G D"
    lines = export_song(Song(sections=[Section("verse", None, [line])]), "txt").splitlines()
    assert lines[-2:] == ["Cmaj7 G D", "Go now"]


def test_wide_characters_align_in_display_columns():
    line = Line("中文 ok", [ChordPlacement("C", 1), ChordPlacement("G", 3)])
    assert chord_row(line) == "  C  G"  # 中 is 2 cells, so 文 starts at column 2, 'o' at 5
    assert text_width("中文 ") == 5


def test_combining_marks_take_no_column():
    assert chord_row(Line("e\u0301tude", [ChordPlacement("D", 2)])) == " D"


def test_chords_past_the_end_and_chord_only_lines():
    assert chord_row(Line("hi", [ChordPlacement("A", 5)])) == "     A"
    song = Song(sections=[Section("intro", None, [Line("", [ChordPlacement("G", 0), ChordPlacement("D", 4)])])])
    assert export_song(song, "txt").endswith("[Intro]\nG   D\n")


def test_lines_without_chords_get_no_chord_line_and_blank_lines_stay():
    song = Song(sections=[Section("verse", None, [Line("one"), Line(""), Line("two")])])
    assert export_song(song, "txt").endswith("[Verse 1]\none\n\ntwo\n")


def test_markdown():
    md = export_song(sample_song(), "md")
    assert md.startswith("# Night Drive\n\n**Artist:** Ana · **Key:** G · **Capo:** 2 · **Tempo:** 96\n\n"
                         "## Verse 1\n\n```text\nG                 Em7\n")
    assert "## Chorus" in md and "## Bridge" in md
    assert md.count("```") % 2 == 0


def test_markdown_fence_outlasts_backticks_in_lyrics():
    song = Song(sections=[Section("verse", None, [Line("a ```` b")])])
    md = export_song(song, "md")
    assert "`````text\na ```` b\n`````" in md


@pytest.mark.parametrize("seed", range(30))
def test_every_format_exports_random_songs(seed):
    song = random_song(seed)
    for fmt in ("txt", "chordpro", "md", "json"):
        assert export_song(song, fmt).endswith("\n")


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown export format"):
        export_song(Song(), "pdf")


def test_format_for_path():
    assert [format_for_path(p) for p in ["a.txt", "a.CHO", "a.chordpro", "a.md", "a.song.json", "a.doc"]] == [
        "txt", "chordpro", "chordpro", "md", "json", None]
