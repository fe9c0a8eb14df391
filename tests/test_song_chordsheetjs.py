"""Exported ChordPro is read correctly by a real ChordPro reader: ChordSheetJS (npm).

Needs Node.js and `tests/js/node_modules` (`bin/test` runs `npm install` there when
node is present; by hand: `cd tests/js && npm install`). Skips, saying why, otherwise.

Lyrics holding ChordPro's own syntax characters (`[`, a leading `{` or `#`, `\\`) are left
out here: lyrictui escapes them with a backslash, which its own reader undoes but
ChordSheetJS shows as typed (ChordSheetJS decodes escapes only in directive values).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from lyrictui.song.chordpro import METADATA, attr_label, section_env, to_chordpro
from lyrictui.song.importers import parse_chordpro
from lyrictui.song.model import ChordPlacement, Line, Section, Song
from song_fixtures import sample_song

JS = Path(__file__).parent / "js"
NODE = shutil.which("node")

pytestmark = [
    pytest.mark.skipif(NODE is None, reason="Node.js is not installed: cannot run ChordSheetJS"),
    pytest.mark.skipif(
        not (JS / "node_modules" / "chordsheetjs").is_dir(),
        reason="ChordSheetJS is not installed: run `cd tests/js && npm install` (bin/test does)",
    ),
]


def chordsheetjs_reads(chordpro: str) -> dict:
    r = subprocess.run([NODE, str(JS / "parse_chordpro.js")], input=chordpro, capture_output=True,
                       text=True, encoding="utf-8", timeout=60)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def _line_seen(ln: Line) -> dict:
    if not ln.is_lyric:
        return {"kind": ln.kind, "text": ln.text}
    return {"text": ln.text, "chords": [{"chord": c.chord, "pos": min(c.pos, len(ln.text))} for c in ln.sorted_chords()]}


def what_a_reader_should_see(song: Song) -> dict:
    """What ChordSheetJS should read from `to_chordpro(song)` (a song whose facts, comments
    and recall labels are all plain ChordPro values)."""
    sections = []
    for i, sec in enumerate(song.sections):
        lines = [_line_seen(ln) for ln in sec.lines]
        bare = sec.kind == "chorus" and sec.label is None and [ln.kind for ln in sec.lines] == ["recall"]
        sections.append({"type": "chorus" if bare else section_env(sec.kind),
                         "label": None if bare else attr_label(song.section_label(i)), "lines": lines})
    meta = {"title": song.title, **dict(song.facts())}
    for name in METADATA:  # a fact given twice, or a capo that is no number: kept in extra
        if name in song.extra:
            meta[name] = "\n".join(([meta[name]] if name in meta else []) + [song.extra[name]])
    return {"title": song.title, "artist": song.artist, "key": song.key,
            "meta": {k: meta[k] for k in METADATA if k in meta}, "sections": sections}


SONGS = [
    sample_song(),
    Song(
        title="歌のタイトル 🎸",
        artist="Sigur Rós",
        key="F#m",
        tempo=72,
        sections=[
            Section("intro", None, [Line("", [ChordPlacement("F#m", 0), ChordPlacement("D", 4)])]),
            Section("verse", None, [
                Line("中文歌词在这里", [ChordPlacement("F#m", 0), ChordPlacement("D", 3), ChordPlacement("A", 7)]),
                Line("emoji 🎸🔥 and 👩‍👩‍👧 family", [ChordPlacement("E", 6), ChordPlacement("A", 9)]),
                Line(""),
                Line("e\u0301 combining a\u0308\u0304 marks", [ChordPlacement("Bm", 1)]),
                Line("שלום עולם مرحبا", [ChordPlacement("G", 5)]),
            ]),
            Section("pre-chorus", None, [Line("climbing up", [ChordPlacement("Bm", 0), ChordPlacement("E", 0)])]),
            Section("chorus", "Big Chorus", [Line("la la la", [ChordPlacement("A", 3), ChordPlacement("E", 30)])]),
            Section("tag", None, [Line("once more")]),
            Section("my thing", "Spoken", [Line("just talking")]),
            Section("bridge", None, []),
            Section("outro", None, [Line("fade out", [ChordPlacement("F#m", 8)])]),
        ],
        capo=2,
        extra={"Weird key": "x\ny"},
    ),
    Song(title="Long", sections=[Section("verse", None, [Line("word " * 400, [ChordPlacement("C", 0), ChordPlacement("G", 1995)])])]),
    Song(title="Empty"),
]


@pytest.mark.parametrize("song", SONGS, ids=["sample", "unicode-kinds", "long-line", "empty"])
def test_chordsheetjs_reads_what_lyrictui_wrote(song):
    got = chordsheetjs_reads(to_chordpro(song))
    assert got == what_a_reader_should_see(song)


CORPUS = sorted((Path(__file__).parent / "chordpro").glob("*.cho"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_chordsheetjs_reads_the_corpus_as_lyrictui_does(path):
    # the ChordPro test files (see test_song_chordpro_corpus.py): lyrictui's export of each
    # reads in ChordSheetJS as the song lyrictui read, comments and recalls in place
    song = parse_chordpro(path.read_text(encoding="utf-8"))
    assert chordsheetjs_reads(to_chordpro(song)) == what_a_reader_should_see(song)


def test_chordsheetjs_reads_many_sections_in_one_go():
    song = Song(title="Many", sections=[
        Section(["verse", "chorus", "bridge"][i % 3], None, [Line(f"line {i} {j}", [ChordPlacement("C", j)]) for j in range(10)])
        for i in range(60)
    ])
    assert chordsheetjs_reads(to_chordpro(song)) == what_a_reader_should_see(song)
