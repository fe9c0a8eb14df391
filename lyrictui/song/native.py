"""The native song file, `NAME.song.json`: the one format that keeps everything lyrictui knows.

Schema, version 2 (UTF-8 JSON, indented by 2 with each lyric line on one line of its
own, non-ASCII written as is):

    {
      "format": "lyrictui-song",        // always this string: what the file is
      "version": 2,                     // schema version; a newer one is refused clearly
      "title": "Night Drive",           // string
      "artist": "Ana",                  // optional string
      "key": "G",                       // optional string, as the writer spelled it
      "capo": 2,                        // optional integer, fret of the capo
      "tempo": 96,                      // optional integer, beats per minute
      "time": "6/8",                    // optional strings: time signature, and subtitle,
      "composer": "Bo",                 //   composer, lyricist, album, year, copyright
      "extra": {"arranger": "Cy"},      // optional {string: string}: metadata kept as is
      "sections": [                     // in song order
        {
          "kind": "verse",              // intro|verse|pre-chorus|chorus|bridge|outro, or a free word
          "label": "Verse 1 (quiet)",   // optional: shown instead of the automatic "Verse 1"
          "lines": [
            {"text": "Headlights on the water",
             "chords": [{"chord": "G", "pos": 0}, {"chord": "Em7", "pos": 10}]},
            {"text": ""},               // a blank line separates stanzas
            {"text": "Slow", "kind": "comment"}  // optional kind, default "lyric": see
          ]                                       // lyrictui.song.model.LINE_KINDS
        }
      ]
    }

`pos` is a character offset into `text` (a Python str index: one per Unicode code
point, so an emoji or a CJK character counts 1, a combining accent counts 1 on its
own); it may be >= len(text) for a chord that sits after the last word. `chords` is
left out when a line has none and is written sorted by `pos`. Readers must ignore
keys they do not know; a writer that adds a key that older readers cannot ignore
bumps `version`.

History: version 2 added line kinds (a version 1 reader would sing a comment) and the
song facts as fields. Version 1 files kept capo, time, subtitle, composer, lyricist,
album, year and copyright in "extra"; reading one moves them to their fields.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lyrictui.song.model import FACTS, LINE_KINDS, Song

FORMAT_NAME = "lyrictui-song"
FORMAT_VERSION = 2  # the newest this lyrictui reads and writes

# json.dumps(ensure_ascii=False) writes a lone surrogate as is, which UTF-8 cannot encode.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class SongDataError(ValueError):
    """The JSON is well formed but is not a song this version can read."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _j(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def dumps_song(song: Song) -> str:
    """The file's text: indented by 2, except that each lyric line is one compact JSON line,
    so the file reads (and diffs) line by line and a 3,000-line song saves in milliseconds."""
    doc = {"format": FORMAT_NAME, "version": FORMAT_VERSION, **song.to_dict()}
    sections = doc.pop("sections")
    out = ["{"] + [f"  {_j(k)}: {_j(v)}," for k, v in doc.items()]
    if not sections:
        out.append('  "sections": []')
    else:
        out.append('  "sections": [')
        for i, sec in enumerate(sections):
            lines = sec.pop("lines")
            out.append("    {")
            out += [f"      {_j(k)}: {_j(v)}," for k, v in sec.items()]
            if lines:
                out.append('      "lines": [')
                out += [f"        {_j(ln)}," for ln in lines]
                out[-1] = out[-1][:-1]
                out.append("      ]")
            else:
                out.append('      "lines": []')
            out.append("    }" + ("," if i < len(sections) - 1 else ""))
        out.append("  ]")
    out.append("}")
    text = "\n".join(out) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: write it as a JSON escape instead
        text = _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def loads_song(text: str) -> Song:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise SongDataError(f"not valid JSON: {e.msg} (column {e.colno})", e.lineno) from None
    if not isinstance(doc, dict):
        raise SongDataError("not a lyrictui song: the file holds JSON but not an object")
    if doc.get("format") != FORMAT_NAME:
        raise SongDataError(f'not a lyrictui song: no "format": "{FORMAT_NAME}" at the top')
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SongDataError(f'"version" must be a whole number >= 1, not {version!r}')
    if version > FORMAT_VERSION:
        raise SongDataError(
            f"written by a newer lyrictui (song format version {version}; this lyrictui reads "
            f"up to version {FORMAT_VERSION}). Upgrade lyrictui to open it."
        )
    _check_song(doc)
    if version == 1:
        _migrate_v1(doc)
    return Song.from_dict(doc)


def _migrate_v1(doc: dict[str, Any]) -> None:
    """Version 1 kept the facts ChordPro 6 names in "extra"; give them their fields."""
    extra = dict(doc.get("extra", {}))
    for name in FACTS:
        value = extra.get(name)
        if value is None or doc.get(name) is not None:
            continue
        if name in ("capo", "tempo"):
            if not re.fullmatch(r"-?\d+", value.strip()):
                continue  # "2 (optional)": stays in extra as it was
            doc[name] = int(value)
        else:
            doc[name] = value
        del extra[name]
    doc["extra"] = extra


# Validation: from_dict coerces quietly; a file must instead say exactly where it is wrong.
def _expect(cond: bool, where: str, what: str) -> None:
    if not cond:
        raise SongDataError(f"{where}: expected {what}")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _check_song(doc: dict[str, Any]) -> None:
    _expect(isinstance(doc.get("title", ""), str), "title", "a string")
    for k in ("artist", *FACTS):
        if k in ("capo", "tempo"):
            _expect(doc.get(k) is None or _is_int(doc[k]), k, "a whole number or null")
        else:
            _expect(doc.get(k) is None or isinstance(doc[k], str), k, "a string or null")
    extra = doc.get("extra", {})
    _expect(isinstance(extra, dict), "extra", "an object of strings")
    for k, v in extra.items():
        _expect(isinstance(v, str), f"extra.{k}", "a string")
    sections = doc.get("sections", [])
    _expect(isinstance(sections, list), "sections", "a list")
    for i, sec in enumerate(sections):
        where = f"sections[{i}]"
        _expect(isinstance(sec, dict), where, "an object")
        _expect(isinstance(sec.get("kind", "verse"), str), f"{where}.kind", "a string")
        _expect(sec.get("label") is None or isinstance(sec["label"], str), f"{where}.label",
                "a string or null")
        lines = sec.get("lines", [])
        _expect(isinstance(lines, list), f"{where}.lines", "a list")
        for j, line in enumerate(lines):
            lw = f"{where}.lines[{j}]"
            _expect(isinstance(line, dict), lw, "an object")
            _expect(isinstance(line.get("text", ""), str), f"{lw}.text", "a string")
            _expect(line.get("kind", "lyric") in LINE_KINDS, f"{lw}.kind", "one of " + ", ".join(LINE_KINDS))
            chords = line.get("chords", [])
            _expect(isinstance(chords, list), f"{lw}.chords", "a list")
            for n, c in enumerate(chords):
                cw = f"{lw}.chords[{n}]"
                _expect(isinstance(c, dict), cw, 'an object {"chord": ..., "pos": ...}')
                _expect(isinstance(c.get("chord"), str), f"{cw}.chord", "a string")
                _expect(_is_int(c.get("pos")) and c["pos"] >= 0, f"{cw}.pos",
                        "a whole number >= 0")
