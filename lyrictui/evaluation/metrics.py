"""The numbers `lyrictui eval` reports, as pure functions over lines of text.

    from lyrictui.evaluation.metrics import line_metrics
    line_metrics(generated_by_song, train_lines)   # {"distinct_1": ..., "copied": ...}

- perplexity: reported as bits per character (`bpc`) for every model, because a word
  n-gram's per-word perplexity and GPT-2's per-BPE-token perplexity count different units
  and cannot be compared; each model's own per-token perplexity is kept beside it.
- rhyme density: Malmi et al. (DopeLearning, KDD 2016), per song over its generated lines
  (see lyrictui.craft.density), averaged over songs; `end_rhyme` is the line-end variant.
- distinct-1/2: distinct word unigrams / bigrams over all generated words (Li et al. 2016);
  bigrams never cross a line end. Words are lowercased, punctuation kept out.
- syllables: mean and standard deviation (population) of syllables per generated line.
- copied: share of generated lines found verbatim (case and spacing ignored) in training.
"""

from __future__ import annotations

import math
import re

from lyrictui.craft.density import end_rhyme_density, rhyme_density
from lyrictui.craft.syllables import count_syllables

_WORD = re.compile(r"[a-z0-9']+")


def words(line: str) -> list[str]:
    return _WORD.findall(line.lower())


def distinct_n(lines: list[str], n: int) -> float:
    grams = [tuple(ws[i : i + n]) for ln in lines for ws in [words(ln)] for i in range(len(ws) - n + 1)]
    return len(set(grams)) / len(grams) if grams else 0.0


def syllable_stats(lines: list[str]) -> tuple[float, float]:
    counts = [count_syllables(ln) for ln in lines if ln.strip()]
    if not counts:
        return 0.0, 0.0
    mean = sum(counts) / len(counts)
    return mean, math.sqrt(sum((c - mean) ** 2 for c in counts) / len(counts))


def norm_line(line: str) -> str:
    return " ".join(line.split()).lower()


def copy_rate(lines: list[str], train_lines: set[str]) -> float:
    """Share of non-empty lines that appear verbatim in `train_lines` (already normalised)."""
    lines = [ln for ln in lines if ln.strip()]
    return sum(norm_line(ln) in train_lines for ln in lines) / len(lines) if lines else 0.0


def line_metrics(per_song: list[list[str]], train_lines: set[str]) -> dict[str, float]:
    """Metrics over generated lines, grouped by song (rhyme density is per song, then averaged)."""
    flat = [ln for song in per_song for ln in song]
    dens = [rhyme_density(s) for s in per_song if len(s) > 1]
    ends = [end_rhyme_density(s) for s in per_song if len(s) > 1]
    mean, sd = syllable_stats(flat)
    return {
        "lines": len(flat),
        "rhyme_density": sum(dens) / len(dens) if dens else 0.0,
        "end_rhyme": sum(ends) / len(ends) if ends else 0.0,
        "distinct_1": distinct_n(flat, 1),
        "distinct_2": distinct_n(flat, 2),
        "syllables_mean": mean,
        "syllables_sd": sd,
        "copied": copy_rate(flat, train_lines),
    }


def bpc(nll_bits: float, chars: int) -> float:
    return nll_bits / chars if chars else float("nan")


def token_ppl(nll_bits: float, tokens: int) -> float:
    return 2 ** (nll_bits / tokens) if tokens else float("nan")
