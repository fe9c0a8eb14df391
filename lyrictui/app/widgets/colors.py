"""Readable colours for widgets that draw their own rows (the song view's line API).

Textual blends translucent theme colours ($boost, $text-muted: alpha < 1) only for a
widget's own style; a component class read with `get_component_rich_style(partial=True)`
loses its alpha, so `$boost` (white at 4%) became a solid white bar with light text on it.
`layered_style` composites each layer over the background it really sits on, resolves
`auto` text against that background, and lifts a foreground that would still read below
WCAG AA (4.5:1) toward black or white, so every theme stays readable.

ANSI colours belong to the terminal's palette (the ansi-dark/ansi-light themes): they are
passed through untouched, since their real values are the terminal's to choose.
"""

from __future__ import annotations

from rich.style import Style
from textual.color import BLACK, WHITE, Color
from textual.widget import Widget
from textual.widgets import Static

AA = 4.5  # WCAG 2 AA contrast for normal-size text


def luminance(c: Color) -> float:
    """WCAG relative luminance of an sRGB colour (0 black .. 1 white)."""

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)


def contrast_ratio(a: Color, b: Color) -> float:
    """WCAG contrast ratio, 1 (same) .. 21 (black on white)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def legible(fg: Color, bg: Color, ratio: float = AA) -> Color:
    """fg, or the least-changed mix of fg toward black/white that reaches `ratio` on bg."""
    if fg.ansi is not None or bg.ansi is not None or contrast_ratio(fg, bg) >= ratio:
        return fg
    target = max((BLACK, WHITE), key=lambda t: contrast_ratio(t, bg))
    for step in range(1, 21):  # 5% steps keep the hue while there is any left to keep
        mixed = fg.blend(target, step / 20, 1.0)
        if contrast_ratio(mixed, bg) >= ratio:
            return mixed
    return target


def _declared_color(widget: Widget) -> Color:
    """The text colour the widget inherits, before blending (may be translucent or auto)."""
    color = WHITE
    for node in reversed(widget.ancestors_with_self):
        if node.styles.has_rule("color"):
            color = node.styles.color
    return color


def layered_style(widget: Widget, *components: str) -> Style:
    """The widget's style with component classes layered on in order, as solid colours.

    Each layer's background is composited over the one below; the text colour (the last
    layer that sets one, else the widget's) is composited over the final background and
    made legible on it. Text styles (bold, reverse...) accumulate.
    """
    bg = widget.background_colors[1]
    fg = _declared_color(widget)
    text = Style()
    for name in components:
        styles = widget.get_component_styles(name)
        if styles.has_rule("background"):
            bg = bg + styles.background
        if styles.has_rule("color"):
            fg = styles.color
        text += styles.text_style
    solid = bg + fg if fg.ansi is None else fg
    return Style(color=legible(solid, bg).rich_color, bgcolor=bg.rich_color) + text


class Painted(Static):
    """A Static whose text parts take readable colours from its component classes.

    Subclasses name their classes PREFIX + part in COMPONENT_CLASSES and style them in
    app.tcss. Colours are resolved when drawing, so a change of theme draws again."""

    PREFIX = ""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._paint_cache: dict[str, Style] = {}  # a streaming panel redraws on every token

    def paint(self, part: str) -> Style:
        style = self._paint_cache.get(part)
        if style is None:
            style = self._paint_cache[part] = layered_style(self, self.PREFIX + part)
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._paint_cache.clear()
        if self.is_mounted:
            self.call_later(self.redraw)

    def redraw(self) -> None:
        """Draw again with the current theme's colours."""
        raise NotImplementedError
