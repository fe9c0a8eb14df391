"""The editor screen: the song view, the suggestion panels, the status bar, and the keys.

It owns the SongDoc and the song's file: saving (ctrl+s, asking for a name the first
time), autosave (after each committed line and on a timer, in a worker, atomically
through lyrictui.song.io.save_song), undo/redo, sections, and the quit question.
Talking to providers lives in AssistMixin (screens/assist.py); palette commands in
lyrictui/app/commands.py.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any, Callable

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import AwaitMount

from lyrictui.app.document import SongDoc
from lyrictui.app.messages import DocChanged, Saved
from lyrictui.app.playback import PLAY_BINDINGS, PlaybackMixin
from lyrictui.app.screens.assist import AssistMixin
from lyrictui.app.screens.candidates import PICK_BINDINGS, CandidatesMixin
from lyrictui.app.screens.file_changed import FileGuard
from lyrictui.app.screens.help import HelpScreen, binding_rows
from lyrictui.app.screens.modals import ChoiceModal, ConfirmQuit, FormModal, TextPrompt
from lyrictui.app.widgets.keybar import KeyBar
from lyrictui.app.screens import next_chords
from lyrictui.app.widgets.next_chords import NextChordsPanel
from lyrictui.app.widgets.panels import CandidatePanel, RhymePanel
from lyrictui.app.widgets.song_view import SongView
from lyrictui.app.widgets.status import StatusBar
from lyrictui.config import Config
from lyrictui.song.formats import FORMATS, NATIVE, SONG_SUFFIXES
from lyrictui.song.model import SECTION_KINDS, Song
from lyrictui.visible import visible  # a file name may hold controls


def default_file_name(title: str) -> str:
    slug = re.sub(r"[^\w\-]+", "-", title.strip().lower(), flags=re.UNICODE).strip("-")
    return (slug or "untitled") + FORMATS[NATIVE].extensions[0]


def display_path(path: Path | None) -> str:
    if path is None:
        return "(not saved yet)"
    try:
        return visible(str(path.resolve().relative_to(Path.cwd().resolve())))
    except ValueError:
        return visible(str(path))


class EditorScreen(CandidatesMixin, next_chords.NextChordsMixin, AssistMixin, PlaybackMixin, Screen):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save"),
        Binding("ctrl+z", "undo", "Undo", show=False, id="undo"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="redo"),
        Binding("ctrl+g", "suggest", "Suggest", id="suggest"),
        Binding("ctrl+l", "complete", "Complete the line", show=False, id="complete"),
        Binding("ctrl+o", "progressions", "Chords", id="progressions"),
        Binding("ctrl+r", "rhymes", "Rhymes", show=False, id="rhymes"),
        Binding("ctrl+t", "rhyme_target", "Rhyme target (line N, scheme, syllables)",
                show=False, id="rhyme_target"),
        Binding("escape", "dismiss_panel", "Dismiss suggestions", show=False, id="dismiss"),
        Binding("ctrl+d", "delete_line", "Delete line", show=False, id="delete_line"),
        Binding("ctrl+n", "new_section", "New section", show=False, id="new_section"),
        Binding("f2", "rename_section", "Rename section", show=False, id="rename_section"),
        Binding("alt+up", "reorder_section(-1)", "Move section up", show=False, id="section_up"),
        Binding("alt+down", "reorder_section(1)", "Move section down", show=False, id="section_down"),
        Binding("f1", "help", "Help", id="help"),
        *PLAY_BINDINGS,
        *PICK_BINDINGS,
        *next_chords.BINDINGS,
    ]

    def __init__(
        self,
        song: Song | None,
        path: Path | None,
        config: Config,
        lyric_provider: Any = None,
        progression_provider: Any = None,
        load_models: bool = True,
        songcraft: bool = True,
        ask_info: bool = False,
        source: Path | None = None,
    ) -> None:
        super().__init__()
        self.source = source  # the file the song was imported from (export never replaces it unasked)
        self.ask_info = ask_info  # a new song: open the song-info dialog first (its title is a guess)
        self.doc = SongDoc(song)
        self.path = path
        self.config = config
        self.lyric_provider = lyric_provider
        self.progression_provider = progression_provider
        self.load_models = load_models
        self.songcraft = songcraft  # syllables and rhyme letters in the gutter
        self.saved_version = 0
        self._saved_content = self.doc.song_for_saving().to_dict()  # what the file holds (or a new song)
        self._save_lock = threading.Lock()  # autosave workers and ctrl+s never write at once
        self._written_version = -1
        self.guard = FileGuard(self, path)  # every save checks the file still holds what was read
        self._last_line = (0, 0)
        self._init_assist()
        self._init_playback()
        self._init_candidates()

    def compose(self) -> ComposeResult:
        with Horizontal(id="main"):
            yield SongView(self.doc, id="song")
            with VerticalScroll(id="side"):
                yield CandidatePanel("Lines", "ctrl+g suggest · ctrl+l complete", id="lines")
                yield CandidatePanel("Chords", "ctrl+o propose (Tab: chord row)", id="chords")
                yield NextChordsPanel(id="next-chords")
                yield RhymePanel(id="rhymes")
        yield StatusBar(id="status")
        yield KeyBar(id="keys")

    def on_mount(self) -> None:
        self.view = self.query_one(SongView)
        self.lines_panel = self.query_one("#lines", CandidatePanel)
        self.chords_panel = self.query_one("#chords", CandidatePanel)
        self.next_chords_panel = self.query_one(NextChordsPanel)
        self.rhyme_panel = self.query_one(RhymePanel)
        self.status = self.query_one(StatusBar)
        self.status.set(
            path=None if self.path is None else display_path(self.path),
            written=self.path is not None and self.path.exists(),
            saved=True,
            lyrics=self._provider_name(self.lyric_provider),
            chords=self._provider_name(self.progression_provider),
        )
        self.view.focus()
        if self.songcraft:
            self.warm_craft()
        if self.load_models:
            self.start_loading()
        if self.config.autosave_seconds > 0:
            self.set_interval(self.config.autosave_seconds, self.autosave)
        if self.ask_info:
            from lyrictui.app.commands import edit_details

            self.call_after_refresh(edit_details, self)
        for w in self.config.warnings:
            self.notify(w, title="config", severity="warning")
        self.guard.opened()

    def on_unmount(self) -> None:
        self.guard.release()

    # ----- state ------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        """Unsaved changes: the song differs from what was last saved (undoing back to it is clean)."""
        if self.doc.version == self.saved_version:
            return False
        return self.doc.song_for_saving().to_dict() != self._saved_content

    def _update_saved(self) -> None:
        self.status.set(saved=not self.dirty)

    def doc_changed(self, structure: bool = True) -> None:
        """After the screen itself changed the doc (undo, a taken candidate, sections)."""
        self.view.refresh_doc(structure)
        self._last_line = (self.doc.cursor.section, self.doc.cursor.line)
        self._update_saved()
        self.refresh_next_chords()

    def on_doc_changed(self, msg: DocChanged) -> None:
        self.set_pick(None)  # typing or moving leaves the candidate list
        c = self.doc.cursor
        line = (c.section, c.line)
        if msg.committed:
            self._auto_paused = False
            self.cancel_progressions()
            self.schedule_lines()
            self.autosave()
        elif msg.typed:
            self.schedule_lines()
        elif line != self._last_line:
            self.cancel_lines()
            self.cancel_progressions()
        self._last_line = line
        self._update_saved()
        self.refresh_next_chords()

    def open_dialog(self, dialog: Screen[Any], answered: Callable[[Any], None] | None = None) -> AwaitMount:
        """Push a dialog. Actions return what this returns: Textual awaits it, so the keys
        after the one that opened the dialog go to the dialog's field, not to the song."""
        return self.app.push_screen(dialog, answered)

    # ----- keys in arrival order --------------------------------------------------------
    async def take_input(self, event: events.Key | events.Paste) -> bool:
        """A key or paste for the song, applied now (LyricApp.on_event calls this for each
        one as it arrives). Textual would forward it to the song view's queue and run its
        binding only when it bubbles back to the app, so a key typed after Enter could land
        before Enter's new line. False: not for the song (a dialog is open); Textual's turn."""
        if self.app.screen is not self or self.focused is not self.view:
            return False
        if isinstance(event, events.Paste):
            self.view.paste(event.text)
            return True
        return await self.view.take_key(event)

    # ----- asking -----------------------------------------------------------------------
    def action_suggest(self) -> None:
        self._auto_paused = False
        if self.doc.cursor.on_chords:
            self.request_progressions()
        else:
            self.request_lines(mode="next")
        self._asked = True

    def action_complete(self) -> None:
        self._auto_paused = False
        self.request_lines(mode="complete" if self.doc.line.text.strip() else "next")
        self._asked = True

    def action_progressions(self) -> None:
        if not self.doc.cursor.on_chords:
            self.doc.toggle_chord_row()  # progressions are taken on the chord row
            self.view.refresh()
        self.request_progressions()
        self._asked = True

    def action_rhymes(self) -> None:
        self.request_rhymes()

    def action_rhyme_target(self) -> AwaitMount:
        from lyrictui.app import target

        values = target.form_values(self.rhyme_target)
        fields = [("rhyme", "Rhyme with", values["rhyme"]), ("syllables", "Syllables", values["syllables"]),
                  ("steer", "Steer last word", values["steer"])]

        def answered(got: dict[str, str] | None) -> None:
            if got is None:
                return
            try:
                new = target.parse_form(got)
            except ValueError as e:
                self.notify(str(e), title="rhyme target not set", severity="error")
                return
            self.set_rhyme_target(new)

        return self.open_dialog(FormModal("Rhyme target (this session)", fields, target.FORM_HINT), answered)

    def action_dismiss_panel(self) -> None:
        if self.stop_playback():
            return
        if self._pick is not None:  # Esc first leaves the candidate list, then dismisses it
            self.set_pick(None)
            return
        if self.doc.cursor.on_chords:
            panel = self.chords_panel
            if self._progressions or panel.note != panel.hint:  # something shown or running
                self.cancel_progressions()
            else:
                self.doc.toggle_chord_row()
                self.view.refresh()
        else:
            self._auto_paused = True
            self.cancel_lines("dismissed · ctrl+g to ask again")

    # ----- editing ----------------------------------------------------------------------
    def action_undo(self) -> None:
        if self.doc.undo():
            self.cancel_lines()
            self.doc_changed()
        else:
            self.status.set(message="nothing to undo")

    def action_redo(self) -> None:
        if self.doc.redo():
            self.cancel_lines()
            self.doc_changed()
        else:
            self.status.set(message="nothing to redo")

    def action_delete_line(self) -> None:
        self.doc.delete_line()
        self.cancel_lines()
        self.doc_changed()

    def action_new_section(self) -> AwaitMount:
        choices = [(k, k.title()) for k in SECTION_KINDS] + [("", "Another label…")]

        def chosen(kind: str | None) -> None:
            if kind is None:
                return
            if kind == "":
                self.app.push_screen(TextPrompt("Label for the new section", hint="e.g. tag, rap, interlude"),
                                     lambda name: name and self.add_section(name))
            else:
                self.add_section(kind)

        return self.open_dialog(ChoiceModal("New section after this one", choices, current="chorus"), chosen)

    def add_section(self, name: str) -> None:
        from lyrictui.app.document import parse_section_name

        kind, label = parse_section_name(name)
        self.doc.add_section(kind, label)
        self.cancel_lines()
        self.doc_changed()

    def action_rename_section(self) -> AwaitMount:
        current = self.doc.song.section_label(self.doc.cursor.section)

        def renamed(name: str | None) -> None:
            if name:
                self.doc.rename_section(name)
                self.doc_changed()

        return self.open_dialog(
            TextPrompt("Rename section", current, "intro, verse, pre-chorus, chorus, bridge, outro, or any label"),
            renamed,
        )

    def action_reorder_section(self, delta: int) -> None:
        if self.doc.reorder_section(delta):
            self.doc_changed()

    def action_help(self) -> AwaitMount:
        return self.open_dialog(HelpScreen(binding_rows(self)))

    # ----- saving -----------------------------------------------------------------------
    def action_save(self) -> AwaitMount | None:
        return self.save()

    def save(self, then: Callable[[], None] | None = None, ask: bool = False) -> AwaitMount | None:
        """Save now; a song without a file (or `ask`) asks for a name first. `then` runs after a good save."""
        if self.path is not None and not ask:
            if self._write() and then is not None:
                then()
            return None

        def named(name: str | None) -> None:
            if not name:
                return
            path = Path(name).expanduser()
            if not path.name.lower().endswith(SONG_SUFFIXES):
                path = path.with_name(path.name + FORMATS[NATIVE].extensions[0])
            self.path = path if path.is_absolute() else folder / path
            self.status.set(path=display_path(self.path))
            if self._write() and then is not None:
                then()

        default = self.path.name if self.path is not None else default_file_name(self.doc.song.title)
        folder = self.path.parent if self.path is not None else Path.cwd()
        return self.open_dialog(TextPrompt("Save song as", default, f"in {folder}"), named)

    def _write(self) -> bool:
        from lyrictui.song.io import SongFileError

        version = self.doc.version
        song = self.doc.song_for_saving()
        try:
            with self._save_lock:
                self.guard.save(song, self.path)
                self._written_version = max(self._written_version, version)
        except (SongFileError, OSError) as e:
            self.notify(str(e), title="not saved", severity="error")
            self.status.set(message=f"not saved: {e}", message_error=True)
            return False
        self.saved_version, self._saved_content = version, song.to_dict()
        self.status.set(saved=True, written=True, message=f"saved {display_path(self.path)}")
        return True

    def reloaded(self, song: Song) -> None:
        """The file's version replaced ours (the writer chose "reload"); ctrl+z brings ours back."""
        self.doc.replace_song(song)
        self.saved_version, self._saved_content = self.doc.version, self.doc.song_for_saving().to_dict()
        self.doc_changed()
        self.status.set(saved=True, message=f"reloaded {display_path(self.path)}")

    def autosave(self) -> None:
        if self.path is None or not self.dirty:
            return
        self._autosave_worker(self.doc.version, self.doc.song_for_saving(), self.path)

    @work(thread=True, group="autosave", exit_on_error=False)
    def _autosave_worker(self, version: int, song: Song, path: Path) -> None:
        with self._save_lock:
            if version <= self._written_version:
                return  # a newer copy is already on disk
            try:
                self.guard.save(song, path, interactive=False)
            except Exception as e:  # reported, never raised: autosave must not stop the writer
                self.post_message(Saved(version, str(path), str(e)))
                return
            self._written_version = version
        self.post_message(Saved(version, str(path), content=song.to_dict()))

    def on_saved(self, msg: Saved) -> None:
        if msg.error:
            self.status.set(message=f"autosave failed: {msg.error}", message_error=True)
            return
        if str(self.path) == msg.path and msg.version >= self.saved_version:
            self.saved_version, self._saved_content = msg.version, msg.content
        self.status.set(saved=not self.dirty, written=True, message=f"autosaved {display_path(self.path)}")

    # ----- quitting ---------------------------------------------------------------------
    def request_quit(self) -> AwaitMount | None:
        if not self.dirty:
            self.app.exit()
            return None

        def answered(answer: str | None) -> None:
            if answer == "save":
                self.save(then=self.app.exit)
            elif answer == "discard":
                self.app.exit()

        return self.open_dialog(ConfirmQuit(), answered)
