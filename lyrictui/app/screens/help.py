"""The help screen: every key, read from the live bindings so it can never go stale.

Rebound keys (config.toml [keys]) show as rebound; the id column is the name to use there.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

INTRO = (
    "Type to write the current line; Enter commits it and opens the next. An empty line "
    "between lines makes a stanza break. Tab moves to the chord row above the line: type "
    "chord names over the words (overwrite mode), Tab or Enter goes back to the words.\n"
    "Suggested lines and progressions are taken with their number keys: the bare digit "
    "works while the row is empty, alt+digit always. On the words row the keys take lines, "
    "on the chord row they take progressions. Esc dismisses them. Ctrl+T sets a rhyme "
    "target (rhyme with line N, a word or the section's scheme; a syllable range): lines are "
    "then over-generated and reranked, each with a dim note saying why it ranks there.\n"
    "Keys can be rebound in the config file's [keys] table with the ids below "
    "(see `python -m pydoc lyrictui.config`). Ctrl+P opens the command palette "
    "(export, sections, transpose, settings, lyric model)."
)


def binding_rows(screen: Screen) -> list[tuple[str, str, str, str]]:
    """(where, keys, what, id) for every binding reachable from the screen's focused widget."""
    app = screen.app
    rows: list[tuple[str, str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for node, bindings_map in screen._binding_chain:
        where = {"SongView": "editing"}.get(type(node).__name__, "editor" if node is screen else "app")
        by_action: dict[tuple[str, str], list[Binding]] = {}
        for _key, binding in bindings_map:
            if binding.system:
                continue
            by_action.setdefault((binding.action, binding.id or ""), []).append(binding)
        for (action, bid), bindings in by_action.items():
            if (action, bid) in seen:
                continue
            seen.add((action, bid))
            keys = ", ".join(sorted({app.get_key_display(b) for b in bindings}))
            desc = bindings[0].description or bindings[0].tooltip or action
            rows.append((where, keys, desc, bid))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "close", "Close help")]

    def __init__(self, rows: list[tuple[str, str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table(expand=True, show_edge=False, pad_edge=False)
        for col in ("where", "keys", "what", "id (config [keys])"):
            table.add_column(Text(col), no_wrap=col != "what")
        for row in self.rows:
            table.add_row(*(Text(cell) for cell in row))
        with VerticalScroll(classes="dialog help"):
            yield Static("lyrictui keys", classes="dialog-title")
            yield Static(INTRO, classes="dialog-hint", markup=False)
            yield Static(table)
            yield Static("Esc, F1 or q closes this screen.", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
