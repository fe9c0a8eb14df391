"""The editor's progression provider: the chord model in the store, proposing in the song's key.

    provider = default_progression_provider()       # models/chords/<config choice or "default">
    provider.propose(ProgressionRequest(song, section_index=1, line_index=0), cancelled)

Context sent to the model: the song's chords up to the line being written, with a section
marker before each section (as the model was trained on McGill Billboard sections), then the
current section's marker. Key: the request's key, else Song.key, else detected from the
song's chords. The model loads on the first proposal (in the editor's worker thread).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Protocol, runtime_checkable

from chords.next_chords import NextChord
from lyrictui.device import one_build_at_a_time
from lyrictui.providers import Cancelled, ProgressionRequest, never
from lyrictui.song.model import Song
from lyrictui.visible import visible

DEFAULT_MODEL = "default"


@runtime_checkable
class NextChordProvider(Protocol):
    """A progression provider that also ranks the next chord (the editor's "Next chord" panel)."""

    def next_chords(self, req: ProgressionRequest, cancelled: Cancelled = never, k: int = 8) -> list[NextChord]:
        ...


def chosen_model_name() -> str:
    """The chord model named in the user's config ([models] chords) when it exists, else "default"."""
    from lyrictui import store

    try:
        from lyrictui.config import load_config

        name = load_config().chords_model
    except Exception:  # a broken config file must not stop proposals; the editor reports it
        name = None
    if name and (store.chords_dir() / name / "config.json").is_file():
        return name
    return DEFAULT_MODEL


@one_build_at_a_time  # the lyric model may be loading (and importing transformers) in another worker
def load_chord_model(name: str | None = None):
    """A ChordLM by store name or folder path (default: the configured one, else "default")."""
    from lyrictui import store

    folder = store.chords_dir() / (name or chosen_model_name())
    if name and not folder.is_dir() and Path(name).expanduser().is_dir():
        folder = Path(name).expanduser()  # a model folder given by path
    if not folder.is_dir():
        have = sorted(p.name for p in store.chords_dir().glob("*") if (p / "config.json").is_file()) \
            if store.chords_dir().is_dir() else []
        raise FileNotFoundError(
            f"no chord model at {folder}" + (f" (have: {', '.join(have)})" if have else "")
            + "; train one with `lyrictui train chords --data PATH`"
        )
    from transformers.utils import logging as hf_logging

    from chords.model import load_chord_lm
    from lyrictui.model_folder import ModelFolderError, check_model, one_line

    check_model(folder, "chords-model")  # a broken or wrong-kind folder: one line, not a traceback
    hf_logging.disable_progress_bar()
    try:
        return load_chord_lm(folder)
    except Exception as e:
        raise ModelFolderError(folder, f"could not be loaded ({one_line(e)})") from e


def song_context(song: Song, section_index: int, line_index: int) -> list[str]:
    """Markers and chords of the song before the line being written (most recent last)."""
    from chords.corpus import section_marker
    from chords.theory import try_parse

    out: list[str] = []
    for si, sec in enumerate(song.sections[: section_index + 1]):
        out.append(section_marker(sec.kind))
        lines = sec.lines if si < section_index else sec.lines[:line_index]
        for ln in lines:
            for cp in ln.sorted_chords():
                c = try_parse(cp.chord)
                if c is not None and not c.is_no_chord and (not out or out[-1] != c.symbol):
                    out.append(c.symbol)
    return out


def song_key(song: Song) -> str | None:
    from chords.keys import detect_key, normalize_key
    from chords.theory import ChordError

    if song.key:
        try:
            return normalize_key(song.key)
        except ChordError:
            pass
    return detect_key([cp.chord for ln in song.all_lines() for cp in ln.chords])


class ChordModelProvider:
    """ProgressionProvider over a chord model folder; thread-safe, loads lazily."""

    def __init__(self, model: str | None = None, temperature: float = 1.0):
        self._model_name = model
        self._lm = None
        self._lock = threading.Lock()
        self.temperature = temperature
        self.name = model or chosen_model_name()  # the status bar already says "chords:"

    def _get(self):
        with self._lock:
            if self._lm is None:
                self._lm = load_chord_model(self._model_name)
            return self._lm

    def propose(self, req: ProgressionRequest, cancelled: Cancelled = never) -> list[list[str]]:
        from chords.generate import ChordSampling, propose

        lm = self._get()
        if cancelled():
            return []
        context = song_context(req.song, req.section_index, req.line_index) if req.song.sections else []
        if len([t for t in context if not t.startswith("<")]) == 0 and req.previous:
            context = list(req.previous) + context
        kind = req.song.sections[req.section_index].kind if 0 <= req.section_index < len(req.song.sections) else None
        key = req.key or song_key(req.song)
        if key is None and req.previous:
            from chords.keys import detect_key

            key = detect_key(list(req.previous))
        with self._lock:  # one torch generation at a time per model
            props = propose(lm, context, n=req.n, length=req.length, key=key, section=kind,
                            sampling=ChordSampling(temperature=self.temperature), cancelled=cancelled)
        return [[visible(c) for c in p] for p in props]  # symbols come from a model folder's vocabulary

    def next_chords(self, req: ProgressionRequest, cancelled: Cancelled = never, k: int = 8) -> list[NextChord]:
        """The likeliest next chords after the chords of the song up to and including the request's line."""
        from chords.next_chords import NextConfig, next_chords

        lm = self._get()
        if cancelled():
            return []
        context = song_context(req.song, req.section_index, req.line_index + 1) if req.song.sections else []
        if not [t for t in context if not t.startswith("<")] and req.previous:
            context = list(req.previous) + context
        kind = req.song.sections[req.section_index].kind if 0 <= req.section_index < len(req.song.sections) else None
        with self._lock:
            return next_chords(lm, context, key=req.key or song_key(req.song), section=kind, cfg=NextConfig(k=k))


def default_progression_provider() -> ChordModelProvider:
    """The provider the editor uses: the configured chord model, else models/chords/default."""
    return ChordModelProvider()

