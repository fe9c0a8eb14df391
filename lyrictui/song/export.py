"""Export a song for people and other programs: plain text, ChordPro, Markdown (and native JSON).

    from lyrictui.song.export import export_song
    print(export_song(song, "txt"))      # or "chordpro", "md", "json"

Plain text puts each line's chords on a line of their own above it, each chord over
the character it sits on, as a monospace terminal shows them (wide CJK characters take
two cells, combining marks none: see `lyrictui.song.symbols`). When two chords would
touch, the later one moves right to one space past the earlier; the lyric is never
changed. Markdown wraps the same text in a fenced block so the alignment survives.
ChordPro is lossless (see `lyrictui.song.chordpro`).
"""

from __future__ import annotations

from lyrictui.song.chordpro import to_chordpro
from lyrictui.song.model import Line, Song
from lyrictui.song.symbols import column_of, text_width

FORMATS = ("txt", "chordpro", "md", "json")
PLAIN_HEAD_EXTRAS = ("capo", "album", "year", "composer", "lyricist", "words", "music", "time")
# File extensions each export format is known by (the first is the one to suggest).
EXTENSIONS = {
    "txt": (".txt",),
    "chordpro": (".cho", ".chordpro", ".chopro", ".crd", ".pro"),
    "md": (".md", ".markdown"),
    "json": (".song.json", ".json"),
}


def format_for_path(path: str) -> str | None:
    """The export format a file name asks for ('song.cho' -> 'chordpro'), or None."""
    name = str(path).lower()
    for fmt, exts in EXTENSIONS.items():
        if name.endswith(exts):
            return fmt
    return None


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
    blank line between stanzas.
    """
    if not line.chords:
        return [line.text]
    return [chord_row(line)] + ([line.text] if line.text else [])


def _head(song: Song) -> list[str]:
    out = [song.title]
    if song.artist:
        out.append(f"Artist: {song.artist}")
    if song.key:
        out.append(f"Key: {song.key}")
    if song.tempo is not None:
        out.append(f"Tempo: {song.tempo}")
    for k, v in song.extra.items():  # the ones a plain-text head can carry and read back
        if k in PLAIN_HEAD_EXTRAS and v.strip() and "\n" not in v:
            out.append(f"{k.title()}: {v}")
    return out


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
    facts = []
    if song.artist:
        facts.append(f"by **{song.artist}**")
    if song.key:
        facts.append(f"key {song.key}")
    if song.tempo is not None:
        facts.append(f"{song.tempo} bpm")
    if facts:
        out += ["", " · ".join(facts)]
    for i, sec in enumerate(song.sections):
        out += ["", f"## {song.section_label(i)}", ""]
        body = [row for line in sec.lines for row in chord_sheet_lines(line)]
        fence = _fence(body)
        out += [fence + "text", *body, fence]
    return "\n".join(out) + "\n"


def export_song(song: Song, fmt: str) -> str:
    """The song as text in `fmt` ("txt", "chordpro", "md" or "json")."""
    if fmt == "txt":
        return to_text(song)
    if fmt == "chordpro":
        return to_chordpro(song)
    if fmt == "md":
        return to_markdown(song)
    if fmt == "json":
        from lyrictui.song.native import dumps_song

        return dumps_song(song)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
