"""The editor at 80×24 and 160×45: the lyrics get most of the width, long lines wrap between
words instead of being cut, no dialog's text is cut, no side panel is cut off below another,
and the key bar shows whole keys only.

Once seen at 80×24: a 31-column lyric area, lines cut mid-word, the quit dialog reading
"(Esc) keep w", the rename hint "or any la", the Rhymes panel cut off below a tall Lines panel.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label, OptionList

from lyrictui.app import commands
from lyrictui.app.widgets.keybar import KeyBar
from lyrictui.app.wrap import wrap_cells
from lyrictui.song.model import ChordPlacement, Line, Section, Song
from tests.app_fixtures import ScriptedLyrics, asynctest, make_app, screen_text, wait_for
from tests.screen_colors import region_text, region_text_rows

SIZES = [(80, 24), (160, 45)]
LONG = "and every light along the quay is burning for the sailors coming home tonight"


def song() -> Song:
    return Song(title="Harbour", sections=[
        Section("verse", None, [
            Line("the boats come in at evening", [ChordPlacement("G", 0), ChordPlacement("C", 14)]),
            Line(LONG, [ChordPlacement("G", 4), ChordPlacement("D", 40), ChordPlacement("Em", 60)]),
        ]),
        Section("chorus", None, [Line("oh harbour lights", [ChordPlacement("C", 3)])]),
    ])


def test_wrap_cells_breaks_between_words_and_never_through_a_chord():
    assert wrap_cells("short line", [], 40) == [0]
    starts = wrap_cells(LONG, [], 30)
    for a, b in zip(starts, starts[1:]):
        assert b - a <= 30 and LONG[b - 1] == " " and LONG[b] != " "
    # a chord over "sailors" (col 52, 9 cells wide) would span the break before "coming" (58): it moves
    text = "and every light along the quay is burning for the sailors coming home"
    free = wrap_cells(text, [], 60)
    held = wrap_cells(text, [(52, "Dsus4add9")], 60)
    assert free == [0, 58] and held == [0, 50]  # before "sailors"
    assert wrap_cells("x" * 25, [], 10) == [0, 10, 20]  # only a word longer than a row is broken


@pytest.mark.parametrize("size", SIZES)
@asynctest
async def test_lyrics_get_most_of_the_width_and_long_lines_wrap(tmp_path, size):
    app = make_app(tmp_path, song())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        view = app.editor.view
        assert view.size.width >= 0.6 * size[0]
        text = screen_text(app)
        words = LONG.split()
        assert all(w in text for w in words), text  # the long line (not current) wraps, whole words
        assert "…" not in text
        for chord in ("G", "D", "Em"):
            assert any(chord in row[:view.size.width] for row in text.splitlines()[:8])


@pytest.mark.parametrize("size", SIZES)
@asynctest
async def test_key_bar_shows_whole_keys_with_help_and_quit(tmp_path, size):
    app = make_app(tmp_path, song())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        bar = app.editor.query_one(KeyBar)
        shown = region_text(app, bar.region)
        assert "f1 Help" in shown and "^q Quit" in shown and "Palette" in shown
        for _key, display, desc in [k for part in bar.keys() for k in part]:
            assert (f"{display} {desc}" in shown) or (desc not in shown), shown  # whole or absent


def open_quit(app):
    app.editor.doc.insert("x")
    app.editor.view._changed(typed=True)
    app.editor.request_quit()


DIALOGS = {
    "quit": open_quit,
    "rename": lambda app: app.editor.action_rename_section(),
    "new section": lambda app: app.editor.action_new_section(),
    "rhyme target": lambda app: app.editor.action_rhyme_target(),
    "settings": lambda app: commands.open_settings(app.editor),
    "song details": lambda app: commands.edit_details(app.editor),
    "transpose": lambda app: commands.ask_transpose(app.editor),
    "save as": lambda app: commands.save_as(app.editor),
}


@pytest.mark.parametrize("size", SIZES)
@asynctest
async def test_no_dialog_text_is_cut(tmp_path, size, monkeypatch):
    monkeypatch.setenv("LYRICTUI_CONFIG_DIR", str(tmp_path / "cfg"))
    app = make_app(tmp_path, song())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for name, open_dialog in DIALOGS.items():
            open_dialog(app)
            await wait_for(pilot, lambda: app.screen is not app.editor)
            await pilot.pause()
            dialog = app.screen.query_one(".dialog")
            assert dialog.region.right <= size[0] and dialog.region.bottom <= size[1], name
            for field in app.screen.query(Input):  # every field shows its value, with room to type
                assert field.region.width >= 12 and field.value in region_text(app, field.region), name
            shown = [(str(label.content), label.region) for label in app.screen.query(Label)]
            shown += [(str(o.prompt), ol.region) for ol in app.screen.query(OptionList) for o in ol.options]
            for text, region in shown:
                on_screen = region_text(app, region)  # wrapped: compare without the wrapping's spaces
                assert "".join(text.split()) in "".join(on_screen.split()), f"{name} at {size}: {text!r}: {on_screen!r}"
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is app.editor)


@asynctest
async def test_rhymes_panel_not_cut_off_below_a_tall_lines_panel(tmp_path):
    lines = ["the lanterns swing above the water and the gulls", "a bell rings out across the harbour wall",
             "we're close to shore and every window burns", "and you are there as every sailor learns"]
    provider = ScriptedLyrics(lines)
    app = make_app(tmp_path, song(), lyric_provider=provider)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.editor.rhyme_panel.outer_size.height <= 4  # a hint is not stretched into a tall empty box
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: app.editor.lines_panel.items[3:] == [lines[3]])
        panel = app.editor.lines_panel
        rows = region_text_rows(app, panel.content_region)
        assert len(rows) > 4  # the candidates wrap at this width...
        assert all(row[0] in "1234" or row.startswith("  ") for row in rows if row.strip()), rows  # ...clear of the key
        app.editor.rhyme_panel.show_rhymes("home", {"perfect": ["foam", "roam", "comb"], "near": [], "multi": []})
        await pilot.pause()
        side = app.editor.query_one("#side")
        rhymes = app.editor.rhyme_panel
        side.scroll_to_widget(rhymes, animate=False)
        await pilot.pause()
        assert rhymes.region.height >= rhymes.virtual_size.height  # the whole panel can be brought into view
        assert "perfect:foam,roam,comb" in "".join(region_text(app, rhymes.content_region).split())
