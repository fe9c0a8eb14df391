"""Side panels: suggested lines, proposed progressions, rhymes. Display only.

They never talk to providers or to the song: the editor screen sets what they show
(attributes down). Each numbered candidate shows the key that takes it.
"""

from __future__ import annotations

from rich.style import Style
from rich.table import Table
from rich.text import Text

from lyrictui.app.widgets.colors import Painted


class Panel(Painted):
    COMPONENT_CLASSES = {"panel--note", "panel--error", "panel--dim", "panel--key"}
    PREFIX = "panel--"

    def note_style(self, error: bool) -> Style:
        return self.paint("error" if error else "note")


class CandidatePanel(Panel):
    """A titled list of numbered candidates with a one-line note (thinking, error, hint)."""

    def __init__(self, title: str, hint: str = "", **kwargs) -> None:
        super().__init__("", **kwargs)
        self.title = title
        self.hint = hint
        self.items: list[str] = []
        self.explanations: list[str] = []  # dim text under each item (why it ranks there)
        self.note = hint
        self.error = False
        self.keys: list[str] = ["1", "2", "3", "4", "5", "6", "7", "8", "9"]
        self.highlight: int | None = None  # the candidate ↓/↑ chose (Enter takes it)
        self._shown: tuple | None = None

    def on_mount(self) -> None:
        self.border_title = self.title
        self._draw()

    def redraw(self) -> None:
        self._shown = None
        self._draw()

    def _draw(self) -> None:
        state = (tuple(self.items), tuple(self.explanations), self.note, self.error, self.highlight)
        if state == self._shown:
            return  # typing clears the panel on every key; an unchanged panel costs nothing
        self._shown = state
        if self.items:  # a grid: a long candidate wraps clear of its key
            self.update(self._explained())
            return
        t = Text()
        for i, item in enumerate(self.items):
            if i:
                t.append("\n")
            key = self.keys[i] if i < len(self.keys) else " "
            t.append(f"{key} ", style=self.paint("key"))
            t.append(item or "…", style="" if item else self.paint("dim"))
        if self.note:
            if self.items:
                t.append("\n")
            t.append(self.note, style=self.note_style(self.error))
        self.update(t)

    def _explained(self) -> Table:
        """Items, each with the reason it ranks where it does under it (dim) when there is one,
        wrapped clear of the key."""
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for i, item in enumerate(self.items):
            cell = Text(item or "…", style=self._chosen(i) if item else self.paint("dim"))
            if i < len(self.explanations) and self.explanations[i]:
                cell.append("\n" + self.explanations[i], style=self.paint("dim"))
            key = Text(self.keys[i] if i < len(self.keys) else " ", style=self.paint("key") + self._chosen(i))
            grid.add_row(key, cell)
        if self.note:
            grid.add_row("", Text(self.note, style=self.note_style(self.error)))
        return grid

    def _chosen(self, i: int) -> Style:
        """The candidate ↓/↑ chose is drawn reversed (its colours swapped stay as readable)."""
        return Style(reverse=True) if i == self.highlight else Style()

    def set_items(self, items: list[str], note: str = "", explanations: list[str] | None = None) -> None:
        self.items = list(items)
        self.explanations = list(explanations or [])
        self.note = note
        self.error = False
        self._draw()

    def set_highlight(self, index: int | None) -> None:
        self.highlight = index
        self._draw()

    def set_item(self, index: int, text: str) -> None:
        while len(self.items) <= index:
            self.items.append("")
        self.items[index] = text
        self._draw()

    def set_note(self, note: str, error: bool = False) -> None:
        self.note = note
        self.error = error
        self._draw()

    def clear(self, note: str | None = None) -> None:
        self.items = []
        self.explanations = []
        self.note = self.hint if note is None else note
        self.error = False
        self._draw()

    def set_subtitle(self, text: str) -> None:
        """What the panel is aiming at, after its title: "Lines — rhyme with 'night', 6-8 syl"."""
        self.border_title = f"{self.title} — {text}" if text else self.title

    def set_active(self, active: bool) -> None:
        self.set_class(active, "-active")


class RhymePanel(Panel):
    """Rhymes for one word, in the three lists lyrictui.craft.rhymes.find_rhymes returns."""

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.hint = "ctrl+r: rhymes for the word at the cursor"
        self._shown: tuple = ("note", self.hint, False)

    def on_mount(self) -> None:
        self.border_title = "Rhymes"
        self.redraw()

    def redraw(self) -> None:
        if self._shown[0] == "note":
            self.show_note(*self._shown[1:])
        else:
            self.show_rhymes(*self._shown[1:])

    def show_note(self, note: str, error: bool = False) -> None:
        self._shown = ("note", note, error)
        self.update(Text(note, style=self.note_style(error)))

    def show_rhymes(self, word: str, rhymes: dict[str, list[str]], limit: int = 12) -> None:
        self._shown = ("rhymes", word, rhymes, limit)
        t = Text()
        t.append(word, style=self.paint("key"))
        for name in ("perfect", "near", "multi"):
            words = rhymes.get(name, [])
            t.append(f"\n{name}: ", style=self.paint("dim"))
            t.append(", ".join(words[:limit]) if words else "-")
        self.update(t)
