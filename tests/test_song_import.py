"""Importing songs a writer already has: ChordPro from other tools, plain-text chord sheets."""

from __future__ import annotations

import pytest

from lyrictui.song.formats import export_song
from lyrictui.song.importers import SongSyntaxError, parse_chordpro, parse_plaintext
from lyrictui.song.model import ChordPlacement, Line
from lyrictui.song.symbols import chord_line_tokens, is_chord_symbol, pos_at_column
from song_fixtures import sample_song


@pytest.mark.parametrize("sym", ["C", "Am", "F#m7b5", "Bbmaj7/D", "Csus4", "Dm(add9)", "N.C.", "C6/9",
                                 "E♭m", "G/B", "Cadd9", "A7sus4", "Bm7-5", "C#dim7", "Faug"])
def test_chord_symbols(sym):
    assert is_chord_symbol(sym)


@pytest.mark.parametrize("word", ["Go", "Do", "Be", "Hello", "Bad", "Cab", "I", "x2", "", "Ah"])
def test_words_are_not_chords(word):
    assert not is_chord_symbol(word)


def test_chord_line_detection():
    assert chord_line_tokens("G    C  | D/F#  x2") == [(0, "G"), (5, "C"), (10, "D/F#")]
    assert chord_line_tokens("Go to the store") is None
    assert chord_line_tokens("   ") is None


FOREIGN_CHORDPRO = """\
# a comment line
{t: Amazing Song}
{artist: Someone}
{subtitle: live version}
{key: D}
{tempo: 120}
{capo: 2}

{sov}
[D]Amazing [G]grace, how [D]sweet
the sound
{eov}

{start_of_chorus}
[A]Sing it [D]loud
{end_of_chorus}

{start_of_verse: label="Verse 2"}
[D]Second verse
{end_of_verse}

{start_of_bridge: Middle eight}
[Em]Over
{end_of_bridge}

{start_of_part: label="Outro"}
[D]Fade
{end_of_part}

{comment: Repeat chorus}
"""


def test_foreign_chordpro():
    song = parse_chordpro(FOREIGN_CHORDPRO)
    assert (song.title, song.artist, song.key, song.tempo) == ("Amazing Song", "Someone", "D", 120)
    assert (song.subtitle, song.capo, song.extra) == ("live version", 2, {})
    assert [s.kind for s in song.sections] == ["verse", "chorus", "verse", "bridge", "outro"]
    # "Verse 2" is what lyrictui would call it anyway: kept automatic so it renumbers.
    assert [s.label for s in song.sections] == [None, None, None, "Middle eight", None]
    # a comment after the last section is a comment line at its end, not a new verse
    assert song.sections[-1].lines[-1] == Line("Repeat chorus", kind="comment")
    first = song.sections[0].lines[0]
    assert first == Line("Amazing grace, how sweet",
                         [ChordPlacement("D", 0), ChordPlacement("G", 8), ChordPlacement("D", 19)])
    assert song.sections[0].lines[1] == Line("the sound")


def test_chordpro_without_environments_uses_comments_and_blank_lines():
    song = parse_chordpro("{title: X}\n{c: Verse 1}\n[C]one\ntwo\n\n{c: Chorus}\n[G]three\n\nfour\n{c: play softly}\n")
    assert [(s.kind, len(s.lines)) for s in song.sections] == [("verse", 2), ("chorus", 1), ("verse", 2)]
    assert song.sections[2].lines[1] == Line("play softly", kind="comment")


def test_chordpro_meta_and_odd_tempo():
    song = parse_chordpro("{meta: artist Bob}\n{tempo: 90-100}\n{title}\n")
    assert song.artist == "Bob" and song.tempo is None and song.extra["tempo"] == "90-100"
    assert song.title == ""


def test_chordpro_tab_lines_are_verbatim():
    song = parse_chordpro("{sot}\ne|---[0]---|\n{eot}\n")
    assert song.sections[0].kind == "tab"
    assert song.sections[0].lines == [Line("e|---[0]---|")]


