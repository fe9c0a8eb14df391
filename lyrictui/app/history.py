"""Undo and redo as a pair of snapshot stacks (pure; no Textual).

The editor records the state *before* each change. Typing is coalesced: consecutive
changes with the same non-None `group` (e.g. ("type", section, line)) make one undo step,
so undo removes a word burst rather than one letter. States are opaque to this module;
the editor uses (Song.to_dict(), cursor), which is cheap next to a keystroke's redraw.
"""

from __future__ import annotations

from typing import Generic, Hashable, TypeVar

S = TypeVar("S")


class History(Generic[S]):
    def __init__(self, limit: int = 500) -> None:
        self.limit = limit
        self._undo: list[S] = []
        self._redo: list[S] = []
        self._last_group: Hashable | None = None

    def record(self, before: S, group: Hashable | None = None) -> None:
        """Call before changing the document, with its current state."""
        if group is not None and group == self._last_group and self._undo:
            return  # same burst of typing: the older snapshot already covers it
        self._undo.append(before)
        if len(self._undo) > self.limit:
            del self._undo[0]
        self._redo.clear()
        self._last_group = group

    def break_group(self) -> None:
        """End the current typing burst (the cursor moved, a suggestion was taken...)."""
        self._last_group = None

    def undo(self, current: S) -> S | None:
        """The state to restore, or None when there is nothing to undo."""
        if not self._undo:
            return None
        self._redo.append(current)
        self._last_group = None
        return self._undo.pop()

    def redo(self, current: S) -> S | None:
        if not self._redo:
            return None
        self._undo.append(current)
        self._last_group = None
        return self._redo.pop()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self._last_group = None
