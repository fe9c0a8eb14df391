"""ChordPro as lyrictui writes it, and the syntax rules its reader shares.

    from lyrictui.song.chordpro import to_chordpro
    print(to_chordpro(song))

What a song becomes:

    {title: Night Drive}
    {artist: Ana}
    {key: G}
    {tempo: 96}
    {x_lyrictui_version: 1}

    {start_of_verse: label="Verse 1"}
    [G]Headlights on the [Em7]water
    {end_of_verse}

    {start_of_chorus: label="Chorus"}
    ...
    {end_of_chorus}

verse, chorus and bridge use their ChordPro environments; every other kind (intro,
pre-chorus, outro, a free word) is `{start_of_part: label="Intro"}` ... `{end_of_part}`,
and the reader gets the kind back from the label. Anything a plain ChordPro reader
could not carry lives only in `{x_lyrictui_...}` directives, which other readers
ignore:

- `{x_lyrictui_version: 1}`: this file came from lyrictui, so a section label equal to
  the automatic one ("Verse 2") is not taken as one the writer typed.
- `{x_lyrictui_section: {"kind": ..., "label": ...}}` (JSON, right after the start
  directive): a free section kind the label cannot name, or a label the writer typed.
- `{x_lyrictui_chord_positions: 14 18}` (after a lyric line): the real positions of the
  chords written at the end of that line, which sit past its last character.
- `{x_lyrictui_line: {"text": ..., "chords": [...]}}`: a line whose text cannot be a
  ChordPro line (it holds a line break or an unpaired surrogate).
- `{x_lyrictui_meta: {...}}`: a title/artist/key/tempo that ChordPro would trim or break.
- `{x_lyrictui_extra: {...}}`: Song.extra entries that are not plain `{name: value}`
  directives (the others, e.g. `{capo: 2}` read from a file, are written back as they were).

Lyrics escape `\\`, `[`, and a leading `{` or `#` with a backslash; directive values
escape `\\`, `{` and `}` (ChordSheetJS reads the same escapes in values).
"""

from __future__ import annotations

import json
import re

from lyrictui.song.model import Line, Song

LYRICTUI_VERSION = 1
PREFIX = "x_lyrictui_"
ENVIRONMENTS = {"verse": "verse", "chorus": "chorus", "bridge": "bridge"}  # kind -> env
# Directives lyrictui interprets; any other name read from a file goes to Song.extra.
SHORT_START = {"sov": "verse", "soc": "chorus", "sob": "bridge", "sot": "tab", "sog": "grid"}
SHORT_END = {"eov": "verse", "eoc": "chorus", "eob": "bridge", "eot": "tab", "eog": "grid"}
COMMENTS = {"comment", "c", "comment_italic", "ci", "comment_box", "cb", "highlight"}
META = {"title": "title", "t": "title", "artist": "artist", "key": "key", "tempo": "tempo"}
RESERVED = set(SHORT_START) | set(SHORT_END) | COMMENTS | set(META) | {"meta"}

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
    if env in ("verse", "chorus", "bridge", "tab", "grid") or not label:
        return env
    return kind_from_label(label)


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


def _line_is_plain(line: Line) -> bool:
    return not _UNSAFE.search(line.text) and not any(_UNSAFE.search(c.chord) for c in line.chords)


def _lyric_line(line: Line) -> list[str]:
    """The ChordPro line(s) for one Line: inline chords, plus where they really sit if past the end."""
    if not _line_is_plain(line):
        return [_directive(PREFIX + "line", _json(line.to_dict()))]
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


def section_env(kind: str) -> str:
    return ENVIRONMENTS.get(kind, "part")


def to_chordpro(song: Song) -> str:
    out: list[str] = []
    meta_exact: dict[str, object] = {}
    for name in ("title", "artist", "key"):
        value = getattr(song, name)
        if value is None:
            continue
        if value_is_plain(value):
            out.append(_directive(name, value))
        else:
            out.append(_directive(name, attr_label(value).strip()))
            meta_exact[name] = value
    if song.tempo is not None:
        out.append(_directive("tempo", str(song.tempo)))
    out.append(_directive(PREFIX + "version", str(LYRICTUI_VERSION)))
    extra_json: dict[str, str] = {}
    for k, v in song.extra.items():
        if re.fullmatch(r"[a-z][a-z0-9_]*", k) and k not in RESERVED and not k.startswith(
            ("start_of_", "end_of_", PREFIX)
        ) and value_is_plain(v):
            out.append(_directive(k) if v == "" else _directive(k, v))
        else:
            extra_json[k] = v
    if extra_json:
        out.append(_directive(PREFIX + "extra", _json(extra_json)))
    if meta_exact:
        out.append(_directive(PREFIX + "meta", _json(meta_exact)))
    for i, sec in enumerate(song.sections):
        env = section_env(sec.kind)
        shown = attr_label(song.section_label(i))
        out.append("")
        out.append("{start_of_" + env + ': label="' + shown + '"}')
        # The reader takes the kind from the environment, or for a part from the label;
        # say it outright only when that would come out wrong, or the label was typed.
        if sec.label is not None or kind_for(env, shown) != sec.kind:
            exact: dict[str, object] = {"kind": sec.kind}
            if sec.label is not None:
                exact["label"] = sec.label
            out.append(_directive(PREFIX + "section", _json(exact)))
        for line in sec.lines:
            out.extend(_lyric_line(line))
        out.append("{end_of_" + env + "}")
    return "\n".join(out) + "\n"


def chord_positions_apply(line: Line, positions: list[int]) -> None:
    """Undo the writer's 'chords past the end are written at the end' for one line."""
    at_end = [c for c in line.chords if c.pos == len(line.text)]
    if len(at_end) == len(positions):
        for c, p in zip(at_end, positions):
            c.pos = p
