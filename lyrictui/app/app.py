"""The lyrictui Textual app: one editor screen, the quit key and the command palette.

    lyrictui my-song.song.json        # or: python -c "from lyrictui.app.app import LyricApp; LyricApp().run()"

Tests build it with providers of their own (`LyricApp(song, path, lyric_provider=...,
load_models=False)`) and drive it with `app.run_test()`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from lyrictui.app.commands import editor_commands
from lyrictui.app.keyorder import KeyOrder, read_esc_digits_as_alt
from lyrictui.app.screens.editor import EditorScreen
from lyrictui.config import Config, load_config
from lyrictui.song.model import Song
from lyrictui.visible import visible


class LyricApp(App[None], inherit_bindings=False):
    CSS_PATH = "app.tcss"
    TITLE = "lyrictui"
    # Size classes on every screen (app.tcss): side panels narrow below 100 columns.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-normal"), (140, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # compact dialogs under 32 rows
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(
        self,
        song: Song | None = None,
        path: str | Path | None = None,
        *,
        lyric_provider: Any = None,
        progression_provider: Any = None,
        load_models: bool = True,
        songcraft: bool = True,
        config: Config | None = None,
        notice: str | None = None,
        ask_info: bool = False,
        source: str | Path | None = None,
    ) -> None:
        super().__init__()
        self.config = config if config is not None else load_config()
        self.notice = notice  # shown once at start, e.g. "imported song.cho; saving to song.song.json"
        self.editor = EditorScreen(
            song, Path(path) if path is not None else None, self.config,
            lyric_provider=lyric_provider, progression_provider=progression_provider, load_models=load_models,
            songcraft=songcraft, ask_info=ask_info, source=Path(source) if source is not None else None,
        )
        self.key_order = KeyOrder(self)
        read_esc_digits_as_alt()

    def on_mount(self) -> None:
        if self.config.keys:
            self.set_keymap(self.config.keys)
        self.push_screen(self.editor)
        if self.notice:
            self.notify(self.notice)

    def notify(self, message: str, *, title: str = "", **kwargs: Any) -> None:
        # Every toast and dialog note goes through here; they quote file names, file
        # contents and model errors, so their control characters are shown, never obeyed,
        # and their brackets ("[C]", "[Chorus]") are text, not Textual markup.
        kwargs.setdefault("markup", False)
        super().notify(visible(message), title=visible(title), **kwargs)

    async def on_event(self, event: events.Event) -> None:
        if not await self.key_order.take(event):  # keys and pastes in arrival order (app/keyorder.py)
            await super().on_event(event)

    async def handle_key_as_textual(self, event: events.Event) -> None:
        await super().on_event(event)

    async def action_quit(self) -> None:
        opened = self.editor.request_quit()
        if opened is not None:
            await opened  # the keys after ctrl+q answer the question

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: the editor's commands, the theme and quit. Textual's own "Keys" (a second
        list of keys, with its framework keys), "Maximize" and "Screenshot" stay out."""
        yield from editor_commands(self.editor)
        yield SystemCommand("Theme", "Change the colours (every theme keeps the text readable)",
                            self.action_change_theme)
        yield SystemCommand("Quit", "Quit lyrictui (asks first if there are unsaved changes)", self.action_quit)
