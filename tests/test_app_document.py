"""Pure editing rules: undo history, chord rows, the song document, the config file."""

from __future__ import annotations

import pytest

from lyrictui.app import chordrow
from lyrictui.app.document import SongDoc, new_song, parse_section_name
from lyrictui.app.history import History
from lyrictui.config import Config, load_config, save_config
from lyrictui.song.model import ChordPlacement, Line, Section, Song


def typed(doc: SongDoc, text: str) -> None:
    for ch in text:
        doc.insert(ch)


def texts(doc: SongDoc, si: int = 0) -> list[str]:
    return [ln.text for ln in doc.song.sections[si].lines]


# ----- history ---------------------------------------------------------------------------
def test_history_coalesces_groups_and_redo_clears():
    h: History[int] = History()
    h.record(0, group="a")
    h.record(1, group="a")  # same burst: not recorded
    h.record(2, group="b")
    assert h.undo(3) == 2 and h.undo(2) == 0 and h.undo(0) is None
    assert h.redo(0) == 2
    h.record(5)
    assert not h.can_redo


def test_history_limit():
    h: History[int] = History(limit=3)
    for i in range(10):
        h.record(i)
    assert [h.undo(99), h.undo(99), h.undo(99), h.undo(99)] == [9, 8, 7, None]


# ----- chord rows ------------------------------------------------------------------------
def test_chord_row_round_trip_and_alignment():
    line = Line("the boats come in", [ChordPlacement("G", 0), ChordPlacement("D7", 9)])
    row = chordrow.render_chord_row(line)
    assert row == "G        D7"
    assert chordrow.parse_chord_row(row, line.text) == line.chords


def test_chord_row_wide_characters_keep_chords_over_their_syllable():
    line = Line("夜の海 sea", [ChordPlacement("Am", 1), ChordPlacement("C", 4)])
    row = chordrow.render_chord_row(line)
    assert row.index("Am") == 2 and row.index("C") == 7  # cells, not characters
    assert chordrow.parse_chord_row(row, line.text) == line.chords


def test_overlapping_chords_are_pushed_apart_for_display():
    line = Line("go", [ChordPlacement("Cmaj7", 0), ChordPlacement("G", 1)])
    assert chordrow.render_chord_row(line) == "Cmaj7 G"


@pytest.mark.parametrize(
    "chords,text,expected",
    [
        (["G", "D"], "one two three four", [0, 8]),
        (["G", "D", "Em", "C"], "one two three four", [0, 4, 8, 14]),
        (["G", "D", "Em"], "hi there", [0, 3, 10]),
        (["G", "D"], "", [0, 8]),
    ],
)
def test_distribute_progression_over_word_starts(chords, text, expected):
    placed = chordrow.distribute(chords, text)
    assert [c.chord for c in placed] == chords
    assert [c.pos for c in placed] == expected


# ----- the document ----------------------------------------------------------------------
def test_write_a_verse_line_by_line_and_undo_redo():
    doc = SongDoc()
    typed(doc, "the boats come in")
    doc.newline()
    typed(doc, "with salt")
    assert texts(doc) == ["the boats come in", "with salt"]
    doc.undo()  # the typing burst on line 2
    assert texts(doc) == ["the boats come in", ""]
    doc.undo()  # the Enter
    assert texts(doc) == ["the boats come in"]
    doc.redo()
    doc.redo()
    assert texts(doc) == ["the boats come in", "with salt"]
    assert doc.cursor.line == 1


def test_enter_never_splits_and_blank_lines_make_stanzas():
    doc = SongDoc()
    typed(doc, "one")
    doc.home()
    doc.newline()
    assert texts(doc) == ["one", ""]
    doc.newline()
    typed(doc, "two")
    assert texts(doc) == ["one", "", "two"]
    assert [ln.is_blank for ln in doc.song.sections[0].lines] == [False, True, False]


def test_move_across_sections_and_edit_in_place():
    song = Song(sections=[Section("verse", None, [Line("a1"), Line("a2")]), Section("chorus", None, [Line("c1")])])
    doc = SongDoc(song)
    doc.move_vertical(2)
    assert (doc.cursor.section, doc.cursor.line) == (1, 0)
    doc.move_vertical(-1)
    doc.end()
    typed(doc, "!")
    assert texts(doc) == ["a1", "a2!"]
    assert not doc.move_vertical(-5) or doc.cursor.line == 0


def test_backspace_joins_and_delete_line_keeps_a_line():
    doc = SongDoc(Song(sections=[Section("verse", None, [Line("ab", [ChordPlacement("G", 0)]), Line("cd", [ChordPlacement("D", 1)])])]))
    doc.move_vertical(1)
    doc.backspace()
    assert texts(doc) == ["abcd"]
    assert [(c.chord, c.pos) for c in doc.line.chords] == [("G", 0), ("D", 3)]
    doc.delete_line()
    assert texts(doc) == [""]


