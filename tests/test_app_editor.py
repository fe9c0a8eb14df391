"""The editor driven like a person would, with Textual's Pilot (fast; no model)."""

from __future__ import annotations

import json
import re

import pytest

from lyrictui.app.messages import LineStreamed
from lyrictui.song.io import load_song
from lyrictui.song.model import ChordPlacement, Line, Section, Song
from tests.app_fixtures import (
    asynctest,
    BlockingLyrics,
    FailingLyrics,
    ScriptedChords,
    ScriptedLyrics,
    make_app,
    screen_text,
    wait_for,
)

SIZE = (100, 30)


def lines_of(app, si=0):
    return [ln.text for ln in app.editor.doc.song.sections[si].lines]


@asynctest
async def test_write_a_verse_edit_undo_redo_and_save(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for line in ("the boats come in", "with salt upon their sails"):
            await pilot.press(*line, "enter")
        await pilot.press(*"and gulls")
        assert lines_of(app) == ["the boats come in", "with salt upon their sails", "and gulls"]
        # edit line 1 in place
        await pilot.press("up", "up", "end", *" at evening")
        assert lines_of(app)[0] == "the boats come in at evening"
        await pilot.press("ctrl+z")
        assert lines_of(app)[0] == "the boats come in"
        await pilot.press("ctrl+y")
        assert lines_of(app)[0] == "the boats come in at evening"
        assert "1" in screen_text(app) and "the boats come in at evening" in screen_text(app)
        await pilot.press("ctrl+s")
        saved = load_song(tmp_path / "song.song.json")
        assert [ln.text for ln in saved.sections[0].lines] == lines_of(app)
        assert not app.editor.dirty
        # a change makes it unsaved; undoing that change brings back the saved song: clean again
        await pilot.press(*" now")
        assert app.editor.dirty and not app.editor.status.saved
        await pilot.press("ctrl+z")
        assert lines_of(app)[0] == "the boats come in at evening"
        assert not app.editor.dirty and app.editor.status.saved


@asynctest
async def test_delete_line_and_backspace_join(tmp_path):
    song = Song(sections=[Section("verse", None, [Line("one"), Line("two"), Line("three")])])
    app = make_app(tmp_path, song)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "ctrl+d")
        assert lines_of(app) == ["one", "three"]
        await pilot.press("home", "backspace")
        assert lines_of(app) == ["onethree"]


@asynctest
async def test_take_a_streamed_suggestion(tmp_path):
    provider = ScriptedLyrics(["the harbour lights are low", "a gull cries out", "we row", "home"])
    app = make_app(tmp_path, lyric_provider=provider)
    streamed: list[LineStreamed] = []

    def hook(msg):
        if isinstance(msg, LineStreamed):
            streamed.append(msg)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.press(*"the boats come in", "enter")  # Enter asks for the next line
        panel = app.editor.lines_panel
        await wait_for(pilot, lambda: panel.items[:1] == ["the harbour lights are low"] and not panel.note)
        assert len(streamed) > 4  # word by word, not all at once
        req = provider.requests[-1]
        assert (req.mode, req.line_index, req.n) == ("next", 1, 4)
        await pilot.press("down", "down", "enter")  # ↓ into the list, ↓ to candidate 2, Enter takes
        assert lines_of(app) == ["the boats come in", "a gull cries out"]
        assert panel.items == []
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(panel.items) == 4 and all(panel.items))
        await pilot.press("escape")  # dismiss
        assert panel.items == []
        await pilot.press(*"4 ever")  # with nothing shown, digits are just text
        assert lines_of(app)[-1] == "4 ever"
        await pilot.press("ctrl+g")  # ask again: alternatives for this line
        await wait_for(pilot, lambda: len(panel.items) == 4 and all(panel.items) and not panel.note)
        await pilot.press("alt+3")  # alt+digit takes even when the line has text
        assert lines_of(app)[-1] == "we row"


