"""The editor's doors to the rest of lyrictui: songcraft, chord theory, providers, models.

Each is imported on first use and may be missing (another part of lyrictui not installed
or not built yet): callers get None / an exception with a readable message, and the
editor keeps working without that feature. Provider loading runs in thread workers
(it imports torch); `craft_info` runs on the UI thread for one section at a time.
"""

from __future__ import annotations

import importlib
import inspect
import re
from dataclasses import dataclass
from typing import Any, Callable

_WORD = re.compile(r"[\w']+", re.UNICODE)


def _optional(module: str) -> Any | None:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


@dataclass(frozen=True)
class CraftInfo:
    """Gutter data for one section: a syllable count and rhyme letter per line, and the scheme."""

    syllables: list[int | None]
    letters: list[str]
    scheme: str


def craft_info(texts: list[str]) -> CraftInfo | None:
    """The one function the gutter calls. None when lyrictui.craft is not available."""
    syl = _optional("lyrictui.craft.syllables")
    scheme = _optional("lyrictui.craft.scheme")
    if syl is None and scheme is None:
        return None
    counts: list[int | None] = [None] * len(texts)
    letters = [""] * len(texts)
    scheme_str = ""
    try:
        if syl is not None:
            counts = [syl.count_syllables(t) if t.strip() else None for t in texts]
        if scheme is not None:
            letters = list(scheme.rhyme_letters(texts))
            scheme_str = scheme.scheme_string(texts)
    except Exception:  # a songcraft bug must never take the editor down; show numbers only
        return None
    return CraftInfo(counts, letters, scheme_str)


def last_word(text: str) -> str | None:
    words = _WORD.findall(text)
    return words[-1] if words else None


def word_at(text: str, col: int) -> str | None:
    """The word under (or just before) character `col`, else the line's last word."""
    for m in _WORD.finditer(text):
        if m.start() <= col <= m.end():
            return m.group()
    return last_word(text)


def find_rhymes(word: str, context_words: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """{'perfect': [...], 'near': [...], 'multi': [...]}; raises RuntimeError if songcraft is missing."""
    mod = _optional("lyrictui.craft.rhymes")
    if mod is None:
        raise RuntimeError("rhymes need lyrictui.craft.rhymes, which is not available")
    r = mod.find_rhymes(word, context_words)
    out: dict[str, list[str]] = {}
    for name in ("perfect", "near", "multi"):
        items = r.get(name, []) if isinstance(r, dict) else getattr(r, name, [])
        out[name] = [x if isinstance(x, str) else getattr(x, "word", str(x)) for x in items]
    return out


def transposer(semitones: int, key: str | None = None, chords: list[str] = ()) -> Callable[[str], str] | None:
    """A chord-symbol transposer from chords.theory, or None when it is not available.

    Chords are spelled for the key they move to (G D Em C up 3 -> Bb F Gm Eb, not A# ...):
    the song's key, else the key detected from its chords, moved by `semitones`.
    """
    theory = _optional("chords.theory")
    if theory is None or not hasattr(theory, "transpose"):
        return None
    keys = _optional("chords.keys")
    target = None
    if keys is not None:
        try:
            source = key or keys.detect_key([c for c in chords if chord_parses(c)])
            target = keys.transpose_key(source, semitones) if source else None
        except Exception:
            target = None  # an unreadable key: each chord keeps its own sharp/flat style

    def fn(sym: str) -> str:
        try:
            out = theory.transpose(sym, semitones, key=target)
        except Exception:
            return sym  # a symbol theory cannot read stays as the writer spelled it
        return out if isinstance(out, str) else str(out)

    return fn


def chord_parses(sym: str) -> bool | None:
    """Whether chords.theory reads the symbol; None when chords.theory is not available."""
    theory = _optional("chords.theory")
    if theory is None or not hasattr(theory, "parse_chord"):
        return None
    try:
        theory.parse_chord(sym)
    except Exception:
        return False
    return True


def load_lyric_provider(progress: Callable[..., None] | None = None, name: str | None = None) -> Any:
    """lyrictui.engine.provider.default_lyric_provider, or a RuntimeError saying why not.

    `name` (a model folder under models/lyrics/) is passed on when the engine accepts it;
    otherwise the engine reads the choice from the config file ([models] lyrics).
    """
    try:
        mod = importlib.import_module("lyrictui.engine.provider")
    except ImportError as e:
        raise RuntimeError(f"lyric engine not available ({e})") from e
    fn = mod.default_lyric_provider
    kwargs: dict[str, Any] = {"progress": progress}
    if name is not None:
        params = inspect.signature(fn).parameters
        for key in ("name", "adapter", "model"):
            if key in params:
                kwargs[key] = name
                break
    return fn(**kwargs)


def load_progression_provider() -> Any:
    try:
        mod = importlib.import_module("lyrictui.chord_provider")
    except ImportError as e:
        raise RuntimeError(f"chord model support not available ({e})") from e
    return mod.default_progression_provider()


def lyric_model_names() -> list[str]:
    """Names of the lyric adapters/models in the model store (for 'switch lyric adapter')."""
    from lyrictui.catalog import list_models

    return [m.name for m in list_models() if m.kind == "lyrics"]
