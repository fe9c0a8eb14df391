"""Choose before showing: from more sampled rows than the panel shows, pick the best K.

    picked = choose(candidates, k=4, known=vocabulary(song_lines), partial="half past six")

A candidate is a whole line with the model's own log-probability of the tokens it wrote.
It is shown only if every word it adds is a real word (`craft.lexicon`: common English or
a word of the song; for a completion the word it finishes counts, so "six" -> "six-graps"
or "tonight" -> "tonighter" is out). Among those, the score is

    fluency = mean ln-prob per token under the model's own distribution (before temperature,
              top-k/top-p and penalties: what the model thinks of the line, not how it was drawn)
            - CUT_PENALTY if the row hit max_new_tokens instead of ending its line
            - LENGTH_WEIGHT * |ln(words / the song's typical words per line)|

and the K are taken greedily: each next pick maximises its score minus DIVERSITY times its
word overlap (Jaccard) with the closest line already picked, so four rewordings of one line
do not fill the panel. Degenerate and duplicate lines were already dropped (`clean.accept`).
Pure: no torch, tested with plain numbers.
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass

from lyrictui.craft.lexicon import non_words, words_of

CUT_PENALTY = 1.0  # nats/token: a line cut mid-thought is worse than a slightly less likely whole one
DIVERSITY = 1.0  # nats/token per unit of word overlap with an already picked line
# Per-token log-prob alone favours "So he said," (a comma then a newline is easy to predict):
# a line far shorter or longer than the song's own lines pays for it.
LENGTH_WEIGHT = 2.0
TYPICAL_WORDS = 7.0  # words per line when the song has none yet

_ENDS_IN_WORD = re.compile(r"[^\W_]['\u2019-]?$", re.UNICODE)


@dataclass
class Candidate:
    text: str  # the whole line, partial included
    logp: float  # sum of the model's ln-probabilities of the row's tokens
    tokens: int
    finished: bool  # ended with a newline or end-of-text (not cut at max_new_tokens)
    row: int = 0  # the sampled row it came from (its streaming slot)

    @property
    def fluency(self) -> float:
        return self.logp / max(1, self.tokens)

    def score(self, typical: float = TYPICAL_WORDS) -> float:
        length = math.log(max(1, len(words_of(self.text))) / max(1.0, typical))
        return self.fluency - (0.0 if self.finished else CUT_PENALTY) - LENGTH_WEIGHT * abs(length)


def added_words(line: str, partial: str) -> list[str]:
    """The words a candidate adds to the typed `partial`, the word being typed included whole."""
    typed = partial
    if _ENDS_IN_WORD.search(partial):  # mid-word: the last typed word is finished by the candidate
        typed = re.sub(r"[^\s]*$", "", partial)
    return words_of(line)[len(words_of(typed)):] if line.startswith(typed) else words_of(line)


def real_words_only(line: str, partial: str = "", known: frozenset[str] = frozenset()) -> bool:
    """Every word the candidate adds is a real word (or a word of the song)."""
    added = added_words(line, partial)
    return not non_words(" ".join(added), known)


def overlap(a: str, b: str) -> float:
    wa, wb = set(words_of(a)), set(words_of(b))
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def typical_words(lines: list[str]) -> float:
    """The median words per line of the song's recent lines (TYPICAL_WORDS if none)."""
    counts = [len(words_of(ln)) for ln in lines if ln.strip()]
    return float(statistics.median(counts)) if counts else TYPICAL_WORDS


def choose(cands: list[Candidate], k: int, known: frozenset[str] = frozenset(), partial: str = "",
           typical: float = TYPICAL_WORDS) -> list[Candidate]:
    """Up to k candidates made of real words, best first, spread apart (see the module doc)."""
    typed = words_of(partial)
    pool = [c for c in cands if real_words_only(c.text, partial, known) and words_of(c.text) != typed]
    picked: list[Candidate] = []
    while pool and len(picked) < k:
        def value(c: Candidate) -> float:
            near = max((overlap(c.text, p.text) for p in picked), default=0.0)
            return c.score(typical) - DIVERSITY * near

        best = max(pool, key=value)
        picked.append(best)
        pool.remove(best)
    return picked
