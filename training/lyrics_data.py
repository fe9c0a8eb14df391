"""Lyrics in: recognise the shape of a user's data and stream it as `Song`s, reporting what was skipped.

    from training.lyrics_data import read_songs, DataError
    report = IngestReport()
    for song in read_songs("lyrics/", report):   # a generator: one song in memory at a time
        ...
    print(report.summary())

Shapes (by file extension, and inside a folder file by file, recursively):
- `.txt` song: plain text (section headers, chord lines over lyrics) via
  `lyrictui.song.importers.parse_plaintext`; the title from the file name if it has none.
- `.txt` poem with `---` front matter (`author:`, `title:`; the poetry corpus).
- ChordPro `.cho/.chordpro/.chopro/.crd/.pro`: chords stripped, sections kept.
- CSV with a lyrics column (`text`, `lyrics`, `lyric`, ...; e.g. songdata.csv
  `artist,song,link,text`), one song per row.
- CSV with one lyric line per row, told from the data (training/lyrics_csv.py says how):
  consecutive rows of one song, in line-number order, become one song.
- JSON (a list, or {"songs": [...]}) and JSON Lines (`.jsonl/.ndjson`): objects with a
  lyrics field like the CSV columns, lyrictui's own song dicts ({"sections": ...}), or strings.

Skipped, with the reason counted: files that are not UTF-8 (or binary), songs shorter
than `MIN_CHARS` characters of lyrics, duplicates (same words, ignoring case and spacing).
Unusable input (nothing there, a binary file, a CSV with no lyrics column, no song left)
raises `DataError` with a message for the user; callers check this before any model loads.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from lyrictui.song.formats import FORMATS
from lyrictui.song.model import Line, Section, Song
from training.lyrics_csv import LYRIC_COLUMNS, read_csv

MIN_CHARS = 50  # fewer characters of lyrics than this is a fragment, not a song
NOT_TEXT = "not text (binary, control characters, or not UTF-8/16/32)"  # a skip reason
MAX_SONG_CHARS = 100_000  # longer is not one song: a text file is cut into pieces at blank lines (the
# longest poem in the poetry corpus is 40k characters), so memory never holds more than this of one
PIECE_CHARS = 8_000  # a long song; a too-long text file is cut into pieces of about this size
MAX_JSON_BYTES = 256 * 2**20  # a .json document is parsed whole; bigger corpora belong in JSON Lines
TITLE_COLUMNS = ("title", "song", "song_name", "track", "track_name", "name", "song_title")
ARTIST_COLUMNS = ("artist", "artist_name", "band", "singer", "author", "performer")
CHORDPRO_EXT = FORMATS["chordpro"].extensions
JSONL_EXT = (".jsonl", ".ndjson")
KNOWN_EXT = (".txt", ".csv", ".json", *JSONL_EXT, *CHORDPRO_EXT)


class DataError(Exception):
    """The data cannot train anything; the message says what is wrong and what to do."""


@dataclass
class IngestReport:
    shapes: Counter = field(default_factory=Counter)  # shape name -> songs read in that shape
    files: int = 0
    songs: int = 0  # songs kept
    skipped: Counter = field(default_factory=Counter)  # reason -> count
    examples: dict[str, str] = field(default_factory=dict)  # reason -> first file/row it happened to
    chars: int = 0
    notes: list[str] = field(default_factory=list)  # what was detected in a file, and why
    warnings: list[str] = field(default_factory=list)  # a file that lost most of its items, ...

    def skip(self, reason: str, where: str) -> None:
        self.skipped[reason] += 1
        self.examples.setdefault(reason, where)

    def note(self, text: str) -> None:
        if len(self.notes) < 50:  # a folder of 10,000 files says the first few
            self.notes.append(text)

    def file_done(self, name: str, kept: int, skipped: int) -> None:
        """A file whose items were mostly skipped was probably misread: a warning, not a footnote."""
        if skipped >= 5 and skipped > kept:
            self.warnings.append(f"WARNING: {name}: skipped {skipped:,} of its {kept + skipped:,} items and kept "
                                 f"{kept:,}: check the reasons below; if its shape was misread, say so in an issue")

    def to_dict(self) -> dict[str, Any]:
        return {"shapes": dict(self.shapes), "files": self.files, "songs": self.songs,
                "skipped": dict(self.skipped), "chars": self.chars, "notes": self.notes, "warnings": self.warnings}

    def summary(self) -> str:
        shapes = ", ".join(f"{k} ({v})" for k, v in self.shapes.most_common()) or "nothing usable"
        out = [*self.warnings, *self.notes, f"Detected: {shapes}. Read {self.songs} songs from {self.files} file(s)."]
        if self.skipped:
            out.append("Skipped " + ", ".join(
                f"{n} {reason} (e.g. {self.examples[reason]})" for reason, n in self.skipped.most_common()) + ".")
        return "\n".join(out)


# ---------------------------------------------------------------- text -> Song


def song_from_lyrics(text: str, title: str = "Untitled", artist: str | None = None) -> Song:
    """Bare lyrics (stanzas split by blank lines, maybe `[Chorus]` headers) to a Song.

    With headers the plain-text importer decides sections. Without, each stanza is a
    section, and a stanza that occurs twice or more in the song is its chorus: lyric
    sites rarely mark choruses, but they do repeat them.
    """
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    if any(re.fullmatch(r"\s*\[[^\]]{1,30}\]\s*", ln) for ln in lines):
        from lyrictui.song.importers import parse_plaintext

        song = parse_plaintext("\n" + "\n".join(lines))  # leading blank: no line is taken as a title
        song.title, song.artist = title, artist
        return song
    stanzas: list[list[str]] = [[]]
    for ln in lines:
        if ln.strip():
            stanzas[-1].append(ln.strip())
        elif stanzas[-1]:
            stanzas.append([])
    stanzas = [s for s in stanzas if s]
    seen = Counter(tuple(s) for s in stanzas)
    song = Song(title=title.strip() or "Untitled", artist=artist)
    for s in stanzas:
        kind = "chorus" if seen[tuple(s)] > 1 and len(stanzas) > 2 else "verse"
        song.sections.append(Section(kind=kind, lines=[Line(x) for x in s]))
    return song


def lyric_words(song: Song) -> str:
    return "\n".join(ln.text for ln in song.all_lines() if ln.text.strip())


def _dedupe_key(song: Song) -> bytes:
    norm = re.sub(r"\W+", " ", lyric_words(song).lower()).strip()
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=16).digest()


def _strip_chords(song: Song) -> Song:
    for ln in song.all_lines():
        ln.chords = []
    for sec in song.sections:  # lines that only held chords (an intro) carry no words
        sec.lines = [ln for i, ln in enumerate(sec.lines) if ln.text.strip() or (0 < i < len(sec.lines) - 1)]
    song.sections = [s for s in song.sections if any(ln.text.strip() for ln in s.lines)]
    return song


_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*(\n|\Z)", re.S)


def _front_matter(text: str) -> tuple[dict[str, str], str] | None:
    m = _FRONT.match(text)
    if not m:
        return None
    meta = {}
    for ln in m.group(1).splitlines():
        k, sep, v = ln.partition(":")
        if sep:
            meta[k.strip().lower()] = v.strip().strip('"').strip()
    return meta, text[m.end():]


# ---------------------------------------------------------------- readers, one per shape


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
         (b"\xfe\xff", "utf-16"), (b"\xef\xbb\xbf", "utf-8-sig"))
_NOT_TEXT = {"Cc", "Cn", "Co", "Cs"}  # control, unassigned, private-use, surrogate: noise, not lyrics


def _noise(sample: str) -> int:
    import unicodedata

    return sum(1 for ch in sample if ch not in "\t\n\r\f" and unicodedata.category(ch) in _NOT_TEXT)


def text_encoding(head: bytes) -> str | None:
    """The encoding of a text file from its first bytes (a BOM, else UTF-8); None: binary."""
    enc = next((e for bom, e in _BOMS if head.startswith(bom)), None)
    if enc is None:
        if b"\x00" in head[:8192]:
            return None
        enc = "utf-8"
    try:
        sample = head.decode(enc)
    except UnicodeDecodeError as e:  # a multi-byte character cut by the sample's end is fine
        if e.start < len(head) - 4:
            return None
        sample = head[: e.start].decode(enc, errors="ignore")
    if _noise(sample) > len(sample) // 100:  # terminal codes and binary noise (random bytes after a BOM too)
        return None
    return enc


def _decode(data: bytes) -> str | None:
    enc = text_encoding(data[:65536])
    if enc is None:
        return None
    try:
        return data.decode(enc).removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None


def _read_text_file(path: Path, report: IngestReport) -> Iterator[tuple[str, Song]]:
    with path.open("rb") as f:
        head = f.read(65536)
    enc = text_encoding(head)
    if enc is None:
        report.skip(NOT_TEXT, path.name)
        return
    if path.stat().st_size > MAX_SONG_CHARS:
        yield from _read_big_text(path, enc, report)
        return
    text = _decode(path.read_bytes())
    if text is None:
        report.skip(NOT_TEXT, path.name)
        return
    stem = path.stem.replace("_", " ").replace("-", " ").strip()
    if path.suffix.lower() in CHORDPRO_EXT:
        from lyrictui.song.importers import parse_chordpro

        try:
            song = _strip_chords(parse_chordpro(text))
        except ValueError as e:
            report.skip("unreadable ChordPro", f"{path.name}: {e}")
            return
        if song.title in ("", "Untitled"):
            song.title = stem
        yield "ChordPro files", song
        return
    fm = _front_matter(text)
    if fm is not None:
        meta, body = fm
        yield "poems with front matter", song_from_lyrics(body, meta.get("title") or stem, meta.get("author"))
        return
    from lyrictui.song.importers import parse_plaintext

    try:
        song = _strip_chords(parse_plaintext(text))
    except ValueError:
        song = song_from_lyrics(text, stem)
    if song.title in ("", "Untitled"):
        song.title = stem
    yield "plain-text songs", song


def _read_big_text(path: Path, enc: str, report: IngestReport) -> Iterator[tuple[str, Song]]:
    """A text file too long to be one song, streamed as pieces cut at blank lines (never whole in memory)."""
    size = path.stat().st_size
    report.note(f"{path.name}: {size:,} bytes is too long for one song (over {MAX_SONG_CHARS:,} characters): "
                f"read as pieces of about {PIECE_CHARS:,} characters cut at blank lines")
    stem = path.stem.replace("_", " ").replace("-", " ").strip()
    buf: list[str] = []
    n = k = 0
    try:
        with path.open(encoding=enc, newline=None) as f:
            for line in iter(lambda: f.readline(MAX_SONG_CHARS - n), ""):  # a piece never passes the bound
                buf.append(line)
                n += len(line)
                if (n >= PIECE_CHARS and not line.strip()) or n >= MAX_SONG_CHARS:
                    k += 1
                    yield "pieces of long text files", song_from_lyrics("".join(buf), f"{stem} {k}")
                    buf, n = [], 0
    except UnicodeDecodeError:
        report.skip("long text files cut short by bytes that are not text", path.name)
    if buf:
        yield "pieces of long text files", song_from_lyrics("".join(buf), f"{stem} {k + 1}")


def _read_csv(path: Path, report: IngestReport) -> Iterator[tuple[str, Song]]:
    head = path.open("rb").read(8192)
    if b"\x00" in head:
        raise DataError(f"{path} is a binary file, not a CSV of lyrics.")
    yield from read_csv(path, report, song_from_lyrics, DataError, MAX_SONG_CHARS)


def _song_from_obj(obj: Any, i: int, stem: str) -> Song | None:
    if isinstance(obj, str):
        return song_from_lyrics(obj, f"{stem} {i + 1}")
    if not isinstance(obj, dict):
        return None
    if isinstance(obj.get("sections"), list):
        return _strip_chords(Song.from_dict(obj))
    low = {str(k).lower(): v for k, v in obj.items()}
    text = next((low[c] for c in LYRIC_COLUMNS if isinstance(low.get(c), str)), None)
    if text is None:
        lines = next((low[c] for c in ("lines", "lyrics", "text") if isinstance(low.get(c), list)), None)
        if lines is None:
            return None
        text = "\n".join(str(x) for x in lines)
    title = next((str(low[c]) for c in TITLE_COLUMNS if low.get(c)), f"{stem} {i + 1}")
    artist = next((str(low[c]) for c in ARTIST_COLUMNS if low.get(c)), None)
    return song_from_lyrics(text, title, artist)


def _json_lines(path: Path, enc: str) -> Iterator[str]:
    with path.open(encoding=enc) as f:  # streamed: one line in memory at a time
        for ln in f:
            if ln.strip():
                yield ln


def _read_json(path: Path, report: IngestReport) -> Iterator[tuple[str, Song]]:
    with path.open("rb") as f:
        enc = text_encoding(f.read(65536))
    if enc is None:
        raise DataError(f"{path} is a binary file or not UTF-8, not JSON lyrics.")
    if path.suffix.lower() in JSONL_EXT:
        shape, objs = "JSON Lines", _json_lines(path, enc)
        parse = True
    else:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise DataError(f"{path} is {path.stat().st_size:,} bytes: a JSON document is read whole; give a corpus "
                            f"this big as JSON Lines (.jsonl, one song per line), which is streamed.")
        text = _decode(path.read_bytes())
        if text is None:
            raise DataError(f"{path} is a binary file or not UTF-8, not JSON lyrics.")
        try:
            doc = json.loads(text)
        except ValueError as e:
            raise DataError(f"{path} is not valid JSON ({e}).") from None
        if isinstance(doc, dict):
            doc = doc.get("songs", [doc])
        if not isinstance(doc, list):
            raise DataError(f"{path}: expected a list of songs (or {{\"songs\": [...]}}) in the JSON.")
        shape, objs, parse = "JSON", doc, False
    usable = 0
    for i, obj in enumerate(objs):
        if parse:
            try:
                obj = json.loads(obj)
            except ValueError:
                report.skip("unparseable JSON lines", f"{path.name}:{i + 1}")
                continue
        song = _song_from_obj(obj, i, path.stem)
        if song is None:
            report.skip("JSON items with no lyrics field", f"{path.name}[{i}]")
            continue
        usable += 1
        yield shape, song
    if usable == 0:
        raise DataError(f"{path}: no item has lyrics; use objects with a \"lyrics\" or \"text\" field.")


def _read_file(path: Path, report: IngestReport, single: bool) -> Iterator[tuple[str, Song]]:
    ext = path.suffix.lower()
    report.files += 1
    if ext == ".csv":
        yield from _read_csv(path, report)
    elif ext == ".json" or ext in JSONL_EXT:
        yield from _read_json(path, report)
    else:
        with path.open("rb") as f:
            binary = text_encoding(f.read(65536)) is None
        if single and binary:
            raise DataError(f"{path} is {NOT_TEXT}: give lyrics as text, CSV, JSON or ChordPro.")
        yield from _read_text_file(path, report)


def read_songs(path: str | Path, report: IngestReport | None = None) -> Iterator[Song]:
    """Every usable song under `path`, in a stable order (sorted file names), deduplicated."""
    report = report if report is not None else IngestReport()
    path = Path(path).expanduser()
    if not path.exists():
        raise DataError(f"{path} does not exist.")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        usable = [p for p in files if p.suffix.lower() in KNOWN_EXT]
        for p in files:
            if p.suffix.lower() not in KNOWN_EXT:
                report.skip("files of unknown type", p.name)
        if not usable:
            raise DataError(
                f"{path} has no lyrics files (.txt, .csv, .json, .jsonl, .cho/.chordpro)"
                + (" - it is empty." if not files else f"; found {len(files)} other file(s).")
            )
        sources = [(p, False) for p in usable]
    else:
        sources = [(path, True)]
    seen: set[bytes] = set()  # 16 bytes a song: the only state that grows with the corpus
    for p, single in sources:
        kept0, skipped0 = report.songs, sum(report.skipped.values())
        for i, (shape, song) in enumerate(_read_file(p, report, single)):
            words = lyric_words(song)
            where = f"{p.name}" + (f" #{i + 1}" if p.suffix.lower() in (".csv", ".json", *JSONL_EXT) else "")
            if len(words) < MIN_CHARS:
                report.skip(f"shorter than {MIN_CHARS} characters", where)
                continue
            key = _dedupe_key(song)
            if key in seen:
                report.skip("duplicates", where)
                continue
            seen.add(key)
            report.shapes[shape] += 1
            report.songs += 1
            report.chars += len(words)
            yield song
        report.file_done(p.name, report.songs - kept0, sum(report.skipped.values()) - skipped0)
    if report.songs == 0:
        raise DataError(f"No usable songs in {path}. {report.summary()}")


def check_data(path: str | Path) -> IngestReport:
    """Read everything once (streaming) to validate it; raises DataError when unusable."""
    report = IngestReport()
    for _ in read_songs(path, report):
        pass
    return report

