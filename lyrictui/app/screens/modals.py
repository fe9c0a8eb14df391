"""Small modal dialogs: a text prompt, a form, a list to choose from, the quit question.

Each returns its answer through `dismiss(...)` (None = cancelled, also with Esc); the
editor screen pushes them with a callback and never waits on the UI thread.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList
from textual.widgets.option_list import Option


class TextPrompt(ModalScreen[str | None]):
    """One line of text: a file name, a section name..."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, markup=False, classes="dialog-title")
            # Selected: typing replaces the old name (F2 then "Chorus" renames to Chorus).
            yield Input(self.value, id="prompt-input")
            if self.hint:
                yield Label(self.hint, markup=False, classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class FormModal(ModalScreen[dict[str, str] | None]):
    """A few labelled fields; Enter in the last field (or the OK button) returns them all as text."""

    # A long form (song info: 12 fields) is drawn a row per field, as on short screens, so
    # every field shows at 160x45 too (app.tcss: FormModal.-long).
    DEFAULT_CSS = """
    FormModal .form-fields { height: auto; max-height: 80vh; }
    """
    LONG = 6  # fields

    # Enter moves to the next field (a long form would take a dozen Enters to finish):
    # ctrl+s, the editor's save key, takes the form as it is from any field.
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "done", "Done")]

    def __init__(self, title: str, fields: list[tuple[str, str, str]], hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields  # (name, label, current value)
        self.hint = hint
        self.set_class(len(fields) > self.LONG, "-long")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, markup=False, classes="dialog-title")
            with VerticalScroll(classes="form-fields", can_focus=False):  # a long form scrolls; buttons stay
                for name, label, value in self.fields:
                    with Horizontal(classes="form-row"):
                        yield Label(label, markup=False, classes="form-label")
                        yield Input(value, id=f"field-{name}", select_on_focus=False)
            if self.hint:
                yield Label(self.hint, markup=False, classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    def _values(self) -> dict[str, str]:
        return {name: self.query_one(f"#field-{name}", Input).value.strip() for name, _, _ in self.fields}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.dismiss(self._values())
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self._values() if event.button.id == "ok" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_done(self) -> None:
        self.dismiss(self._values())


class ChoiceModal(ModalScreen[str | None]):
    """Pick one of a few named choices (a lyric model, a section kind, an export format)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]], current: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices  # (id, text shown)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, markup=False, classes="dialog-title")
            yield OptionList(*[Option(text, id=cid) for cid, text in self.choices], id="choices")

    def on_mount(self) -> None:
        ol = self.query_one(OptionList)
        ids = [cid for cid, _ in self.choices]
        ol.highlighted = ids.index(self.current) if self.current in ids else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmQuit(ModalScreen[str]):
    """Unsaved changes: returns "save", "discard" or "cancel"."""

    BINDINGS = [
        Binding("escape", "answer('cancel')", "Cancel"),
        Binding("s", "answer('save')", "Save"),
        Binding("d", "answer('discard')", "Discard"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("The song has unsaved changes.", markup=False, classes="dialog-title")
            yield Label("Save before quitting?  (s) save, (d) discard, (Esc) keep writing", classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", id="save", variant="primary")
                yield Button("Discard", id="discard", variant="error")
                yield Button("Cancel", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or "cancel")

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)
