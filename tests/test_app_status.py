"""The status bar says only what is true, and says it whole.

Once seen: a new song showing `(not saved yet)  saved`; an imported .cho showing
`song.song.json saved` before that file existed; `rhyme with line 1 (empty)` in the status
while the lines panel said `rhyme with 'home'`; `exported ▌` with the path cut at 80 columns.
"""

from __future__ import annotations

from lyrictui.app import commands, target
from lyrictui.app.widgets.status import StatusBar
from lyrictui.song.model import Line, Section, Song
from tests.app_fixtures import asynctest, make_app, wait_for
from tests.screen_colors import region_text


def song() -> Song:
    return Song(title="Harbour", sections=[Section("verse", None, [Line("take me home"), Line("")])])


def bar_text(app) -> str:
    return region_text(app, app.editor.query_one(StatusBar).region)


@asynctest
async def test_a_new_song_is_not_said_to_be_saved(tmp_path):
    app = make_app(tmp_path, None, name=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = bar_text(app)
        assert "new song not saved yet" in text and " saved" not in text.replace("not saved yet", "")


@asynctest
async def test_a_file_not_yet_written_is_said_so_until_it_is(tmp_path):
    app = make_app(tmp_path, song(), name="song.song.json")  # as after importing song.cho
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not (tmp_path / "song.song.json").exists()
        assert "not written yet" in bar_text(app) and "✓" not in bar_text(app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: (tmp_path / "song.song.json").exists())
        await pilot.pause()
        assert "✓" in bar_text(app) and "saved" in bar_text(app) and "not written" not in bar_text(app)


@asynctest
async def test_rhyme_target_status_says_what_the_panel_says(tmp_path):
    app = make_app(tmp_path, song())
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("down")
        app.editor.set_rhyme_target(target.RhymeTarget(kind="line", line=1))
        await pilot.pause()
        assert "rhyme with 'home'" in app.editor.lines_panel.border_title
        assert "rhyme with 'home'" in bar_text(app)


@asynctest
async def test_export_message_is_whole_at_80_columns(tmp_path):
    app = make_app(tmp_path, song(), name="a-rather-long-song-name.song.json")
    async with app.run_test(size=(80, 24)) as pilot:
        app.editor.status.set(lyrics="verse (bundled)", chords="default")
        commands.write_export(app.editor, "chordpro", commands.export_path(app.editor, "chordpro"))
        await pilot.pause()
        assert "exported a-rather-long-song-name.cho" in bar_text(app)


def test_parts_left_out_whole_on_a_narrow_bar():
    bar = StatusBar()
    bar.path, bar.written, bar.saved = "songs/harbour/harbour.song.json", True, True
    bar.lyrics, bar.chords, bar.message = "verse (bundled)", "default", "exported harbour.cho"
    def shown(width: int) -> str:
        return "".join(text for text, _ in bar.parts(width))

    assert "songs/harbour/harbour.song.json  saved" in shown(200) and "lyrics: verse (bundled)" in shown(200)
    narrow = shown(50)
    assert "exported harbour.cho" in narrow and "harbour.song.json" in narrow and "lyrics" not in narrow
    assert shown(30) == " ✓   │ exported harbour.cho"  # the path goes before the message is cut
