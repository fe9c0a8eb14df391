"""The chord-level vocabulary: which chords a model knows, and the nearest known chord for any other.

    index = ChordIndex(["C", "F", "G7", "Am"])
    index.fold("G13")        # "G7"   (extensions dropped until a known chord remains)
    index.fold("C#")         # None when no spelling or simplification is known

A chord-level model has one token per chord symbol, so a chord outside its vocabulary would
become <unk>. Context chords are folded to the nearest known chord instead: the same sound
spelled another way (Db for C#), then simpler and simpler qualities (no slash bass, no
alterations or added tones, a 7th instead of 9/11/13, the plain triad). Pure Python.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from chords.theory import Chord, try_parse


def identity(c: Chord) -> tuple:
    """What a chord sounds like, however spelled: (root pitch class, suffix, bass pitch class)."""
    return (c.root_pc, c.suffix, c.bass_pc)


def simpler(c: Chord) -> Iterable[Chord]:
    """The chord, then ever simpler versions of it (each step drops one thing a player could leave out)."""
    yield c
    if c.bass is not None:
        c = replace(c, bass=None)
        yield c
    q = c.quality.canonical()
    if q.alts or q.adds:
        q = replace(q, alts=(), adds=())
        yield replace(c, quality=q)
    if q.ext:
        q = replace(q, ext=None)
        yield replace(c, quality=q)
    if q.six:
        q = replace(q, six=False)
        yield replace(c, quality=q)
    if q.seventh:
        q = replace(q, seventh=None)
        yield replace(c, quality=q)
    if q.triad in ("sus2", "sus4", "5"):
        yield replace(c, quality=replace(q, triad="maj"))


class ChordIndex:
    """A chord vocabulary with lookup by sound (enharmonic spellings are one chord)."""

    def __init__(self, symbols: Iterable[str]):
        self.symbols = list(dict.fromkeys(symbols))
        self.known = set(self.symbols)
        self._by_sound: dict[tuple, str] = {}
        for s in self.symbols:
            c = try_parse(s)
            if c is not None and not c.is_no_chord:
                self._by_sound.setdefault(identity(c), s)
        self._cache: dict[str, str | None] = {}

    def fold(self, symbol: str) -> str | None:
        """`symbol` if known, else the nearest known chord (see the module docstring), else None."""
        if symbol in self.known:
            return symbol
        if symbol in self._cache:
            return self._cache[symbol]
        c = try_parse(symbol)
        out = None
        if c is not None and not c.is_no_chord:
            out = next((self._by_sound[identity(s)] for s in simpler(c) if identity(s) in self._by_sound), None)
        self._cache[symbol] = out
        return out
