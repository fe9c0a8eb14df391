"""Keys and pastes are applied in the order they arrived, whatever their handlers do.

Textual forwards a key to the focused widget's queue and runs a non-priority binding
only when the key bubbles back to the app, so in a burst (a fast typist, a tmux
send-keys, a paste) a letter typed after Enter can land before Enter's new line, and
keys typed after Enter in a dialog reach the dialog's field before it has closed.
LyricApp.on_event hands every input event to `KeyOrder.take` first:

- for the song (editor screen, song focused) it is applied right there, in the app's
  own queue (EditorScreen.take_input); actions that open a dialog return its mount,
  which Textual awaits, so the next key finds the dialog's field focused;
- in a dialog, a key bound to an action runs in the focused field's queue, in order
  with the letters around it (see _bind_in_order);
- after Enter, Esc or Tab in a dialog, later events wait until the dialog has gone and
  something has focus again, or Enter/Tab has moved to the dialog's next field (HOLD_LIMIT
  bounds the wait), then are replayed in order.
"""

from __future__ import annotations

import time
from enum import Enum
from typing import TYPE_CHECKING

from textual import events
from textual.app import ScreenStackError
from textual.screen import ModalScreen

if TYPE_CHECKING:
    from lyrictui.app.app import LyricApp

HOLD_LIMIT = 3.0  # seconds an Enter/Esc in a dialog may hold later keys back (a busy machine is slow)
# Keys after which later ones wait: the dialog closes (Enter, Esc) or focus moves to another
# field (Enter in a form, Tab): letters after Tab landed in the field it left ("QA" -> "Q" + "A").
MOVES_ON = ("enter", "escape", "tab", "shift+tab")
HOLD_POLL = 0.02  # seconds between looks at whether the dialog has gone


class KeyOrder:
    def __init__(self, app: "LyricApp") -> None:
        self.app = app
        self._held: list[events.Event] | None = None  # events waiting for a dialog to close
        self._dialog: object = None
        self._focus: object = None  # what had focus in the dialog when Enter came
        self._since = 0.0

    async def take(self, event: events.Event) -> bool:
        """True when the event was applied or held here; False: Textual's usual path."""
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            return False
        app = self.app
        app.app_focus = True  # as Textual's own key path does: dialogs focus their field only then
        if self._held is not None:
            self._held.append(event)
            return True
        if await app.editor.take_input(event):
            return True
        if not isinstance(event, events.Key) or not isinstance(app.screen, ModalScreen):
            return False
        if not self._bind_in_order(event):
            if event.key not in MOVES_ON:
                return False
            await app.handle_key_as_textual(event)
        if event.key in MOVES_ON:
            self._hold(app.screen)
        return True

    def _bind_in_order(self, event: events.Key) -> bool:
        """A dialog's binding (Enter to submit, ctrl+u, ↓ in a list) runs in the focused field's
        queue, after the letters typed before it: Textual would run it only when the key
        bubbles back to the app, after letters typed later (ctrl+u then "Title" cleared the
        title). Printable keys are the field's to type; they go the usual way."""
        screen = self.app.screen
        focused = screen.focused
        if focused is None or event.is_printable:
            return False
        ab = screen.active_bindings.get(event.key)
        if ab is None or not ab.enabled or ab.binding.priority:
            return False
        focused.call_later(self.app.run_action, ab.binding.action, ab.node)
        return True

    def _hold(self, dialog: object) -> None:
        self._held, self._dialog, self._since = [], dialog, time.monotonic()
        self._focus = self.app.screen.focused
        self.app.set_timer(HOLD_POLL, self._check)

    async def _check(self) -> None:
        try:
            screen = self.app.screen
        except ScreenStackError:  # the app is closing
            return
        if screen is self._dialog:  # still open: settled once Enter moved on to the next field
            settled = screen.focused is not self._focus and screen.focused is not None
        else:  # closed: settled once the screen below (or the next dialog) has its focus back
            settled = screen.focused is not None
        if not settled and time.monotonic() - self._since < HOLD_LIMIT:
            self.app.set_timer(HOLD_POLL, self._check)
            return
        held, self._held = self._held or [], None
        for event in held:  # an Enter among them may start a new hold; the rest then waits again
            if not await self.take(event):
                await self.app.handle_key_as_textual(event)


class _AltDigit(Enum):
    """Key names for ESC+digit (the shape of a Textual `Keys` member: `.value` is the name)."""

    ALT_0, ALT_1, ALT_2, ALT_3, ALT_4 = "alt+0", "alt+1", "alt+2", "alt+3", "alt+4"
    ALT_5, ALT_6, ALT_7, ALT_8, ALT_9 = "alt+5", "alt+6", "alt+7", "alt+8", "alt+9"


def read_esc_digits_as_alt() -> None:
    """Read ESC+digit as alt+digit, as tmux and most terminals mean it. Textual's table maps
    it to the characters WezTerm on macOS types for Opt+digit (`\\x1b1` -> `¡`), so alt+1
    typed ¡ into the line instead of taking candidate 1 (issue 10 item 2)."""
    from textual._ansi_sequences import ANSI_SEQUENCES_KEYS

    for member in _AltDigit:
        ANSI_SEQUENCES_KEYS["\x1b" + member.value[-1]] = (member,)
