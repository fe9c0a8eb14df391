"""Read songs a writer already has: ChordPro (`.cho`) and plain text with chord lines.

    from lyrictui.song.importers import parse_chordpro, parse_plaintext
    song = parse_chordpro(open("song.cho", encoding="utf-8").read())

Both return a `Song` or raise `SongSyntaxError` (with a 1-based line number); they never
touch files (`lyrictui.song.io.load_song` does that and names the file in its error).

ChordPro: the song facts (`{title:}`/`{t:}`, `{subtitle:}`/`{st:}`, `{artist:}`,
`{composer:}`, `{lyricist:}`, `{key:}`, `{capo:}` and `{tempo:}` (whole numbers; anything
else is kept in extra), `{time:}`, `{year:}`, `{album:}`, `{copyright:}`; `{meta: name
value}` too), `{start_of_verse: label="Verse 1"}` / `{sov}`, chorus / bridge / part /
tab / grid likewise (tab and grid lines are kept verbatim), inline `[C]` chords (->
ChordPlacement at that character offset of the lyric), `#` comment lines skipped,
`{x_lyrictui_...}` directives restore what lyrictui wrote (see `lyrictui.song.chordpro`).
`{comment:}`/`{c:}`, `{comment_italic:}`/`{ci:}`, `{comment_box:}`/`{cb:}`, `{highlight:}`
become comment lines in their place (between sections: at the top of the next one), and
`{chorus}` a recall line (between sections: a chorus section of its own). A `{comment:
Chorus}` outside environments that names a section starts one instead (files without
environments label sections that way). Other directives are kept in Song.extra by name
(a fact given twice too); their place in the song is not.

Plain text: an optional head (a title line and/or `Title:`, `Artist:`, `Key:`, `Capo:`,
`Tempo:`, ... lines: every song fact, then a blank line), section headers `[Chorus]`, `[Verse 2]` or
`Chorus:`, chord lines (every token a chord symbol or a bar mark) over lyric lines,
blank lines between stanzas. With no headers at all each stanza becomes a verse.
"""

from __future__ import annotations

import json
import re

from lyrictui.song import chordpro as cp
from lyrictui.song.model import FACTS, ChordPlacement, Line, Section, Song
from lyrictui.song.symbols import chord_line_tokens, column_of, is_chord_symbol, pos_at_column