@pytest.mark.parametrize("text, line, words", [
    ("{title: x}\n{start_of_verse}\n[C never closed\n", 3, "never closed"),
    ("{title: unterminated\n", 1, "never closed"),
    ("{x_lyrictui_version: 99}\n", 1, "newer lyrictui"),
    ("{x_lyrictui_version: 1}\n{sov}\n{x_lyrictui_section: {not json\\}}\n", 3, "broken JSON"),
    ('{x_lyrictui_version: 1}\n{sov}\n{x_lyrictui_section: \\{"label": 5\\}}\n', 3, "string or null label"),
])
def test_chordpro_errors_say_where(text, line, words):
    with pytest.raises(SongSyntaxError) as e:
        parse_chordpro(text)
    assert e.value.line == line and words in str(e.value)


PLAIN = """\
Night Drive
Artist: Ana
Key: G
Tempo: 96

[Verse 1]
G                 Em7
Headlights on the water
C             D
Taillights in the rain

Chorus:
C      G
Drive, drive, drive
  Am  F
(instrumental)

[Verse 2]
Morning on the highway
G   D
"""


def test_plaintext_sheet():
    song = parse_plaintext(PLAIN)
    assert (song.title, song.artist, song.key, song.tempo) == ("Night Drive", "Ana", "G", 96)
    assert [(s.kind, s.label) for s in song.sections] == [("verse", None), ("chorus", None), ("verse", None)]
    v1 = song.sections[0].lines
    assert v1[0] == Line("Headlights on the water", [ChordPlacement("G", 0), ChordPlacement("Em7", 18)])
    assert v1[1] == Line("Taillights in the rain", [ChordPlacement("C", 0), ChordPlacement("D", 14)])
    assert song.sections[1].lines[1] == Line("(instrumental)", [ChordPlacement("Am", 2), ChordPlacement("F", 6)])
    # a chord line with nothing under it: chords with no words
    assert song.sections[2].lines[-1] == Line("", [ChordPlacement("G", 0), ChordPlacement("D", 4)])


def test_plaintext_without_headers_makes_a_verse_per_stanza():
    song = parse_plaintext("one\ntwo\n\nthree\nfour\n\n\nfive\n")
    assert song.title == "Untitled"
    assert [[ln.text for ln in s.lines] for s in song.sections] == [["one", "two"], ["three", "four"], ["five"]]


def test_plaintext_title_line_then_stanzas():
    song = parse_plaintext("My Title\n\nfirst line\nsecond\n")
    assert song.title == "My Title" and song.sections[0].lines[0].text == "first line"


def test_plaintext_blank_lines_inside_a_section_separate_stanzas():
    song = parse_plaintext("[Verse]\na\n\n\nb\n\n[Bridge]\nc\n")
    assert [ln.text for ln in song.sections[0].lines] == ["a", "", "b"]
    assert song.sections[0].label == "Verse"  # a single verse would be "Verse 1": typed label kept
    assert song.sections[1].kind == "bridge" and song.sections[1].label is None


def test_plaintext_chords_over_wide_characters():
    # 中文 takes 4 cells: a chord at column 4 sits on the character after them.
    song = parse_plaintext("[Verse 1]\nC   G\n中文歌词\n")
    assert song.sections[0].lines[0].chords == [ChordPlacement("C", 0), ChordPlacement("G", 2)]
    assert pos_at_column("中文歌词", 5) == 3


def test_plaintext_custom_header_is_a_free_kind():
    song = parse_plaintext("[Hook]\nla la\n[Pre-Chorus]\nup\n")
    assert [(s.kind, s.label) for s in song.sections] == [("hook", None), ("pre-chorus", None)]


def test_txt_export_reads_back_as_the_same_song():
    song = sample_song()
    assert parse_plaintext(export_song(song, "txt")) == song


def test_plaintext_crlf_and_bom():
    song = parse_plaintext("\ufeffTitle\r\n\r\n[Chorus]\r\nC\r\nla\r\n")
    assert song.title == "Title" and song.sections[0].lines == [Line("la", [ChordPlacement("C", 0)])]
