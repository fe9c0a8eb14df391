"""Rhyme schemes of songs written for this test, and rhyme density checked by hand."""

from __future__ import annotations

import pytest

from lyrictui.craft.density import end_rhyme_density, rhyme_density, vowel_stream, word_rhyme_lengths
from lyrictui.craft.scheme import predict_rhyme_line, rhyme_letters, scheme_string

COUPLETS = [  # AABB
    "we drove all night",
    "with the windows down and the radio bright",
    "you said the sea",
    "was the only place you'd ever want to be",
]
BALLAD = [  # ABCB, with a stanza break
    "the harbour lights are burning low",
    "the tide is rolling in",
    "i walk the pier the way we used to",
    "and wonder where you've been",
    "",
    "the gulls are calling out your name",
    "the rain is on the sea",
    "i never learned to say goodbye",
    "you never asked of me",
]
ALTERNATE = [  # ABAB with a near rhyme (time / mind) and a multi (better / never)
    "we had the time",
    "we wrote it down in a letter",
    "you changed your mind",
    "and nothing would be better",
]


def test_couplets():
    assert scheme_string(COUPLETS) == "AABB"


def test_ballad_blank_line_and_letters():
    letters = rhyme_letters(BALLAD)
    assert letters[4] == ""
    assert scheme_string(BALLAD[:4]) == "ABCB"
    assert letters == ["A", "B", "C", "B", "", "D", "E", "F", "E"]


def test_alternate_with_near_rhyme():
    assert scheme_string(ALTERNATE) == "ABAB"


def test_refrain_word_repeats_count():
    assert scheme_string(["hold on to me", "hold on to me", "don't let go"]) == "AAB"


def test_lines_without_words():
    assert rhyme_letters(["", "...", "la la la"]) == ["", "", "A"]


@pytest.mark.parametrize(
    "lines,expected",
    [
        (COUPLETS[:1], None),  # too early to know
        (COUPLETS[:2], None),  # AA.. -> a new sound comes next
        (COUPLETS[:3], 2),  # AAB -> rhyme with line 3
        (ALTERNATE[:2], 0),  # AB -> A
        (ALTERNATE[:3], 1),  # ABA -> B
        (BALLAD[:3], 1),  # ABC -> B
    ],
)
def test_predict_next_rhyme(lines, expected):
    assert predict_rhyme_line(lines) == expected


def test_density_by_hand():
    # Vowels (CMUdict, stress dropped):
    #   i:AY got:AA the:AH money:AH IY | you:UW got:AA the:AH honey:AH IY
    # Words 2..8 against up to 15 earlier words: only "honey" matches, with "money",
    # backwards IY, AH, AH(the), AA(got) then AY != UW -> 4 vowels. "got" and "the" repeat
    # earlier identical words (0). Density = 4 / 7 (the first word has no predecessor).
    lines = ["I got the money", "you got the honey"]
    vs = vowel_stream(lines)
    assert vs.vowels == ["AY", "AA", "AH", "AH", "IY", "UW", "AA", "AH", "AH", "IY"]
    assert word_rhyme_lengths(vs) == [0, 0, 0, 0, 0, 0, 4]
    assert rhyme_density(lines) == pytest.approx(4 / 7)
    assert end_rhyme_density(lines) == 4.0


def test_density_four_lines_by_hand():
    # One vowel per word; stream index = word index:
    #   0 go:OW  1 home:OW | 2 so:OW  3 slow:OW | 4 we:IY  5 know:OW | 6 no:OW  7 show:OW
    # Match words i < j backwards from their vowels while equal; stop when the earlier
    # side runs out or the later side reaches the earlier word; 1-vowel matches count 0.
    #   home: vs go -> 1, stream starts -> 0
    #   so:   vs go -> 1 (start) ; vs home -> 1 then reaches home -> 0
    #   slow: vs home -> OW=OW, go=so -> 2, start of stream -> 2
    #   we:   IY matches nothing -> 0
    #   know: every match stops at the IY of "we" after 1 vowel -> 0
    #   no:   vs slow -> no/slow, know/so, then IY(we) vs OW(home) -> 2
    #   show: vs slow -> show/slow, no/so, know/home, then IY vs OW(go) -> 3
    # density = (0+0+2+0+0+2+3) / 7 words after the first = 1.0
    lines = ["go home", "so slow", "we know", "no show"]
    vs = vowel_stream(lines)
    assert vs.vowels == ["OW", "OW", "OW", "OW", "IY", "OW", "OW", "OW"]
    assert word_rhyme_lengths(vs) == [0, 0, 2, 0, 0, 2, 3]
    assert rhyme_density(lines) == pytest.approx(1.0)
    # line ends home, slow, know, show: slow/home 2, know/* 0 (IY), show/slow 3 -> 5/3
    assert end_rhyme_density(lines) == pytest.approx(5 / 3)
