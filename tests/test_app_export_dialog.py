"""Export from the palette shows where it writes and never replaces a file unasked (issue 10 item 3)."""

from __future__ import annotations

from textual.widgets import Input

from lyrictui.app import commands
from lyrictui.app.app import LyricApp
from lyrictui.app.screens.modals import ChoiceModal, TextPrompt
from lyrictui.config import Config
from lyrictui.song.io import load_song
from tests.app_fixtures import asynctest, wait_for

SIZE = (100, 30)
CHO = "# my notes, which lyrictui does not keep\n{title: Harbour}\n{start_of_verse}\n[G]the boats come in\n{end_of_verse}\n"


def imported_app(tmp_path) -> LyricApp:
    src = tmp_path / "song.cho"
    src.write_text(CHO, "utf-8")
    return LyricApp(load_song(src), tmp_path / "song.song.json", config=Config(autosave_seconds=0),
                    load_models=False, songcraft=False, source=src)


async def answer_prompt(pilot, app, text: str | None = None) -> None:
    await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
    if text is not None:
        app.screen.query_one(Input).value = text
    await pilot.press("enter")


@asynctest
async def test_export_of_an_imported_song_never_replaces_its_source_unasked(tmp_path):
    app = imported_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await commands.export(app.editor, "chordpro")
        prompt = app.screen
        assert prompt.value == "song.export.cho" and str(tmp_path) in prompt.hint  # where it goes, shown
        await answer_prompt(pilot, app)
        await wait_for(pilot, lambda: (tmp_path / "song.export.cho").exists())
        assert "exported" in app.editor.status.message and "song.export.cho" in app.editor.status.message
        # the writer names the source itself: asked, and the answer that is chosen first keeps it
        await commands.export(app.editor, "chordpro")
        await answer_prompt(pilot, app, "song.cho")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceModal))
        assert "imported from" in app.screen.title_text
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is app.editor)
        assert (tmp_path / "song.cho").read_text("utf-8") == CHO
        # and replaced only when the writer says so
        await commands.export(app.editor, "chordpro")
        await answer_prompt(pilot, app, "song.cho")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceModal))
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: (tmp_path / "song.cho").read_text("utf-8") != CHO)
    assert "[G]the boats come in" in (tmp_path / "song.cho").read_text("utf-8")


@asynctest
async def test_an_existing_export_is_asked_about_and_the_song_file_is_refused(tmp_path):
    app = imported_app(tmp_path)
    (tmp_path / "song.txt").write_text("someone else's text\n", "utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await commands.export(app.editor, "txt")
        await answer_prompt(pilot, app)
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceModal))
        assert "song.txt already exists" in app.screen.title_text
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.editor)
        assert (tmp_path / "song.txt").read_text("utf-8") == "someone else's text\n"
        await commands.export(app.editor, "md")
        await answer_prompt(pilot, app, "song.song.json")  # the open song's own file: refused
        await wait_for(pilot, lambda: app.screen is app.editor)
        assert not (tmp_path / "song.song.json").exists()
