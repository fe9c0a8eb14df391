"""Syllable counts for lines of lyrics, fast enough to run on every keystroke.

    from lyrictui.craft.syllables import count_syllables
    count_syllables("the boats come in at evening")   # 7  (CMUdict: eve-ning)

Words come from CMUdict (first pronunciation), else the fallback in pronounce.py, so every
word counts. Digits are read as words ("24/7" -> twenty four seven). Results are cached
per word and per line: a 200-line song costs well under a millisecond once warm.
"""

from __future__ import annotations

from functools import lru_cache

from lyrictui.craft.pronounce import phones, syllables_of, words_in


@lru_cache(maxsize=200_000)
def word_syllables(word: str) -> int:
    return syllables_of(phones(word))


@lru_cache(maxsize=20_000)
def count_syllables(text: str) -> int:
    """Total syllables of a line (or any text); 0 for a blank line."""
    return sum(word_syllables(w) for w in words_in(text))


def line_syllables(lines: list[str]) -> list[int]:
    return [count_syllables(t) for t in lines]


def stress_pattern(text: str) -> str:
    """Stress per syllable: '1' stressed, '0' not; one-syllable function words count as '0'.

    e.g. "the boats come in" -> "0110". Useful to compare the meter of two lines.
    """
    from lyrictui.craft.rhymes import FUNCTION_WORDS

    out = []
    for w in words_in(text):
        ph = phones(w)
        digits = [p[-1] for p in ph if p[-1].isdigit()]
        if len(digits) == 1:
            out.append("0" if w in FUNCTION_WORDS else "1")
        else:
            out.extend("1" if d in "12" else "0" for d in digits)
    return "".join(out)
