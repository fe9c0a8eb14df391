"""Leftovers of killed writers are swept at the next start, and only provably abandoned ones.

Abandoned = the temp name's writer (`<host>.<pid>` in the name) is gone; a live writer's
temp file, another machine's, or a fresh untagged one is kept. Training run folders live
beside the model store, so `--models-dir` alone keeps a checkout untouched.
"""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from lyrictui import atomic, store
from lyrictui.cli import cli


def dead_pid() -> int:
    p = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(p.stdout)


def tagged(folder, name: str, pid: int, host: str | None = None, suffix: str = "abc123") -> str:
    host = host or atomic.owner_tag().split(".")[0]
    return f"{atomic.TMP_PREFIX}{name}-{host}.{pid}-{suffix}"


def test_only_temp_files_of_dead_writers_are_swept(tmp_path):
    dead, live = tmp_path / tagged(tmp_path, "a.txt", dead_pid()), tmp_path / tagged(tmp_path, "a.txt", 1)
    elsewhere = tmp_path / tagged(tmp_path, "a.txt", dead_pid(), host="0f0f0f")
    fresh_legacy = tmp_path / f"{atomic.TMP_PREFIX}a.txt-zzz"
    for p in (dead, live, elsewhere, fresh_legacy):
        p.write_text("half")
    atomic.write_text(tmp_path / "a.txt", "x")
    assert not dead.exists()
    assert live.exists() and elsewhere.exists() and fresh_legacy.exists()  # pid 1 runs; others unknown


def test_temp_names_carry_the_writer(tmp_path):
    name = atomic.partial_path(tmp_path / "train.bin").name
    assert name.startswith(atomic.TMP_PREFIX + "train.bin-") and f".{__import__('os').getpid()}-" in name
    assert not atomic.abandoned(tmp_path / name)


def test_start_sweeps_the_store_and_run_folders(models_dir):
    pid = dead_pid()
    model_tmp = models_dir / "chords" / tagged(None, "mine", pid, suffix="k2j3")
    model_tmp.mkdir()
    (model_tmp / "model.safetensors").write_bytes(b"half")
    run = models_dir.parent / "runs" / "lyrics" / "mine"
    run.mkdir(parents=True)
    partial = run / tagged(None, "train.bin", pid, suffix="partial")
    partial.write_bytes(b"\0" * 100)
    keep = run / "songs.jsonl"
    keep.write_text("{}\n")
    r = CliRunner().invoke(cli, ["models", "list"])
    assert r.exit_code == 0, r.output
    assert not model_tmp.exists() and not partial.exists() and keep.exists()


def test_runs_live_beside_the_store(tmp_path, monkeypatch):
    monkeypatch.delenv(store.ENV_VAR, raising=False)
    from training.lyrics import default_run_dir

    try:
        store.set_models_dir(tmp_path / "store")
        assert store.runs_dir() == tmp_path / "runs"
        assert default_run_dir("mine") == tmp_path / "runs" / "lyrics" / "mine"
        store.set_models_dir(None)
        root = store.checkout_root()
        if root is not None:  # the checkout's own store keeps its runs/ where they always were
            assert store.runs_dir() == root / "runs"
    finally:
        store.set_models_dir(None)


def test_train_chords_run_folder_follows_models_dir(tmp_path, monkeypatch):
    """The run folder `train chords` hands to its job (the job itself is not what is tested here)."""
    import training.chords

    seen = {}
    monkeypatch.setattr(training.chords, "run_job", lambda cfg, out, run_dir, **kw: seen.setdefault("run", run_dir))
    store_dir = tmp_path / "elsewhere" / "models"
    try:
        r = CliRunner().invoke(cli, ["--models-dir", str(store_dir), "train", "chords", "--data", str(tmp_path),
                                     "--name", "t"])
    finally:
        store.set_models_dir(None)
    assert r.exit_code == 0, r.output
    assert seen["run"] == tmp_path / "elsewhere" / "runs" / "chords" / "t"
