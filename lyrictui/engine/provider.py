"""The lyric engine as the editor sees it: `EngineProvider` (a LyricProvider) and the default choice.

    provider = default_lyric_provider(progress=lambda msg, frac: print(msg))
    lines = provider.suggest(LyricRequest(song, section_index=0, line_index=2))

`default_lyric_provider` loads the model chosen in the config ([models] lyrics: an adapter
or a full model in the model store), else `gpt2`; when that cannot be had (offline with
nothing cached) it falls back to the bundled `models/lyrics/verse` and its name says so.
Sampling settings come from the config's [sampling] table when `lyrictui.config` exists.
"""

from __future__ import annotations

import threading
from typing import Any

from lyrictui.config import load_config
from lyrictui.engine.context import fit_song_prompt
from lyrictui.engine.errors import EngineError
from lyrictui.engine.generate import generate_lines
from lyrictui.engine.load import BUNDLED_NAME, DEFAULT_BASE, LM, Progress, load_lm
from lyrictui.engine.sampling import SamplingSettings
from lyrictui.providers import Cancelled, LyricRequest, OnUpdate, never

# Prompt budget in tokens (plus the line being generated). The window of GPT-2 is 1024, but a
# cold prefill grows with the prompt and a verse or two of context is what steers a line.
CONTEXT_TOKENS = 512


class EngineProvider:
    """A LyricProvider over a loaded LM. `reload(adapter=...)` switches model without a restart."""

    def __init__(self, lm: LM, settings: SamplingSettings | None = None, note: str | None = None, context_tokens: int = CONTEXT_TOKENS):
        self.lm = lm
        self.settings = settings or SamplingSettings()
        self.note = note  # why a fallback model is in use, if it is
        self.context_tokens = context_tokens
        self._swap = threading.Lock()
        if self.settings.pool:  # load the word list now (with the model), not in the first request
            from lyrictui.craft.lexicon import zipf

            zipf("the")

    @property
    def name(self) -> str:
        return self.lm.name

    def set_sampling(self, values: dict) -> None:
        self.settings = SamplingSettings.from_dict({**self.settings.to_dict(), **values})

    def prompt_for(self, req: LyricRequest) -> str:
        lm = self.lm
        budget = min(lm.n_positions, self.context_tokens + self.settings.max_new_tokens) - self.settings.max_new_tokens
        partial = req.partial if req.mode == "complete" else ""
        return fit_song_prompt(req.song, req.section_index, req.line_index, partial, lm.count_tokens, budget)

    def suggest(self, req: LyricRequest, on_update: OnUpdate | None = None, cancelled: Cancelled = never) -> list[str]:
        lm = self.lm  # one model for the whole request, even if reload() swaps it meanwhile
        return generate_lines(lm, self.prompt_for(req), req.n, self.settings, on_update, cancelled)

    def reload(self, adapter: str | None = None, base: str | None = None, progress: Progress | None = None) -> None:
        """Switch to another store model or adapter (`adapter` may name either); the old one serves until then."""
        with self._swap:
            lm = load_choice(adapter, base=base, progress=progress, device=str(self.lm.device))
            self.lm, self.note = lm, None


def _store_kind(name: str) -> str | None:
    """'model' / 'adapter' for a folder in models/lyrics, else None."""
    from lyrictui import store
    from lyrictui.catalog import read_meta

    folder = store.lyrics_dir() / name
    if "/" in name or not folder.is_dir():
        return None
    if (folder / "adapter_config.json").is_file() or read_meta(folder).get("type") == "lyrics-adapter":
        return "adapter"
    return "model"


def load_choice(choice: str | None, base: str | None = None, progress: Progress | None = None, **kw) -> LM:
    """Load what a user picked: None (gpt2), a store model, a store adapter, a folder or a hub id."""
    if choice is None:
        return load_lm(base or DEFAULT_BASE, progress=progress, **kw)
    kind = _store_kind(choice)
    if kind == "adapter":
        return load_lm(base, adapter=choice, progress=progress, **kw)
    return load_lm(choice, progress=progress, **kw)


def default_lyric_provider(progress: Progress | None = None, name: str | None = None) -> EngineProvider:
    """The configured model (else gpt2), falling back to the bundled verse model when it cannot load."""
    cfg = load_config()  # a broken file gives defaults (and a warning the app shows), never an error
    settings = SamplingSettings.from_dict(cfg.sampling)
    choice = name or cfg.lyrics_model
    try:
        return EngineProvider(load_choice(choice, progress=progress), settings)
    except EngineError as first:
        if choice == BUNDLED_NAME:
            raise
        try:
            lm = load_lm(BUNDLED_NAME, progress=progress)
        except EngineError as second:
            raise EngineError(f"{first}\nThe bundled fallback failed too: {second}") from second
        return EngineProvider(lm, settings, note=str(first))
