"""Taking a shown candidate (a suggested line, a completion, a progression) with keys that never type.

A mixin of EditorScreen. The active panel is the one for the row the cursor is on (lines
on the words row, progressions on the chord row). Keys:

- alt+1 … alt+9 take candidate N at any time (tmux and terminals that send ESC+digit for
  alt are read as alt: see lyrictui.app.keyorder.read_esc_digits_as_alt);
- ↓ moves into the candidates (highlight on the first) where a new line is being written
  (an empty line, the section's last line) or where the writer asked for them (ctrl+g,
  ctrl+l, ctrl+o); elsewhere ↓ moves down a line as always. In the list ↓/↑ move the
  highlight (↑ from the first leaves the list), Enter takes the highlighted one, a digit
  takes that candidate, Esc leaves the list. Outside the list Enter commits the line and
  a digit types itself, so a line can start with a digit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

if TYPE_CHECKING:
    from lyrictui.app.widgets.panels import CandidatePanel

N_TAKE_KEYS = 9
PICK_HINT = "↓ choose · ⏎ take"  # under a panel with candidates

PICK_BINDINGS = [
    # Priority: the song view's own ↓/↑/Enter/digits give way while these are enabled.
    Binding("down", "pick(1)", "Choose the next candidate", show=False, priority=True, id="pick_next"),
    Binding("up", "pick(-1)", "Choose the previous candidate", show=False, priority=True, id="pick_previous"),
    Binding("enter", "take_picked", "Take the chosen candidate", show=False, priority=True, id="pick_take"),
    *[Binding(f"alt+{i}", f"take({i - 1})", f"Take candidate {i}", show=False, id=f"take_{i}")
      for i in range(1, N_TAKE_KEYS + 1)],
    *[Binding(str(i), f"quick_take({i - 1})", f"Take candidate {i} (while choosing)", show=False, priority=True,
              id=f"quick_take_{i}") for i in range(1, N_TAKE_KEYS + 1)],
]


class CandidatesMixin:
    """The host screen provides doc, view, lines_panel, chords_panel, _progressions, cancel_*."""

    lines_panel: "CandidatePanel"
    chords_panel: "CandidatePanel"
    _progressions: list[list[str]]

    def _init_candidates(self) -> None:
        self._pick: int | None = None  # highlighted candidate of the active panel
        self._asked = False  # the shown candidates were asked for with a key (not automatic)

    @property
    def active_panel(self) -> "CandidatePanel":
        return self.chords_panel if self.doc.cursor.on_chords else self.lines_panel

    def candidates(self) -> list[str | list[str]]:
        """What can be taken now, in panel order (a line still streaming counts once it has words)."""
        if self.doc.cursor.on_chords:
            return list(self._progressions)
        items = self.lines_panel.items
        return list(items[: max((i + 1 for i, t in enumerate(items) if t.strip()), default=0)])

    def _candidate(self, index: int) -> str | list[str] | None:
        cands = self.candidates()
        cand = cands[index] if 0 <= index < len(cands) else None
        return cand if cand else None  # a line not streamed yet cannot be taken

    def _may_enter_list(self) -> bool:
        doc = self.doc
        return self._asked or not doc.row_text.strip() or doc.cursor.line == len(doc.section.lines) - 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "take":
            return self._candidate(int(parameters[0])) is not None  # type: ignore[arg-type]
        if action == "quick_take":
            return self._pick is not None and self._candidate(int(parameters[0])) is not None  # type: ignore[arg-type]
        if action == "pick":
            if self._pick is not None:
                return True
            return parameters[0] == 1 and bool(self.candidates()) and self._may_enter_list()
        if action == "take_picked":
            return self._pick is not None
        return True

    def set_pick(self, index: int | None) -> None:
        self._pick = index
        self.lines_panel.set_highlight(index if not self.doc.cursor.on_chords else None)
        self.chords_panel.set_highlight(index if self.doc.cursor.on_chords else None)

    def action_pick(self, delta: int) -> None:
        n = len(self.candidates())
        if self._pick is None:
            self.set_pick(0)
        elif self._pick + delta < 0:
            self.set_pick(None)  # ↑ from the first candidate: back to the line
        else:
            self.set_pick(min(self._pick + delta, n - 1))

    def action_take_picked(self) -> None:
        if self._pick is not None:
            self.action_take(self._pick)

    def action_quick_take(self, index: int) -> None:
        self.action_take(index)

    def action_take(self, index: int) -> None:
        cand = self._candidate(index)
        if cand is None:
            return
        if isinstance(cand, list):
            self.doc.apply_progression(cand)
            self.cancel_progressions()
        else:
            self.doc.set_line_text(cand)
            self.cancel_lines()
        self.doc_changed(structure=False)
        self.view.section_edited()
