"""Killing a process while it saves never leaves a truncated, empty or mixed song file.

A child process saves big songs (3,000 lines) over and over in a tight loop; we SIGKILL it
at random moments, and after every kill the song file and its .bak must each parse and
equal one of the complete versions the child was writing.
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

from lyrictui.song.formats import export_song
from lyrictui.song.io import backup_path, file_format, load_song, save_song
from song_fixtures import kill_song

TESTS = Path(__file__).parent
N_VERSIONS = 3
CHILD = """
import sys
sys.path.insert(0, {tests!r})
from song_fixtures import kill_song
from lyrictui.song.io import save_song
path = sys.argv[1]
versions = [kill_song(i) for i in range({n})]
print("ready", flush=True)  # the kill may land in the very next save
i = 0
while True:
    i += 1
    save_song(versions[i % {n}], path)
"""


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
@pytest.mark.parametrize("name", ["song.song.json", "song.cho"])
def test_sigkill_during_saves_never_damages_the_file(tmp_path, name):
    path = tmp_path / name
    versions = {f"v{i}": kill_song(i) for i in range(N_VERSIONS)}
    complete = {export_song(v, file_format(path)).encode("utf-8"): t for t, v in versions.items()}
    code = CHILD.format(tests=str(TESTS), n=N_VERSIONS)
    save_song(versions["v0"], path)
    rng = random.Random(1234)
    seen = set()
    kills = 15  # per format: 30 in all
    start = path.read_bytes()
    for k in range(kills):
        child = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, 0.3))  # somewhere inside a save, or between two
            if k == kills - 1:
                # On a loaded machine all the random kills may land before a save completes;
                # the last one waits for a save so the file is seen to move between versions.
                deadline = time.monotonic() + 30
                while path.read_bytes() == start and time.monotonic() < deadline:
                    time.sleep(0.01)
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
            if child.stdout is not None:
                child.stdout.close()
        for p in (path, backup_path(path)):
            if not p.exists():
                assert p != path  # the song itself always exists
                continue
            # byte-for-byte one of the complete versions: not truncated, empty or mixed
            title = complete.get(p.read_bytes())
            assert title is not None, f"{p.name} is not a complete version"
            seen.add(title)
        assert load_song(path) == versions[complete[path.read_bytes()]]
        leftovers = set(os.listdir(tmp_path)) - {path.name, backup_path(path).name}
        assert all(f.startswith(".lyrictui-tmp-") for f in leftovers), leftovers
    assert len(seen) >= 2  # the kills really did land between different saves
