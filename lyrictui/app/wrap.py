"""Where a lead-sheet line too long for the view breaks onto more rows (pure; no Textual).

The song view wraps every line but the one being edited (that one scrolls sideways); the
chord row and the lyric row of a line break at the same columns, so chords stay over their
words.
"""

from __future__ import annotations

from rich.cells import cell_len


def wrap_cells(text: str, chords: list[tuple[int, str]], width: int) -> list[int]:
    """The cell column each screen row of a line starts at: [0] when it fits in `width`.

    A row breaks before a word, where no chord (`chords`: chordrow.layout's (column, chord))
    spans the break; only a word longer than a whole row is broken inside."""
    spans = [(col, col + cell_len(chord)) for col, chord in chords]
    total = max([cell_len(text)] + [end for _, end in spans])
    breaks: list[int] = []
    x, prev = 0, " "
    for ch in text:
        if prev == " " and ch != " " and x > 0 and not any(a < x < b for a, b in spans):
            breaks.append(x)
        x, prev = x + cell_len(ch), ch
    starts = [0]
    while width > 0 and total - starts[-1] > width:
        lo = starts[-1]
        fits = [b for b in breaks if lo < b <= lo + width]
        starts.append(fits[-1] if fits else lo + width)
    return starts