@asynctest
async def test_complete_mode_sends_the_partial_line(tmp_path):
    provider = ScriptedLyrics([" upon the tide", " in the rain"])
    app = make_app(tmp_path, lyric_provider=provider)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"we sail")
        await wait_for(pilot, lambda: provider.requests and app.editor.lines_panel.items[:1] == ["we sail upon the tide"])
        req = provider.requests[-1]
        assert req.mode == "complete" and req.partial == "we sail"
        await pilot.press("alt+1")
        assert lines_of(app) == ["we sail upon the tide"]


@asynctest
async def test_typing_cancels_generation_and_stale_text_never_leaks(tmp_path):
    provider = BlockingLyrics()
    app = make_app(tmp_path, lyric_provider=provider)
    shown: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g")
        await wait_for(pilot, provider.started.is_set)
        await pilot.press("a")  # typing cancels the running request...
        await wait_for(pilot, provider.saw_cancel.is_set)
        # ... and after the debounce a fresh one starts, in complete mode with the new text
        await wait_for(pilot, lambda: len(provider.requests) == 2)
        await wait_for(pilot, lambda: app.editor.lines_panel.items[:1] == ["afresh line"] or
                       app.editor.lines_panel.items[:1] == ["fresh line"])
        await pilot.pause(0.1)
        shown = list(app.editor.lines_panel.items)
        assert provider.requests[1].mode == "complete" and provider.requests[1].partial == "a"
    assert not any("STALE" in s for s in shown)


@asynctest
async def test_provider_failure_is_shown_not_raised(tmp_path):
    app = make_app(tmp_path, lyric_provider=FailingLyrics())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: app.editor.lines_panel.error)
        assert "model exploded" in app.editor.lines_panel.note
        await pilot.press(*"still writing")
        assert lines_of(app) == ["still writing"]


@asynctest
async def test_no_provider_says_so(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g")
        assert "no lyric model" in app.editor.lines_panel.note


@asynctest
async def test_sections_add_rename_reorder(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"verse line", "ctrl+n")
        await pilot.pause()
        await pilot.press("enter")  # the kind list opens on "chorus"
        await pilot.pause()
        await pilot.press(*"chorus line")
        song = app.editor.doc.song
        assert [s.kind for s in song.sections] == ["verse", "chorus"]
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *"bridge", "enter")  # clear the field, type, submit
        await pilot.pause()
        assert song.sections[1].kind == "bridge"
        await pilot.press("alt+up")
        assert [s.kind for s in app.editor.doc.song.sections] == ["bridge", "verse"]
        assert app.editor.doc.cursor.section == 0
        assert "Bridge" in screen_text(app).split("Verse 1")[0]


@asynctest
async def test_chord_row_editing(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"the boats come in", "home", "tab", *"G", *"         ", *"Em", "tab")
        line = app.editor.doc.song.sections[0].lines[0]
        assert [(c.chord, c.pos) for c in line.chords] == [("G", 0), ("Em", 10)]
        text = screen_text(app)
        chord_row = next(r for r in text.splitlines() if "Em" in r)
        lyric_row = next(r for r in text.splitlines() if "the boats" in r)
        assert chord_row.index("Em") == lyric_row.index("come")  # aligned over the word


@asynctest
async def test_take_a_progression(tmp_path):
    chords = ScriptedChords([["G", "D", "Em", "C"], ["Am", "F"]])
    app = make_app(tmp_path, progression_provider=chords)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"we sail at dawn", "ctrl+o")  # moves to the chord row and asks
        await wait_for(pilot, lambda: len(app.editor.chords_panel.items) == 2)
        assert app.editor.doc.cursor.on_chords
        await pilot.press("down", "1")  # ↓ into the list; there a digit takes progression 1
        line = app.editor.doc.song.sections[0].lines[0]
        assert [(c.chord, c.pos) for c in line.chords] == [("G", 0), ("D", 3), ("Em", 8), ("C", 11)]
        assert chords.requests[-1].line_index == 0


