"""The song model: a Song of Sections of Lines, each line with chords at character positions.

Pure dataclasses, mutable because the editor edits them in place; undo keeps
snapshots made with `Song.to_dict()` / `Song.from_dict()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Song facts besides title and artist, in the order a song sheet shows them.
FACTS = ("subtitle", "key", "capo", "tempo", "time", "composer", "lyricist", "album", "year", "copyright")

# The kinds a section header knows; any other string is kept as a free label.
SECTION_KINDS = ("intro", "verse", "pre-chorus", "chorus", "bridge", "outro")

# What a line is. A lyric line is sung: it is numbered and has syllables and a rhyme
# letter. The others are notes to the performer, kept in their place but never sung:
# the four ChordPro comment styles, and "recall" (ChordPro's {chorus}: sing the chorus
# again here; the line's text is the recall's label, "" for none).
LYRIC = "lyric"
COMMENT_KINDS = ("comment", "comment_italic", "comment_box", "highlight")
RECALL = "recall"
LINE_KINDS = (LYRIC, *COMMENT_KINDS, RECALL)


@dataclass
class ChordPlacement:
    chord: str  # the symbol as the writer spelled it, e.g. "Am7", "C/G"
    pos: int  # character offset in Line.text where the chord sits (may be >= len(text))

    def to_dict(self) -> dict[str, Any]:
        return {"chord": self.chord, "pos": self.pos}


@dataclass
class Line:
    text: str = ""
    chords: list[ChordPlacement] = field(default_factory=list)
    kind: str = LYRIC  # one of LINE_KINDS

    @property
    def is_lyric(self) -> bool:
        return self.kind == LYRIC

    @property
    def sung(self) -> str:
        """The words sung on this line: its text, or "" for a comment or a recall."""
        return self.text if self.kind == LYRIC else ""

    @property
    def is_blank(self) -> bool:
        """A blank line separates stanzas: no words and no chords. It gets no line number."""
        return self.kind == LYRIC and not self.text.strip() and not self.chords

    def sorted_chords(self) -> list[ChordPlacement]:
        return sorted(self.chords, key=lambda c: c.pos)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text}
        if self.kind != LYRIC:
            d["kind"] = self.kind
        if self.chords:
            d["chords"] = [c.to_dict() for c in self.sorted_chords()]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Line":
        return cls(
            text=str(d.get("text", "")),
            chords=[ChordPlacement(str(c["chord"]), int(c["pos"])) for c in d.get("chords", [])],
            kind=str(d.get("kind", LYRIC)),
        )


@dataclass
class Section:
    kind: str = "verse"  # one of SECTION_KINDS, or a free label such as "tag" or "rap"
    label: str | None = None  # shown instead of the automatic "Verse 2"; None = automatic
    lines: list[Line] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind}
        if self.label is not None:
            d["label"] = self.label
        d["lines"] = [ln.to_dict() for ln in self.lines]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Section":
        return cls(
            kind=str(d.get("kind", "verse")),
            label=d.get("label"),
            lines=[Line.from_dict(x) for x in d.get("lines", [])],
        )


@dataclass
class Song:
    title: str = "Untitled"
    artist: str | None = None
    key: str | None = None  # e.g. "G", "Em"
    tempo: int | None = None  # beats per minute
    time: str | None = None  # time signature, e.g. "4/4", "6/8"; None = 4/4
    capo: int | None = None  # fret of the capo; chords are written as played (shapes)
    # Song facts ChordPro 6 names as directives of the same name.
    subtitle: str | None = None
    composer: str | None = None
    lyricist: str | None = None
    album: str | None = None
    year: str | None = None
    copyright: str | None = None
    sections: list[Section] = field(default_factory=list)
    # Metadata lyrictui does not interpret (e.g. ChordPro {meta: arranger Bo}), kept so nothing is lost.
    extra: dict[str, str] = field(default_factory=dict)

    def section_label(self, index: int) -> str:
        """'Verse 2', 'Chorus', ... : the label, else the kind numbered when it repeats."""
        sec = self.sections[index]
        if sec.label:
            return sec.label
        name = "-".join(part.title() for part in sec.kind.split("-"))
        same = [i for i, s in enumerate(self.sections) if s.kind == sec.kind and not s.label]
        # Verses are always numbered (songwriters say "verse 1" even when there is one);
        # a chorus repeats by design so is never numbered; other kinds only when repeated.
        if sec.kind == "verse" or (sec.kind != "chorus" and len(same) > 1):
            return f"{name} {same.index(index) + 1}"
        return name

    def all_lines(self) -> list[Line]:
        return [ln for sec in self.sections for ln in sec.lines]

    def facts(self) -> list[tuple[str, str]]:
        """(name, value) of each fact that is set, artist first then FACTS order, as text."""
        return [(k, str(v)) for k in ("artist", *FACTS) if (v := getattr(self, k)) is not None]

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"title": self.title}
        for k in ("artist", *FACTS):
            v = getattr(self, k)
            if v is not None:
                d[k] = v
        if self.extra:
            d["extra"] = dict(self.extra)
        d["sections"] = [s.to_dict() for s in self.sections]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Song":
        tempo = d.get("tempo")
        return cls(
            title=str(d.get("title", "Untitled")),
            artist=d.get("artist"),
            tempo=int(tempo) if tempo is not None else None,
            capo=int(d["capo"]) if d.get("capo") is not None else None,
            **{k: str(d[k]) for k in FACTS if k not in ("tempo", "capo") and d.get(k) is not None},
            sections=[Section.from_dict(s) for s in d.get("sections", [])],
            extra={str(k): str(v) for k, v in d.get("extra", {}).items()},
        )
