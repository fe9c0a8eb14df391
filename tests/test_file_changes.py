"""A song changed on disk while the editor has it open is never overwritten silently.

Pilot tests: open, write the file from "another program" (sed -i style: a new file
renamed over it), type two lines, and check nothing of theirs is lost in the file, in
.bak, or in whichever choice is taken. Plus the lock file a second editor is warned by.
"""

from __future__ import annotations

import os
import subprocess
import sys

from lyrictui import atomic
from lyrictui.app.screens.file_changed import FileChangedModal, theirs_path
from lyrictui.fileguard import lock_path, release_lock, take_lock
from lyrictui.song.io import backup_path, load_song, save_song
from lyrictui.song.model import Line, Section, Song
from textual.widgets import Label

from tests.app_fixtures import asynctest, make_app, wait_for

SIZE = (100, 30)


def song(*lines: str) -> Song:
    return Song(title="Harbour", sections=[Section("verse", None, [Line(t) for t in lines])])


def sed_i(path, text_from: str, text_to: str) -> bytes:
    """What `sed -i s/from/to/` does: write a new file beside, rename it over the song."""
    new = path.read_text("utf-8").replace(text_from, text_to).encode("utf-8")
    tmp = path.with_name(path.name + ".sedtmp")
    tmp.write_bytes(new)
    os.replace(tmp, path)
    return new


def texts(s: Song) -> list[str]:
    return [ln.text for sec in s.sections for ln in sec.lines]


async def open_edit_conflict(tmp_path):
    """Open a saved song, change it outside, type two lines: returns (app, pilot ctx, their bytes)."""
    path = tmp_path / "song.song.json"
    save_song(song("the boats come in", "with salt upon their sails"), path)
    app = make_app(tmp_path, load_song(path))
    return app, path


async def type_two_lines(app, pilot, conflict: bool = True):
    """Two lines; the first one's autosave finds the change and asks; "later" lets the second follow."""
    await pilot.press("down", "down", "end", "enter")
    await pilot.press(*"gulls above the pier", "enter")
    if conflict:
        await wait_for(pilot, lambda: isinstance(app.screen, FileChangedModal))
        await pilot.press("escape")
    await pilot.press(*"and lanterns on the quay", "enter")
    await pilot.pause(0.2)
    assert not isinstance(app.screen, FileChangedModal)  # autosave does not ask again
    if conflict:
        await pilot.press("ctrl+s")


@asynctest
async def test_external_edit_is_kept_and_keep_mine_writes_theirs_beside(tmp_path):
    app, path = await open_edit_conflict(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        theirs = sed_i(path, "boats", "ferries")
        await type_two_lines(app, pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, FileChangedModal))
        assert path.read_bytes() == theirs  # autosave did not write over them
        shown = " ".join(str(label.render()) for label in app.screen.query(Label))
        assert "changed on disk" in shown and "reload theirs" in shown and "keep mine" in shown
        await pilot.press("ctrl+k")
        await wait_for(pilot, lambda: "gulls above the pier" in path.read_text("utf-8"))
        beside = [p for p in tmp_path.iterdir() if ".theirs-" in p.name]
        assert len(beside) == 1 and beside[0].read_bytes() == theirs and beside[0].name in shown
        assert backup_path(path).read_bytes() == theirs  # the last good copy is theirs, not lost
        mine = texts(load_song(path))
        assert mine[:2] == ["the boats come in", "with salt upon their sails"] and "and lanterns on the quay" in mine
        assert not app.editor.dirty


@asynctest
async def test_reload_takes_theirs_and_undo_brings_mine_back(tmp_path):
    app, path = await open_edit_conflict(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        theirs = sed_i(path, "boats", "ferries")
        await type_two_lines(app, pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, FileChangedModal))
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert texts(app.editor.doc.song_for_saving()) == ["the ferries come in", "with salt upon their sails"]
        assert path.read_bytes() == theirs and not app.editor.dirty
        await pilot.press("ctrl+z")
        assert "gulls above the pier" in texts(app.editor.doc.song)
        await pilot.press("ctrl+s")  # theirs is what was read now: ours saves over it normally
        await wait_for(pilot, lambda: "gulls" in path.read_text("utf-8"))
        assert backup_path(path).read_bytes() == theirs


