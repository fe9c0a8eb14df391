"""Rhyme density: the average length (in vowels) of the longest rhyme each word makes.

    from lyrictui.craft.density import rhyme_density
    rhyme_density(["i got the money", "you got the honey"])

Malmi et al., "DopeLearning" (KDD 2016), after Malmi's Raplyzer: turn the lyrics into the
sequence of their vowel sounds (here CMUdict vowels, stress dropped), then for every word
find the longest vowel sequence ending at its last vowel that also ends at the last vowel of
one of the `lookback` words before it (matching backwards, never overlapping, not counting
the same word repeated); one-vowel matches count as 0 (a single shared vowel is chance).
The density is the mean over all words but the first. Duplicate lines are dropped first, as
Raplyzer does, so a repeated chorus does not count as rhyming with itself.

It measures multisyllabic rhyme, as the paper meant it to: nine/wine or bark/dark share one
vowel sound (consonants are not compared), so they score 0 and a plain AABB verse of
one-syllable rhymes has density 0.0. `lyrictui analyze` says so and also counts rhyming
lines from the rhyme scheme, which does hear them.

`end_rhyme_density` is the same measure taken only at line ends, each compared with the
last words of the `lookback_lines` lines before: how strongly a song's end rhymes chime.
"""

from __future__ import annotations

from dataclasses import dataclass

from lyrictui.craft.pronounce import is_vowel, phones, words_in

LOOKBACK = 15  # words; Raplyzer's default is 10, the longer window also sees the line before


@dataclass
class VowelStream:
    vowels: list[str]  # every vowel sound in order, e.g. ["AY", "AA", "AH", ...]
    word_ends: list[int]  # per word (that has a vowel): index in `vowels` of its last vowel
    words: list[str]
    line_ends: list[int]  # per non-empty line: index in `words` of its last word


def vowel_stream(lines: list[str], dedupe: bool = True) -> VowelStream:
    vs = VowelStream([], [], [], [])
    seen: set[str] = set()
    for text in lines:
        key = " ".join(words_in(text))
        if not key or (dedupe and key in seen):
            continue
        seen.add(key)
        had = False
        for w in words_in(text):
            vow = [p[:-1] for p in phones(w) if is_vowel(p)]
            if not vow:
                continue
            vs.vowels.extend(vow)
            vs.word_ends.append(len(vs.vowels) - 1)
            vs.words.append(w)
            had = True
        if had:
            vs.line_ends.append(len(vs.words) - 1)
    return vs


def match_length(vs: VowelStream, i: int, j: int) -> int:
    """Vowels matched backwards from the ends of words i < j (Raplyzer's rhyme_length_fixed)."""
    if vs.words[i] == vs.words[j]:
        return 0
    p1, p2 = vs.word_ends[i], vs.word_ends[j]
    n = 0
    while vs.vowels[p1 - n] == vs.vowels[p2 - n]:
        n += 1
        if p1 - n < 0 or p2 - n <= p1:
            break
    return 0 if n == 1 else n


def word_rhyme_lengths(vs: VowelStream, lookback: int = LOOKBACK) -> list[int]:
    """Longest rhyme per word (from the second word on)."""
    return [
        max((match_length(vs, i, j) for i in range(max(0, j - lookback), j)), default=0)
        for j in range(1, len(vs.words))
    ]


def rhyme_density(lines: list[str], lookback: int = LOOKBACK) -> float:
    """Mean longest-rhyme length per word; 0.0 for fewer than two words."""
    lens = word_rhyme_lengths(vowel_stream(lines), lookback)
    return sum(lens) / len(lens) if lens else 0.0


def end_rhyme_density(lines: list[str], lookback_lines: int = 4) -> float:
    """The same measure at line ends only, each against the previous lines' last words."""
    vs = vowel_stream(lines)
    ends = vs.line_ends
    lens = [
        max((match_length(vs, ends[a], ends[b]) for a in range(max(0, b - lookback_lines), b)), default=0)
        for b in range(1, len(ends))
    ]
    return sum(lens) / len(lens) if lens else 0.0
