"""The editor is readable on every theme: WCAG AA (4.5:1) for each run of text on the line
being edited (lyric, chord row, gutter number, syllables and rhyme letter), read from the
rendered frame, on the default theme and on every theme the app offers.

The line being edited was once a solid white bar with light grey text on it: `$boost` (white
at 4% alpha) was used as a background without being blended.
"""

from __future__ import annotations

import pytest
from textual.color import BLACK, WHITE, Color

from lyrictui.app.widgets.colors import AA, contrast_ratio, legible
from lyrictui.song.model import ChordPlacement, Line, Section, Song
from tests.app_fixtures import ScriptedLyrics, asynctest, make_app, wait_for
from tests.screen_colors import screen_runs, unreadable


def song() -> Song:
    return Song(title="Harbour", sections=[
        Section("verse", None, [
            Line("the boats come in at evening", [ChordPlacement("G", 0), ChordPlacement("C", 14)]),
            Line("with salt upon their sails", [ChordPlacement("Em", 0)]),
            Line("the harbour lights are glowing", [ChordPlacement("D", 4)]),
        ]),
    ])


def test_contrast_ratio_matches_wcag():
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast_ratio(WHITE, WHITE) == pytest.approx(1.0)
    assert contrast_ratio(Color.parse("#777777"), WHITE) == pytest.approx(4.48, abs=0.01)  # WCAG's classic near-miss


@pytest.mark.parametrize("fg,bg", [("#fea62b", "#d8d8d8"), ("#ffffff", "#ffffff"), ("#e0e0e0", "#f0f0f0"),
                                   ("#222222", "#101010")])
def test_legible_reaches_aa_and_keeps_good_colours(fg, bg):
    fg, bg = Color.parse(fg), Color.parse(bg)
    assert contrast_ratio(legible(fg, bg), bg) >= AA
    good = Color.parse("#101010")
    assert legible(good, WHITE) == good


def current_line_rows(app) -> range:
    view = app.editor.view
    y = view.region.y + view._cursor_row - view.scroll_offset.y
    return range(y - 1, y + 1)  # the chord row above and the lyric row


@asynctest
async def test_current_line_readable_on_every_theme(tmp_path):
    app = make_app(tmp_path, song(), songcraft=True)
    async with app.run_test(size=(100, 24)) as pilot:
        await wait_for(pilot, lambda: app.editor.view.craft_enabled, timeout=60)
        await pilot.press("down", "right", "right", "right")  # cursor on a letter of line 2
        await wait_for(pilot, lambda: "  2  6 B │" in "".join(s.text for s in app.editor.view.render_line(4)))
        view = app.editor.view
        cols = range(view.region.x, view.region.right)
        themes = [app.theme] + sorted(set(app.available_themes) - {app.theme})
        assert len(themes) > 2
        failures: list[str] = []
        for theme in themes:
            app.theme = theme
            for on_chords in (False, True):
                if app.editor.doc.cursor.on_chords != on_chords:
                    await pilot.press("tab")
                await pilot.pause()
                runs = screen_runs(app, current_line_rows(app), cols)
                texts = "".join(r.text for r in runs)
                assert "salt" in texts and "Em" in texts and "6" in texts, texts  # lyric, chord, syllables
                failures += [f"{theme} (chord row: {on_chords}): {f}" for f in unreadable(runs, AA)]
        assert not failures, "\n".join(failures)


@asynctest
async def test_cursor_visible_at_end_of_line(tmp_path):
    app = make_app(tmp_path, song())
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("down", "end")
        await pilot.pause()
        view = app.editor.view
        for theme in [app.theme] + sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            y = current_line_rows(app)[-1]
            runs = screen_runs(app, range(y, y + 1), range(view.region.x, view.region.right), spaces=True)
            x = view.region.x + 11 + len("with salt upon their sails")
            cell = next(r for r in runs if r.x <= x < r.x + len(r.text))
            assert contrast_ratio(cell.bg, runs[0].bg) >= 3, theme  # WCAG non-text contrast


BOX = set("│─╭╮╰╯▏▕▎▔▁┃━▌▐ ")  # borders and rules: not text


@asynctest
async def test_whole_editor_screen_readable_on_every_theme(tmp_path):
    """Status bar, key bar, panel notes, candidates and their keys: all at AA."""
    provider = ScriptedLyrics(["the lanterns swing", "a bell rings out"])
    noted = song()
    noted.sections[0].lines.insert(0, Line("Slow, fingerpicked", kind="comment"))
    app = make_app(tmp_path, noted, lyric_provider=provider)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("down", "down", "ctrl+g")
        await wait_for(pilot, lambda: app.editor.lines_panel.items == ["the lanterns swing", "a bell rings out"])
        app.editor.status.set(message="autosaved song.song.json")
        app.editor.chords_panel.set_note("chord model: not loaded", error=True)
        failures: list[str] = []
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            await pilot.pause()
            runs = [r for r in screen_runs(app) if not set(r.text) <= BOX]
            assert any("lanterns" in r.text for r in runs) and any("autosaved" in r.text for r in runs)
            assert any("fingerpicked" in r.text for r in runs)
            failures += [f"{theme}: {f}" for f in unreadable(runs, AA)]
        assert not failures, "\n".join(failures)


@asynctest
async def test_dialogs_readable_on_every_theme(tmp_path):
    """Buttons, fields, the highlighted choice and hints of the dialogs, on every theme."""
    from tests.test_app_layout import DIALOGS

    app = make_app(tmp_path, song())
    async with app.run_test(size=(100, 30)) as pilot:
        failures: list[str] = []
        for name in ("quit", "rhyme target", "new section", "help"):
            if name == "help":
                await pilot.press("f1")
            else:
                DIALOGS[name](app)
            await wait_for(pilot, lambda: app.screen is not app.editor)
            for theme in sorted(app.available_themes):
                app.theme = theme
                await pilot.pause()
                box = app.screen.query_one(".dialog").region
                runs = [r for r in screen_runs(app, range(box.y, box.bottom), range(box.x, box.right))
                        if not set(r.text) <= BOX | SCROLLBAR]
                assert runs, name
                failures += [f"{name} / {theme}: {f}" for f in unreadable(runs, AA)]
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is app.editor)
        assert not failures, "\n".join(failures)


# Scrollbar thumbs (whole and the eighth-blocks of a thumb's end) and the dialog's thick border.
SCROLLBAR = set("▁▂▃▄▅▆▇█▀▊▌▍▎▏")
