"""The song as a lead sheet: section headers, a chord row over each lyric line, a gutter.

A line-API ScrollView: it keeps a flat list of rows (header, chord row, lyric row, stanza
break) and draws only the rows on screen, so a song of thousands of lines scrolls as fast
as a short one. The current line is edited in place; its long text scrolls sideways to
keep the cursor in view. Other lines too long for the view wrap onto more rows, chord row
and lyric together, between words and never through a chord (`wrap_cells`).

Attributes down: the editor screen gives it a SongDoc (`view.doc`) and calls
`refresh_doc()` after changing the doc itself. Messages up: every edit made here posts
DocChanged, which the screen turns into suggestions, autosave and the status bar.
"""

from __future__ import annotations

from functools import partial
from typing import Callable

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from lyrictui.app import chordrow, services
from lyrictui.app.document import SongDoc
from lyrictui.app.messages import CraftComputed, DocChanged
from lyrictui.app.services import CraftInfo
from lyrictui.app.widgets.colors import layered_style
from lyrictui.app.wrap import wrap_cells
from lyrictui.song.model import ChordPlacement, Line

GUTTER = 11  # cells: "nnn ss LL│ " = number, syllables, rhyme letter, rule, space
CRAFT_DELAY = 0.25  # seconds of quiet typing before syllables/rhymes of the section refresh

# Row kinds in the flat layout. NOTE: a comment or chorus recall, in its place, unnumbered.
GAP, HEAD, CHORDS, LYRIC, BLANK, NOTE = "gap", "head", "chords", "lyric", "blank", "note"
NOTE_MARK = {"recall": "↻"}  # gutter mark of a note line; comments get "#"
WHOLE = (0, None)  # the cells of a line a row shows: all of them


