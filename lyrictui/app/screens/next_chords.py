"""The editor's ranked next chords: asked for on every chord-row state, taken with shift+F5..F9.

A mixin of EditorScreen (like `assist.py`): the provider runs in a cancellable thread worker
(one model forward pass, a few ms for the bundled model), the result comes back as a
`NextChordsDone` message tagged with a request id, and a stale one is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.worker import get_current_worker

from lyrictui.app.widgets.next_chords import TAKE_KEYS
from lyrictui.chord_provider import NextChordProvider
from lyrictui.providers import ProgressionRequest

if TYPE_CHECKING:
    from lyrictui.app.widgets.next_chords import NextChordsPanel

BINDINGS = [Binding(k, f"take_next_chord({i})", f"Take next chord {i + 1}", show=False, id=f"take_next_{i + 1}")
            for i, k in enumerate(TAKE_KEYS)]


@dataclass
class NextChordsDone(Message):
    request_id: int
    ranked: list[tuple[str, float, str]]  # (chord, probability, source)
    note: str = ""  # why there are none (a model that spells chords in pieces ranks none)


class NextChordsMixin:
    """The host screen provides doc, progression_provider, next_chords_panel, doc_changed."""

    next_chords_panel: "NextChordsPanel"
    progression_provider: Any
    _next_req: int = 0
    _next_state: tuple | None = None

    def refresh_next_chords(self) -> None:
        """Ask again when the chord row being written changed; clear the panel off a chord row."""
        c = self.doc.cursor
        state = (c.section, c.line, self.doc.row_text) if c.on_chords else None
        if state == self._next_state:
            return
        self._next_state = state
        self._next_req += 1
        self.workers.cancel_group(self, "next_chords")
        provider = self.progression_provider
        if state is None or not isinstance(provider, NextChordProvider):
            self.next_chords_panel.clear()
            return
        req = ProgressionRequest(song=self.doc.snapshot(), section_index=c.section, line_index=c.line,
                                 key=self.doc.song.key, previous=self.doc.previous_chords())
        self._next_chords_worker(self._next_req, req, provider)

    @work(thread=True, exclusive=True, group="next_chords", exit_on_error=False)
    def _next_chords_worker(self, request_id: int, req: ProgressionRequest, provider: NextChordProvider) -> None:
        worker = get_current_worker()
        try:
            ranked = provider.next_chords(req, cancelled=lambda: worker.is_cancelled)
        except ValueError as e:  # an older BPE chord model: not an error of this row, say it once in the panel
            self.post_message(NextChordsDone(request_id, [], note=str(e)))
            return
        if not worker.is_cancelled:
            self.post_message(NextChordsDone(request_id, [(r.chord, r.prob, r.source) for r in ranked]))

    def on_next_chords_done(self, msg: NextChordsDone) -> None:
        if msg.request_id == self._next_req:
            self.next_chords_panel.show_ranked(msg.ranked, note=msg.note)

    def action_take_next_chord(self, index: int) -> None:
        """Write the chord after the last one on the chord row."""
        chords = self.next_chords_panel.chords
        doc = self.doc
        if not doc.cursor.on_chords or index >= len(chords):
            return
        row = doc.row_text.rstrip()
        doc.cursor.col = len(row)
        doc.insert((" " if row else "") + chords[index])
        self.doc_changed(structure=False)
        self.refresh_next_chords()
