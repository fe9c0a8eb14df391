"""Chords a player would write in a key: the slash-bass rule and the chromatic-chord rule.

    bass_ok("G/B", "C")          # True: B is the chord's third
    bass_ok("D/Eb", "C")         # False: Eb is neither in D major nor in the key of C
    rules = Playable("C", song_chords=["C", "Bb", "F"])
    rules.allows("Bb", p=0.01)   # True: the song already uses Bb
    rules.allows("Db", p=0.01)   # False: chromatic, unused, and not clearly likely
    rules.allows("Db", p=0.20)   # True: the model is clearly for it

A slash bass must be a tone of the chord or a step of the key's scale. A chord outside the key
(`chords.keys.in_key`) is proposed only when the song already uses it (so a song that
modulates or borrows keeps doing so) or when its probability is at least `chromatic_min_p`.
Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from chords.keys import in_key, scale
from chords.theory import Chord, try_parse
from chords.vocab import identity

CHROMATIC_MIN_P = 0.10  # a chord outside the key and the song needs this much probability to be offered


def bass_ok(chord: Chord | str, key: str) -> bool:
    """No slash bass, or one that is a chord tone or a step of the key's scale."""
    c = try_parse(chord) if isinstance(chord, str) else chord
    if c is None:
        return False
    if c.bass_pc is None:
        return True
    tones = {(c.root_pc + i) % 12 for i in c.quality.intervals()}
    return c.bass_pc in tones or c.bass_pc in scale(key)


@dataclass
class Playable:
    key: str  # the key the chords are judged in ("C", "Am"), spelled as the chords are
    song_chords: Iterable[str] = ()  # chords the song already uses
    chromatic_min_p: float = CHROMATIC_MIN_P
    _used: set = field(default_factory=set, init=False)
    _cache: dict = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for s in self.song_chords:
            c = try_parse(s)
            if c is not None and not c.is_no_chord:
                self._used.add(identity(c))

    def use(self, symbol: str) -> None:
        """Record one more chord of the song (the bench walks a song chord by chord)."""
        c = try_parse(symbol)
        if c is not None and not c.is_no_chord:
            self._used.add(identity(c))

    def kind(self, symbol: str) -> str:
        """"bad" (unparsable or a wrong slash bass), "diatonic", "used" (chromatic, in the song) or "chromatic"."""
        c = try_parse(symbol)
        if c is None or c.is_no_chord or not bass_ok(c, self.key):
            return "bad"
        if identity(c) in self._used:
            return "used"
        if symbol not in self._cache:
            self._cache[symbol] = in_key(c, self.key)
        return "diatonic" if self._cache[symbol] else "chromatic"

    def allows(self, symbol: str, p: float = 0.0) -> bool:
        k = self.kind(symbol)
        return k in ("diatonic", "used") or (k == "chromatic" and p >= self.chromatic_min_p)