class SongView(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "song-view--header",
        "song-view--header-current",
        "song-view--scheme",
        "song-view--chord",
        "song-view--gutter",
        "song-view--current",
        "song-view--current-gutter",
        "song-view--cursor",
        "song-view--note",
    }

    BINDINGS = [
        Binding("up", "move(-1)", "Line up", show=False, id="line_up"),
        Binding("down", "move(1)", "Line down", show=False, id="line_down"),
        Binding("left", "left", "Cursor left", show=False, id="cursor_left"),
        Binding("right", "right", "Cursor right", show=False, id="cursor_right"),
        Binding("home", "home", "Start of line", show=False, id="line_start"),
        Binding("end", "end", "End of line", show=False, id="line_end"),
        Binding("pageup", "move(-10)", "Up 10 lines", show=False, id="page_up"),
        Binding("pagedown", "move(10)", "Down 10 lines", show=False, id="page_down"),
        Binding("ctrl+up", "jump_section(-1)", "Previous section", show=False, id="section_prev"),
        Binding("ctrl+down", "jump_section(1)", "Next section", show=False, id="section_next"),
        Binding("backspace", "backspace", "Delete left (joins lines)", show=False, id="delete_left"),
        Binding("delete", "delete_right", "Delete right", show=False, id="delete_right"),
        Binding("enter", "commit_line", "Next line", id="commit_line"),
        Binding("tab", "toggle_chords", "Chord row", id="chord_row"),
    ]

    def __init__(self, doc: SongDoc, **kwargs) -> None:
        super().__init__(**kwargs)
        self.doc = doc
        # (kind, section, line, number, cells): cells = (first, end or None) of the line shown
        self._rows: list[tuple[str, int, int, int, tuple[int, int | None]]] = []
        self._cursor_row = 0
        # id(section) -> (section, info): the section object is held so its id cannot be reused.
        self._craft: dict[int, tuple[object, CraftInfo | None]] = {}
        self._edited: set[int] = set()  # sections typed in since the last quiet spell
        self._dirty: set[int] = set()  # sections whose cached gutter needs recomputing
        self._pending: set[int] = set()  # sections being computed in a worker
        self.craft_enabled = False  # set by the screen once songcraft has warmed up
        # Set by the screen: how a written chord is shown (e.g. the sounding chord under a
        # capo); None shows chords as written. The row being edited always shows them as written.
        self.show_chord: Callable[[str], str] | None = None
        self._craft_timer = None
        self._style_cache: dict[tuple[str, ...], Style] = {}

    # ----- layout -------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.rebuild()

    def on_resize(self, event: events.Resize) -> None:
        self.rebuild()  # long lines wrap to the new width

    def rebuild(self) -> None:
        """Recompute the flat row list (O(lines); cheap next to drawing) and keep the cursor in view."""
        c = self.doc.cursor
        cur = (c.section, c.line)
        text_w = self.size.width - GUTTER
        rows: list[tuple[str, int, int, int, tuple[int, int | None]]] = []
        cursor_row = 0
        for si, sec in enumerate(self.doc.song.sections):
            if si:
                rows.append((GAP, si, -1, 0, WHOLE))
            rows.append((HEAD, si, -1, 0, WHOLE))
            n = 0
            for li, ln in enumerate(sec.lines):
                if not ln.is_lyric:  # no number, no syllables, no rhyme letter
                    if (si, li) == cur:
                        rows.append((CHORDS, si, li, 0, WHOLE))
                        rows.append((NOTE, si, li, 0, WHOLE))
                        cursor_row = len(rows) - 1
                    else:
                        starts = wrap_cells(ln.text, [], text_w) if text_w > 8 else [0]
                        rows += [(NOTE, si, li, 0, (a, b)) for a, b in zip(starts, starts[1:] + [None])]
                elif (si, li) == cur:
                    n += 1
                    rows += [(CHORDS, si, li, n, WHOLE), (LYRIC, si, li, n, WHOLE)]  # scrolls sideways
                    cursor_row = len(rows) - 1
                elif not ln.is_blank:
                    n += 1
                    chords = chordrow.layout(ln)
                    starts = wrap_cells(ln.text, chords, text_w) if text_w > 8 else [0]
                    for a, b in zip(starts, starts[1:] + [None]):
                        if not a or any(a <= col and (b is None or col < b) for col, _ in chords):
                            rows.append((CHORDS, si, li, n, (a, b)))  # a later row shows chords only if it has some
                        rows.append((LYRIC, si, li, n, (a, b)))
                else:
                    rows.append((BLANK, si, li, 0, WHOLE))
        self._rows = rows
        self._cursor_row = cursor_row
        self.virtual_size = Size(self.size.width, len(rows))
        self.refresh()
        self.call_after_refresh(self.scroll_cursor_visible)

    def scroll_cursor_visible(self) -> None:
        top = self._cursor_row - (2 if self.doc.cursor.line == 0 else 1)  # header with the first line
        bottom = self._cursor_row
        y, h = self.scroll_offset.y, self.size.height
        if h <= 0:
            return
        if top < y:
            self.scroll_to(y=max(0, top), animate=False, immediate=True)
        elif bottom >= y + h:
            self.scroll_to(y=bottom - h + 1, animate=False, immediate=True)

    def refresh_doc(self, structure: bool = True) -> None:
        """Called by the screen after it changed the doc (undo, a taken suggestion...)."""
        self.section_edited()
        if structure:
            self._craft.clear()
            self.rebuild()
        else:
            self.refresh_current()

    # ----- songcraft gutter ---------------------------------------------------------------
    # Syllables and rhyme letters are computed per section in a thread worker (a word the
    # dictionary lacks can cost a guess at its pronunciation): drawing uses what is cached,
    # possibly a moment stale, and never waits.
    def _craft_for(self, si: int) -> CraftInfo | None:
        if not self.craft_enabled:
            return None
        sec = self.doc.song.sections[si]
        key = id(sec)
        entry = self._craft.get(key)
        if entry is not None and entry[0] is not sec:
            entry = None
        if (entry is None or key in self._dirty) and key not in self._pending:
            self._dirty.discard(key)
            self._pending.add(key)
            texts = [ln.sung for ln in sec.lines]  # notes are not sung: no syllables or rhyme
            self.run_worker(partial(self._compute_craft, sec, texts), thread=True, group="craft", exit_on_error=False)
        return entry[1] if entry is not None else None

    def _compute_craft(self, sec: object, texts: list[str]) -> None:
        self.post_message(CraftComputed(sec, services.craft_info(texts)))

    def on_craft_computed(self, msg: CraftComputed) -> None:
        key = id(msg.section)
        self._pending.discard(key)
        if any(s is msg.section for s in self.doc.song.sections):
            self._craft[key] = (msg.section, msg.info)
            self.refresh()

    def section_edited(self) -> None:
        """Recompute the current section's gutter after a short quiet spell of typing."""
        self._edited.add(id(self.doc.section))
        if self._craft_timer is not None:
            self._craft_timer.stop()
        self._craft_timer = self.set_timer(CRAFT_DELAY, self._refresh_craft)

    def _refresh_craft(self) -> None:
        self._dirty |= self._edited
        self._edited.clear()
        self.refresh()

    def enable_craft(self) -> None:
        self.craft_enabled = True
        self._craft.clear()
        self.refresh()

    # ----- drawing ------------------------------------------------------------------------
    def _style(self, *layers: str) -> Style:
        """The view's style with these component classes on top, as solid readable colours."""
        # Resolving CSS per row is the most expensive part of drawing; cache until styles change.
        style = self._style_cache.get(layers)
        if style is None:
            style = self._style_cache[layers] = layered_style(self, *(f"song-view--{n}" for n in layers))
        return style

    def notify_style_update(self) -> None:
        self._style_cache.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        idx = y + self.scroll_offset.y
        if idx >= len(self._rows):
            return Strip.blank(width, self._style())
        kind, si, li, num, (first, end) = self._rows[idx]
        doc = self.doc
        c = doc.cursor
        current = (si, li) == (c.section, c.line)
        row = ("current",) if current else ()  # the layer every style of this row sits on
        base = self._style(*row)
        if kind == GAP:
            return Strip.blank(width, self._style())
        if kind == HEAD:
            return self._render_header(si, width)
        gutter_style = self._style("current", "gutter", "current-gutter") if current else self._style("gutter")
        if kind == BLANK:
            segs = [Segment(" " * (GUTTER - 2) + "│ ", gutter_style)]
            return Strip(segs).adjust_cell_length(width, base)
        text_w = max(1, width - GUTTER)
        line = doc.song.sections[si].lines[li]
        # The current line scrolls sideways so the cursor stays on screen.
        offset = 0
        if current:
            cur_cell = c.col if c.on_chords else chordrow.cell_col(line.text, c.col)
            offset = max(0, cur_cell - text_w + 2)
        if kind == CHORDS or first:  # a wrapped line's later rows leave the gutter blank
            gutter = Segment(" " * (GUTTER - 2) + "│ ", gutter_style)
        elif kind == NOTE:
            gutter = Segment(NOTE_MARK.get(line.kind, "#").rjust(GUTTER - 3) + " │ ", gutter_style)
        else:
            gutter = Segment(self._gutter_text(si, li, num), gutter_style)
        if kind == CHORDS:
            body = self._chord_segments(line, current and c.on_chords, row)
        elif kind == NOTE:
            shown = line.text or ("" if current else "Chorus")  # a recall without a label
            body = self._lyric_segments(shown, current and not c.on_chords, (*row, "note"))
        else:
            body = self._lyric_segments(line.text, current and not c.on_chords, row)
        strip = Strip(body)
        if current:
            strip = strip.crop(offset, offset + text_w)
        else:
            strip = strip.crop(first, min(end if end is not None else strip.cell_length, first + text_w))
        return Strip([gutter, *strip]).adjust_cell_length(width, base)

    def _render_header(self, si: int, width: int) -> Strip:
        doc = self.doc
        current = si == doc.cursor.section
        style = self._style("header-current" if current else "header")
        label = doc.song.section_label(si)
        segs = [Segment(f" ▌ {label} ", style)]
        info = self._craft_for(si)
        if info is not None and info.scheme:
            segs.append(Segment(f" {info.scheme}", self._style("scheme")))
        return Strip(segs).adjust_cell_length(width, self._style())

    def _gutter_text(self, si: int, li: int, num: int) -> str:
        info = self._craft_for(si)
        syl, letter = "", ""
        if info is not None and li < len(info.syllables):
            s = info.syllables[li]
            syl = "" if s is None else str(s)
            letter = info.letters[li] if li < len(info.letters) else ""
        return f"{num:>3} {syl:>2} {letter[:2]:<2}│ "

    def _lyric_segments(self, text: str, editing: bool, row: tuple[str, ...]) -> list[Segment]:
        base = self._style(*row)
        if not editing:
            return [Segment(text, base)]
        col = self.doc.cursor.col
        cursor_style = self._style(*row, "cursor")
        under = text[col] if col < len(text) else " "
        return [Segment(text[:col], base), Segment(under, cursor_style), Segment(text[col + 1:], base)]

    def _chord_segments(self, line, editing: bool, row: tuple[str, ...]) -> list[Segment]:
        base = self._style(*row)
        chord_style = self._style(*row, "chord")
        if editing:
            text = self.doc.chord_text
            col = self.doc.cursor.col
            text = text.ljust(col + 1)
            cursor_style = self._style(*row, "chord", "cursor")
            return [Segment(text[:col], chord_style), Segment(text[col], cursor_style),
                    Segment(text[col + 1:], chord_style)]
        if self.show_chord is not None:
            line = Line(line.text, [ChordPlacement(self.show_chord(c.chord), c.pos) for c in line.chords])
        segs: list[Segment] = []
        x = 0
        for col, chord in chordrow.layout(line):
            segs.append(Segment(" " * (col - x), base))
            segs.append(Segment(chord, chord_style))
            x = col + cell_len(chord)
        return segs

    # ----- editing ------------------------------------------------------------------------
    def _changed(self, typed: bool = False, committed: bool = False, structure: bool = False) -> None:
        if typed or committed or structure:
            self.section_edited()
        if structure:
            self.rebuild()
        else:
            self.refresh_current()
        self.post_message(DocChanged(typed=typed, committed=committed, structure=structure))

    def refresh_current(self) -> None:
        """Redraw only the current line's two rows (typing must not repaint the whole song)."""
        self.refresh_lines(self._cursor_row - 1, 2)
        self.scroll_cursor_visible()

    def _moved(self) -> None:
        # Moving changes which line is current; the current line always shows its chord row,
        # so the layout can change when leaving or entering a blank line.
        self.rebuild()
        self.post_message(DocChanged(structure=False))

    async def take_key(self, event: events.Key) -> bool:
        """Apply one key now; False leaves it to Textual. The app calls this from its own
        queue, in arrival order (LyricApp.on_event): a key handled here never waits behind
        a message round trip, so Enter in a burst lands between the letters around it.
        An enabled binding wins over typing (1-9 take a candidate only where safe)."""
        ab = self.screen.active_bindings.get(event.key)
        if ab is not None and ab.binding.priority:
            return False  # the app's own keys (quit) go the usual way, before anything else
        if ab is not None and ab.enabled:
            await self.app.run_action(ab.binding.action, ab.node)
            return True
        if event.is_printable and event.character:
            self.doc.insert(event.character)
            self._changed(typed=not self.doc.cursor.on_chords)
            return True
        return False

    def paste(self, text: str) -> None:
        if text:
            self.doc.paste(text)
            self._changed(typed=True, structure=True)

    async def on_key(self, event: events.Key) -> None:
        # Normally the app hands keys over first (take_key); this catches any it forwarded.
        if await self.take_key(event):
            event.stop()
            event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        self.paste(event.text)

    def on_click(self, event: events.Click) -> None:
        idx = event.y + self.scroll_offset.y
        if not 0 <= idx < len(self._rows):
            return
        kind, si, li, _, (first, _end) = self._rows[idx]
        if kind in (GAP, HEAD):
            self.doc.move_to(si, 0)
        else:
            doc = self.doc
            if doc.cursor.on_chords != (kind == CHORDS):
                doc.toggle_chord_row()
            doc.move_to(si, li)
            x = first + max(0, event.x - GUTTER)  # a wrapped line's later row starts `first` cells in
            doc.cursor.col = x if kind == CHORDS else min(chordrow.char_pos(doc.line.text, x), len(doc.line.text))
        self._moved()

    def action_move(self, delta: int) -> None:
        if self.doc.move_vertical(delta):
            self._moved()

    def action_jump_section(self, delta: int) -> None:
        self.doc.move_section(delta)
        self._moved()

    def action_left(self) -> None:
        self.doc.move_horizontal(-1)
        self._moved()

    def action_right(self) -> None:
        self.doc.move_horizontal(1)
        self._moved()

    def action_home(self) -> None:
        self.doc.home()
        self.refresh_current()

    def action_end(self) -> None:
        self.doc.end()
        self.refresh_current()

    def action_backspace(self) -> None:
        n = len(self.doc.section.lines)
        self.doc.backspace()
        self._changed(typed=not self.doc.cursor.on_chords, structure=len(self.doc.section.lines) != n)

    def action_delete_right(self) -> None:
        n = len(self.doc.section.lines)
        self.doc.delete()
        self._changed(typed=not self.doc.cursor.on_chords, structure=len(self.doc.section.lines) != n)

    def action_commit_line(self) -> None:
        was_chords = self.doc.cursor.on_chords
        self.doc.newline()
        if was_chords:
            self._moved()
        else:
            self._changed(committed=True, structure=True)

    def action_toggle_chords(self) -> None:
        self.doc.toggle_chord_row()
        self.refresh_current()
        self.post_message(DocChanged(structure=False))
