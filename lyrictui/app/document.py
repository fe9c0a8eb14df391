"""The song being edited: a Song plus a cursor, and every edit the editor makes (pure).

The Textual widgets call these methods and redraw; nothing here knows about Textual, so
the editing rules are unit-tested directly (tests/test_app_document.py). Rules:

- Enter commits the line and opens a new empty one below (it never splits a line).
- Up/down move by lyric line, across sections; Tab switches between the line's words and
  its chord row. The chord row is edited in overwrite mode, column by column, like a lead
  sheet, and re-parsed into ChordPlacements on every keystroke.
- Every section keeps at least one line while editing (a place for the cursor);
  `song_for_saving()` drops trailing blank lines, so an untouched section saves empty.
- Each change records the state before it in `history` (typing bursts coalesce).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from lyrictui.app import chordrow
from lyrictui.app.history import History
from lyrictui.song.model import SECTION_KINDS, ChordPlacement, Line, Section, Song
from lyrictui.visible import visible

# How far right of the words the chord-row cursor may wander (cells), for chords after the line.
CHORD_ROW_SLACK = 24


@dataclass
class Cursor:
    section: int = 0
    line: int = 0
    col: int = 0  # characters into the lyric text, or cells into the chord row
    on_chords: bool = False

    def astuple(self) -> tuple[int, int, int, bool]:
        return (self.section, self.line, self.col, self.on_chords)


def new_song(title: str = "Untitled") -> Song:
    return Song(title=title, sections=[Section("verse", None, [Line()])])


def parse_section_name(text: str) -> tuple[str, str | None]:
    """'Chorus' -> ('chorus', None); 'pre chorus' -> ('pre-chorus', None); 'Verse 3' -> ('verse', None);
    'Rap Break' -> ('rap break', None); 'tag (half time)' -> ('tag (half time)', 'tag (half time)')."""
    t = " ".join(text.split())
    low = t.lower()
    m = re.fullmatch(r"(.+?)\s*\d+", low)
    for cand in (low, m.group(1) if m else None):
        if cand is None:
            continue
        norm = cand.replace(" ", "-")
        if norm in SECTION_KINDS or norm.replace("-", "") in {k.replace("-", "") for k in SECTION_KINDS}:
            kind = next(k for k in SECTION_KINDS if k.replace("-", "") == norm.replace("-", ""))
            return kind, None
    if not low:
        return "verse", None
    auto = " ".join(p.title() for p in low.split(" "))
    return low, (None if t == auto else t)


# The header the paste reader puts before pasted text (see SongDoc.paste); never shown.
PASTE_LEAD = "lyrictui pasted lines"


def clean_paste(text: str) -> str:
    """Newlines as \\n, tabs as spaces; any other control character shown, never obeyed
    (lyrictui.visible: a paste may carry terminal escapes)."""
    return visible(text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def _join(a: Line, b: Line) -> Line:
    """`b` appended to `a`, its chords moved along."""
    at = len(a.text)
    return Line(a.text + b.text, a.chords + [ChordPlacement(ch.chord, ch.pos + at) for ch in b.chords])


def _shift(chords: list[ChordPlacement], at: int, delta: int) -> list[ChordPlacement]:
    """Chords at or after character `at` move by `delta` so they stay over their words."""
    return [ChordPlacement(c.chord, max(0, c.pos + delta) if c.pos >= at else c.pos) for c in chords]


class SongDoc:
    def __init__(self, song: Song | None = None) -> None:
        self.song = song if song is not None else new_song()
        self._normalise()
        self.cursor = Cursor()
        self.chord_text = ""  # the chord row as text while the cursor is on it
        self.history: History[tuple[dict, tuple]] = History()
        self.version = 0  # bumps on every change; the editor compares it with the saved version
        self._goal_col = 0  # column kept while moving up and down

    # ----- access -------------------------------------------------------------------------
    def _normalise(self) -> None:
        if not self.song.sections:
            self.song.sections.append(Section("verse", None, []))
        for sec in self.song.sections:
            if not sec.lines:
                sec.lines.append(Line())

    @property
    def section(self) -> Section:
        return self.song.sections[self.cursor.section]

    @property
    def line(self) -> Line:
        return self.section.lines[self.cursor.line]

    @property
    def row_text(self) -> str:
        return self.chord_text if self.cursor.on_chords else self.line.text

    def song_for_saving(self) -> Song:
        """A copy without the trailing blank lines the editor keeps for its cursor."""
        song = Song.from_dict(self.song.to_dict())
        for sec in song.sections:
            while sec.lines and sec.lines[-1].is_blank:
                sec.lines.pop()
        return song

    def snapshot(self) -> Song:
        """A copy to hand to a provider thread (the editor keeps mutating its own)."""
        return Song.from_dict(self.song.to_dict())

    def previous_chords(self, limit: int = 16) -> tuple[str, ...]:
        """Chords before the cursor's line, most recent last (context for progressions)."""
        out: list[str] = []
        for si, sec in enumerate(self.song.sections[: self.cursor.section + 1]):
            lines = sec.lines if si < self.cursor.section else sec.lines[: self.cursor.line]
            for ln in lines:
                out.extend(c.chord for c in ln.sorted_chords())
        return tuple(out[-limit:])

    # ----- history ------------------------------------------------------------------------
    def state(self) -> tuple[dict, tuple]:
        return (self.song.to_dict(), self.cursor.astuple())

    def _before(self, group: object = None) -> None:
        self.history.record(self.state(), group)
        self.version += 1

    def _restore(self, state: tuple[dict, tuple]) -> None:
        song_dict, cur = state
        self.song = Song.from_dict(song_dict)
        self._normalise()
        si, li, col, on_chords = cur
        si = min(si, len(self.song.sections) - 1)
        li = min(li, len(self.song.sections[si].lines) - 1)
        self.cursor = Cursor(si, li, col, on_chords)
        if on_chords:
            self.chord_text = chordrow.render_chord_row(self.line)
        self.cursor.col = min(col, self._max_col())
        self.version += 1

    def replace_song(self, song: Song) -> None:
        """Another version of the song (reloaded from disk) replaces this one, as one undo step."""
        self._before()
        self._restore((song.to_dict(), self.cursor.astuple()))

    def undo(self) -> bool:
        state = self.history.undo(self.state())
        if state is None:
            return False
        self._restore(state)
        return True

    def redo(self) -> bool:
        state = self.history.redo(self.state())
        if state is None:
            return False
        self._restore(state)
        return True

    # ----- typing -------------------------------------------------------------------------
    def _max_col(self) -> int:
        if self.cursor.on_chords:
            return max(len(self.chord_text), chordrow.cell_col(self.line.text, len(self.line.text))) + CHORD_ROW_SLACK
        return len(self.line.text)

    def insert(self, s: str) -> None:
        """Type or paste `s` at the cursor; pasted newlines commit lines as Enter does."""
        s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        if self.cursor.on_chords:
            s = s.replace("\n", " ")
        pieces = s.split("\n")
        for k, piece in enumerate(pieces):
            if k:
                self.newline()
            if piece:
                self._insert_piece(piece)

    def paste(self, text: str) -> None:
        """Paste `text` at the cursor as one undo step. One line types as if typed. Several
        lines are read as the plain-text importer reads a song: `[Chorus]` headers start new
        sections after this one (or replace it while it is still empty), a chord line puts
        its chords over the words below it, blank lines stay stanza breaks."""
        text = clean_paste(text)
        if "\n" not in text or self.cursor.on_chords:
            self.insert(text)
            return
        from lyrictui.song.importers import parse_plaintext

        # A lead header makes the importer read the lines before the first real header as
        # lyrics of this section (not as a title block), and keep their blank lines.
        lead, *sections = parse_plaintext(f"[{PASTE_LEAD}]\n{text}").sections
        lines = list(lead.lines) + ([Line()] if text.endswith("\n") and not sections else [])
        self._before()
        if lines:
            self._paste_lines(lines)
        if sections:
            self._paste_sections(sections)
        self.history.break_group()

    def _paste_lines(self, pasted: list[Line]) -> None:
        """Pasted lines into the current section: the first joins the words before the
        cursor, the words after the cursor (with their chords) end the last one."""
        c = self.cursor
        cur = self.line
        head = Line(cur.text[: c.col], [ch for ch in cur.chords if ch.pos < c.col])
        tail = Line(cur.text[c.col:], [ChordPlacement(ch.chord, ch.pos - c.col) for ch in cur.chords if ch.pos >= c.col])
        new = [_join(head, pasted[0]), *pasted[1:]]
        end_col = len(new[-1].text)
        new[-1] = _join(new[-1], tail)
        self.section.lines[c.line: c.line + 1] = new
        c.line += len(new) - 1
        c.col = self._goal_col = end_col

    def _paste_sections(self, sections: list[Section]) -> None:
        si = self.cursor.section
        if all(ln.is_blank for ln in self.section.lines):
            del self.song.sections[si]  # an empty section gives way to what was pasted
        else:
            self._trim_section(si)  # the cursor leaves it: no blank line left at its end
            si += 1
        for sec in sections:
            if not sec.lines:
                sec.lines.append(Line())
        self.song.sections[si:si] = sections
        c = self.cursor
        c.on_chords = False
        c.section, c.line = si + len(sections) - 1, len(sections[-1].lines) - 1
        c.col = self._goal_col = len(self.line.text)

    def _insert_piece(self, s: str) -> None:
        c = self.cursor
        self._before(("type", c.section, c.line, c.on_chords))
        if c.on_chords:
            # Overwrite, padding with spaces: chords after the cursor keep their columns.
            row = self.chord_text.ljust(c.col)
            self._set_chord_text(row[: c.col] + s + row[c.col + len(s):])
        else:
            ln = self.line
            # Inside the words, chords ride along with their syllables; at the end of the
            # words (or on an empty line under a taken progression) they keep their columns.
            if c.col < len(ln.text):
                ln.chords = _shift(ln.chords, c.col, len(s))
            ln.text = ln.text[: c.col] + s + ln.text[c.col:]
        c.col += len(s)
        self._goal_col = c.col

    def _set_chord_text(self, row: str) -> None:
        self.chord_text = row
        self.line.chords = chordrow.parse_chord_row(row, self.line.text)

    def backspace(self) -> None:
        c = self.cursor
        if c.col > 0:
            self._before(("type", c.section, c.line, c.on_chords))
            if c.on_chords:
                row = self.chord_text.ljust(c.col)
                self._set_chord_text((row[: c.col - 1] + " " + row[c.col:]).rstrip())
            else:
                ln = self.line
                if c.col < len(ln.text):
                    ln.chords = _shift(ln.chords, c.col, -1)
                ln.text = ln.text[: c.col - 1] + ln.text[c.col:]
            c.col -= 1
        elif not c.on_chords and c.line > 0:
            self._join_previous()
        self._goal_col = c.col

    def delete(self) -> None:
        c = self.cursor
        if c.on_chords:
            if c.col < len(self.chord_text):
                self._before(("type", c.section, c.line, True))
                row = self.chord_text
                self._set_chord_text((row[: c.col] + " " + row[c.col + 1:]).rstrip())
        elif c.col < len(self.line.text):
            self._before(("type", c.section, c.line, False))
            ln = self.line
            if c.col + 1 < len(ln.text):
                ln.chords = _shift(ln.chords, c.col + 1, -1)
            ln.text = ln.text[: c.col] + ln.text[c.col + 1:]
        elif c.line + 1 < len(self.section.lines):
            c.line += 1
            c.col = 0
            self._join_previous()

    def _join_previous(self) -> None:
        """Backspace at the start of a line: it joins the one above (an empty line just goes)."""
        self._before()
        c = self.cursor
        lines = self.section.lines
        prev, cur = lines[c.line - 1], lines[c.line]
        at = len(prev.text)
        prev.chords = prev.chords + [ChordPlacement(ch.chord, ch.pos + at) for ch in cur.chords]
        prev.text = prev.text + cur.text
        del lines[c.line]
        c.line -= 1
        c.col = at

    def newline(self) -> None:
        """Enter: on the words, commit the line and open a new one below; on chords, back to the words."""
        c = self.cursor
        if c.on_chords:
            self.toggle_chord_row()
            return
        self._before()
        self.section.lines.insert(c.line + 1, Line())
        c.line += 1
        c.col = 0
        self._goal_col = 0

    # ----- moving -------------------------------------------------------------------------
    def _enter_line(self, si: int, li: int) -> None:
        c = self.cursor
        if si != c.section:
            self._trim_section(c.section)
        c.section, c.line = si, li
        if c.on_chords:
            self.chord_text = chordrow.render_chord_row(self.line)
        c.col = min(self._goal_col, self._max_col())
        self.history.break_group()

    def _trim_section(self, si: int) -> None:
        """Blank lines at the end of a section the cursor leaves go: they would be invisible
        rows the cursor could still enter and put chords on (they never reach the file)."""
        if not 0 <= si < len(self.song.sections):
            return
        lines = self.song.sections[si].lines
        while len(lines) > 1 and lines[-1].is_blank:
            lines.pop()

    def move_vertical(self, delta: int) -> bool:
        """Move `delta` lines (negative = up), across section boundaries. False at either end."""
        si, li = self.cursor.section, self.cursor.line
        moved = False
        for _ in range(abs(delta)):
            if delta < 0:
                if li > 0:
                    li -= 1
                elif si > 0:
                    si -= 1
                    li = len(self.song.sections[si].lines) - 1
                else:
                    break
            else:
                if li + 1 < len(self.song.sections[si].lines):
                    li += 1
                elif si + 1 < len(self.song.sections):
                    si, li = si + 1, 0
                else:
                    break
            moved = True
        if moved:
            self._enter_line(si, li)
        return moved

    def move_to(self, si: int, li: int = 0) -> None:
        si = max(0, min(si, len(self.song.sections) - 1))
        li = max(0, min(li, len(self.song.sections[si].lines) - 1))
        self._enter_line(si, li)

    def move_section(self, delta: int) -> None:
        """Jump to the first line of the previous/next section."""
        self.move_to(self.cursor.section + delta, 0)

    def move_horizontal(self, delta: int) -> None:
        c = self.cursor
        col = c.col + delta
        if col < 0 and not c.on_chords and self.move_vertical(-1):
            c.col = len(self.line.text)
        elif col > self._max_col() and not c.on_chords and self.move_vertical(1):
            c.col = 0
        else:
            c.col = max(0, min(col, self._max_col()))
        self._goal_col = c.col
        self.history.break_group()

    def home(self) -> None:
        self.cursor.col = self._goal_col = 0
        self.history.break_group()

    def end(self) -> None:
        self.cursor.col = self._goal_col = len(self.row_text)
        self.history.break_group()

    def toggle_chord_row(self) -> None:
        c = self.cursor
        text = self.line.text
        if not c.on_chords:
            self.chord_text = chordrow.render_chord_row(self.line)
            c.col = chordrow.cell_col(text, c.col)
            c.on_chords = True
        else:
            c.on_chords = False
            c.col = min(chordrow.char_pos(text, c.col), len(text))
        self._goal_col = c.col
        self.history.break_group()

    # ----- lines and sections -------------------------------------------------------------
    def set_line_text(self, text: str) -> None:
        """Take a suggested line: it replaces the words of the current line."""
        c = self.cursor
        self._before()
        if c.on_chords:
            c.on_chords = False
        self.line.text = text
        c.col = self._goal_col = len(text)
        self.history.break_group()

    def delete_line(self) -> Line:
        self._before()
        c = self.cursor
        lines = self.section.lines
        removed = lines.pop(c.line)
        if not lines:
            lines.append(Line())
        self._enter_line(c.section, min(c.line, len(lines) - 1))
        return removed

    def add_section(self, kind: str = "verse", label: str | None = None) -> None:
        """A new section after the current one, with the cursor on its first line."""
        self._before()
        si = self.cursor.section + 1
        self.song.sections.insert(si, Section(kind, label, [Line()]))
        self.cursor.on_chords = False
        self._goal_col = 0
        self._enter_line(si, 0)

    def rename_section(self, name: str) -> None:
        kind, label = parse_section_name(name)
        self._before()
        self.section.kind, self.section.label = kind, label

    def reorder_section(self, delta: int) -> bool:
        """Move the current section up (-1) or down (+1); the cursor goes with it."""
        si, sj = self.cursor.section, self.cursor.section + delta
        secs = self.song.sections
        if not 0 <= sj < len(secs):
            return False
        self._before()
        secs[si], secs[sj] = secs[sj], secs[si]
        self.cursor.section = sj
        self.history.break_group()
        return True

    def delete_section(self) -> None:
        self._before()
        secs = self.song.sections
        del secs[self.cursor.section]
        if not secs:
            secs.append(Section("verse", None, [Line()]))
        self._enter_line(min(self.cursor.section, len(secs) - 1), 0)

    # ----- chords -------------------------------------------------------------------------
    def apply_progression(self, chords: list[str]) -> None:
        """Take a proposed progression: its chords over the current line's words, spread evenly."""
        self._before()
        self.line.chords = chordrow.distribute(list(chords), self.line.text)
        if self.cursor.on_chords:
            self.chord_text = chordrow.render_chord_row(self.line)
            self.cursor.col = min(self.cursor.col, self._max_col())
        self.history.break_group()

    def transpose(self, fn: Callable[[str], str]) -> int:
        """Apply `fn` to every chord and to the song's key; returns how many chords changed."""
        self._before()
        n = 0
        for sec in self.song.sections:
            for ln in sec.lines:
                ln.chords = [ChordPlacement(fn(c.chord), c.pos) for c in ln.chords]
                n += len(ln.chords)
        if self.song.key:
            self.song.key = fn(self.song.key)
        if self.cursor.on_chords:
            self.chord_text = chordrow.render_chord_row(self.line)
        self.history.break_group()
        return n

    def set_facts(self, facts: dict[str, object]) -> None:
        """Title, artist and the song facts (lyrictui.app.songinfo.parse's result), one undo step."""
        self._before()
        for name, value in facts.items():
            setattr(self.song, name, value)
        self.history.break_group()
