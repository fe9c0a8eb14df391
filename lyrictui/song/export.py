"""Chord sheets for people: plain text and Markdown (the format registry is `lyrictui.song.formats`).

    from lyrictui.song.export import to_text, to_markdown
    print(to_text(song))

Plain text puts each line's chords on a line of their own above it, each chord over
the character it sits on, as a monospace terminal shows them (wide CJK characters take
two cells, combining marks none: see `lyrictui.song.symbols`). When two chords would
touch, the later one moves right to one space past the earlier; the lyric is never
changed. Markdown wraps the same text in a fenced block so the alignment survives.
Comment and recall lines show in parentheses in their place. The head lists the song
facts as `Name: value` lines, which the plain-text importer reads back.
"""

from __future__ import annotations

from lyrictui.song.model import Line, Song
from lyrictui.song.symbols import column_of, text_width

# Song.extra entries the plain-text head carries (the importer keeps them in extra).
PLAIN_HEAD_EXTRAS = ("words", "music", "writer", "writers")


def chord_row(line: Line) -> str:
    """The chord line that goes above `line` in monospace ('' when it has no chords)."""
    row = ""
    for c in line.sorted_chords():
        col = column_of(line.text, c.pos)
        width = text_width(row)
        if width and col <= width:  # would touch the chord before: one space after it
            col = width + 1
        row += " " * (col - width) + c.chord
    return row


def chord_sheet_lines(line: Line) -> list[str]:
    """A line as plain text: the chord row (when there are chords) over the lyric.

    A line with chords but no words is the chord row alone, so it does not read as a
    blank line between stanzas. A comment or recall is its text in parentheses.
    """
    if not line.is_lyric:
        return [f"({line.text or 'Chorus'})"]
    if not line.chords:
        return [line.text]
    return [chord_row(line)] + ([line.text] if line.text else [])


def _head_value(value: str) -> bool:
    """A value a `Name: value` head line reads back as it is."""
    return bool(value) and value == value.strip() and "\n" not in value and "\r" not in value


def head_facts(song: Song) -> list[tuple[str, str]]:
    """(Name, value) of each fact a head shows: the song's facts, then the extras it carries."""
    out = [(k.title(), v) for k, v in song.facts() if _head_value(v)]
    return out + [(k.title(), v) for k, v in song.extra.items() if k in PLAIN_HEAD_EXTRAS and _head_value(v)]


def _head(song: Song) -> list[str]:
    return [song.title] + [f"{name}: {value}" for name, value in head_facts(song)]


def _body(song: Song) -> list[str]:
    out: list[str] = []
    for i, sec in enumerate(song.sections):
        out += ["", f"[{song.section_label(i)}]"]
        for line in sec.lines:
            out += chord_sheet_lines(line)
    return out


def to_text(song: Song) -> str:
    return "\n".join(_head(song) + _body(song)) + "\n"


def _fence(lines: list[str]) -> str:
    """A backtick fence longer than any run of backticks inside (so lyrics cannot end it)."""
    longest = max((len(run) for ln in lines for run in _runs(ln)), default=0)
    return "`" * max(3, longest + 1)


def _runs(text: str) -> list[str]:
    runs, cur = [], ""
    for ch in text:
        if ch == "`":
            cur += ch
        elif cur:
            runs.append(cur)
            cur = ""
    return runs + ([cur] if cur else [])


def to_markdown(song: Song) -> str:
    out = [f"# {song.title}"]
    facts = head_facts(song)
    if facts:
        out += ["", " · ".join(f"**{name}:** {value}" for name, value in facts)]
    for i, sec in enumerate(song.sections):
        out += ["", f"## {song.section_label(i)}", ""]
        body = [row for line in sec.lines for row in chord_sheet_lines(line)]
        fence = _fence(body)
        out += [fence + "text", *body, fence]
    return "\n".join(out) + "\n"
