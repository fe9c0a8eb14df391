"""Rhyme schemes: which lines of a section rhyme with which (A, B, ...).

    from lyrictui.craft.scheme import rhyme_letters, scheme_string
    lines = ["the night is cold", "my hands are numb", "the story's told", "the morning's come"]
    rhyme_letters(lines)   # ['A', 'B', 'A', 'B']
    scheme_string(lines)   # 'ABAB'

A line's rhyme word is its last word. A line joins the group of the most recent earlier
line whose last word rhymes with it (perfect, multi or near rhyme, or the same word: a
refrain's repeated word is part of the scheme); otherwise it starts a new letter. Blank
lines get "" and are skipped in the scheme string. Pure and cached per word pair, so the
gutter can recompute a section on every keystroke.
"""

from __future__ import annotations

from lyrictui.craft.pronounce import words_in
from lyrictui.craft.rhymes import rhyme_score

RHYME_THRESHOLD = 0.3  # identical words (0.3), near (0.6), multi (0.9) and perfect (1.0) all count
WINDOW = 16  # earlier lines a line is compared with: rhymes answer nearby lines, and it keeps
# a 200-line section's first pass well under 100 ms (later passes hit the pair cache)
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def last_word(text: str) -> str:
    ws = words_in(text)
    return ws[-1] if ws else ""


def _letter(i: int) -> str:
    """A, B, ..., Z, AA, AB, ...: bijective base 26, so any number of groups has a name."""
    out, i = "", i + 1
    while i:
        i, r = divmod(i - 1, 26)
        out = _LETTERS[r] + out
    return out


def rhyme_groups(lines: list[str]) -> list[int | None]:
    """Group index per line (None for blank lines), groups numbered in order of appearance."""
    out: list[int | None] = []
    ends: list[tuple[str, int]] = []  # (last word, group) of earlier lines, oldest first
    n_groups = 0
    for text in lines:
        w = last_word(text)
        if not w:
            out.append(None)
            continue
        group = None
        for prev, g in reversed(ends[-WINDOW:]):
            if rhyme_score(prev, w) >= RHYME_THRESHOLD:
                group = g
                break
        if group is None:
            group = n_groups
            n_groups += 1
        ends.append((w, group))
        out.append(group)
    return out


def rhyme_letters(lines: list[str]) -> list[str]:
    """One letter per line ('A', 'B', ...), "" for blank lines."""
    return ["" if g is None else _letter(g) for g in rhyme_groups(lines)]


def scheme_string(lines: list[str]) -> str:
    """The section's scheme, e.g. 'AABB' (blank lines left out)."""
    return "".join(rhyme_letters(lines))


# Common patterns, to predict the letter of the next line ("follow the section's scheme").
PATTERNS = ("AABB", "ABAB", "ABCB", "ABBA", "AAAA", "AABCCB", "AAXA")


def _fits(pattern: str, seen: list[str]) -> bool:
    """Does `seen` (letters so far) follow `pattern` repeated, up to renaming letters?

    'X' in a pattern is a line that rhymes with nothing in particular.
    """
    period = len(pattern)
    mapping: dict[tuple[int, str], str] = {}
    for i, letter in enumerate(seen):
        p = pattern[i % period]
        if p == "X":
            continue
        k = (i // period, p)  # a pattern's letters are fresh each stanza
        if mapping.setdefault(k, letter) != letter:
            return False
    # distinct pattern letters within a stanza must be distinct in `seen`
    by_stanza: dict[int, dict[str, str]] = {}
    for (stanza, p), letter in mapping.items():
        inv = by_stanza.setdefault(stanza, {})
        if letter in inv and inv[letter] != p:
            return False
        inv[letter] = p
    return True


def predict_rhyme_line(lines: list[str]) -> int | None:
    """Index of the earlier line the next line should rhyme with, or None (a new sound).

    Uses the first pattern in PATTERNS that the section so far follows (at least 2 lines).
    """
    idx = [i for i, t in enumerate(lines) if last_word(t)]
    letters = [rhyme_letters(lines)[i] for i in idx]
    if len(letters) < 2:
        return None
    for pattern in PATTERNS:
        if not _fits(pattern, letters):
            continue
        period = len(pattern)
        k = len(letters)
        want = pattern[k % period]
        stanza_start = (k // period) * period
        for j in range(k - 1, stanza_start - 1, -1):
            if pattern[j % period] == want and want != "X":
                return idx[j]
        return None
    return None
