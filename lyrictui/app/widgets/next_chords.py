"""The "Next chord" panel: the likeliest next chords for the chord row, with per cent and a bar.

Display only (attributes down): the editor sets what it shows; shift+F5..F9 take a chord (keys
that never type; F5..F9 alone play chords). Styled as the other candidate panels (it is one).
"""

from __future__ import annotations

from typing import Sequence

from lyrictui.app.widgets.panels import CandidatePanel

TAKE_KEYS = ("shift+f5", "shift+f6", "shift+f7", "shift+f8", "shift+f9")
BAR_CELLS = 10  # a 100% chord fills this many cells


def ranked_rows(ranked: Sequence[tuple[str, float, str]]) -> list[str]:
    """("Em", 0.41, "verse 1") -> "Em    41% ████  as in verse 1"; chord names padded to one width."""
    width = max((len(c) for c, _, _ in ranked), default=1)
    rows = []
    for chord, prob, source in ranked:
        bar = "█" * max(1, round(BAR_CELLS * prob))
        note = "" if source == "model" else f"  as in {source}"
        rows.append(f"{chord:<{width}} {100 * prob:3.0f}% {bar}{note}")
    return rows


class NextChordsPanel(CandidatePanel):
    def __init__(self, **kwargs) -> None:
        super().__init__("Next chord", "on a chord row: the likeliest next chords", **kwargs)
        self.keys = [k.replace("shift+f", "⇧F") for k in TAKE_KEYS]
        self.chords: list[str] = []  # what shift+F5.. take, in the order shown
        self.display = False  # shown only on a chord row, while it has something to say

    def on_mount(self) -> None:
        super().on_mount()
        self.display = bool(self.chords)

    def show_ranked(self, ranked: Sequence[tuple[str, float, str]], note: str = "") -> None:
        ranked = list(ranked)[: len(TAKE_KEYS)]
        self.chords = [c for c, _, _ in ranked]
        self.set_items(ranked_rows(ranked), note=note or ("" if ranked else "no next chords came back"))
        self.display = True

    def clear(self, note: str | None = None) -> None:
        self.chords = []
        super().clear(note)
        self.display = False
