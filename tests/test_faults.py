"""Fault injection: SIGKILL during model-folder swaps (with the window between the two renames
widened by LYRICTUI_FAULT_SWAP_PAUSE) and during song saves; the next start finishes or sweeps.

After every kill, the next `recover`/`sweep` (what every lyrictui start runs on the store)
must leave the model under its name, whole (the old or the new version, never neither,
never a mix), and no temp file or folder behind. External edits while the editor is open
are in test_file_changes.py; escape sequences in every text field in test_terminal_safety.py.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from lyrictui import atomic
from lyrictui.cli import cli

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")

SWAPPER = """
import sys
from pathlib import Path
from lyrictui import atomic
final = Path(sys.argv[1])
print("ready", flush=True)
i = int(sys.argv[2])
while True:
    i += 1
    with atomic.atomic_dir(final) as d:
        for part in range(3):  # a model is several files; all must be from one version
            (d / f"part{part}").write_text(f"v{i}")
    if sys.argv[3] == "once":
        break
"""


def swapper(final: Path, start: int, mode: str, pause: float) -> subprocess.Popen:
    env = {**os.environ, atomic.SWAP_PAUSE_ENV: str(pause), "PYTHONPATH": str(Path(__file__).parent.parent)}
    return subprocess.Popen([sys.executable, "-c", SWAPPER, str(final), str(start), mode],
                            stdout=subprocess.PIPE, text=True, env=env)


def versions(final: Path) -> set[str]:
    return {p.read_text() for p in final.iterdir()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith((atomic.TMP_PREFIX, atomic.SWAP_PREFIX)))


def make_model(final: Path, version: int) -> None:
    with atomic.atomic_dir(final) as d:
        for part in range(3):
            (d / f"part{part}").write_text(f"v{version}")


def wait_until(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the child never reached the window"
        time.sleep(0.005)


def test_kill_between_the_two_renames_is_completed_at_the_next_start(models_dir):
    final = models_dir / "chords" / "default"
    make_model(final, 0)
    child = swapper(final, 0, "once", pause=60)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        wait_until(lambda: not final.exists())  # the old model moved aside, the new not yet in
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert not final.exists() and leftovers(final.parent)  # the state the bug left for good
    r = CliRunner().invoke(cli, ["models", "list"])  # any start of lyrictui
    assert r.exit_code == 0, r.output
    assert versions(final) == {"v1"} and "default" in r.output
    assert leftovers(final.parent) == []


def test_a_new_swap_completes_an_earlier_cut_one(tmp_path):
    final = tmp_path / "m"
    make_model(final, 0)
    child = swapper(final, 4, "once", pause=60)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        wait_until(lambda: not final.exists())
    finally:
        child.kill()
        child.wait()
    make_model(final, 9)  # the next save in that folder recovers first, then swaps its own in
    assert versions(final) == {"v9"} and leftovers(tmp_path) == []


@pytest.mark.slow
def test_random_kills_during_swaps_never_lose_the_model(tmp_path):
    final = tmp_path / "model"
    make_model(final, 0)
    rng = random.Random(11)
    seen_missing = 0
    for k in range(20):
        child = swapper(final, 100 * (k + 1), "loop", pause=rng.choice([0.0, 0.02, 0.1]))
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, 0.4))
        finally:
            child.kill()
            child.wait()
        seen_missing += not final.exists()
        atomic.sweep(tmp_path)
        got = versions(final)
        assert len(got) == 1, f"kill {k}: a mix of versions {got}"
        assert leftovers(tmp_path) == [], f"kill {k}: {leftovers(tmp_path)}"
    assert seen_missing, "no kill landed between the renames; the window was not widened"


SAVER = """
import sys
from lyrictui.song.io import save_song
from lyrictui.song.model import Line, Section, Song
path = sys.argv[1]
print("ready", flush=True)
i = 0
while True:
    i += 1
    save_song(Song(title=f"v{i}", sections=[Section("verse", None, [Line("x" * 200)] * 2000)]), path)
"""


@pytest.mark.slow
def test_random_kills_during_saves_leave_nothing_behind_after_the_next_start(tmp_path):
    from lyrictui.song.io import load_song

    path = tmp_path / "song.song.json"
    rng = random.Random(5)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    killed_mid_write = 0
    for _ in range(15):
        child = subprocess.Popen([sys.executable, "-c", SAVER, str(path)], stdout=subprocess.PIPE, text=True, env=env)
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.05, 0.5))
        finally:
            child.kill()
            child.wait()
        killed_mid_write += bool(leftovers(tmp_path))
        if path.exists():
            assert load_song(path).title.startswith("v")
    assert killed_mid_write, "no kill landed inside a save"
    atomic.sweep(tmp_path)  # what `lyrictui edit` and the next save run in the song's folder
    assert leftovers(tmp_path) == []


@pytest.mark.slow
def test_random_external_edits_while_the_editor_is_open_lose_nothing(tmp_path):
    """Another program rewrites the song at random moments while lines are typed and every
    answer of the dialog is taken at random; each of its versions must survive somewhere
    (the file, .bak, a .theirs- file) or have been reloaded into the editor."""
    from lyrictui.app.screens.file_changed import FileChangedModal
    from lyrictui.song.io import backup_path, save_song
    from lyrictui.song.model import Line, Section, Song
    from tests.app_fixtures import asynctest, make_app

    def outside(i: int) -> bytes:
        data = Song(title="Outside", sections=[Section("verse", None, [Line(f"outside {i}")])])
        tmp = tmp_path / "other-program.tmp"
        save_song(data, tmp.with_suffix(".song.json"))
        new = tmp.with_suffix(".song.json").read_bytes()
        os.replace(tmp.with_suffix(".song.json"), path)  # sed -i style: a new file renamed over
        return new

    def kept(v: bytes) -> bool:
        copies = [path, backup_path(path), *tmp_path.glob("*.theirs-*")]
        return any(p.exists() and p.read_bytes() == v for p in copies)

    path = tmp_path / "song.song.json"
    save_song(Song(title="Mine", sections=[Section("verse", None, [Line("start")])]), path)
    from lyrictui.song.io import load_song

    app = make_app(tmp_path, load_song(path))
    rng = random.Random(7)

    @asynctest
    async def drive():
        current: bytes | None = None
        reloaded: set[bytes] = set()
        answers: list[str] = []
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("end")
            for i in range(14):
                await app.workers.wait_for_complete()
                await pilot.pause(0.05)
                if rng.random() < 0.5:
                    if current is not None:
                        assert current in reloaded or kept(current), f"step {i}: their version was lost"
                    current = outside(i)
                await pilot.press("enter", *f"mine {i}")
                if rng.random() < 0.5:
                    await pilot.press("ctrl+s")
                await pilot.pause(0.1)
                if isinstance(app.screen, FileChangedModal):
                    answer = rng.choice(["ctrl+k", "ctrl+r", "escape"])
                    answers.append(answer)
                    if answer == "ctrl+r":
                        reloaded.add(path.read_bytes())
                    await pilot.press(answer)
                    await pilot.pause(0.1)
            await app.workers.wait_for_complete()
            if current is not None:
                assert current in reloaded or kept(current)
        assert len(set(answers)) == 3, answers  # every answer was exercised

    drive()
