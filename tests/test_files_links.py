"""Saving and exporting through symlinks, onto FIFOs and devices, onto read-only files.

No test here touches the real /dev/null: a FIFO in tmp_path stands in for a device (both
are "not a regular file"), and os.stat shows the node was written into, not renamed over.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from lyrictui import atomic
from lyrictui.cli import cli
from lyrictui.song.io import SongFileError, backup_path, load_song, save_song
from lyrictui.song.model import Song
from song_fixtures import sample_song


def _reader(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    got: list[bytes] = []
    t = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    t.start()
    return t, got


def test_save_through_symlink_writes_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.song.json"
    save_song(Song(title="v1"), real)
    link = tmp_path / "link.song.json"
    link.symlink_to(real.name)
    save_song(Song(title="v2"), link)
    assert link.is_symlink() and os.readlink(link) == real.name
    assert load_song(real).title == "v2"
    assert load_song(backup_path(real)).title == "v1"  # the .bak sits beside the target
    assert not backup_path(link).exists()


def test_symlink_chain_and_dangling_link(tmp_path):
    a, b = tmp_path / "a.cho", tmp_path / "b.cho"
    b.symlink_to("c.cho")  # dangling: the save creates c.cho
    a.symlink_to("b.cho")
    save_song(sample_song(), a)
    assert a.is_symlink() and b.is_symlink() and load_song(tmp_path / "c.cho") == sample_song()


def test_read_only_song_is_refused_and_untouched(tmp_path):
    p = tmp_path / "ro.song.json"
    save_song(Song(title="v1"), p)
    os.chmod(p, 0o444)
    before = p.read_bytes(), os.stat(p).st_ino
    with pytest.raises(SongFileError, match="read-only.*another name"):
        save_song(Song(title="v2"), p)
    assert (p.read_bytes(), os.stat(p).st_ino) == before
    assert not backup_path(p).exists()


def test_read_only_target_behind_a_link_is_refused(tmp_path):
    real = tmp_path / "r.txt"
    real.write_text("keep\n")
    os.chmod(real, 0o444)
    link = tmp_path / "l.txt"
    link.symlink_to(real)
    with pytest.raises(atomic.Refused, match="read-only"):
        atomic.write_text(link, "new")
    assert real.read_text() == "keep\n" and link.is_symlink()


def test_fifo_is_written_into_never_renamed_over(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    ino = os.stat(fifo).st_ino
    t, got = _reader(fifo)
    atomic.write_text(fifo, "hello")
    t.join(5)
    st = os.stat(fifo)
    assert stat.S_ISFIFO(st.st_mode) and st.st_ino == ino and got == [b"hello"]
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_export_onto_a_symlink_to_a_fifo_keeps_both(tmp_path):
    # the shape of `export -o /dev/null`: a name whose target is not a regular file
    song = tmp_path / "s.song.json"
    save_song(sample_song(), song)
    fifo = tmp_path / "node"
    os.mkfifo(fifo)
    link = tmp_path / "out.txt"
    link.symlink_to(fifo)
    t, got = _reader(fifo)
    r = CliRunner().invoke(cli, ["export", str(song), "-o", str(link)])
    t.join(5)
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert got and got[0].decode().startswith("Night Drive")


def test_export_through_a_symlink_writes_the_target(tmp_path):
    song = tmp_path / "s.song.json"
    save_song(sample_song(), song)
    (tmp_path / "target.cho").write_text("old")
    link = tmp_path / "link.cho"
    link.symlink_to("target.cho")
    r = CliRunner().invoke(cli, ["export", str(song), "-o", str(link), "--force"])
    assert r.exit_code == 0, r.output
    assert link.is_symlink() and load_song(tmp_path / "target.cho") == sample_song()


def test_export_dash_is_stdout(tmp_path):
    song = tmp_path / "s.song.json"
    save_song(sample_song(), song)
    r = CliRunner().invoke(cli, ["export", str(song), "-o", "-"])
    assert r.exit_code == 0 and r.stdout.startswith("Night Drive")
    assert not (tmp_path / "-").exists() and not Path("-").exists()


def test_export_under_a_file_says_the_parent_is_not_a_folder(tmp_path):
    song = tmp_path / "s.song.json"
    save_song(sample_song(), song)
    (tmp_path / "file").write_text("x")
    r = CliRunner().invoke(cli, ["export", str(song), "-o", str(tmp_path / "file" / "x.txt")])
    assert r.exit_code == 1
    assert f"parent {tmp_path / 'file'} is not a folder" in r.output and "Traceback" not in r.output


def test_export_onto_read_only_file_is_refused(tmp_path):
    song = tmp_path / "s.song.json"
    save_song(sample_song(), song)
    out = tmp_path / "out.txt"
    out.write_text("mine")
    os.chmod(out, 0o444)
    r = CliRunner().invoke(cli, ["export", str(song), "-o", str(out), "--force"])
    assert r.exit_code == 1 and "read-only" in r.output and out.read_text() == "mine"


def test_saving_onto_a_folder_is_refused(tmp_path):
    (tmp_path / "d.cho").mkdir()
    with pytest.raises(SongFileError, match="is a folder"):
        save_song(sample_song(), tmp_path / "d.cho")


def test_export_onto_a_fifo_needs_no_format(tmp_path):
    # `export -o /dev/null` and `-o /dev/stdout` take this path (a FIFO stands in for the device)
    song = tmp_path / "s.song.json"
    save_song(sample_song(), song)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    ino = os.stat(fifo).st_ino
    t, got = _reader(fifo)
    r = CliRunner().invoke(cli, ["export", str(song), "-o", str(fifo)])
    t.join(5)
    assert r.exit_code == 0, r.output
    assert os.stat(fifo).st_ino == ino and stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert got[0].decode().startswith("Night Drive\n")


def test_save_song_into_a_fifo_writes_it_without_reading_it(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    t, got = _reader(fifo)
    save_song(sample_song(), fifo)
    t.join(5)
    assert got and got[0].decode().startswith("Night Drive") and stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert not backup_path(fifo).exists()