class SongSyntaxError(ValueError):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def split_lines(text: str) -> list[str]:
    """Lines split on \\n only (\\r\\n and \\r too), so no other character ends a line."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


# ---------------------------------------------------------------- ChordPro


def _directive(body: str) -> tuple[str, str | None]:
    m = re.match(r"\s*([^\s:]+)\s*(?::\s?(.*)|\s(.*))?$", body, re.S)
    if not m:
        return body.strip().lower(), None
    value = m.group(2) if m.group(2) is not None else m.group(3)
    return m.group(1).lower(), None if value is None else cp.unescape_value(value.strip())


def _label_attr(value: str | None) -> str | None:
    if not value:
        return None
    m = re.search(r'label\s*=\s*"([^"]*)"', value)
    if m:
        return m.group(1)
    return None if "=" in value else value


def _lyric(raw: str, n: int) -> Line:
    text: list[str] = []  # one entry per character, so len(text) is the chord position
    chords: list[ChordPlacement] = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "\\" and i + 1 < len(raw) and cp.unescape_lyric_char(raw[i + 1]):
            text.append(raw[i + 1])
            i += 2
        elif ch == "[":
            j, sym = i + 1, []
            while j < len(raw) and raw[j] != "]":
                if raw[j] == "\\" and j + 1 < len(raw) and raw[j + 1] in "\\]":
                    j += 1
                sym.append(raw[j])
                j += 1
            if j >= len(raw):
                raise SongSyntaxError(f"a chord opened with '[' at column {i + 1} is never closed with ']'", n)
            chords.append(ChordPlacement("".join(sym), len(text)))
            i = j + 1
        else:
            text.append(ch)
            i += 1
    return Line("".join(text), chords)


def _json_value(value: str | None, name: str, n: int, kind: type) -> object:
    try:
        obj = json.loads(value or "")
    except json.JSONDecodeError as e:
        raise SongSyntaxError(f"{{{name}}} holds broken JSON ({e.msg})", n) from None
    if not isinstance(obj, kind):
        raise SongSyntaxError(f"{{{name}}} should hold a JSON {kind.__name__}", n)
    return obj


def _header_word(label: str) -> str | None:
    kind = cp.kind_from_label(label)
    return kind if kind in HEADER_WORDS else None


class _ChordProReader:
    def __init__(self) -> None:
        self.song = Song(title="Untitled")
        self.raw_labels: list[str | None] = []
        self.exact: dict[int, dict] = {}
        self.meta: dict[str, object] = {}
        self.cur: Section | None = None
        self.env: str | None = None  # open environment; None = an implicit section or none
        self.from_lyrictui = False
        self.last_lyric: Line | None = None
        self.pending: list[Line] = []  # comments between sections: they go to the next one
        self.facts_seen: set[str] = set()
        self.header: Line | None = None  # the {comment: Chorus} that opened the current section

    def open(self, kind: str, label: str | None, env: str | None) -> None:
        self.cur = Section(kind=kind, lines=self.pending)
        self.pending = []
        self.header = None
        self.song.sections.append(self.cur)
        self.raw_labels.append(label)
        self.env = env
        self.last_lyric = None

    def close(self) -> None:
        if self.cur is not None and not self.from_lyrictui:
            while self.cur.lines and self.cur.lines[-1].is_blank:  # trailing blank lines
                self.cur.lines.pop()
        self.cur, self.env, self.last_lyric = None, None, None

    def add(self, line: Line) -> None:
        if self.cur is None:
            if not line.is_lyric:  # a note between sections belongs to the section it precedes
                self.pending.append(line)
                return
            self.open("verse", None, None)
        assert self.cur is not None
        self.cur.lines.append(line)

    def directive(self, name: str, value: str | None, n: int) -> None:
        song = self.song
        start = name[9:] if name.startswith("start_of_") else cp.SHORT_START.get(name)
        end = name[7:] if name.startswith("end_of_") else cp.SHORT_END.get(name)
        if start:
            self.unheader()
            self.close()
            label = _label_attr(value)
            self.open(cp.kind_for(start, label), label, start)
        elif end:
            self.close()
        elif name == "meta" and value:
            key, _, rest = value.partition(" ")
            self.directive(key.lower(), rest.strip(), n)
        elif name in cp.META:
            self.fact(name, cp.META[name], value)
        elif name in cp.COMMENTS:
            word = _header_word(value or "")
            if word and self.env is None:  # files without environments name sections so
                self.close()
                self.open(word, (value or "").strip().rstrip(":").strip(), None)
                self.header = Line(value or "", kind=cp.COMMENTS[name])
            elif value:
                self.add(Line(value, kind=cp.COMMENTS[name]))
        elif name == cp.RECALL:
            self.recall(_label_attr(value) or "")
        elif name.startswith(cp.PREFIX):
            self.lyrictui_directive(name[len(cp.PREFIX):], value, n)
        else:
            self.keep(name, value or "")

    def unheader(self) -> None:
        """A section-naming comment right before an environment was only its heading: keep it
        as a comment line at the top of that environment, not as an empty section."""
        if self.header is None or self.cur is None or self.env is not None:
            return
        if any(ln.is_lyric for ln in self.cur.lines):
            return
        self.song.sections.pop()
        self.raw_labels.pop()
        self.pending = self.cur.lines + [self.header]
        self.cur, self.header = None, None

    def fact(self, name: str, field: str, value: str | None) -> None:
        """A song fact; given twice (or a capo/tempo that is no number) it is kept in extra."""
        if field in self.facts_seen:
            self.keep(name, value or "")
            return
        if field in cp.INT_FACTS:
            number = cp.int_fact(value)
            if number is None:
                self.keep(name, value or "")
                return
            setattr(self.song, field, number)
        else:
            setattr(self.song, field, value or "")
        self.facts_seen.add(field)

    def recall(self, label: str) -> None:
        """`{chorus}`: inside a section a line of it; between sections a chorus of its own."""
        line = Line(label, kind="recall")
        if self.env is None:
            self.close()
            self.open("chorus", None, None)
            self.add(line)
            self.close()
        else:
            self.add(line)

    def keep(self, name: str, value: str) -> None:
        extra = self.song.extra
        extra[name] = extra[name] + "\n" + value if name in extra else value

    def lyrictui_directive(self, what: str, value: str | None, n: int) -> None:
        name = cp.PREFIX + what
        if what == "version":
            self.from_lyrictui = True
            if not (value or "").isdigit() or int(value or 0) > cp.LYRICTUI_VERSION:
                raise SongSyntaxError(
                    f"written by a newer lyrictui ({{{name}: {value}}}); upgrade lyrictui to open it", n
                )
        elif what == "section":
            if self.cur is None:
                raise SongSyntaxError(f"{{{name}}} outside a section", n)
            d = _json_value(value, name, n, dict)
            if not isinstance(d.get("kind", ""), str) or not isinstance(d.get("label"), (str, type(None))):  # type: ignore[union-attr]
                raise SongSyntaxError(f"{{{name}}} needs a string kind and a string or null label", n)
            self.exact[len(self.song.sections) - 1] = d  # type: ignore[assignment]
        elif what == "chord_positions":
            try:
                positions = [int(p) for p in (value or "").split()]
            except ValueError:
                raise SongSyntaxError(f"{{{name}}} should list whole numbers", n) from None
            if self.last_lyric is not None:
                cp.chord_positions_apply(self.last_lyric, positions)
        elif what == "line":
            d = _json_value(value, name, n, dict)
            try:
                line = Line.from_dict(d)  # type: ignore[arg-type]
            except (KeyError, TypeError, ValueError):
                raise SongSyntaxError(f"{{{name}}} is not a line", n) from None
            self.add(line)
            self.last_lyric = line
        elif what == "meta":
            obj = _json_value(value, name, n, dict)
            self.meta.update({k: None if v is None else str(v) for k, v in obj.items()})  # type: ignore[union-attr]
        elif what == "extra":
            obj = _json_value(value, name, n, dict)
            self.song.extra.update({str(k): str(v) for k, v in obj.items()})  # type: ignore[union-attr]
        else:  # from a newer lyrictui: keep it rather than lose it
            self.keep(name, value or "")

    def finish(self) -> Song:
        self.close()
        song = self.song
        if self.pending:  # notes after the last section end it
            if song.sections:
                song.sections[-1].lines += self.pending
            else:
                self.open("verse", None, None)
        cp.resolve_labels(song, self.raw_labels)
        for i, d in self.exact.items():
            song.sections[i].kind = str(d.get("kind", song.sections[i].kind))
            song.sections[i].label = d.get("label")
        for k, v in self.meta.items():
            if k in cp.METADATA and k not in cp.INT_FACTS:
                setattr(song, k, v)
        return song


def parse_chordpro(text: str) -> Song:
    r = _ChordProReader()
    for n, raw in enumerate(split_lines(text), 1):
        stripped = raw.lstrip()
        if stripped.startswith("#"):
            continue
        if stripped.startswith("{"):
            body = stripped.rstrip()
            backslashes = len(body[:-1]) - len(body[:-1].rstrip("\\"))
            if not body.endswith("}") or backslashes % 2 == 1:  # a final \} is an escaped brace
                raise SongSyntaxError("a directive opened with '{' is never closed with '}'", n)
            r.directive(*_directive(body[1:-1]), n)
            continue
        if r.env in cp.VERBATIM:  # tablature, grids: characters mean what they show
            r.add(Line(raw))
            continue
        if not raw.strip():
            if r.env is not None:
                r.add(Line(raw))
            else:
                r.close()  # outside environments a blank line ends a stanza
            continue
        line = _lyric(raw, n)
        r.add(line)
        r.last_lyric = line
    return r.finish()


# ---------------------------------------------------------------- plain text

# Words that make `Word:` or `Word 2:` a section header in plain text.
HEADER_WORDS = {
    "verse", "chorus", "bridge", "intro", "pre-chorus", "outro", "post-chorus", "hook", "refrain", "tag", "interlude",
    "instrumental", "solo", "coda", "break", "breakdown", "rap", "vamp", "middle-8",
}
_META_LINE = re.compile(
    r"^\s*(title|artist|by|writers?|words|music|bpm|" + "|".join(FACTS) + r")\s*:\s*(\S.*?)\s*$",
    re.I,
)


def _header(line: str) -> tuple[str, str] | None:
    """(kind, label) when `line` is a section header: `[Chorus]`, `[Verse 2]`, `Chorus:`."""
    s = line.strip()
    m = re.fullmatch(r"\[([^\[\]]+)\]", s)
    if m and not is_chord_symbol(m.group(1).strip()):
        label = m.group(1).strip().rstrip(":").strip()
        return cp.kind_from_label(label), label
    m = re.fullmatch(r"([^\W\d][\w -]*?\s*\d*)\s*:", s)
    if m and _header_word(m.group(1)):
        return cp.kind_from_label(m.group(1)), m.group(1).strip()
    return None


def _head(lines: list[str], song: Song) -> int:
    """Read the title/metadata head if there is one; return the index of the first body line."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    j = i
    while j < len(lines) and lines[j].strip():
        j += 1
    block = lines[i:j]
    if not block or _header(block[0]) or chord_line_tokens(block[0]):
        return 0
    title_line = None if _META_LINE.match(block[0]) else block[0]
    metas = [_META_LINE.match(b) for b in block[1 if title_line is not None else 0:]]
    if not all(metas) or (title_line is not None and not metas and j >= len(lines)):
        return 0  # a stanza, not a head (a lone first line counts only if more follows)
    if title_line is not None:
        song.title = title_line.strip()
    for m in metas:
        assert m
        name, value = m.group(1).lower(), m.group(2)
        name = {"by": "artist", "bpm": "tempo"}.get(name, name)
        if name in cp.INT_FACTS:
            number = cp.int_fact(value)
            if number is None:
                song.extra[name] = value
            else:
                setattr(song, name, number)
        elif name in ("title", "artist", *FACTS):
            setattr(song, name, value)
        else:
            song.extra[name] = value
    return j


