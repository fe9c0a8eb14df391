"""The baseline every chord model must beat: a bigram (first-order Markov) model over chord symbols.

    mk = BigramModel.fit(train_songs)        # token lists (markers and chords)
    mk.logprob("G", prev="C")                # log P(G | C), interpolated with the unigram
    mk.top(prev="C", k=5)                    # the five likeliest next chords
    mk.sample(prev="C", length=8, rng=random.Random(0))

Section markers count as the previous symbol (so a chorus start is its own context); unseen
chords get a share of an unknown mass, so every held-out chord has a finite probability.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterator, Sequence

from chords.corpus import BAR, is_chord_token

START = "<s>"
UNK = "<unk>"


def transitions(song: Sequence[str]) -> Iterator[tuple[str, str]]:
    """(context, chord) for each chord of a token song: the token before it (a chord, a section
    marker, or START); bar lines are skipped. Fitting and scoring the baseline walk songs alike."""
    prev = START
    for t in song:
        if t == BAR:
            continue
        if is_chord_token(t):
            yield prev, t
        prev = t


@dataclass
class BigramModel:
    bigrams: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    unigrams: Counter = field(default_factory=Counter)
    alpha: float = 5.0  # weight of the unigram in the interpolation (Dirichlet prior strength; 5 was best of 0.5/2/5 on McGill)

    @classmethod
    def fit(cls, songs: Sequence[Sequence[str]], alpha: float = 5.0) -> "BigramModel":
        m = cls(alpha=alpha)
        for song in songs:
            for prev, t in transitions(song):
                m.bigrams[prev][t] += 1
                m.unigrams[t] += 1
        return m

    def _uni(self, chord: str) -> float:
        total = sum(self.unigrams.values())
        v = len(self.unigrams) + 1  # +1 for the unknown chord
        return (self.unigrams.get(chord, 0) + 1) / (total + v)  # add-one

    def prob(self, chord: str, prev: str) -> float:
        row = self.bigrams.get(prev)
        n = sum(row.values()) if row else 0
        c = row.get(chord, 0) if row else 0
        return (c + self.alpha * self._uni(chord)) / (n + self.alpha)

    def logprob(self, chord: str, prev: str) -> float:
        return math.log(self.prob(chord, prev))

    def top(self, prev: str, k: int = 5) -> list[str]:
        return sorted(self.unigrams, key=lambda c: -self.prob(c, prev))[:k]

    def sample(self, prev: str, length: int, rng: random.Random) -> list[str]:
        """`length` chords, never repeating the chord just before (as the LM's generation)."""
        out: list[str] = []
        chords = list(self.unigrams)
        for _ in range(length):
            weights = [0.0 if c == prev else self.prob(c, prev) for c in chords]
            c = rng.choices(chords, weights=weights)[0]
            out.append(c)
            prev = c
        return out
