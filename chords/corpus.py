"""Read chord collections into songs of normalised chord tokens, and say what was skipped and why.

    corpus = read_corpus("../shared/data/chords/mcgill-billboard")   # a folder, or one file
    print(corpus.stats.summary())
    train, val = split_songs(corpus.songs, val_frac=0.1)
    train = augment_keys(train)                                        # all 12 keys

Shapes recognised (by extension, then by content):
- `salami_chords.txt` (McGill Billboard): Harte chords between bar lines, section names,
  `.` repeats the previous chord, `x3` repeats a line, `N` no chord, `*`/`X` unknown.
- `.csv` with a chords column (space-separated, or a Python list literal).
- `.cho .chordpro .crd .pro`: ChordPro inline `[C]` chords with their sections.
- any other text file: one progression per line (`<verse>` markers and `|` bars allowed).
A song's tokens are section markers (`<verse>`), optional bar lines (`|`) and chord symbols in
the house spelling (`chords.theory.normalize`), spelled for the song's detected key.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from chords.keys import canonical_shift, detect_key, key_scores, normalize_key, respell, transpose_key
from chords.theory import Chord, ChordError, parse_chord, transpose_chord

BAR = "|"
SECTION_MARKERS = ("<intro>", "<verse>", "<pre-chorus>", "<chorus>", "<bridge>", "<instrumental>", "<outro>", "<other>")
# McGill and ChordPro section names -> our kinds (as in lyrictui's SECTION_KINDS, plus instrumental).
SECTION_ALIASES = {
    "intro": "intro", "pre-intro": "intro", "verse": "verse", "strophe": "verse", "pre-verse": "pre-chorus",
    "prechorus": "pre-chorus", "pre-chorus": "pre-chorus", "pre chorus": "pre-chorus", "chorus": "chorus",
    "refrain": "chorus", "hook": "chorus", "bridge": "bridge", "middle": "bridge", "middle 8": "bridge",
    "solo": "instrumental", "interlude": "instrumental", "instrumental": "instrumental", "trans": "instrumental",
    "transition": "instrumental", "break": "instrumental", "theme": "instrumental", "outro": "outro",
    "coda": "outro", "ending": "outro", "fadeout": "outro", "fade out": "outro", "tag": "outro",
}
CHORDPRO_EXT = {".cho", ".chordpro", ".crd", ".pro", ".chopro"}


def section_marker(name: str | None) -> str:
    """'Verse 2' / 'pre chorus' / 'B' -> '<verse>' / '<pre-chorus>' / '<other>'."""
    text = re.sub(r"[^a-z \-]", "", (name or "").lower()).strip()
    for n in (text, text.split(" ")[0] if text else "", re.sub(r"\s*(one|two|three|a|b)$", "", text)):
        if n in SECTION_ALIASES:
            return f"<{SECTION_ALIASES[n]}>"
    for alias, kind in SECTION_ALIASES.items():
        if alias in text:
            return f"<{kind}>"
    return "<other>"


@dataclass
class ChordSong:
    name: str  # where it came from: file path, or "file.csv:row 12"
    tokens: list[str]  # markers, bars and chord symbols
    key: str | None = None  # detected (or declared) key, e.g. "G", "Em"

    def chords(self) -> list[str]:
        return [t for t in self.tokens if is_chord_token(t)]

    def text(self) -> str:
        return " ".join(self.tokens)


def is_chord_token(tok: str) -> bool:
    return tok != BAR and not (tok.startswith("<") and tok.endswith(">"))


@dataclass
class CorpusStats:
    files: int = 0
    songs: int = 0
    chords: int = 0
    empty_songs: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    examples: dict[str, list[str]] = field(default_factory=dict)  # reason -> a few symbols
    unparsed: Counter = field(default_factory=Counter)  # symbol that is not a chord -> count

    def skip(self, reason: str, symbol: str) -> None:
        self.skipped[reason] += 1
        ex = self.examples.setdefault(reason, [])
        if len(ex) < 5 and symbol not in ex:
            ex.append(symbol)

    def to_dict(self) -> dict:
        return {"files": self.files, "songs": self.songs, "chords": self.chords, "empty_songs": self.empty_songs,
                "skipped": dict(self.skipped), "skipped_examples": self.examples,
                "unparsed": dict(self.unparsed.most_common(50))}

    def summary(self) -> str:
        lines = [f"{self.songs} songs, {self.chords} chords from {self.files} file(s)"
                 + (f"; {self.empty_songs} song(s) without chords dropped" if self.empty_songs else "")]
        for reason, n in self.skipped.most_common():
            lines.append(f"  skipped {n} {reason}: e.g. {' '.join(self.examples.get(reason, []))}")
        if self.unparsed:
            top = ", ".join(f"{sym!r} x{n}" for sym, n in self.unparsed.most_common(20))
            more = len(self.unparsed) - 20
            lines.append(f"  unparsed symbols: {top}" + (f" (+{more} more)" if more > 0 else ""))
        return "\n".join(lines)


@dataclass
class Corpus:
    songs: list[ChordSong]
    stats: CorpusStats

    def data_hash(self) -> str:
        h = hashlib.sha256()
        for s in self.songs:
            h.update(s.text().encode() + b"\n")
        return h.hexdigest()[:16]


class _Builder:
    """Turns raw symbols of one song into tokens, counting what it drops."""

    def __init__(self, stats: CorpusStats, bars: bool, collapse: bool):
        self.stats, self.bars, self.collapse = stats, bars, collapse
        self.tokens: list[str] = []
        self.parsed: list[Chord] = []
        self.last: str | None = None

    def marker(self, name: str | None) -> None:
        m = section_marker(name)
        if self.tokens and self.tokens[-1] in SECTION_MARKERS:
            self.tokens[-1] = m  # an empty section: keep the later name
        else:
            self.tokens.append(m)
        self.last = None  # a chord may repeat across a section boundary

    def bar(self) -> None:
        if self.bars and self.tokens and self.tokens[-1] != BAR:
            self.tokens.append(BAR)

    def chord(self, raw: str) -> None:
        raw = raw.strip()
        if not raw:
            return
        if raw in ("N", "N.C.", "NC", "N.C", "&pause", "silence"):
            self.stats.skip("no-chord marks (N, N.C., pauses)", raw)
            return
        if raw in ("X", "*", "?"):
            self.stats.skip("unknown-chord marks (X, *)", raw)
            return
        try:
            c = parse_chord(raw)
        except ChordError:
            self.stats.skip("symbols that are not chords", raw)
            self.stats.unparsed[raw] += 1
            return
        if c.is_no_chord:
            self.stats.skip("no-chord marks (N, N.C., pauses)", raw)
            return
        if self.collapse and c.symbol == self.last:
            return  # a held chord: the model learns chord changes, not bar counts
        self.last = c.symbol
        self.tokens.append(c.symbol)
        self.parsed.append(c)

    def song(self, name: str, key: str | None = None) -> ChordSong | None:
        toks = list(self.tokens)
        while toks and not is_chord_token(toks[-1]):
            toks.pop()
        if not self.parsed:
            self.stats.empty_songs += 1
            return None
        key = key or detect_key(self.parsed)
        if key:  # spell every chord for the song's key (Db in Ab major, C# in A major)
            parsed = iter(self.parsed)  # chord tokens and parsed chords were appended together
            toks = [respell(next(parsed), key).symbol if is_chord_token(t) else t for t in toks]
        self.stats.songs += 1
        self.stats.chords += sum(1 for t in toks if is_chord_token(t))
        return ChordSong(name, toks, key)


# --- readers -------------------------------------------------------------------------------

_MCGILL_BARS = re.compile(r"\|(.*)\|")
_MCGILL_REPEAT = re.compile(r"\|\s*,?\s*x(\d+)")


def read_mcgill(text: str, name: str, stats: CorpusStats, bars: bool = False, collapse: bool = True) -> ChordSong | None:
    b = _Builder(stats, bars, collapse)
    tonic = None
    for line in text.splitlines():
        if line.startswith("#"):
            if line.lower().startswith("# tonic:"):
                tonic = line.split(":", 1)[1].strip()
            continue
        parts = line.split("\t", 1)
        if len(parts) < 2:
            continue
        rest = parts[1]
        m = re.match(r"\s*[A-Z]'*\s*,\s*([^,|]+?)\s*,", rest)
        if m:
            b.marker(m.group(1))
        bm = _MCGILL_BARS.search(rest)
        if not bm:
            continue
        rm = _MCGILL_REPEAT.search(rest[bm.end() - 1 :])
        times = int(rm.group(1)) if rm else 1
        for _ in range(min(times, 8)):
            for bar in bm.group(1).split("|"):
                prev = None
                for tok in bar.split():
                    if tok.startswith("(") and tok.endswith(")"):  # metre change such as (2/4)
                        continue
                    if tok == ".":
                        if prev:
                            b.chord(prev)
                        continue
                    prev = tok
                    b.chord(tok)
                b.bar()
    key = None
    if tonic:
        try:  # the header gives the tonic, not the mode: let detection choose major or minor
            scores = key_scores(b.parsed)
            t = normalize_key(tonic)
            key = max((t, t + "m"), key=lambda k: scores.get(k, -9))
        except ChordError:
            key = None
    return b.song(name, key)


def _split_symbols(value: str) -> list[str]:
    value = value.strip()
    if value.startswith("["):
        try:
            items = ast.literal_eval(value)
            return [str(x) for x in items]
        except (ValueError, SyntaxError):
            value = value.strip("[]").replace("'", " ").replace(",", " ")
    return value.split()


def read_csv(text: str, name: str, stats: CorpusStats, bars: bool = False, collapse: bool = True) -> list[ChordSong]:
    reader = csv.DictReader(io.StringIO(text))
    cols = {c.lower().strip(): c for c in reader.fieldnames or []}
    col = next((cols[c] for c in ("chords", "chord", "progression", "chord_progression") if c in cols), None)
    if col is None:
        raise ValueError(f"{name}: no chords column (have {', '.join(reader.fieldnames or [])})")
    title_col = next((cols[c] for c in ("track", "title", "song", "name") if c in cols), None)
    songs = []
    for i, row in enumerate(reader, start=2):
        b = _Builder(stats, bars, collapse)
        for tok in _split_symbols(row.get(col) or ""):
            _line_token(b, tok)
        label = f"{name}:{i}" + (f" {row[title_col]}" if title_col and row.get(title_col) else "")
        s = b.song(label)
        if s:
            songs.append(s)
    return songs


def _line_token(b: _Builder, tok: str) -> None:
    if tok == BAR:
        b.bar()
    elif tok.startswith("<") and tok.endswith(">"):
        b.marker(tok[1:-1])
    else:
        b.chord(tok)


def read_lines(text: str, name: str, stats: CorpusStats, bars: bool = False, collapse: bool = True) -> list[ChordSong]:
    songs = []
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        b = _Builder(stats, bars, collapse)
        for tok in line.split():
            _line_token(b, tok)
        s = b.song(f"{name}:{i}")
        if s:
            songs.append(s)
    return songs


_DIRECTIVE = re.compile(r"^\s*\{\s*([a-z_]+)\s*(?::\s*(.*?))?\s*\}\s*$", re.I)
_INLINE = re.compile(r"\[([^\]]+)\]")
_SECTION_START = {"soc": "chorus", "start_of_chorus": "chorus", "sov": "verse", "start_of_verse": "verse",
                  "sob": "bridge", "start_of_bridge": "bridge", "start_of_intro": "intro", "start_of_outro": "outro"}


def read_chordpro(text: str, name: str, stats: CorpusStats, bars: bool = False, collapse: bool = True) -> ChordSong | None:
    b = _Builder(stats, bars, collapse)
    key = None
    for line in text.splitlines():
        d = _DIRECTIVE.match(line)
        if d:
            kind, value = d.group(1).lower(), d.group(2) or ""
            if kind in _SECTION_START:
                b.marker(value or _SECTION_START[kind])
            elif kind.startswith("start_of_"):
                b.marker(value or kind[len("start_of_"):])
            elif kind in ("c", "comment", "ci", "comment_italic") and section_marker(value) != "<other>":
                b.marker(value)
            elif kind == "key" and value:
                key = value
            continue
        if re.match(r"^\s*(verse|chorus|bridge|intro|outro|pre-?chorus)\b.*:\s*$", line, re.I):
            b.marker(line.strip().rstrip(":"))  # plain-text section labels many ChordPro files use
            continue
        for m in _INLINE.finditer(line):
            for sym in m.group(1).split():
                b.chord(sym)
    try:
        key = normalize_key(key) if key else None
    except ChordError:
        key = None
    return b.song(name, key)


def read_file(path: Path, stats: CorpusStats, bars: bool = False, collapse: bool = True) -> list[ChordSong]:
    text = path.read_text("utf-8", errors="replace")
    stats.files += 1
    if _binary(text):  # random bytes hold letters that parse as chords: skip the file, say why
        stats.skip("binary files (not text)", path.name)
        return []
    if path.name == "salami_chords.txt" or text.lstrip().startswith("# title:") and "\t" in text:
        s = read_mcgill(text, str(path), stats, bars, collapse)
        return [s] if s else []
    if path.suffix.lower() == ".csv":
        return read_csv(text, str(path), stats, bars, collapse)
    if path.suffix.lower() in CHORDPRO_EXT or re.search(r"\{\s*(title|t|soc|start_of_chorus)\s*[:}]", text):
        s = read_chordpro(text, str(path), stats, bars, collapse)
        return [s] if s else []
    return read_lines(text, str(path), stats, bars, collapse)


def _binary(text: str) -> bool:
    """NUL bytes, or over 1% undecodable bytes and control characters in the first 64k: not a chord chart."""
    head = text[:65536]
    noise = sum(1 for ch in head if ch == "\ufffd" or (ch < " " and ch not in "\t\n\r\f"))
    return "\x00" in head or noise > len(head) // 100


def read_corpus(path: str | Path, bars: bool = False, collapse: bool = True) -> Corpus:
    """Read a file, or every readable file under a folder (sorted, hidden files skipped)."""
    path = Path(path)
    stats = CorpusStats()
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not any(x.startswith(".") for x in p.parts[-2:])
                       and (p.suffix.lower() in {".txt", ".csv", ".lab"} | CHORDPRO_EXT))
    elif path.is_file():
        files = [path]
    else:
        raise FileNotFoundError(f"no chord data at {path}")
    songs: list[ChordSong] = []
    for f in files:
        try:
            songs.extend(read_file(f, stats, bars, collapse))
        except (ValueError, UnicodeDecodeError) as e:
            stats.skip("files that could not be read", f"{f.name} ({e})")
    return Corpus(songs, stats)


def split_songs(songs: list[ChordSong], val_frac: float = 0.1, seed: int = 0) -> tuple[list[ChordSong], list[ChordSong]]:
    """A stable split by song name (adding songs later moves no old song across the split)."""
    def bucket(s: ChordSong) -> float:
        return int(hashlib.sha256(f"{seed}:{s.name}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF

    val = [s for s in songs if bucket(s) < val_frac]
    train = [s for s in songs if bucket(s) >= val_frac]
    if not val and len(train) > 1:  # tiny corpora: still hold one song out
        val, train = train[-1:], train[:-1]
    return train, val


def transpose_song(song: ChordSong, semitones: int) -> ChordSong:
    key = transpose_key(song.key, semitones) if song.key else None

    def move(t: str) -> str:
        c = transpose_chord(parse_chord(t), semitones)
        return (respell(c, key) if key else c).symbol

    toks = [move(t) if is_chord_token(t) else t for t in song.tokens]
    return replace(song, tokens=toks, key=key, name=f"{song.name} {semitones:+d}" if semitones else song.name)


def to_home_key(song: ChordSong) -> ChordSong:
    """The song moved to C major / A minor (where `chords.generate` always samples)."""
    return transpose_song(song, canonical_shift(song.key)) if song.key else song


def augment_keys(songs: list[ChordSong]) -> list[ChordSong]:
    """Every song in all 12 keys (-5..+6 semitones), each spelled for its new key."""
    return [transpose_song(s, k) for s in songs for k in range(-5, 7)]
