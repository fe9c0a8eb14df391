"""End to end, as a person would: the installed `lyrictui` in a real terminal (tmux).

Types a two-section song with chords, saves, quits, checks the .song.json, exports it to
all three formats with `lyrictui export` and reads the files back. Runs with a temporary
HOME, config folder and an empty model store, so no model loads and nothing of the
user's is touched. Skips where tmux is not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

TMUX = shutil.which("tmux")


def lyrictui_exe() -> str:
    here = Path(sys.executable).parent / "lyrictui"
    return str(here) if here.exists() else (shutil.which("lyrictui") or "")


class Terminal:
    """One tmux session on a private server socket, driven with send-keys."""

    def __init__(self, socket: str, env: dict[str, str]) -> None:
        self.socket = socket
        self.env = env

    def tmux(self, *args: str, check: bool = True) -> str:
        r = subprocess.run([TMUX, "-L", self.socket, *args], env=self.env, capture_output=True, text=True)
        if check and r.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {r.stderr}")
        return r.stdout

    def start(self, cwd: Path, *cmd: str) -> None:
        self.tmux("-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "110", "-y", "35", "-c", str(cwd), *cmd)
        self.tmux("set-option", "-g", "escape-time", "10", check=False)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "e2e", check=False)

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def wait_until_gone(self, text: str, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while text in self.screen():
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never went away:\n{self.screen()}")
            time.sleep(0.2)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "e2e", *keys)
        time.sleep(0.15)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "e2e", "-l", text)
        time.sleep(0.15)

    def alive(self) -> bool:
        return subprocess.run([TMUX, "-L", self.socket, "has-session", "-t", "e2e"], env=self.env,
                              capture_output=True).returncode == 0

    def kill(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], env=self.env, capture_output=True)


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
def test_write_save_reopen_and_export_in_a_real_terminal(tmp_path):
    exe = lyrictui_exe()
    assert exe, "the lyrictui console script is not installed (run bin/setup)"
    home, cfg, models, work = (tmp_path / n for n in ("home", "cfg", "models", "work"))
    for d in (home, cfg, models, work):
        d.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "TERM": "xterm-256color",
        "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LYRICTUI_CONFIG_DIR": str(cfg), "LYRICTUI_MODELS_DIR": str(models),
        "HF_HUB_OFFLINE": "1", "TMUX_TMPDIR": str(tmp_path),
    }
    term = Terminal(f"lyrictui-e2e-{os.getpid()}", env)
    song_file = work / "harbour.song.json"
    try:
        term.start(work, exe, "edit", "harbour.song.json", "--new-title", "Harbour Lights")
        term.wait_for("Verse 1")
        term.wait_until_gone("loading…")  # model loading (none here) finished: typing is not raced
        # Verse: each line's chords first on its chord row (Tab), then the words under them.
        term.keys("Tab")
        term.type("G         D")
        term.keys("Tab")
        term.type("the boats come in")
        term.keys("Enter", "Tab")
        term.type("Em             C")
        term.keys("Tab")
        term.type("with salt upon their sails")
        term.wait_for("with salt upon their sails")
        term.keys("Enter")
        # Chorus: ctrl+n opens the section list on "chorus"; Enter takes it.
        term.keys("C-n")
        term.wait_for("New section after this one")
        term.keys("Enter")
        term.wait_for("▌ Chorus")  # the new section's header (not the list entry)
        # A key sent while the list is still closing goes to the list, not the editor (seen
        # under load): wait until it is gone from the screen.
        term.wait_until_gone("New section after this one")
        time.sleep(0.5)
        term.keys("Tab")
        term.type("C          G")
        term.keys("Tab")
        term.type("oh harbour lights")
        term.wait_for("oh harbour lights")
        term.keys("C-s")
        term.wait_for("│ saved harbour.song.json")  # not "autosaved": the explicit save
        term.keys("C-q")
        deadline = time.monotonic() + 30
        while term.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not term.alive(), f"lyrictui did not quit:\n{term.screen()}"
    finally:
        term.kill()

    data = json.loads(song_file.read_text("utf-8"))
    assert data["title"] == "Harbour Lights"
    verse, chorus = data["sections"]
    assert verse["kind"] == "verse" and chorus["kind"] == "chorus"
    assert [ln["text"] for ln in verse["lines"]] == ["the boats come in", "with salt upon their sails"]
    assert verse["lines"][0]["chords"] == [{"chord": "G", "pos": 0}, {"chord": "D", "pos": 10}]
    assert verse["lines"][1]["chords"] == [{"chord": "Em", "pos": 0}, {"chord": "C", "pos": 15}]
    assert chorus["lines"] == [{"text": "oh harbour lights", "chords": [{"chord": "C", "pos": 0}, {"chord": "G", "pos": 11}]}]

    outputs = {"txt": work / "harbour.txt", "chordpro": work / "harbour.cho", "md": work / "harbour.md"}
    for fmt, out in outputs.items():
        r = subprocess.run([exe, "export", str(song_file), "--format", fmt, "-o", str(out)], env=env,
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
    txt = outputs["txt"].read_text("utf-8")
    lines = txt.splitlines()
    assert "[Verse 1]" in txt and "[Chorus]" in txt
    i = lines.index("the boats come in")
    assert lines[i - 1].rstrip() == "G         D"  # chords on their own line, aligned over the words
    cho = outputs["chordpro"].read_text("utf-8")
    assert "{title: Harbour Lights}" in cho and "[G]the boats [D]come in" in cho
    assert "{start_of_chorus" in cho and "oh [G]harbour lights" not in cho and "[C]oh harbour [G]lights" in cho
    md = outputs["md"].read_text("utf-8")
    assert "Harbour Lights" in md and "the boats come in" in md
