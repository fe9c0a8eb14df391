"""ChordPro as lyrictui writes it, and the syntax rules its reader shares.

    from lyrictui.song.chordpro import to_chordpro
    print(to_chordpro(song))

What a song becomes (standard ChordPro 6 directives wherever ChordPro can say it):

    {title: Night Drive}
    {artist: Ana}
    {key: G}
    {capo: 2}
    {tempo: 96}
    {x_lyrictui_version: 1}

    {start_of_verse: label="Verse 1"}
    {comment: Slow, fingerpicked}
    [G]Headlights on the [Em7]water
    {end_of_verse}

    {start_of_chorus: label="Refrain"}
    ...
    {end_of_chorus}

    {chorus}

- Song facts are their own directives, in this order: title, subtitle, artist,
  composer, lyricist, key, capo, tempo, time, year, album, copyright (METADATA).
- A section's kind picks the environment (verse, chorus, bridge, tab, grid, ...: the
  ChordPro 6 ones), its label goes in `label="..."`. Kinds ChordPro has no environment
  for (intro, pre-chorus, outro, a free word) are `{start_of_part: label="Intro"}`, and
  the reader gets the kind back from the label.
- Comment lines are `{comment:}`, `{comment_italic:}`, `{comment_box:}`, `{highlight:}`
  in their place; a recall line is `{chorus}` (`{chorus: label="..."}` with a label). A
  chorus section holding nothing but a recall is the bare `{chorus}` between sections.

Only what ChordPro cannot say lives in `{x_lyrictui_...}` directives, which other readers
ignore:

- `{x_lyrictui_version: 1}`: this file came from lyrictui (its sections keep trailing
  blank lines).
- `{x_lyrictui_section: {"kind": ..., "label": ...}}` (JSON, right after the start
  directive): only where the environment and label would read back as another kind or
  label (a free kind the label cannot name, a typed label equal to the automatic one).
- `{x_lyrictui_chord_positions: 14 18}` (after a lyric line): the real positions of the
  chords written at the end of that line, which sit past its last character.
- `{x_lyrictui_line: {"text": ..., "chords": [...], "kind": ...}}`: a line ChordPro
  cannot hold (a line break or an unpaired surrogate in it, a comment with chords or
  spaces at its ends, a tab line with chords).
- `{x_lyrictui_meta: {...}}`: a fact that ChordPro would trim or break.
- `{x_lyrictui_extra: {...}}`: Song.extra entries that would not read back as they are
  from plain directives. The others are written back: a ChordPro directive (DIRECTIVES,
  `x_...`, a fact given twice) as `{name: value}`, any other as `{meta: name value}`.

Lyrics escape `\\`, `[`, and a leading `{` or `#` with a backslash; directive values
escape `\\`, `{` and `}` (ChordSheetJS reads the same escapes in values).
"""

from __future__ import annotations

import json
import re

from lyrictui.song.model import Line, Section, Song

LYRICTUI_VERSION = 1
PREFIX = "x_lyrictui_"
# Section kinds ChordPro 6 has an environment of the same name for; others are "part".
ENVIRONMENTS = ("verse", "chorus", "bridge", "tab", "grid", "abc", "ly", "svg", "textblock")
VERBATIM = ("tab", "grid", "abc", "ly", "svg", "textblock")  # lines mean what they show
SHORT_START = {"sov": "verse", "soc": "chorus", "sob": "bridge", "sot": "tab", "sog": "grid"}
SHORT_END = {"eov": "verse", "eoc": "chorus", "eob": "bridge", "eot": "tab", "eog": "grid"}
# Comment directives (short names too) -> the line kind they make; the first name is written.
COMMENTS = {"comment": "comment", "c": "comment", "comment_italic": "comment_italic",
            "ci": "comment_italic", "comment_box": "comment_box", "cb": "comment_box",
            "highlight": "highlight"}
RECALL = "chorus"  # {chorus}: sing the chorus again here
# Song facts as directives (and their short names) -> Song field, in the order written.
METADATA = ("title", "subtitle", "artist", "composer", "lyricist", "key", "capo", "tempo",
            "time", "year", "album", "copyright")
META = {**{name: name for name in METADATA}, "t": "title", "st": "subtitle"}
INT_FACTS = ("capo", "tempo")  # whole numbers; another value read from a file goes to extra
# Other ChordPro 6 directives (layout, fonts, chord diagrams...): read into Song.extra and
# written back as `{name: value}`; any other extra is metadata, written `{meta: name value}`.
DIRECTIVES = frozenset((
    "new_song", "ns", "sorttitle", "duration", "image", "define", "chord", "new_page", "np",
    "new_physical_page", "npp", "column_break", "colb", "columns", "col", "pagetype", "grid", "g",
    "no_grid", "ng", "titles", "transpose", "diagrams", "chordfont", "cf", "chordsize", "cs",
    "chordcolour", "textfont", "tf", "textsize", "ts", "textcolour", "tabfont", "tabsize", "tabcolour",
))
# Directives lyrictui interprets; any other name read from a file goes to Song.extra.
RESERVED = set(SHORT_START) | set(SHORT_END) | set(COMMENTS) | set(META) | {"meta", RECALL}

