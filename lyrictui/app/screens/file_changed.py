"""The song file changed on disk while it was open: ask, never overwrite it silently.

`FileGuard` is the editor's song file as it was read. Every save (ctrl+s or autosave)
goes through `FileGuard.save`, which passes the file's `Stamp` to `save_song`; when the
file no longer holds what was read, nothing is written and `FileChangedModal` asks:

    reload      take their version (ctrl+z brings yours back)
    keep mine   their version is written beside the song as NAME.theirs-TIME.EXT, then yours
    save as     yours under another name; the file keeps theirs

The guard also holds the song's lock file (`lyrictui.fileguard`) and warns when another
lyrictui has the same song open.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from lyrictui import atomic
from lyrictui.fileguard import Stamp, read_stamp, release_lock, stamp_of, take_lock
from lyrictui.song.formats import strip_song_suffix
from lyrictui.song.io import FileChangedError, SongFileError, load_song_stamped, save_song
from lyrictui.song.model import Song
from lyrictui.visible import visible

if TYPE_CHECKING:
    from lyrictui.app.screens.editor import EditorScreen


class FileChangedModal(ModalScreen[str | None]):
    """Returns "reload", "mine", "save_as", or None (decide later; nothing is saved meanwhile).

    It can pop up while the writer is typing (an autosave found the change), so no plain
    key and no auto-focused button answers it: only ctrl keys, Tab to a button, or a click.
    """

    AUTO_FOCUS = None
    BINDINGS = [
        Binding("escape", "answer(None)", "Later"),
        Binding("ctrl+r", "answer('reload')", "Reload theirs"),
        Binding("ctrl+k", "answer('mine')", "Keep mine"),
        Binding("ctrl+a", "answer('save_as')", "Save mine as"),
    ]

    def __init__(self, name: str, theirs_name: str) -> None:
        super().__init__()
        self.song_name = visible(name)
        self.theirs_name = visible(theirs_name)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="file-changed"):
            yield Label(f"{self.song_name} changed on disk since you opened it.", markup=False,
                        classes="dialog-title")
            yield Label(
                "Nothing was saved over it.  ctrl+r: reload theirs (ctrl+z brings yours back)   "
                f"ctrl+k: keep mine; theirs goes to {self.theirs_name}   ctrl+a: save mine as…   Esc: later",
                markup=False, classes="dialog-hint",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Reload theirs", id="reload")
                yield Button("Keep mine", id="mine", variant="primary")
                yield Button("Save mine as…", id="save_as")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)


def theirs_path(path: Path, when: float | None = None) -> Path:
    """`song.theirs-20261202-1104.song.json` beside `song.song.json`: a name no one has yet."""
    stem = strip_song_suffix(path.name)
    ext = path.name[len(stem):]
    tag = time.strftime("%Y%m%d-%H%M%S", time.localtime(when))
    out, n = path.with_name(f"{stem}.theirs-{tag}{ext}"), 1
    while out.exists():
        out, n = path.with_name(f"{stem}.theirs-{tag}-{n}{ext}"), n + 1
    return out


class FileGuard:
    """The editor's song file as it was read, its lock, and the question when it changed."""

    def __init__(self, screen: "EditorScreen", path: Path | None) -> None:
        self.screen = screen
        self.path: Path | None = None
        self.stamp: Stamp | None = None
        self.conflict = False  # the file changed under us and the writer has not decided yet
        self.asking = False
        self.holder = None
        self._theirs = Path()
        self._aim(path)

    def _aim(self, path: Path | None) -> None:
        if self.path is not None:
            release_lock(self.path)
        self.path, self.conflict = path, False
        self.stamp = read_stamp(path) if path is not None else None
        self.holder = take_lock(path) if path is not None else None

    def opened(self) -> None:
        """Warn (on mount) when another lyrictui has this song open."""
        if self.holder is not None and self.path is not None:
            self.screen.notify(
                visible(f"{self.path.name} is open in another lyrictui ({self.holder.describe()}); "
                        "saves from both will clash (you will be asked before anything is overwritten)"),
                title="already open", severity="warning", timeout=15,
            )

    def release(self) -> None:
        if self.path is not None:
            release_lock(self.path)

    def save(self, song: Song, path: Path, interactive: bool = True) -> None:
        """save_song, unless the file changed since it was read (FileChangedError; the writer is asked).

        Thread-safe enough for the autosave worker: asking is scheduled on the UI thread.
        `interactive` False (autosave) asks only when the change is new, so a writer who
        chose "later" is not asked again at every autosave tick.
        """
        if path != self.path:
            self._aim(path)  # a name the writer just chose: replacing that file is meant
        first = not self.conflict
        try:
            self.stamp = save_song(song, path, expect=self.stamp)
        except FileChangedError:
            self.conflict = True
            if first or interactive:
                self.screen.call_later(self.ask)  # call_later posts a message: safe from a worker
            raise

    def ask(self) -> None:
        if self.asking or not self.conflict or self.path is None:
            return
        self.asking = True
        self._theirs = theirs_path(self.path)  # the name the dialog promises
        self.screen.app.push_screen(FileChangedModal(self.path.name, self._theirs.name), self._answered)

    def _answered(self, answer: str | None) -> None:
        self.asking = False
        if answer == "reload":
            self._reload()
        elif answer == "mine":
            self._keep_mine()
        elif answer == "save_as":
            self.screen.save(ask=True)

    def _reload(self) -> None:
        assert self.path is not None
        try:
            song, stamp = load_song_stamped(self.path)
        except SongFileError as e:
            self.screen.notify(f"cannot reload: {e}", title="not reloaded", severity="error")
            return
        self.stamp, self.conflict = stamp, False
        self.screen.reloaded(song)

    def _keep_mine(self) -> None:
        assert self.path is not None
        try:
            theirs = self.path.read_bytes()
        except FileNotFoundError:
            theirs = None  # they deleted it: nothing of theirs to keep
        except OSError as e:
            self.screen.notify(visible(f"cannot read their version: {e}"), severity="error")
            return
        if theirs is not None:
            beside = self._theirs if not self._theirs.exists() else theirs_path(self.path)
            try:
                atomic.write_bytes(beside, theirs)
            except OSError as e:
                self.screen.notify(visible(f"cannot keep their version: {e.strerror or e}"), severity="error")
                return
            self.screen.notify(visible(f"their version is in {beside.name}"), title="kept theirs beside")
        self.stamp = stamp_of(self.path, theirs)  # what we read, not a second look that could miss a write
        self.conflict = False
        self.screen.save()
