"""On a chord row the editor lists ranked next chords from a real (tiny, trained) model; shift+F5 takes one."""

from __future__ import annotations

from chords.theory import is_valid
from lyrictui.app.widgets.next_chords import ranked_rows
from lyrictui.chord_provider import ChordModelProvider
from lyrictui.song.model import ChordPlacement, Line, Section, Song
from tests.app_fixtures import asynctest, make_app, wait_for
from tests.chords_fixtures import trained  # noqa: F401  (fixture)


def test_ranked_rows_show_per_cent_and_a_bar():
    rows = ranked_rows([("Em", 0.5, "verse 1"), ("C", 0.1, "model")])
    assert rows == ["Em  50% █████  as in verse 1", "C   10% █"]


def test_editor_lists_and_takes_next_chords(tmp_path, trained):  # noqa: F811
    provider = ChordModelProvider(model=str(trained[0]))
    song = Song(key="D", sections=[
        Section("verse", lines=[Line("we sail at dawn", [ChordPlacement("D", 0), ChordPlacement("A", 8)])]),
        Section("chorus", lines=[Line("and the sea comes home", [ChordPlacement("G", 0)])]),
    ])

    @asynctest
    async def drive():
        app = make_app(tmp_path, song=song, progression_provider=provider)
        async with app.run_test(size=(120, 40)) as pilot:
            ed = app.editor
            panel = ed.next_chords_panel
            assert not panel.chords  # not on a chord row: nothing listed
            for _ in range(8):
                if ed.doc.cursor.section == 1:
                    break
                await pilot.press("down")
            await pilot.press("tab")  # the chord row above the chorus line
            assert ed.doc.cursor.on_chords
            await wait_for(pilot, lambda: len(panel.chords) >= 1, timeout=60)
            assert all(is_valid(c) for c in panel.chords) and "%" in panel.items[0]
            first = panel.chords[0]
            await pilot.press("shift+f5")
            assert ed.doc.row_text.split() == ["G", first]
            placed = [c.chord for c in ed.doc.song.sections[1].lines[0].chords]
            assert placed == ["G", first]
            await pilot.press("tab")  # back to the words: the panel clears
            await wait_for(pilot, lambda: not panel.chords, timeout=10)

    drive()


def test_f9_auditions_the_ranked_next_chords_without_taking_them(tmp_path, trained):  # noqa: F811
    from tests.sound_fixtures import pitch_classes_heard
    from tests.test_app_playback import with_output

    provider = ChordModelProvider(model=str(trained[0]))
    song = Song(key="C", sections=[Section("verse", lines=[Line("we sail at dawn", [ChordPlacement("C", 0)])])])

    @asynctest
    async def drive():
        app = make_app(tmp_path, song=song, progression_provider=provider)
        outputs, _ = with_output(app, paced=False)
        async with app.run_test(size=(120, 40)) as pilot:
            ed = app.editor
            await pilot.press("tab")
            await wait_for(pilot, lambda: len(ed.next_chords_panel.chords) >= 1, timeout=60)
            await pilot.press("f9")
            await wait_for(pilot, lambda: len(outputs) == 1 and outputs[-1].closed.is_set(), timeout=30)
            assert ed.playing is None or "next chord 1" in ed.status.message
            x, rate = outputs[0].samples(), outputs[0].rate
            assert pitch_classes_heard(x[int(0.2 * rate): int(1.2 * rate)], rate) == {0, 4, 7}  # C first
            assert [c.chord for c in ed.doc.song.sections[0].lines[0].chords] == ["C"]  # heard, not taken

    drive()
