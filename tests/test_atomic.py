import os
import stat
import time

import pytest

from lyrictui import atomic


def test_new_file_gets_umask_permissions(tmp_path):
    p = tmp_path / "song.song.json"
    atomic.write_text(p, "x")
    mode = stat.S_IMODE(p.stat().st_mode)
    assert mode == 0o666 & ~atomic._umask()


def test_existing_permissions_kept(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("old")
    os.chmod(p, 0o640)
    atomic.write_text(p, "new")
    assert stat.S_IMODE(p.stat().st_mode) == 0o640 and p.read_text() == "new"


def test_stale_temp_files_are_swept(tmp_path):
    p = tmp_path / "a.txt"
    stale = tmp_path / f"{atomic.TMP_PREFIX}a.txt-abc"
    fresh = tmp_path / f"{atomic.TMP_PREFIX}a.txt-def"
    stale.write_text("half")
    fresh.write_text("in progress")
    old = time.time() - atomic.STALE_SECONDS - 10
    os.utime(stale, (old, old))
    atomic.write_text(p, "x")
    assert not stale.exists() and fresh.exists()


def test_atomic_dir_keeps_old_on_failure(tmp_path):
    final = tmp_path / "model"
    with atomic.atomic_dir(final) as d:
        (d / "w").write_text("good")
    with pytest.raises(RuntimeError):
        with atomic.atomic_dir(final) as d:
            (d / "w").write_text("half")
            raise RuntimeError("killed")
    assert (final / "w").read_text() == "good"
    assert [p.name for p in tmp_path.iterdir()] == ["model"]


def test_atomic_dir_gets_umask_permissions(tmp_path):
    with atomic.atomic_dir(tmp_path / "m") as d:
        (d / "w").write_text("x")
    assert stat.S_IMODE((tmp_path / "m").stat().st_mode) == 0o777 & ~atomic._umask()
