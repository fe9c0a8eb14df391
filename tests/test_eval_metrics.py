"""Eval metrics on a 4-line example worked by hand, and the n-gram baseline's probabilities."""

from __future__ import annotations

import math
import random

import pytest

from lyrictui.evaluation.metrics import copy_rate, distinct_n, line_metrics, syllable_stats
from lyrictui.evaluation.ngram import UNK, NgramLM, normalise, tokenize

LINES = ["the cat sat", "The cat ran", "a dog sat", "the cat  sat"]


def test_four_lines_by_hand():
    # words: the cat sat / the cat ran / a dog sat / the cat sat -> 12 words, 6 distinct
    assert distinct_n(LINES, 1) == pytest.approx(6 / 12)
    # bigrams (never across lines): the-cat x3, cat-sat x2, cat-ran, a-dog, dog-sat -> 5 of 8
    assert distinct_n(LINES, 2) == pytest.approx(5 / 8)
    assert syllable_stats(LINES) == (3.0, 0.0)
    assert copy_rate(LINES, {"the cat sat"}) == pytest.approx(2 / 4)  # case and spacing ignored
    m = line_metrics([LINES], {"the cat sat"})
    # Rhyme density (the repeated 4th line is dropped, as in Raplyzer). Vowels per word:
    #   0 the:AH 1 cat:AE 2 sat:AE | 3 the:AH 4 cat:AE 5 ran:AE | 6 a:AH 7 dog:AO 8 sat:AE
    # ran vs sat(2): AE=AE, AE(cat)=AE(cat), AH(the)=AH(the), stream start -> 3
    # a vs the(3): AH=AH, ran/sat AE, cat/cat AE -> 3, then the later run would reach the
    #   earlier word itself (the at 3) -> stop at 3
    # every other word: 1-vowel matches (count 0), identical words (0) or none
    # -> (3 + 3) / 8 words after the first
    assert m["rhyme_density"] == pytest.approx(6 / 8)
    # line ends sat(2), ran(5), sat(8): ran/sat 3; sat/ran 0, sat/sat same word 0 -> 3/2
    assert m["end_rhyme"] == pytest.approx(1.5)
    assert m["lines"] == 4 and m["copied"] == pytest.approx(0.5)


def test_syllable_spread():
    mean, sd = syllable_stats(["one", "one two three"])  # 1 and 3 syllables
    assert (mean, sd) == (2.0, 1.0)


def _lm() -> NgramLM:
    texts = ["Title: a\n[Verse]\nthe cat sat on the mat\nthe dog sat on the log\n", "Title: b\n[Verse]\nthe cat ran\n"]
    return NgramLM(order=3).fit(texts)


def test_ngram_is_a_distribution():
    lm = _lm()
    for ctx in [("the", "cat"), ("sat", "on"), ("never", "seen"), ()]:
        total = sum(lm.prob(tuple(ctx), w) for w in lm.vocab) + lm.prob(tuple(ctx), UNK)
        assert total == pytest.approx(1.0)
    # seen continuation beats unseen
    assert lm.prob(("the", "cat"), "sat") > lm.prob(("the", "cat"), "log")


def test_ngram_bits_and_tokens():
    lm = _lm()
    text = "Title: a\n[Verse]\nthe cat sat  on the   mat\n"
    assert normalise(text) == "Title: a\n[Verse]\nthe cat sat on the mat\n"
    assert " ".join(tokenize(normalise(text))).replace(" \n ", "\n") .startswith("Title: a\n[Verse]")
    bits, toks, chars = lm.bits(text)
    assert toks == len(tokenize(normalise(text))) and chars == len(normalise(text))
    assert 0 < bits < 200
    # an unknown word has a finite, larger cost than a known one in the same place
    unk_bits = lm.bits("Title: a\n[Verse]\nthe cat zebra on the mat\n")[0]
    assert math.isfinite(unk_bits) and unk_bits > bits


def test_ngram_generates_lines():
    lm = _lm()
    rng = random.Random(0)
    lines = [lm.generate_line("Title: x\n[Verse]\nthe cat sat on the mat\n", rng) for _ in range(10)]
    assert all(ln and "\n" not in ln and "[" not in ln for ln in lines)
    assert any(lm.copied(ln) for ln in lines)  # a tiny corpus gets copied: the metric sees it