@asynctest
async def test_save_as_keeps_their_file_and_later_asks_again_on_ctrl_s(tmp_path):
    app, path = await open_edit_conflict(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        theirs = sed_i(path, "boats", "ferries")
        await type_two_lines(app, pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, FileChangedModal))
        assert path.read_bytes() == theirs  # "later" wrote nothing; ctrl+s asked again
        await pilot.press("ctrl+a")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *"mine.song.json", "enter")
        await wait_for(pilot, lambda: (tmp_path / "mine.song.json").exists())
        assert "gulls above the pier" in texts(load_song(tmp_path / "mine.song.json"))
        assert path.read_bytes() == theirs


@asynctest
async def test_a_file_created_at_a_new_songs_name_is_not_overwritten(tmp_path):
    path = tmp_path / "song.song.json"
    app = make_app(tmp_path, song("first"))
    async with app.run_test(size=SIZE) as pilot:
        save_song(song("someone else's"), path)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, FileChangedModal))
        assert texts(load_song(path)) == ["someone else's"]


@asynctest
async def test_touch_without_change_is_no_conflict(tmp_path):
    app, path = await open_edit_conflict(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        os.utime(path, (1, 1))
        await type_two_lines(app, pilot, conflict=False)
        await wait_for(pilot, lambda: "lanterns" in path.read_text("utf-8"))
        assert not isinstance(app.screen, FileChangedModal)


# ----- the lock -----------------------------------------------------------------------------
def test_lock_is_taken_released_and_a_stale_one_taken_over(tmp_path):
    p = tmp_path / "s.song.json"
    assert take_lock(p) is None and lock_path(p).exists()
    assert take_lock(p) is None  # our own lock again
    release_lock(p)
    assert not lock_path(p).exists()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    tag = atomic.owner_tag().split(".")[0] + f".{pid}"
    lock_path(p).write_text(f'{{"pid": {pid}, "host": "here", "owner": "{tag}"}}')
    assert take_lock(p) is None  # its editor is gone: taken over silently
    release_lock(p)
    assert not lock_path(p).exists()


@asynctest
async def test_second_editor_is_warned(tmp_path):
    path = tmp_path / "song.song.json"
    save_song(song("x"), path)
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        tag = atomic.owner_tag().split(".")[0] + f".{other.pid}"
        lock_path(path).write_text(f'{{"pid": {other.pid}, "host": "elsewhere", "owner": "{tag}"}}')
        app = make_app(tmp_path, load_song(path))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert any("open in another lyrictui" in n.message for n in app._notifications)
        assert lock_path(path).exists()  # theirs: not released by us
    finally:
        other.kill()
        other.wait()


@asynctest
async def test_editor_holds_the_lock_while_open(tmp_path):
    path = tmp_path / "song.song.json"
    save_song(song("x"), path)
    app = make_app(tmp_path, load_song(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert lock_path(path).exists()
    assert not lock_path(path).exists()


def test_theirs_name_keeps_the_song_extension(tmp_path):
    assert theirs_path(tmp_path / "a.song.json", 0).name.endswith(".song.json")
    assert theirs_path(tmp_path / "b.cho", 0).name.startswith("b.theirs-")


@asynctest
async def test_read_only_song_is_not_replaced_and_the_editor_says_so(tmp_path):
    path = tmp_path / "song.song.json"
    save_song(song("mine"), path)
    os.chmod(path, 0o444)
    before = path.read_bytes()
    app = make_app(tmp_path, load_song(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", *" and more", "ctrl+s")
        await pilot.pause(0.1)
        assert "read-only" in app.editor.status.message and "another name" in app.editor.status.message
        assert path.read_bytes() == before and app.editor.dirty


def test_a_write_landing_during_our_fsync_is_not_lost(tmp_path, monkeypatch):
    """Fault injection: another program replaces the song while our new version is being fsynced."""
    import pytest

    from lyrictui.fileguard import read_stamp
    from lyrictui.song.io import FileChangedError

    path = tmp_path / "s.song.json"
    save_song(song("ours"), path)
    stamp = read_stamp(path)
    real_fsync, hit = os.fsync, []

    def fsync_then_outside_write(fd):
        real_fsync(fd)
        if not hit and os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path / atomic.TMP_PREFIX) + "s.song.json-"):
            hit.append(1)
            save_song(song("theirs, written mid-save"), path.with_name("o.song.json"))
            os.replace(path.with_name("o.song.json"), path)

    monkeypatch.setattr(atomic.os, "fsync", fsync_then_outside_write)
    with pytest.raises(FileChangedError):
        save_song(song("ours, edited"), path, expect=stamp)
    assert hit and texts(load_song(path)) == ["theirs, written mid-save"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(atomic.TMP_PREFIX)]
