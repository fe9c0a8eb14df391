"""The key bar at the foot of the editor: the screen's shown keys, then Help, Quit, the palette.

In place of Textual's Footer, for two reasons: its key colour (the theme's accent) reads
below WCAG AA on several themes, and on a narrow terminal it cuts the last key in half.
Here a key that does not fit is left out whole (Help, Quit and the palette always stay,
at the right), colours are kept readable, and a click on a key presses it.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen

from lyrictui.app.widgets.colors import Painted

RIGHT = ("help", "quit")  # kept at the right whatever the width, with the palette


class KeyBar(Painted):
    COMPONENT_CLASSES = {"keybar--key", "keybar--description"}
    PREFIX = "keybar--"

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self._spans: list[tuple[int, int, str]] = []  # (x0, x1, key) of each key shown

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is self.screen:
            self.call_after_refresh(self.redraw)

    def on_resize(self, event: events.Resize) -> None:
        self.redraw()

    def keys(self) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
        """(left, right): (key, key as shown, description) of the keys to show, once per action."""
        app = self.app
        left: list[tuple[str, str, str]] = []
        right: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not (binding.show and enabled) or binding.action in seen:
                continue
            seen.add(binding.action)
            item = (binding.key, app.get_key_display(binding), binding.description)
            (right if binding.action in RIGHT else left).append(item)
        if app.ENABLE_COMMAND_PALETTE:
            palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Palette")
            right.append((palette.key, app.get_key_display(palette), "Palette"))
        return left, right

    def redraw(self) -> None:
        if not self.screen.is_mounted:
            return  # the screen's check_action needs its own on_mount to have run
        width = self.size.width
        left, right = self.keys()

        def size(items: list[tuple[str, str, str]]) -> int:
            return sum(cell_len(f" {shown} {desc} ") for _, shown, desc in items)

        while left and size(left) + size(right) > width:
            left.pop()  # the last keys are the least used: leave them out whole
        key_style, desc_style = self.paint("key"), self.paint("description")
        t = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        pad = max(0, width - size(left) - size(right))
        for i, (key, shown, desc) in enumerate(left + right):
            if i == len(left):
                t.append(" " * pad)
            x0 = t.cell_len
            t.append(f" {shown} ", key_style)
            t.append(f"{desc} ", desc_style)
            self._spans.append((x0, t.cell_len, key))
        self.update(t)

    async def on_click(self, event: events.Click) -> None:
        for x0, x1, key in self._spans:
            if x0 <= event.x < x1:
                event.stop()
                await self.app.simulate_key(key)
                return