@asynctest
async def test_quit_with_unsaved_changes_asks(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"unsaved words", "ctrl+q")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmQuit"
        await pilot.press("escape")  # cancel: keep writing
        await pilot.pause()
        assert app.screen is app.editor and app.is_running
        await pilot.press("ctrl+q", "s")  # save and quit
        await pilot.pause()
    assert not app.is_running
    assert load_song(tmp_path / "song.song.json").sections[0].lines[0].text == "unsaved words"


@asynctest
async def test_quit_discard_leaves_file_alone(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"draft", "ctrl+q", "d")
        await pilot.pause()
    assert not (tmp_path / "song.song.json").exists()


@asynctest
async def test_new_song_asks_for_a_file_name_on_first_save(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(tmp_path, name=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"a line", "ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "TextPrompt"
        assert app.screen.query_one("Input").value == "untitled.song.json"
        await pilot.press("enter")
        await pilot.pause()
    assert load_song(tmp_path / "untitled.song.json").sections[0].lines[0].text == "a line"


@asynctest
async def test_autosave_after_a_committed_line(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"first line", "enter")
        await wait_for(pilot, lambda: (tmp_path / "song.song.json").exists() and app.editor.status.saved)
    assert load_song(tmp_path / "song.song.json").sections[0].lines[0].text == "first line"


@asynctest
async def test_reopen_intact(tmp_path):
    song = Song(
        title="Harbour Lights", key="G", tempo=92,
        sections=[
            Section("verse", None, [Line("the boats come in", [ChordPlacement("G", 0), ChordPlacement("D", 10)]),
                                    Line(""), Line("夜の海 🌊 sea")]),
            Section("chorus", "Big Chorus", [Line("x" * 400)]),
        ],
    )
    path = tmp_path / "h.song.json"
    app = make_app(tmp_path, song, name="h.song.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "end", *"!", "backspace")
        await pilot.press("ctrl+s")
    assert load_song(path).to_dict() == song.to_dict()
    again = make_app(tmp_path, load_song(path), name="h.song.json")
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "down")  # onto the 400-character line: it scrolls sideways
        assert "xxxxxxxxxx" in screen_text(again)
        await pilot.press("up")  # off it: wrapped onto more rows, nothing cut
        text = screen_text(again)
        assert "Big Chorus" in text and sum(len(run) for run in re.findall("x{10,}", text)) == 400
        assert "夜の海 🌊 sea" in text


@asynctest
async def test_thousands_of_lines_stay_responsive(tmp_path):
    import time

    song = Song(sections=[Section("verse", None, [Line(f"line number {i}") for i in range(3000)])])
    app = make_app(tmp_path, song)
    async with app.run_test(size=SIZE) as pilot:
        t0 = time.perf_counter()
        await pilot.press("pagedown", "pagedown", "a", "b", "c")
        elapsed = time.perf_counter() - t0
        assert app.editor.doc.cursor.line == 20
        assert lines_of(app)[20] == "abcline number 20"
        assert "line number 20" in screen_text(app)  # scrolled into view
        assert elapsed < 5.0


@asynctest
async def test_help_lists_every_binding(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        ids = {bid for row in app.screen.rows for bid in row[3].split(" … ")}  # take_1 … take_4: one row
        for bid in ("save", "undo", "redo", "suggest", "take_1", "quick_take_1", "chord_row", "commit_line",
                    "new_section", "rename_section", "section_up", "rhymes", "dismiss", "quit"):
            assert bid in ids
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.editor


@asynctest
async def test_keys_rebindable_from_config(tmp_path):
    from lyrictui.config import Config

    app = make_app(tmp_path, config=Config(keys={"save": "ctrl+w"}, autosave_seconds=0))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"x", "ctrl+w")
        await pilot.pause()
    assert (tmp_path / "song.song.json").exists()


@asynctest
async def test_palette_export_and_transpose(tmp_path):
    song = Song(title="T", key="G", sections=[Section("verse", None, [Line("la la", [ChordPlacement("G", 0)])])])
    app = make_app(tmp_path, song, name="t.song.json")
    async with app.run_test(size=SIZE) as pilot:
        from lyrictui.app import commands

        commands.transpose(app.editor, 2)
        assert app.editor.doc.song.key == "A"
        assert app.editor.doc.line.chords[0].chord == "A"
        for fmt in ("txt", "chordpro", "md"):
            commands.write_export(app.editor, fmt, commands.export_path(app.editor, fmt))
        await pilot.pause()
    assert (tmp_path / "t.txt").read_text("utf-8").count("A") >= 1
    assert "{title: T}" in (tmp_path / "t.cho").read_text("utf-8") or "{title:" in (tmp_path / "t.cho").read_text("utf-8")
    assert (tmp_path / "t.md").exists()


@asynctest
async def test_settings_saved_to_config(tmp_path, monkeypatch):
    monkeypatch.setenv("LYRICTUI_CONFIG_DIR", str(tmp_path / "cfg"))
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        from lyrictui.app import commands

        commands.open_settings(app.editor)
        await pilot.pause()
        field = app.screen.query_one("#field-temperature")
        field.value = "0.5"
        app.screen.query_one("#field-candidates").value = "3"
        await pilot.click("#ok")
        await pilot.pause()
    cfg = (tmp_path / "cfg" / "config.toml").read_text("utf-8")
    assert "temperature = 0.5" in cfg and "candidates = 3" in cfg


@pytest.mark.slow  # loads the CMU pronouncing dictionary (~1.5 s on a quiet machine)
@asynctest
async def test_gutter_shows_syllables_and_rhyme_letters(tmp_path):
    app = make_app(tmp_path, songcraft=True)
    async with app.run_test(size=SIZE) as pilot:
        for line in ("the night is long", "I sing a song", "the sea"):
            await pilot.press(*line, "enter")
        await wait_for(pilot, lambda: " ABA" in screen_text(app) or " AAB" in screen_text(app), timeout=30)
        text = screen_text(app)
        assert "Verse 1  AAB" in text
        row = next(r for r in text.splitlines() if "the night is long" in r)
        assert row.split("│")[0].split() == ["1", "4", "A"]


def test_edit_cli_refuses_a_broken_song_and_leaves_it(tmp_path):
    from click.testing import CliRunner

    from lyrictui.cli import cli

    bad = tmp_path / "bad.song.json"
    bad.write_text('{"sections": [', "utf-8")
    before = bad.read_bytes()
    r = CliRunner().invoke(cli, ["edit", str(bad)])
    assert r.exit_code != 0
    assert "bad.song.json" in r.output and "not changed" in r.output
    assert bad.read_bytes() == before


def test_a_request_made_while_the_model_loads_runs_when_it_is_ready(tmp_path, monkeypatch):
    """ctrl+g in the first seconds (the model still loading) is kept, not lost with a wrong note."""
    import threading

    from lyrictui.app import services

    ready = threading.Event()

    def slow_lyrics(progress=None, name=None):
        ready.wait(30)
        return ScriptedLyrics(["the tide comes in", "and the gulls"])

    monkeypatch.setattr(services, "load_lyric_provider", slow_lyrics)
    monkeypatch.setattr(services, "load_progression_provider", lambda name=None: ScriptedChords([["G", "C"]]))
    app = make_app(tmp_path, Song(sections=[Section("verse", lines=[Line("we sail at dawn")])]))

    @asynctest
    async def run():
        async with app.run_test(size=(110, 34)) as pilot:
            app.editor.start_loading()
            await pilot.press("end", "enter", "ctrl+g")
            panel = app.editor.lines_panel
            assert "loading" in panel.note and "runs when it is ready" in panel.note
            ready.set()
            await wait_for(pilot, lambda: panel.items[:1] == ["the tide comes in"] and not panel.note)

    run()
