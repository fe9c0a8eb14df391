"""Small text helpers the song files share: "is this token a chord?" and monospace widths.

Self-contained on purpose (no `chords` import): importers only need a yes/no answer to
tell a chord line from a lyric line, not a parsed chord.

Chord positions in a `Line` are character offsets (Python str indices, i.e. code
points). A terminal shows some characters wider or narrower than one cell, so plain-text
alignment converts between offsets and display columns here: East Asian Wide/Fullwidth
characters (CJK, most emoji) take 2 cells, combining marks, zero-width joiners and
variation selectors take 0, everything else 1 (the same rule as wcwidth, simplified).
"""

from __future__ import annotations

import re
import unicodedata

_ACC = r"(?:#|b|♯|♭)"
# A root, then any run of quality / extension / alteration pieces, then an optional
# slash bass; or N.C. (no chord). (Not re.VERBOSE: '#' is a sharp here, not a comment.)
_QUALITY = r"(?:maj|min|mi|m|M|dim|aug|sus|add|alt|omit|ø|°|Δ|\+|-|\d|\(|\)|,|\^|/(?=\d)|" + _ACC + ")"
_CHORD_RE = re.compile(
    r"^(?:N\.?C\.?|[A-G]" + _ACC + "?" + _QUALITY + "*" + r"(?:/[A-G]" + _ACC + "?)?)$"
)
# Tokens that may sit in a chord line without being chords: bar lines, repeats, "x2".
_CHORD_LINE_EXTRAS = re.compile(r"^(?:\|+|\|\||/|-|%|:?\|:?|[xX×]\d+|\(|\)|\.)$")


def is_chord_symbol(token: str) -> bool:
    """True for 'C', 'F#m7b5', 'Bbmaj7/D', 'Csus4', 'Dm(add9)', 'N.C.'; False for words."""
    return bool(token) and _CHORD_RE.match(token) is not None


def chord_line_tokens(line: str) -> list[tuple[int, str]] | None:
    """(column, chord) for each chord if every token of `line` is a chord or a bar mark, else None.

    Columns are character offsets in `line`; a line with no chord at all is not a chord line.
    """
    found: list[tuple[int, str]] = []
    for m in re.finditer(r"\S+", line):
        tok = m.group()
        if is_chord_symbol(tok):
            found.append((m.start(), tok))
        elif not _CHORD_LINE_EXTRAS.match(tok):
            return None
    return found or None


def char_width(ch: str) -> int:
    """Terminal cells one character takes (see the module docstring for the rule)."""
    if ch in "\u200b\u200c\u200d\u2060\ufeff" or "\ufe00" <= ch <= "\ufe0f":
        return 0
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def column_of(text: str, pos: int) -> int:
    """Display column where character offset `pos` of `text` starts (past the end: 1 cell each)."""
    if pos <= len(text):
        return text_width(text[: max(pos, 0)])
    return text_width(text) + (pos - len(text))


def pos_at_column(text: str, col: int) -> int:
    """Character offset whose display column is `col` (inverse of `column_of`).

    A column inside a wide character maps to the character after it; zero-width
    characters stay with the character they follow.
    """
    width = 0
    for i, ch in enumerate(text):
        if width >= col and char_width(ch) > 0:
            return i
        width += char_width(ch)
    return len(text) + max(col - width, 0)
