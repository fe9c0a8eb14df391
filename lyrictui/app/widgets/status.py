"""The status bar: the song's file and whether it is saved, the latest message, the models.

It says only what is true: a song with no file is "new song, not saved yet"; a file that
does not exist yet (an imported .cho saving to song.song.json) is "not written yet" until
the first save. The newest message outranks the rest: on a narrow terminal the path
shortens to its file name, then the model names, the state in words (its mark stays) and
the path are left out in turn, so the message is not cut.
"""

from __future__ import annotations

from pathlib import PurePath

from rich.text import Text
from textual import events

from lyrictui.app.widgets.colors import Painted

SEP = "  │ "

from lyrictui.visible import visible


class StatusBar(Painted):
    COMPONENT_CLASSES = {"status--text", "status--muted", "status--saved", "status--unsaved", "status--error",
                         "status--message"}
    PREFIX = "status--"

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.path: str | None = None  # shown as given (relative to the working folder where it can be)
        self.written = False  # the file exists on disk
        self.saved = True  # no changes since the file was last written (or since a new song began)
        self.lyrics = "-"
        self.chords = "-"
        self.message = ""
        self.message_error = False
        self._shown: tuple | None = None

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self, event: events.Resize) -> None:
        self._draw()

    def redraw(self) -> None:
        self._shown = None
        self._draw()

    def set(self, **fields) -> None:
        """Update any of path, written, saved, lyrics, chords, message, message_error, then redraw."""
        for k, v in fields.items():
            if not hasattr(self, k):
                raise AttributeError(k)
            setattr(self, k, visible(v) if isinstance(v, str) else v)  # messages quote files and errors
        if "message" in fields and "message_error" not in fields:
            self.message_error = False
        self._draw()

    def state_text(self, short: bool = False) -> tuple[str, str, str]:
        """(mark, where, state): what the file shows, e.g. ("✓", "song.song.json", "saved")."""
        if self.path is None:
            return ("●" if not self.saved else "○", "new song", "not saved yet")
        where = PurePath(self.path).name if short else self.path
        if not self.written:
            return ("○", where, "not written yet")
        return ("✓", where, "saved") if self.saved else ("●", where, "unsaved")

    def _draw(self) -> None:
        width = self.size.width
        state = (self.path, self.written, self.saved, self.lyrics, self.chords, self.message,
                 self.message_error, width)
        if state == self._shown or not self.is_mounted:
            return  # Static.update re-lays out the screen: skip it on every keystroke
        self._shown = state
        self.update(self.compose_text(width))

    def compose_text(self, width: int) -> Text:
        t = Text(no_wrap=True, overflow="ellipsis", end="")
        for s, part in self.parts(width):
            t.append(s, self.paint(part))
        return t

    def parts(self, width: int) -> list[tuple[str, str]]:
        """(text, part) for a width: the first of these fallbacks that fits, else the last, cut."""
        models = [(SEP + "lyrics: ", "muted"), (self.lyrics, "text"), (SEP + "chords: ", "muted"), (self.chords, "text")]
        message = [(SEP, "muted"), (self.message, "error" if self.message_error else "message")] if self.message else []
        # (path as its file name only, say saved/unsaved in words, show the path, show the models)
        for short, words, path, with_models in ((False, True, True, True), (True, True, True, True),
                                                (True, True, True, False), (True, False, True, False),
                                                (True, False, False, False)):
            mark, where, state = self.state_text(short)
            parts = [(f" {mark} ", "saved" if mark == "✓" else "unsaved" if mark == "●" else "muted")]
            parts += [(where, "text")] if path else []
            parts += [(f"  {state}", "muted")] if words or not message else []
            parts += message + (models if with_models else [])
            if sum(len(s) for s, _ in parts) <= width:
                break
        return parts
