"""The help screen (F1): the app's own keys, grouped by what the writer is doing, read from
the live bindings so it can never go stale.

Rebound keys (config.toml [keys]) show as rebound; the id in brackets is the name to use there.
"""

from __future__ import annotations

import re
from fnmatch import fnmatch

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
    "Suggestions: ↓ moves into them, ↓/↑ choose, Enter takes; alt+digit takes one at any "
    "time. Elsewhere Enter commits and digits type. Esc dismisses them. Ctrl+T sets a rhyme "
    "target (rhyme with line N, a word or the section's scheme; a syllable range): lines are "
    "then over-generated and reranked, each with a dim note saying why it ranks there.\n"
    "On a chord row the Next chord panel ranks the likeliest next chords (shift+F5 … F9 "
    "takes one); F5 … F8 play the chord, line, section or song, Esc stops.\n"
    "The bundled lyric model, verse, is small and offline: with a network, "
    "`lyrictui models pull gpt2` gets the real GPT-2 (then train an adapter on your lyrics).\n"
    "Keys can be rebound in the config file's [keys] table with the ids below "
    "(see `python -m pydoc lyrictui.config`). Ctrl+P opens the command palette "
    "(export, song info, sections, transpose, capo, settings, lyric and chord models)."
)


# What the writer is doing -> the ids of the keys for it (fnmatch patterns), in the order shown.
# Keys of ours not named here are listed under "More keys"; framework keys are never listed.
GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("Writing a line", ("commit_line", "chord_row", "cursor_*", "line_start", "line_end", "delete_*",
                        "undo", "redo")),
    ("Moving around", ("line_up", "line_down", "page_*", "section_prev", "section_next")),
    ("Suggestions and rhymes", ("suggest", "complete", "pick_*", "take_[0-9]*", "quick_take_*", "candidate_*", "dismiss",
                                "rhyme_target", "rhymes")),
    ("Chords", ("progressions", "chord_*", "take_next_*", "transpose*")),
    ("Sections", ("new_section", "rename_section", "section_*")),
    ("Listening", ("play_*", "audition*", "stop*")),
    ("The song", ("save", "song_*", "help", "quit")),
]
MORE = "More keys"


def group_of(binding_id: str) -> str:
    for name, patterns in GROUPS:
        if any(fnmatch(binding_id, p) for p in patterns):
            return name
    return MORE


def _collapse(rows: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    """take_1 … take_4 (one key each, "Take candidate 1" …) become one row: "alt+1 … alt+4"."""
    out: list[tuple[str, str, str, str]] = []
    for row in rows:
        group, keys, what, bid = row
        m = re.fullmatch(r"(.+_)(\d)", bid)
        prev = out[-1] if out else None
        if m and prev is not None and prev[3].startswith(m.group(1)) and prev[0] == group:
            first_keys = prev[1].split(" … ")[0]
            first_id = prev[3].split(" … ")[0]
            out[-1] = (group, f"{first_keys} … {keys}", re.sub(r"\d", "N", what, count=1), f"{first_id} … {bid}")
        else:
            out.append(row)
    return out


def binding_rows(screen: Screen) -> list[tuple[str, str, str, str]]:
    """(group, keys, what, id) for each of the app's own keys reachable from the focused widget.

    Only bindings with an id are ours (the id is the name to rebind them by); Textual's own
    (focus next, page left/right, copy...) have none and stay out of the list."""
    app = screen.app
    by_id: dict[str, list[Binding]] = {}
    for _node, bindings_map in screen._binding_chain:
        for _key, binding in bindings_map:
            if binding.id and not binding.system:
                by_id.setdefault(binding.id, []).append(binding)
    order = {name: i for i, (name, _) in enumerate(GROUPS + [(MORE, ())])}
    rows = []
    for bid, bindings in by_id.items():
        keys = ", ".join(sorted({app.get_key_display(b) for b in bindings}))
        rows.append((group_of(bid), keys, bindings[0].description or bid, bid))
    rows.sort(key=lambda r: order[r[0]])  # stable: within a group, the order the bindings are declared
    return _collapse(rows)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "close", "Close help")]

    def __init__(self, rows: list[tuple[str, str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Static("lyrictui keys", classes="dialog-title")
            yield Static(INTRO, classes="dialog-hint", markup=False)
            groups = [g for g, _ in GROUPS + [(MORE, ())] if any(r[0] == g for r in self.rows)]
            for group in groups:
                yield Static(group, classes="help-group")
                yield Static(self._table([r for r in self.rows if r[0] == group]))
            yield Static("The name in brackets rebinds the key in the config file's [keys] table. "
                         "Esc, F1 or q closes this screen.", classes="dialog-hint", markup=False)

    @staticmethod
    def _table(rows: list[tuple[str, str, str, str]]) -> Table:
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(no_wrap=True, style="bold")  # keys
        table.add_column(ratio=1)  # what, wrapping
        table.add_column(justify="right")  # id, for [keys]
        for _group, keys, what, bid in rows:
            table.add_row(Text(keys), Text(what), Text(f"[{bid}]"))
        return table

    def action_close(self) -> None:
        self.dismiss(None)