_UNSAFE = re.compile("[\n\r\ud800-\udfff]")
_LYRIC_ESCAPES = "\\[]{}#%"


def _json(obj: object) -> str:
    text = json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))
    return re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text)


def escape_value(value: str) -> str:
    return value.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")


def unescape_value(value: str) -> str:
    return re.sub(r"\\([\\{}])", r"\1", value)


def value_is_plain(value: str) -> bool:
    """True when `{name: value}` reads back as exactly `value` (readers trim and split lines)."""
    return value == value.strip() and not _UNSAFE.search(value)


def _escape_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[")


def escape_lyric_line(line: str) -> str:
    """Escape the one thing the whole line decides: a first `{` or `#` would make it a
    directive or a comment (`line` has its text already escaped, chords in place)."""
    stripped = line.lstrip()
    if stripped[:1] in ("{", "#"):
        cut = len(line) - len(stripped)
        return line[:cut] + "\\" + line[cut:]
    return line


def unescape_lyric_char(nxt: str) -> bool:
    """Whether a backslash before `nxt` in a lyric is an escape (else it is kept as typed)."""
    return nxt in _LYRIC_ESCAPES


def escape_chord(chord: str) -> str:
    return chord.replace("\\", "\\\\").replace("]", "\\]")


def attr_label(label: str) -> str:
    """A label as a `label="..."` attribute: ChordPro has no escapes there, so swap the
    characters it cannot hold (the exact label goes in x_lyrictui_section)."""
    table = str.maketrans({'"': "'", "\\": "/", "{": "(", "}": ")", "\n": " ", "\r": " "})
    return re.sub("[\ud800-\udfff]", "?", label.translate(table))


def kind_from_label(label: str) -> str:
    """'Verse 2' -> 'verse', 'Pre-Chorus' -> 'pre-chorus', 'Pre Chorus:' -> 'pre-chorus'."""
    word = re.sub(r"\s*\d+$", "", label.strip().rstrip(":").strip())
    word = re.sub(r"\s+", "-", word.lower())
    return {"prechorus": "pre-chorus", "pre": "pre-chorus"}.get(word, word)


def kind_for(env: str, label: str | None) -> str:
    """The section kind a reader takes from `{start_of_ENV: label="LABEL"}`."""
    if env in ENVIRONMENTS or not label:
        return env
    return kind_from_label(label)


def int_fact(value: str | None) -> int | None:
    """A capo or tempo as a whole number ("96", "96 bpm"), else None (kept as text in extra)."""
    m = re.fullmatch(r"(-?\d+)(?:\s*bpm)?", value or "", re.I)
    return int(m.group(1)) if m else None


def resolve_labels(song: Song, raw: list[str | None]) -> None:
    """Set section labels from labels read in a file, keeping only those the automatic
    labelling would not produce anyway (so "Verse 2" stays automatic and renumbers)."""
    for sec in song.sections:
        sec.label = None
    changed = True
    while changed:  # each pass only removes sections from the numbering, so it ends
        changed = False
        for i, want in enumerate(raw):
            if want is not None and song.sections[i].label is None and song.section_label(i) != want:
                song.sections[i].label = want
                changed = True


# ---------------------------------------------------------------- writer


def _directive(name: str, value: str | None = None) -> str:
    return "{" + name + "}" if value is None else "{" + name + ": " + escape_value(value) + "}"


def _json_line(line: Line) -> list[str]:
    return [_directive(PREFIX + "line", _json(line.to_dict()))]


def _line_is_plain(line: Line) -> bool:
    return not _UNSAFE.search(line.text) and not any(_UNSAFE.search(c.chord) for c in line.chords)


def _lyric_line(line: Line) -> list[str]:
    """The ChordPro line(s) for one Line: inline chords, plus where they really sit if past the end."""
    if not _line_is_plain(line):
        return _json_line(line)
    text, n = line.text, len(line.text)
    parts: list[str] = []
    prev = 0
    chords = line.sorted_chords()
    for c in chords:
        at = min(max(c.pos, 0), n)  # chords past the end are written at the end
        parts += [_escape_text(text[prev:at]), "[" + escape_chord(c.chord) + "]"]
        prev = at
    parts.append(_escape_text(text[prev:]))
    out = [escape_lyric_line("".join(parts))]
    tail = [c.pos for c in chords if c.pos >= n]
    if any(p > n for p in tail):
        out.append(_directive(PREFIX + "chord_positions", " ".join(map(str, tail))))
    return out


def _recall_directive(line: Line) -> str | None:
    """`{chorus}` / `{chorus: label="..."}` for a recall line, None when ChordPro cannot hold it."""
    if line.chords:
        return None
    if line.text == "":
        return _directive(RECALL)
    if value_is_plain(line.text) and attr_label(line.text) == line.text:
        return "{" + RECALL + ': label="' + line.text + '"}'
    return None


def _note_line(line: Line) -> list[str]:
    """A comment or recall line: its directive in its place."""
    if line.kind == "recall":
        recall = _recall_directive(line)
        return [recall] if recall else _json_line(line)
    if line.chords or not line.text or not value_is_plain(line.text):
        return _json_line(line)
    return [_directive(line.kind, line.text)]  # the line kinds are the directives' long names


def _verbatim_line(line: Line) -> list[str]:
    """A tab/grid line as it shows, unless a reader would take it as something else."""
    if line.chords or _UNSAFE.search(line.text) or line.text.lstrip()[:1] in ("{", "#"):
        return _json_line(line)
    return [line.text]


def _line(line: Line, env: str) -> list[str]:
    if not line.is_lyric:
        return _note_line(line)
    return _verbatim_line(line) if env in VERBATIM else _lyric_line(line)


def section_env(kind: str) -> str:
    return kind if kind in ENVIRONMENTS else "part"


def _bare_recall(sec: Section) -> str | None:
    """The `{chorus}` a chorus section holding only a recall is written as (None: a real section)."""
    if sec.kind != "chorus" or sec.label is not None or len(sec.lines) != 1 or sec.lines[0].kind != "recall":
        return None
    return _recall_directive(sec.lines[0])


def _read_back(song: Song) -> list[tuple[str, str | None]]:
    """(kind, label) of each section as a reader takes them from its directive alone."""
    tmp, raw = Song(), []
    for i, sec in enumerate(song.sections):
        if _bare_recall(sec):
            kind, label = "chorus", None
        else:
            label = attr_label(song.section_label(i))
            kind = kind_for(section_env(sec.kind), label)
        tmp.sections.append(Section(kind))
        raw.append(label)
    resolve_labels(tmp, raw)
    return [(s.kind, s.label) for s in tmp.sections]


def _facts(song: Song) -> tuple[list[str], dict[str, object]]:
    """The metadata directives, and the facts ChordPro would trim or break (exactly, as JSON)."""
    out: list[str] = []
    exact: dict[str, object] = {}
    for name in METADATA:
        value = getattr(song, name)
        if value is None:
            continue
        if name in INT_FACTS:
            out.append(_directive(name, str(value)))
        elif value_is_plain(value):
            out.append(_directive(name, value))
        else:
            out.append(_directive(name, attr_label(value).strip()))
            exact[name] = value
    return out, exact


def _extra_reads_back(song: Song, name: str, value: str) -> bool:
    """Whether `{name: part}` for each line of `value` reads back into Song.extra as `value`
    (the reader keeps a fact given twice, or a capo/tempo that is not a number, in extra)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name) or name.startswith(("start_of_", "end_of_", PREFIX)):
        return False
    parts = value.split("\n")
    if not all(value_is_plain(p) for p in parts):
        return False
    if name not in META:
        return name not in RESERVED
    field = META[name]
    if field == "title" or getattr(song, field) is not None:  # written before the extras
        return True
    return field in INT_FACTS and all(int_fact(p) is None for p in parts)


def _extra_directive(name: str, value: str) -> str:
    if name in META or name in DIRECTIVES or name.startswith("x_"):
        return _directive(name) if value == "" else _directive(name, value)
    return _directive("meta", f"{name} {value}".rstrip())


def _extras(song: Song) -> list[str]:
    out: list[str] = []
    as_json: dict[str, str] = {}
    for k, v in song.extra.items():
        if _extra_reads_back(song, k, v):
            out += [_extra_directive(k, p) for p in v.split("\n")]
        else:
            as_json[k] = v
    if as_json:
        out.append(_directive(PREFIX + "extra", _json(as_json)))
    return out


def to_chordpro(song: Song) -> str:
    out, exact = _facts(song)
    out.append(_directive(PREFIX + "version", str(LYRICTUI_VERSION)))
    out += _extras(song)
    if exact:
        out.append(_directive(PREFIX + "meta", _json(exact)))
    back = _read_back(song)
    for i, sec in enumerate(song.sections):
        out.append("")
        recall = _bare_recall(sec)
        if recall:
            out.append(recall)
            continue
        env = section_env(sec.kind)
        out.append("{start_of_" + env + ': label="' + attr_label(song.section_label(i)) + '"}')
        if back[i] != (sec.kind, sec.label):  # say it outright only where it would read back wrong
            said: dict[str, object] = {"kind": sec.kind}
            if sec.label is not None:
                said["label"] = sec.label
            out.append(_directive(PREFIX + "section", _json(said)))
        for line in sec.lines:
            out.extend(_line(line, env))
        out.append("{end_of_" + env + "}")
    return "\n".join(out) + "\n"


def chord_positions_apply(line: Line, positions: list[int]) -> None:
    """Undo the writer's 'chords past the end are written at the end' for one line."""
    at_end = [c for c in line.chords if c.pos == len(line.text)]
    if len(at_end) == len(positions):
        for c, p in zip(at_end, positions):
            c.pos = p
