"""Helpers for the editor's Pilot tests: scripted providers and an app factory.

The scripted providers stand in for the models on purpose: these tests are about the
editor (streaming, cancelling, taking), not about what a model writes. The engine's own
Pilot test drives the editor with a real tiny model.
"""

from __future__ import annotations

import asyncio
import functools
import re
import threading
import time
from pathlib import Path

from lyrictui.app.app import LyricApp
from lyrictui.config import Config
from lyrictui.providers import LyricRequest, ProgressionRequest, never
from lyrictui.song.model import Song


class _TakesSettings:
    """Sampling settings are recorded, not used: these stand-ins script their lines."""

    sampling: dict | None = None

    def set_sampling(self, values: dict) -> None:
        self.sampling = dict(values)


class ScriptedLyrics(_TakesSettings):
    """Streams fixed lines word by word through on_update, polling `cancelled` between words."""

    name = "scripted lyrics"

    def __init__(self, lines: list[str], delay: float = 0.0) -> None:
        self.lines = lines
        self.delay = delay
        self.requests: list[LyricRequest] = []

    def suggest(self, req: LyricRequest, on_update=None, cancelled=never) -> list[str]:
        self.requests.append(req)
        out: list[str] = []
        for i, line in enumerate(self.lines[: req.n]):
            text = ""
            for word in re.findall(r"\s*\S+", line):  # keep a leading space, as GPT-2 pieces do
                if cancelled():
                    return out
                text += word
                if on_update:
                    on_update(i, text)
                time.sleep(self.delay)
            out.append(text)
        return out


class BlockingLyrics(_TakesSettings):
    """Blocks until cancelled (recording that it was), then tries to leak stale text."""

    name = "blocking lyrics"

    def __init__(self) -> None:
        self.started = threading.Event()
        self.saw_cancel = threading.Event()
        self.requests: list[LyricRequest] = []

    def suggest(self, req: LyricRequest, on_update=None, cancelled=never) -> list[str]:
        self.requests.append(req)
        first = len(self.requests) == 1
        self.started.set()
        if not first:
            if on_update:
                on_update(0, "fresh line")
            return ["fresh line"]
        deadline = time.monotonic() + 10
        while not cancelled() and time.monotonic() < deadline:
            time.sleep(0.005)
        self.saw_cancel.set()
        if on_update:
            on_update(0, "STALE words")  # a badly behaved provider: the editor must drop this
        return ["STALE words"]


class FailingLyrics(_TakesSettings):
    name = "failing"

    def suggest(self, req, on_update=None, cancelled=never):
        raise RuntimeError("model exploded")


class ScriptedChords:
    name = "scripted chords"

    def __init__(self, progressions: list[list[str]]) -> None:
        self.progressions = progressions
        self.requests: list[ProgressionRequest] = []

    def propose(self, req: ProgressionRequest, cancelled=never) -> list[list[str]]:
        self.requests.append(req)
        return self.progressions[: req.n]


def make_app(tmp_path: Path, song: Song | None = None, name: str | None = "song.song.json", **kwargs) -> LyricApp:
    cfg = kwargs.pop("config", None) or Config(autosave_seconds=0)
    path = tmp_path / name if name else None
    kwargs.setdefault("songcraft", False)  # the dictionary load is tested once, not paid by every test
    app = LyricApp(song, path, config=cfg, load_models=False, **kwargs)
    app.editor.debounce = 0.05
    return app


def screen_text(app: LyricApp) -> str:
    """What the terminal shows, as plain text (for asserting on layout)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip) for strip in strips)


async def wait_for(pilot, predicate, timeout: float = 30.0) -> None:
    """Pause until predicate() holds (worker results arrive asynchronously; generous for loaded CI)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await pilot.pause(0.02)


def asynctest(fn):
    """Run an async test with asyncio.run (no pytest-asyncio in our dependencies)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper
