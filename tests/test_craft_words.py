"""Syllables, pronunciations and rhymes against a table of real words (incl. dictionary misses)."""

from __future__ import annotations

import time

import pytest

from lyrictui.craft.pronounce import guess_phones, in_dictionary, letters_to_phones, phones
from lyrictui.craft.rhymes import find_rhymes, rhyme_key, rhyme_score
from lyrictui.craft.syllables import count_syllables, word_syllables

# word -> syllables; the second block is missing from CMUdict and goes through the fallback
SYLLABLES = {
    "love": 1, "night": 1, "heart": 1, "fire": 2, "every": 3, "evening": 2, "beautiful": 3,
    "hallelujah": 4, "tomorrow": 3, "river": 2, "california": 4, "singing": 2, "the": 1, "a": 1,
    # not in the dictionary
    "lovin'": 2, "nothin'": 2, "heartbreakers": 3, "firelit": 3, "shmoopy": 2, "glimmerin'": 3,
    "blorping": 2, "sunkissed": 2, "floofy": 2,
}


@pytest.mark.parametrize("word,n", sorted(SYLLABLES.items()))
def test_word_syllables(word, n):
    assert word_syllables(word) == n


def test_fallback_words_are_really_missing():
    for w in ("heartbreakers", "firelit", "shmoopy", "blorping", "floofy", "glimmerin'"):
        assert not in_dictionary(w), w
        assert phones(w), w


def test_line_counts_and_numbers():
    assert count_syllables("the boats come in at evening") == 7
    assert count_syllables("") == 0
    assert count_syllables("  ...  ") == 0
    assert count_syllables("24/7") == count_syllables("twenty four seven") == 5
    assert count_syllables("Lovin’ you") == 3  # curly apostrophe
    assert count_syllables("café") == 2  # accents fold to plain letters


def test_fallback_chain_parts():
    # stems + suffix allophony
    assert guess_phones("heartbreakers")[-1] == "Z"
    assert guess_phones("wished", exclude="wished")[-1] == "T"
    # glued words keep one primary stress
    ph = guess_phones("firelit")
    assert sum(p.endswith("1") for p in ph) == 1
    # the rules alone still give vowels to an invented word
    assert rhyme_key(letters_to_phones("blorp")) == ("AO", "R", "P")
    # the ending model rhymes a made-up "-ation" word correctly
    assert rhyme_key(phones("glorbation")) == rhyme_key(phones("nation"))


RHYMES = [  # (a, b, kind)
    ("night", "light", "perfect"), ("love", "above", "perfect"), ("heart", "apart", "perfect"),
    ("better", "letter", "perfect"), ("nation", "station", "perfect"),
    ("better", "never", "multi"), ("money", "funny", "perfect"),
    ("time", "mind", "near"), ("home", "alone", "near"), ("cold", "old", "perfect"),
    ("night", "day", None), ("love", "move", None), ("night", "my", None),
]
SCORES = {"perfect": 1.0, "multi": 0.9, "near": 0.6, None: 0.0}


@pytest.mark.parametrize("a,b,kind", RHYMES)
def test_rhyme_score_table(a, b, kind):
    assert rhyme_score(a, b) == SCORES[kind]
    assert rhyme_score(b, a) == SCORES[kind]


def test_identical_and_homophone_are_weak():
    assert rhyme_score("love", "love") == 0.3
    assert rhyme_score("night", "knight") == 0.3


def test_find_rhymes_lists_and_ranking():
    r = find_rhymes("night")
    assert {"light", "right", "bright", "fight"} <= set(r.perfect[:30])
    assert "knight" not in r.perfect and "night" not in r.perfect
    assert r.perfect.index("light") < r.perfect.index("uptight")  # common words first
    assert "mind" in find_rhymes("time").near
    m = find_rhymes("better").multi
    assert "never" in m or "ever" in m
    assert "loved" not in find_rhymes("love").near  # same word plus a suffix is no rhyme
    # context: a word already in the song is pushed down
    plain = find_rhymes("night").perfect
    ctx = find_rhymes("night", context_words=["light", "the", "road"]).perfect
    assert ctx.index("light") > plain.index("light")


def test_find_rhymes_for_missing_word():
    r = find_rhymes("glorbation")
    assert not r.known
    assert "station" in r.perfect


def test_gutter_fast_on_a_200_line_song():
    from lyrictui.craft.scheme import rhyme_letters, scheme_string

    words = "night light road home rain again heart apart fire desire sea free day away time mind".split()
    lines = [f"line {i} of the song that goes on and on {words[i % len(words)]}" for i in range(200)]
    rhyme_letters(lines[:20])  # dictionary loaded, pair cache warm for these words
    t = time.perf_counter()
    for start in range(0, 200, 8):  # the gutter: 25 sections of 8 lines, every line new text
        sec = [ln + " x" for ln in lines[start : start + 8]]
        [count_syllables(ln) for ln in sec]
        rhyme_letters(sec)
        scheme_string(sec)
    # a few ms on a quiet machine; the bound leaves room for a loaded CI box
    assert time.perf_counter() - t < 0.5
