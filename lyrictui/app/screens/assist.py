"""The editor's assistants: suggested lines, proposed progressions, rhymes, model loading.

A mixin of EditorScreen, kept apart because it owns everything that talks to providers.
Every provider call runs in a thread worker (`@work(thread=True, exclusive=True, ...)`)
that polls `worker.is_cancelled`; results come back as messages tagged with a request id,
and a message whose id is no longer current is dropped, so a cancelled stream never
leaks text into the next one. `on_worker_state_changed` is the one place that turns a
worker failure into a visible error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.worker import Worker, WorkerState, get_current_worker

from lyrictui.app import services, target
from lyrictui.app.screens.candidates import PICK_HINT
from lyrictui.app.messages import (
    CraftReady,
    LineStreamed,
    LinesDone,
    LoadProgress,
    ProgressionsDone,
    ProviderReady,
    RhymesFound,
)
from lyrictui.providers import LyricRequest, ProgressionRequest

if TYPE_CHECKING:
    from lyrictui.app.widgets.panels import CandidatePanel, RhymePanel

DEBOUNCE = 0.6  # seconds of quiet typing before lines are asked for again


class AssistMixin:
    """The host screen provides doc, config, view, status, the three panels and the providers.
    Message handlers use on_<message> names (not @on) so Textual finds them through the MRO."""

    lyric_provider: Any
    progression_provider: Any
    lines_panel: "CandidatePanel"
    chords_panel: "CandidatePanel"
    rhyme_panel: "RhymePanel"

    def _init_assist(self) -> None:
        self._lines_req = 0  # id of the current lyric request; stale messages are dropped
        self._chords_req = 0
        self._progressions: list[list[str]] = []  # what the chords panel shows, as chord lists
        self._rhymes_req = 0
        self._lines_partial = ""  # what was typed when the current "complete" request started
        self._lines_mode = "next"
        self._auto_paused = False  # Esc pauses automatic requests until Enter or ctrl+g
        self._debounce = None
        self.debounce = DEBOUNCE  # tests shorten it
        self.rhyme_target = target.RhymeTarget()  # for this session only (ctrl+t sets it)

    # ----- lines --------------------------------------------------------------------------
    def request_lines(self, mode: str | None = None, auto: bool = False) -> None:
        """Ask for candidates for the current line: "next" = fresh lines, "complete" = finish it."""
        self.cancel_lines()
        if self.lyric_provider is None:
            if not auto:
                # Asked before the model is ready: say so and ask again once it is.
                self._lines_waiting = mode or "" if self._lyrics_loading else None
                self.lines_panel.set_note(self._no_lyrics_note, error=not self._lyrics_loading)
            return
        doc = self.doc
        c = doc.cursor
        text = doc.line.text
        if mode is None:
            mode = "complete" if text.strip() else "next"
        partial = text if mode == "complete" else ""
        song = doc.snapshot()
        aim = target.request_fields(self.rhyme_target, song, c.section)
        req = LyricRequest(
            song=song, section_index=c.section, line_index=c.line,
            n=self.config.candidates, mode=mode, partial=partial, **aim,
        )
        self._lines_partial, self._lines_mode = partial, mode
        self.show_rhyme_target(aim["rhyme_with"])
        self.lines_panel.set_items([""] * req.n, note="completing the line…" if mode == "complete" else "writing…")
        self._lines_worker(self._lines_req, req, self.lyric_provider, self.rhyme_target.steer)

    def show_rhyme_target(self, word: str | None = None, resolved: bool = False) -> str:
        """The active target in the lines panel's title (word: the rhyme a request aims at); returns it."""
        t = self.rhyme_target
        if word is None and t.kind == "line":
            word = target.rhyme_with(t, self.doc.song, self.doc.cursor.section)
        if word == target.FOLLOW_SCHEME:
            word = None
        desc = target.describe(t, word, resolved)
        self.lines_panel.set_subtitle(desc)
        return desc

    def set_rhyme_target(self, new: "target.RhymeTarget") -> None:
        """Take a new target; lines on show (or on their way) are asked for again with it."""
        self.rhyme_target = new
        desc = self.show_rhyme_target()  # the status bar says what the panel says
        busy = bool(self.lines_panel.items) and not self.doc.cursor.on_chords
        self.status.set(message=f"rhyme target: {desc}" if desc else "rhyme target off")
        if busy:
            self.request_lines(mode=self._lines_mode)

    def cancel_lines(self, note: str | None = None) -> None:
        self._lines_req += 1
        self._asked = False
        self.set_pick(None)
        self.lines_panel.border_subtitle = ""
        self.workers.cancel_group(self, "lines")
        if self._debounce is not None:
            self._debounce.stop()
            self._debounce = None
        self.lines_panel.clear(note)

    def schedule_lines(self) -> None:
        """Typing: stop the running request now, ask again after a quiet spell."""
        self.cancel_lines()
        if self.lyric_provider is None or not self.config.auto_suggest or self._auto_paused:
            return
        self._debounce = self.set_timer(self.debounce, lambda: self.request_lines(auto=True))

    @work(thread=True, exclusive=True, group="lines", exit_on_error=False)
    def _lines_worker(self, request_id: int, req: LyricRequest, provider: Any, steer: bool = True) -> None:
        worker = get_current_worker()

        def on_update(i: int, text: str) -> None:
            if not worker.is_cancelled:
                self.post_message(LineStreamed(request_id, i, text))

        aware = None
        if req.rhyme_with or req.syllables:  # a target: over-generate, rerank, explain
            provider = aware = target.aware_provider(provider, req, steer)
        lines = provider.suggest(req, on_update=on_update, cancelled=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            if aware is None:
                self.post_message(LinesDone(request_id, list(lines)))
            else:
                aimed = aware.last_target.rhyme_with if aware.last_target else None
                self.post_message(LinesDone(request_id, list(lines), list(aware.last_explanations), aimed))

    def on_line_streamed(self, msg: LineStreamed) -> None:
        if msg.request_id == self._lines_req:
            self.lines_panel.set_item(msg.index, target.completed(self._lines_partial, msg.text))

    def on_lines_done(self, msg: LinesDone) -> None:
        if msg.request_id != self._lines_req:
            return
        lines = [target.completed(self._lines_partial, t) for t in msg.lines]
        self.lines_panel.border_subtitle = PICK_HINT if lines else ""
        self.lines_panel.set_items(lines, note="" if lines else "no lines came back; ctrl+g to ask again",
                                   explanations=msg.explanations)
        if msg.explanations:
            self.show_rhyme_target(msg.aimed_at, resolved=True)

    # ----- progressions -------------------------------------------------------------------
    def request_progressions(self) -> None:
        self.cancel_progressions()
        if self.progression_provider is None:
            self._chords_waiting = self._chords_loading
            self.chords_panel.set_note(self._no_chords_note, error=not self._chords_loading)
            return
        doc = self.doc
        c = doc.cursor
        req = ProgressionRequest(
            song=doc.snapshot(), section_index=c.section, line_index=c.line,
            n=self.config.candidates, key=doc.song.key, previous=doc.previous_chords(),
        )
        self.chords_panel.set_items([], note="thinking…")
        self._chords_worker(self._chords_req, req, self.progression_provider)

    def cancel_progressions(self, note: str | None = None) -> None:
        self._chords_req += 1
        self._asked = False
        self.set_pick(None)
        self.chords_panel.border_subtitle = ""
        self._progressions = []
        self.workers.cancel_group(self, "chords")
        self.chords_panel.clear(note)

    @work(thread=True, exclusive=True, group="chords", exit_on_error=False)
    def _chords_worker(self, request_id: int, req: ProgressionRequest, provider: Any) -> None:
        worker = get_current_worker()
        progs = provider.propose(req, cancelled=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.post_message(ProgressionsDone(request_id, [list(p) for p in progs]))

    def on_progressions_done(self, msg: ProgressionsDone) -> None:
        if msg.request_id != self._chords_req:
            return
        self._progressions = msg.progressions
        self.chords_panel.border_subtitle = PICK_HINT if msg.progressions else ""
        self.chords_panel.set_items(
            ["  ".join(p) for p in msg.progressions],
            note="" if msg.progressions else "no progressions came back",
        )

    # ----- rhymes -------------------------------------------------------------------------
    def request_rhymes(self) -> None:
        doc = self.doc
        line = doc.line
        word = services.word_at(line.text, doc.cursor.col if not doc.cursor.on_chords else len(line.text))
        if word is None:
            # An empty line: rhyme with the line before, which is what the writer is answering.
            prev = [ln.text for ln in doc.section.lines[: doc.cursor.line] if ln.text.strip()]
            word = services.last_word(prev[-1]) if prev else None
        if word is None:
            self.rhyme_panel.show_note("no word to rhyme with yet")
            return
        context = tuple(w for ln in doc.section.lines if (w := services.last_word(ln.text)))
        self._rhymes_req += 1
        self.rhyme_panel.show_note(f"rhymes for {word}…")
        self._rhymes_worker(self._rhymes_req, word, context)

    @work(thread=True, exclusive=True, group="rhymes", exit_on_error=False)
    def _rhymes_worker(self, request_id: int, word: str, context: tuple[str, ...]) -> None:
        rhymes = services.find_rhymes(word, context)
        if not get_current_worker().is_cancelled:
            self.post_message(RhymesFound(request_id, word, rhymes))

    def on_rhymes_found(self, msg: RhymesFound) -> None:
        if msg.request_id == self._rhymes_req:
            self.rhyme_panel.show_rhymes(msg.word, msg.rhymes)

    # ----- loading the default providers --------------------------------------------------
    # While a model loads, a request is remembered and runs when it arrives (start_loading).
    _no_lyrics_note = "no lyric model loaded"
    _no_chords_note = "no chord model loaded"
    _lyrics_loading = _chords_loading = False
    _lines_waiting: str | None = None  # the mode of a line request made while loading ("" = auto)
    _chords_waiting = False

    def start_loading(self) -> None:
        """Load the default models the screen was not given, in workers."""
        waits = "is loading… your request runs when it is ready"
        if self.lyric_provider is None:
            self._lyrics_loading, self._no_lyrics_note = True, f"the lyric model {waits}"
            self.status.set(lyrics="loading…")
            self.load_lyric_provider()
        if self.progression_provider is None:
            self._chords_loading, self._no_chords_note = True, f"the chord model {waits}"
            self.status.set(chords="loading…")
            self.load_progression_provider()

    @work(thread=True, exclusive=True, group="load-lyrics", exit_on_error=False)
    def load_lyric_provider(self, name: str | None = None) -> None:
        """Load the default lyric provider, or (`name`) switch the current one to another model."""

        def progress(message: Any = "", fraction: float | None = None, *_: Any) -> None:
            # lyrictui.engine.load.Progress: (what is happening, fraction done or None)
            pct = f" {fraction:.0%}" if isinstance(fraction, (int, float)) else ""
            self.post_message(LoadProgress(f"lyrics: {message}{pct}"))

        current = self.lyric_provider
        try:
            if name is not None and current is not None and hasattr(current, "reload"):
                current.reload(name)
                provider = current
            else:
                provider = services.load_lyric_provider(progress=progress, name=name)
        except Exception as e:  # no model, offline, not built: the editor works without it
            self.post_message(ProviderReady("lyrics", None, str(e) or type(e).__name__))
            return
        self.post_message(ProviderReady("lyrics", provider))

    def reload_lyric_provider(self, name: str) -> None:
        self.load_lyric_provider(name)

    @work(thread=True, exclusive=True, group="load-chords", exit_on_error=False)
    def load_progression_provider(self, name: str | None = None) -> None:
        """Load the configured chord model, or (`name`) switch to another one from the store."""
        try:
            provider = services.load_progression_provider(name)
        except Exception as e:
            self.post_message(ProviderReady("chords", None, str(e) or type(e).__name__))
            return
        self.post_message(ProviderReady("chords", provider))

    @work(thread=True, exclusive=True, group="craft", exit_on_error=False)
    def warm_craft(self) -> None:
        """Load the pronunciation dictionary off the UI thread, then switch the gutter on."""
        # An out-of-dictionary word warms the pronunciation guesser as well.
        if services.craft_info(["warm up the dictionary", "and rhyme a line", "lyrictuify"]) is not None:
            self.post_message(CraftReady())

    def on_craft_ready(self, msg: CraftReady) -> None:
        self.view.enable_craft()

    def on_load_progress(self, msg: LoadProgress) -> None:
        self.status.set(message=msg.text)

    def on_provider_ready(self, msg: ProviderReady) -> None:
        if msg.kind == "lyrics":
            self.lyric_provider, self._lyrics_loading = msg.provider, False
            if msg.provider is None:
                self._no_lyrics_note = f"no lyric model: {msg.error}"
            self.status.set(lyrics=self._provider_name(msg.provider))
            self.lines_panel.clear(None if msg.provider else self._no_lyrics_note)
            waiting, self._lines_waiting = self._lines_waiting, None
            if msg.provider is not None and waiting is not None:
                self.request_lines(waiting or None)
        else:
            self.progression_provider, self._chords_loading = msg.provider, False
            if msg.provider is None:
                self._no_chords_note = f"no chord model: {msg.error}"
            self.status.set(chords=self._provider_name(msg.provider))
            self.chords_panel.clear(None if msg.provider else self._no_chords_note)
            waiting, self._chords_waiting = self._chords_waiting, False
            if msg.provider is not None and waiting:
                self.request_progressions()
        if msg.provider is None:
            self.status.set(message=f"{msg.kind}: {msg.error} (writing works without it)", message_error=True)
        else:
            self.status.set(message=f"{msg.kind} model ready: {self._provider_name(msg.provider)}")

    @staticmethod
    def _provider_name(provider: Any) -> str:
        return "-" if provider is None else str(getattr(provider, "name", type(provider).__name__))

    # ----- the one place worker failures become visible ------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        worker = event.worker
        err = worker.error
        text = f"{type(err).__name__}: {err}" if err is not None else "failed"
        group = worker.group
        if group == "lines":
            self.lines_panel.set_note(text, error=True)
        elif group == "chords":
            self.chords_panel.set_note(text, error=True)
        elif group == "rhymes":
            self.rhyme_panel.show_note(text, error=True)
        self.status.set(message=f"{group}: {text}", message_error=True)
        self.notify(text, title=f"{group} failed", severity="error")
