"""The editor places a progression proposed by a real (tiny, trained) chord model above a line."""

from __future__ import annotations

from chords.theory import is_valid
from lyrictui.chord_provider import ChordModelProvider
from lyrictui.song.model import ChordPlacement, Line, Section, Song
from tests.app_fixtures import asynctest, make_app, wait_for
from tests.chords_fixtures import trained  # noqa: F401  (fixture)


def test_editor_places_a_real_model_progression(tmp_path, trained):  # noqa: F811
    provider = ChordModelProvider(model=str(trained[0]))
    song = Song(key="D", sections=[
        Section("verse", lines=[Line("we sail at dawn", [ChordPlacement("D", 0), ChordPlacement("A", 8)]),
                                Line("the gulls are gone", [ChordPlacement("Bm", 0), ChordPlacement("G", 9)])]),
        Section("chorus", lines=[Line("and the sea comes home")]),
    ])

    @asynctest
    async def drive():
        app = make_app(tmp_path, song=song, progression_provider=provider)
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(8):  # walk down to the chorus line, as a writer would
                if app.editor.doc.cursor.section == 1:
                    break
                await pilot.press("down")
            assert app.editor.doc.cursor.section == 1
            await pilot.press("ctrl+o")  # ask for progressions for the chorus line
            await wait_for(pilot, lambda: len(app.editor.chords_panel.items) >= 1, timeout=60)
            await pilot.press("alt+1")
            placed = app.editor.doc.song.sections[1].lines[0].chords
            assert len(placed) >= 1
            assert all(is_valid(c.chord) for c in placed)
            text = "and the sea comes home"
            words = [i for i, ch in enumerate(text) if ch != " " and (i == 0 or text[i - 1] == " ")]
            assert all(c.pos in words for c in placed)  # chords sit on word starts
            return [c.chord for c in placed]

    chords = drive()
    assert 1 <= len(chords) <= 4  # (key consistency of the real model is measured by bench/chords.py)


def test_switch_chord_model_from_the_palette(tmp_path, trained, models_dir, monkeypatch):  # noqa: F811
    """Issue 10 item 8: chord models are chosen like lyric models; the choice is saved."""
    import shutil

    from lyrictui.app.commands import switch_chord_model
    from lyrictui.config import load_config

    monkeypatch.setenv("LYRICTUI_CONFIG_DIR", str(tmp_path / "cfg"))
    shutil.copytree(trained[0], models_dir / "chords" / "mine")

    @asynctest
    async def drive():
        app = make_app(tmp_path, song=Song(sections=[Section("verse", lines=[Line("we sail at dawn")])]))
        async with app.run_test(size=(100, 30)) as pilot:
            await switch_chord_model(app.editor)
            assert "mine" in [o.id for o in app.screen.query_one("#choices").options]
            await pilot.press("enter")  # the list opens on the first (only) model
            await wait_for(pilot, lambda: getattr(app.editor.progression_provider, "name", None) == "mine", timeout=60)
            await pilot.press("ctrl+o")
            await wait_for(pilot, lambda: len(app.editor.chords_panel.items) >= 1, timeout=60)

    drive()
    assert load_config().chords_model == "mine"
