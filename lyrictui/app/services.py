"""The editor's doors to the rest of lyrictui: songcraft, chord theory, providers, models.

Everything here is called from thread workers (the gutter's `craft_info`, rhymes, model
loading), except `transposer` and `chord_parses`, which are cheap. Modules that import
torch or load dictionaries are imported inside the functions, so the editor opens at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from chords.keys import detect_key, transpose, transpose_key
from chords.theory import ChordError, parse_chord

if TYPE_CHECKING:
    from lyrictui.engine.load import Progress
    from lyrictui.providers import LyricProvider, ProgressionProvider

_WORD = re.compile(r"[\w']+", re.UNICODE)


@dataclass(frozen=True)
class CraftInfo:
    """Gutter data for one section: a syllable count and rhyme letter per line, and the scheme."""

    syllables: list[int | None]
    letters: list[str]
    scheme: str


def craft_info(texts: list[str]) -> CraftInfo:
    """The one function the gutter calls (in a worker: the first call loads the dictionary)."""
    from lyrictui.craft.scheme import rhyme_letters, scheme_string
    from lyrictui.craft.syllables import count_syllables

    counts = [count_syllables(t) if t.strip() else None for t in texts]
    return CraftInfo(counts, list(rhyme_letters(texts)), scheme_string(texts))


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
    """{'perfect': [...], 'near': [...], 'multi': [...]}, best first for this song."""
    from lyrictui.craft.rhymes import find_rhymes as rhymes_of

    r = rhymes_of(word, context_words)
    return {"perfect": r.perfect, "near": r.near, "multi": r.multi}


def transposer(semitones: int, key: str | None = None, chords: list[str] = ()) -> Callable[[str], str]:
    """A chord-symbol transposer that spells chords for the key they move to.

    G D Em C up 3 -> Bb F Gm Eb, not A# ...: the song's key, else the key detected from its
    chords, moved by `semitones`. A symbol chords.theory cannot read stays as the writer
    spelled it; an unreadable key leaves each chord its own sharp/flat style.
    """
    try:
        source = key or detect_key([c for c in chords if chord_parses(c)])
        target = transpose_key(source, semitones) if source else None
    except ChordError:
        target = None

    def fn(sym: str) -> str:
        try:
            return transpose(sym, semitones, key=target)
        except ChordError:
            return sym

    return fn


def chord_parses(sym: str) -> bool:
    """Whether chords.theory reads the symbol."""
    try:
        parse_chord(sym)
    except ChordError:
        return False
    return True


def load_lyric_provider(progress: "Progress | None" = None, name: str | None = None) -> "LyricProvider":
    """The configured lyric model, or `name` from the store (imports torch: call from a worker)."""
    from lyrictui.engine.provider import default_lyric_provider

    return default_lyric_provider(progress=progress, name=name)


def load_progression_provider(name: str | None = None) -> "ProgressionProvider":
    """The configured chord model, or `name` from the store (loads lazily, on the first proposal)."""
    from lyrictui.chord_provider import ChordModelProvider, default_progression_provider, load_chord_model

    if name is None:
        return default_progression_provider()
    provider = ChordModelProvider(name)
    load_chord_model(name)  # a missing or broken model is reported now, not at the first ctrl+o
    return provider


def chord_model_names() -> list[str]:
    """Names of the chord models in the model store (for 'switch chord model')."""
    from lyrictui.catalog import list_models

    return [m.name for m in list_models() if m.kind == "chords"]


def lyric_model_names() -> list[str]:
    """Names of the lyric adapters/models in the model store (for 'switch lyric adapter')."""
    from lyrictui.catalog import list_models

    return [m.name for m in list_models() if m.kind == "lyrics"]
