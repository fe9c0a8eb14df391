"""SVG snapshots of the editor (pytest-textual-snapshot). Deterministic: fixed terminal size,
a fixed song, scripted providers, no clock, no songcraft dictionary timing.

Update after an intended UI change:  .venv/bin/pytest tests/test_app_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from lyrictui.song.model import ChordPlacement, Line, Section, Song
from tests.app_fixtures import ScriptedChords, ScriptedLyrics, make_app, wait_for

SIZE = (100, 28)


def harbour() -> Song:
    return Song(
        title="Harbour Lights", key="G",
        sections=[
            Section("verse", None, [
                Line("the boats come in at evening", [ChordPlacement("G", 0), ChordPlacement("C", 14), ChordPlacement("D", 21)]),
                Line("with salt upon their sails", [ChordPlacement("Em", 0), ChordPlacement("C", 15)]),
                Line(""),
                Line("and every light along the quay", [ChordPlacement("G", 4)]),
            ]),
            Section("chorus", None, [
                Line("oh harbour lights", [ChordPlacement("C", 3), ChordPlacement("G", 11)]),
                Line("bring me home", [ChordPlacement("D", 5)]),
            ]),
        ],
    )


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the status bar shows the song's path relative to here
    monkeypatch.setenv("LYRICTUI_CONFIG_DIR", str(tmp_path / "cfg"))
    return tmp_path


def test_lead_sheet(snap_compare, in_tmp):
    app = make_app(in_tmp, harbour(), name="harbour.song.json")
    assert snap_compare(app, press=["down", "down", "down", "down", "end"], terminal_size=SIZE)


def test_streamed_suggestions(snap_compare, in_tmp):
    provider = ScriptedLyrics(["the lanterns swing", "a bell rings out", "we're close to shore", "and you are there"])
    app = make_app(in_tmp, harbour(), name="harbour.song.json", lyric_provider=provider)

    async def run_before(pilot):
        await pilot.press("down", "down", "down", "down", "down", "end", "enter")
        await wait_for(pilot, lambda: all(app.editor.lines_panel.items[:4]) and not app.editor.lines_panel.note)
        await wait_for(pilot, lambda: not app.editor.dirty)  # a new blank last line leaves the file as it was
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_chord_row_and_progressions(snap_compare, in_tmp):
    chords = ScriptedChords([["C", "G", "Am", "F"], ["C", "Em", "F", "G"], ["Am", "F", "C", "G"]])
    app = make_app(in_tmp, harbour(), name="harbour.song.json", progression_provider=chords)

    async def run_before(pilot):
        await pilot.press("down", "down", "down", "down", "down", "ctrl+o")
        await wait_for(pilot, lambda: len(app.editor.chords_panel.items) == 3)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare, in_tmp):
    app = make_app(in_tmp, harbour(), name="harbour.song.json")
    assert snap_compare(app, press=["f1"], terminal_size=(110, 40))


def test_current_line(snap_compare, in_tmp):
    """The line being edited, mid-word, with its gutter's syllables and rhyme letter."""
    app = make_app(in_tmp, harbour(), name="harbour.song.json", songcraft=True)

    async def run_before(pilot):
        await wait_for(pilot, lambda: app.editor.view.craft_enabled, timeout=60)
        await pilot.press("down", "right", "right")  # on the "t" of "with"
        await wait_for(pilot, lambda: " 6 B" in "".join(s.text for s in app.editor.view.render_line(4)))
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def long_harbour() -> Song:
    song = harbour()
    song.sections[0].lines[3] = Line("and every light along the quay is burning for the sailors coming home tonight",
                                     [ChordPlacement("G", 4), ChordPlacement("D", 40), ChordPlacement("Em", 60)])
    return song


def test_small_screen(snap_compare, in_tmp):
    """80×24: the lyrics get most of the width, a long line wraps between words."""
    app = make_app(in_tmp, long_harbour(), name="harbour.song.json")
    assert snap_compare(app, press=["down", "end"], terminal_size=(80, 24))


def _dialog(snap_compare, in_tmp, opener, size=(80, 24)):
    app = make_app(in_tmp, harbour(), name="harbour.song.json")

    async def run_before(pilot):
        await pilot.pause()
        opener(app)
        await wait_for(pilot, lambda: app.screen is not app.editor and app.screen.focused is not None)
        for field in app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor would make the picture depend on timing
        await pilot.pause()

    return snap_compare(app, terminal_size=size, run_before=run_before)


def test_quit_dialog(snap_compare, in_tmp):
    def opener(app):
        app.editor.doc.insert("x")
        app.editor.view._changed(typed=True)
        app.editor.request_quit()

    assert _dialog(snap_compare, in_tmp, opener)


def test_rename_dialog(snap_compare, in_tmp):
    assert _dialog(snap_compare, in_tmp, lambda app: app.editor.action_rename_section())


def test_settings_dialog(snap_compare, in_tmp):
    from lyrictui.app import commands

    assert _dialog(snap_compare, in_tmp, lambda app: commands.open_settings(app.editor))


def test_song_details_dialog(snap_compare, in_tmp):
    from lyrictui.app import commands

    assert _dialog(snap_compare, in_tmp, lambda app: commands.edit_details(app.editor))
