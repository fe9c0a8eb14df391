"""Read what the terminal would show, cell run by cell run, with the colours it would use.

The compositor's strips are the final frame: each segment's rich style after Textual has
composited backgrounds and turned `dim` into a blended colour. ANSI colours (the ansi-dark
and ansi-light themes) are resolved with the palette Textual itself assumes for them
(`app.ansi_theme`); `reverse` swaps the pair, as the terminal does.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.color import Color as RichColor
from textual.color import Color

from lyrictui.app.widgets.colors import contrast_ratio


@dataclass(frozen=True)
class Run:
    y: int
    x: int
    text: str
    fg: Color
    bg: Color

    @property
    def contrast(self) -> float:
        return contrast_ratio(self.fg, self.bg)


def _solid(app, c: RichColor | None, foreground: bool) -> Color:
    t = (c or RichColor.default()).get_truecolor(app.ansi_theme, foreground=foreground)
    return Color(t.red, t.green, t.blue)


def screen_runs(app, rows: range | None = None, cols: range | None = None, spaces: bool = False) -> list[Run]:
    """Every run of visible (non-space, unless `spaces`) text on screen, in these rows and columns."""
    strips = app.screen._compositor.render_strips()
    out: list[Run] = []
    for y, strip in enumerate(strips):
        if rows is not None and y not in rows:
            continue
        x = 0
        for seg in strip:
            x0, x = x, x + seg.cell_length
            if not (spaces or seg.text.strip()) or seg.style is None:
                continue
            if cols is not None and (x0 not in cols):
                continue
            fg, bg = _solid(app, seg.style.color, True), _solid(app, seg.style.bgcolor, False)
            if seg.style.reverse:
                fg, bg = bg, fg
            out.append(Run(y, x0, seg.text, fg, bg))
    return out


def unreadable(runs: list[Run], ratio: float) -> list[str]:
    return [f"{r.text!r} at ({r.x},{r.y}): {r.fg.hex} on {r.bg.hex} = {r.contrast:.2f}:1"
            for r in runs if r.contrast < ratio]


def region_text_rows(app, region) -> list[str]:
    """The rows of text shown inside a screen region (one cell per character assumed)."""
    strips = app.screen._compositor.render_strips()
    return ["".join(seg.text for seg in strips[y])[region.x:region.right] for y in range(region.y, region.bottom)]


def region_text(app, region) -> str:
    """The text shown inside a screen region, rows joined by spaces, runs of spaces as one."""
    return " ".join(" ".join(region_text_rows(app, region)).split())
