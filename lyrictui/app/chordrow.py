"""The chord row above a lyric line, as text and as ChordPlacements (pure; no Textual).

A chord sits at a *character* offset in the line (ChordPlacement.pos); on screen it sits
at the *cell* column where that character starts, so wide characters (CJK, emoji) keep
chords over the right syllable. The writer edits the row as plain text, chords typed over
the words with spaces between them; `parse_chord_row` turns each word of that text back
into a placement at the character under its first cell.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

from lyrictui.song.model import ChordPlacement, Line

_TOKEN = re.compile(r"\S+")


def cell_col(text: str, pos: int) -> int:
    """Screen column of character `pos` (past the end counts one cell per character)."""
    if pos <= len(text):
        return cell_len(text[:pos])
    return cell_len(text) + (pos - len(text))


def char_pos(text: str, col: int) -> int:
    """The character whose cells cover screen column `col` (the inverse of cell_col)."""
    x = 0
    for i, ch in enumerate(text):
        w = cell_len(ch)
        if col < x + w:
            return i
        x += w
    return len(text) + max(0, col - x)


def layout(line: Line) -> list[tuple[int, str]]:
    """(column, chord) for drawing: each chord over its character, pushed right to leave a gap."""
    out: list[tuple[int, str]] = []
    next_free = 0
    for c in line.sorted_chords():
        col = max(cell_col(line.text, c.pos), next_free)
        out.append((col, c.chord))
        next_free = col + cell_len(c.chord) + 1
    return out


def render_chord_row(line: Line) -> str:
    row = ""
    for col, chord in layout(line):
        row += " " * (col - cell_len(row)) + chord
    return row


def parse_chord_row(row: str, text: str) -> list[ChordPlacement]:
    """Each run of non-spaces in `row` becomes a chord at the character under its column.

    The row is chord symbols and spaces, so its characters are one cell each in practice;
    cell_col keeps it right if someone types a wide character anyway.
    """
    return [ChordPlacement(m.group(), char_pos(text, cell_col(row, m.start()))) for m in _TOKEN.finditer(row)]


def word_starts(text: str) -> list[int]:
    return [m.start() for m in _TOKEN.finditer(text)]


def distribute(chords: list[str], text: str, spacing: int = 8) -> list[ChordPlacement]:
    """Place a progression over a line: chords spread evenly over the starts of its words.

    More chords than words: the words take the first ones and the rest follow the line,
    `spacing` characters apart, so every chord keeps its own position.
    """
    starts = word_starts(text)
    n = len(chords)
    if n == 0:
        return []
    if len(starts) >= n:
        # chord k on word floor(k * words / n): the first chord on the first word, evenly after
        return [ChordPlacement(ch, starts[k * len(starts) // n]) for k, ch in enumerate(chords)]
    out = [ChordPlacement(ch, pos) for ch, pos in zip(chords, starts)]
    pos = (len(text.rstrip()) + 2) if text.strip() else 0
    if out:
        pos = max(pos, out[-1].pos + len(out[-1].chord) + 1)
    for ch in chords[len(out):]:
        out.append(ChordPlacement(ch, pos))
        pos += max(spacing, len(ch) + 1)
    return out