def test_typing_inside_words_moves_chords_with_them():
    doc = SongDoc(Song(sections=[Section("verse", None, [Line("the sea", [ChordPlacement("G", 4), ChordPlacement("C", 12)])])]))
    typed(doc, "oh ")  # at the start: both chords inside/after the words shift... except past-the-end ones
    assert doc.line.text == "oh the sea"
    assert [c.pos for c in doc.line.chords] == [7, 15]
    doc.end()
    typed(doc, "!")  # at the end: chords past the words keep their columns
    assert [c.pos for c in doc.line.chords] == [7, 15]


def test_chord_row_editing_is_overwrite_by_column():
    doc = SongDoc(Song(sections=[Section("verse", None, [Line("the boats come in")])]))
    doc.toggle_chord_row()
    typed(doc, "G")
    doc.cursor.col = 10
    typed(doc, "Em")
    assert doc.chord_text == "G         Em"
    assert [(c.chord, c.pos) for c in doc.line.chords] == [("G", 0), ("Em", 10)]
    doc.home()
    doc.delete()
    assert [(c.chord, c.pos) for c in doc.line.chords] == [("Em", 10)]
    doc.newline()  # Enter on the chord row goes back to the words
    assert not doc.cursor.on_chords


def test_sections_add_rename_reorder_delete():
    doc = SongDoc()
    typed(doc, "v1")
    doc.add_section("chorus")
    typed(doc, "c1")
    doc.rename_section("Pre Chorus")
    assert doc.section.kind == "pre-chorus" and doc.section.label is None
    doc.rename_section("Tag (half time)")
    assert doc.section.kind == "tag (half time)" and doc.section.label == "Tag (half time)"
    assert doc.reorder_section(-1)
    assert [s.lines[0].text for s in doc.song.sections] == ["c1", "v1"]
    assert doc.cursor.section == 0
    assert not doc.reorder_section(-1)
    doc.delete_section()
    assert [s.lines[0].text for s in doc.song.sections] == ["v1"]
    doc.undo()
    assert len(doc.song.sections) == 2


@pytest.mark.parametrize(
    "name,expected",
    [("Chorus", ("chorus", None)), ("pre chorus", ("pre-chorus", None)), ("Verse 3", ("verse", None)),
     ("PreChorus", ("pre-chorus", None)), ("Rap", ("rap", None)), ("solo (guitar)", ("solo (guitar)", "solo (guitar)"))],
)
def test_parse_section_name(name, expected):
    assert parse_section_name(name) == expected


def test_take_line_progression_and_transpose():
    doc = SongDoc()
    doc.set_line_text("we sail at dawn")
    doc.apply_progression(["G", "D", "Em", "C"])
    assert [(c.chord, c.pos) for c in doc.line.chords] == [("G", 0), ("D", 3), ("Em", 8), ("C", 11)]
    doc.song.key = "G"
    doc.transpose(lambda s: s + "#")
    assert doc.song.key == "G#" and doc.line.chords[0].chord == "G#"
    doc.undo()
    assert doc.song.key == "G"


def test_song_for_saving_drops_editor_only_blank_lines():
    doc = SongDoc(Song(sections=[Section("verse", None, [])]))
    assert texts(doc) == [""]
    assert doc.song_for_saving().sections[0].lines == []
    typed(doc, "x")
    doc.newline()
    doc.newline()
    assert [ln.text for ln in doc.song_for_saving().sections[0].lines] == ["x"]


def test_paste_multiline_and_unicode_and_long_lines():
    doc = SongDoc()
    doc.insert("héllo 🌊 wörld\nsecond line\r\nthird")
    assert texts(doc) == ["héllo 🌊 wörld", "second line", "third"]
    doc.insert("x" * 5000)
    assert len(doc.line.text) == 5005


def test_previous_chords_for_progression_context():
    song = Song(sections=[Section("verse", None, [Line("a", [ChordPlacement("G", 0), ChordPlacement("D", 2)]), Line("b")])])
    doc = SongDoc(song)
    doc.move_vertical(1)
    assert doc.previous_chords() == ("G", "D")


# ----- config ----------------------------------------------------------------------------
def test_config_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv("LYRICTUI_CONFIG_DIR", str(tmp_path))
    cfg = Config(keys={"save": "ctrl+w", "take_1": "alt+1,f5"}, sampling={"temperature": 0.7, "top_k": 40},
                 candidates=3, lyrics_model="demo")
    path = save_config(cfg)
    assert path == tmp_path / "config.toml"
    back = load_config()
    assert back.keys == cfg.keys and back.sampling == cfg.sampling
    assert back.candidates == 3 and back.lyrics_model == "demo" and back.chords_model is None


def test_broken_config_gives_defaults_and_a_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("LYRICTUI_CONFIG_DIR", str(tmp_path))
    (tmp_path / "config.toml").write_text("[keys\nsave = ", "utf-8")
    cfg = load_config()
    assert cfg.keys == {} and cfg.warnings


def test_new_song_has_a_place_to_type():
    s = new_song("X")
    assert s.title == "X" and s.sections[0].lines[0].text == ""