def parse_plaintext(text: str) -> Song:
    lines = [ln.rstrip() for ln in split_lines(text)]
    song = Song(title="Untitled")
    i = _head(lines, song)
    body = lines[i:]
    has_headers = any(_header(ln) for ln in body)
    raw_labels: list[str | None] = []
    cur: Section | None = None

    def open_section(kind: str, label: str | None) -> Section:
        sec = Section(kind=kind)
        song.sections.append(sec)
        raw_labels.append(label)
        return sec

    k = 0
    while k < len(body):
        ln = body[k]
        k += 1
        head = _header(ln)
        if head:
            cur = open_section(*head)
            continue
        if not ln.strip():
            if not has_headers:
                cur = None  # each stanza is its own verse
            elif cur is not None and cur.lines and not cur.lines[-1].is_blank:
                cur.lines.append(Line(""))
            continue
        chords = chord_line_tokens(ln.expandtabs(8))
        if chords is not None:
            cols = [(column_of(ln.expandtabs(8), off), sym) for off, sym in chords]
            nxt = body[k] if k < len(body) else ""
            if nxt.strip() and not _header(nxt) and chord_line_tokens(nxt.expandtabs(8)) is None:
                line = Line(nxt, [ChordPlacement(sym, pos_at_column(nxt, col)) for col, sym in cols])
                k += 1
            else:  # chords with no words under them (an intro, a turnaround)
                line = Line("", [ChordPlacement(sym, col) for col, sym in cols])
        else:
            line = Line(ln)
        if cur is None:
            cur = open_section("verse", None)
        cur.lines.append(line)
    for sec in song.sections:
        while sec.lines and sec.lines[-1].is_blank:
            sec.lines.pop()
    cp.resolve_labels(song, raw_labels)
    return song
