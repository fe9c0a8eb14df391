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


def _dead_tag() -> str:
    import subprocess
    import sys

    pid = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                             capture_output=True, text=True).stdout)
    return atomic.owner_tag().split(".")[0] + f".{pid}"


def _half_swap(tmp_path, tag, final_holds, new_exists, old_exists):
    """Lay out the folder as a swap killed at some point would leave it."""
    import json

    new, old = f"{atomic.TMP_PREFIX}m-{tag}-aaa", f"{atomic.TMP_PREFIX}old-m-{tag}-aaa"
    for name, holds, exists in ((new, "new", new_exists), (old, "old", old_exists), ("m", final_holds, final_holds)):
        if exists:
            (tmp_path / name).mkdir()
            (tmp_path / name / "w").write_text(holds)
    (tmp_path / f"{atomic.SWAP_PREFIX}m").write_text(json.dumps({"owner": tag, "new": new, "old": old}))


def test_recover_each_state_of_a_cut_swap(tmp_path):
    # (what "m" holds, new folder there, old folder there): before rename 1, between, after rename 2
    for i, state in enumerate([("old", True, False), (None, True, True), ("new", False, True)]):
        d = tmp_path / str(i)
        d.mkdir()
        _half_swap(d, _dead_tag(), *state)
        atomic.sweep(d)
        assert (d / "m" / "w").read_text() == "new" and [p.name for p in d.iterdir()] == ["m"], state


def test_a_live_writers_swap_is_left_alone(tmp_path):
    _half_swap(tmp_path, atomic.owner_tag().split(".")[0] + ".1", None, True, True)  # pid 1 is alive
    atomic.sweep(tmp_path)
    assert not (tmp_path / "m").exists() and len(list(tmp_path.iterdir())) == 3
