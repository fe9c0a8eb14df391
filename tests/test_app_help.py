"""F1 and the palette show the app's own keys and commands, grouped by what the writer does.

Once seen: F1 listed Textual's `Focus Next` under the app's own `tab Chord row`, and
`Page Left/Right`; the palette had "Keys" twice and "Maximize".
"""

from __future__ import annotations

from textual.command import CommandPalette

from lyrictui.app.screens.help import GROUPS, MORE, HelpScreen, binding_rows
from lyrictui.song.model import Line, Section, Song
from tests.app_fixtures import asynctest, make_app, screen_text, wait_for

FRAMEWORK = ("Focus Next", "Focus Previous", "Page Left", "Page Right", "Scroll", "Copy selected text",
             "Maximize", "Screenshot", "Minimize")


def song() -> Song:
    return Song(title="Harbour", sections=[Section("verse", None, [Line("the boats come in")])])


@asynctest
async def test_help_lists_only_our_keys_grouped(tmp_path):
    app = make_app(tmp_path, song())
    async with app.run_test(size=(110, 60)) as pilot:
        rows = binding_rows(app.editor)
        ids = [r[3] for r in rows]
        assert all(ids) and len(ids) == len(set(ids))
        assert {"commit_line", "chord_row", "save", "suggest", "quit", "help"} <= set(ids)
        groups = [g for g, _ in GROUPS]
        assert [r[0] for r in rows] == sorted((r[0] for r in rows), key=(groups + [MORE]).index)
        assert MORE not in {r[0] for r in rows}, [r for r in rows if r[0] == MORE]  # every key has a home
        tab = [r for r in rows if r[1] == "tab"]
        assert [r[2] for r in tab] == ["Chord row"]
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        text = screen_text(app)
        for framework in FRAMEWORK:
            assert framework not in text
        assert "Writing a line" in text


@asynctest
async def test_take_keys_collapse_into_one_row(tmp_path):
    app = make_app(tmp_path, song())
    async with app.run_test(size=(110, 40)):
        rows = binding_rows(app.editor)
        for prefix, group in (("take_1", "Suggestions and rhymes"), ("take_next_1", "Chords")):
            takes = [r for r in rows if r[3].startswith(prefix)]
            assert len(takes) == 1 and takes[0][0] == group, takes
            assert "…" in takes[0][1] and "N" in takes[0][2]


@asynctest
async def test_palette_has_no_framework_entries_and_no_duplicates(tmp_path):
    app = make_app(tmp_path, song())
    async with app.run_test(size=(110, 40)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.editor)]
        assert len(titles) == len(set(titles)), titles
        assert not set(titles) & set(FRAMEWORK)
        assert "Theme" in titles and "Quit" in titles
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.pause()
        assert "Maximize" not in screen_text(app)
