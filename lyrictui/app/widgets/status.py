"""The status bar: song file, saved or not, active models, and the latest message."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from lyrictui.visible import visible


class StatusBar(Static):
    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.path = "(not saved yet)"
        self.saved = True
        self.lyrics = "-"
        self.chords = "-"
        self.message = ""
        self.message_error = False
        self._shown: tuple | None = None

    def on_mount(self) -> None:
        self._draw()

    def set(self, **fields) -> None:
        """Update any of path, saved, lyrics, chords, message, message_error, then redraw."""
        for k, v in fields.items():
            if not hasattr(self, k):
                raise AttributeError(k)
            setattr(self, k, visible(v) if isinstance(v, str) else v)  # messages quote files and errors
        if "message" in fields and "message_error" not in fields:
            self.message_error = False
        self._draw()

    def _draw(self) -> None:
        state = (self.path, self.saved, self.lyrics, self.chords, self.message, self.message_error)
        if state == self._shown:
            return  # Static.update re-lays out the screen: skip it on every keystroke
        self._shown = state
        t = Text(no_wrap=True, overflow="ellipsis")
        t.append(" ● " if not self.saved else " ✓ ", style="bold red" if not self.saved else "bold green")
        t.append(self.path)
        t.append("  unsaved" if not self.saved else "  saved", style="dim")
        t.append("  │ lyrics: ", style="dim")
        t.append(self.lyrics)
        t.append("  │ chords: ", style="dim")
        t.append(self.chords)
        if self.message:
            t.append("  │ ", style="dim")
            t.append(self.message, style="bold red" if self.message_error else "italic")
        self.update(t)
