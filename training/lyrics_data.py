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
- CSV with one lyric line per row (a `line` column, or short single-line cells next to a
  title column): consecutive rows with the same title (and artist) become one song.
- JSON (a list, or {"songs": [...]}) and JSON Lines (`.jsonl/.ndjson`): objects with a
  lyrics field like the CSV columns, lyrictui's own song dicts ({"sections": ...}), or strings.

Skipped, with the reason counted: files that are not UTF-8 (or binary), songs shorter
than `MIN_CHARS` characters of lyrics, duplicates (same words, ignoring case and spacing).
Unusable input (nothing there, a binary file, a CSV with no lyrics column, no song left)
raises `DataError` with a message for the user; callers check this before any model loads.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from lyrictui.song.formats import FORMATS
from lyrictui.song.model import Line, Section, Song

MIN_CHARS = 50  # fewer characters of lyrics than this is a fragment, not a song
LYRIC_COLUMNS = ("text", "lyrics", "lyric", "song_lyrics", "lyrics_text", "lyric_text", "content", "body", "words")
LINE_COLUMNS = ("line", "lyric_line", "lyrics_line", "line_text")
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

    def skip(self, reason: str, where: str) -> None:
        self.skipped[reason] += 1
        self.examples.setdefault(reason, where)

    def to_dict(self) -> dict[str, Any]:
        return {"shapes": dict(self.shapes), "files": self.files, "songs": self.songs,
                "skipped": dict(self.skipped), "chars": self.chars}

    def summary(self) -> str:
        shapes = ", ".join(f"{k} ({v})" for k, v in self.shapes.most_common()) or "nothing usable"
        out = [f"Detected: {shapes}. Read {self.songs} songs from {self.files} file(s)."]
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


def _decode(data: bytes, where: str) -> str | None:
    if b"\x00" in data[:8192]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _read_text_file(path: Path, report: IngestReport) -> Iterator[tuple[str, Song]]:
    text = _decode(path.read_bytes(), str(path))
    if text is None:
        report.skip("not UTF-8 text", path.name)
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
    fm = _front_matter(text.removeprefix("\ufeff"))
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


def _pick(cols: list[str], names: tuple[str, ...]) -> str | None:
    low = {c.strip().lower(): c for c in cols}
    return next((low[n] for n in names if n in low), None)


def _read_csv(path: Path, report: IngestReport) -> Iterator[tuple[str, Song]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    head = path.open("rb").read(8192)
    if _decode(head, str(path)) is None and b"\x00" in head:
        raise DataError(f"{path} is a binary file, not a CSV of lyrics.")
    with path.open(encoding="utf-8-sig", errors="strict", newline="") as f:
        try:
            reader = csv.DictReader(f)
            cols = reader.fieldnames or []
        except (UnicodeDecodeError, csv.Error) as e:
            raise DataError(f"{path} is not a readable UTF-8 CSV file ({e}).") from None
        text_col = _pick(cols, LYRIC_COLUMNS)
        line_col = _pick(cols, LINE_COLUMNS)
        title_col = _pick(cols, TITLE_COLUMNS)
        artist_col = _pick(cols, ARTIST_COLUMNS)
        if text_col is None and line_col is None:
            raise DataError(
                f"{path}: no lyrics column among {', '.join(cols) or '(no header)'}. Name the column with "
                f"the lyrics one of: {', '.join(LYRIC_COLUMNS)} (a whole song per row) or "
                f"{', '.join(LINE_COLUMNS)} (one line per row, with a title column)."
            )
        rows = iter(reader)
        try:
            first = list(itertools.islice(rows, 50))  # enough to tell the shape
        except (UnicodeDecodeError, csv.Error) as e:
            raise DataError(f"{path} is not a readable UTF-8 CSV file ({e}).") from None
        all_rows = itertools.chain(first, rows)
        col = text_col or line_col
        # One line per row: an explicit line column, or short one-line cells beside a title column
        # whose values repeat (a song's lines share its title).
        cells = [r.get(col) or "" for r in first]
        titles = [r.get(title_col) for r in first] if title_col else []
        per_line = line_col is not None and text_col is None or (
            title_col is not None and cells and not any("\n" in c for c in cells)
            and sum(len(c) for c in cells) / len(cells) < 80 and len(set(titles)) < len(titles)
        )
        try:
            if per_line:
                yield from _grouped_lines(all_rows, col, title_col, artist_col, path)
            else:
                for i, r in enumerate(all_rows):
                    title = (r.get(title_col) or "").strip() if title_col else f"{path.stem} {i + 1}"
                    artist = (r.get(artist_col) or "").strip() or None if artist_col else None
                    yield "CSV, one song per row", song_from_lyrics(r.get(col) or "", title, artist)
        except (UnicodeDecodeError, csv.Error) as e:
            raise DataError(f"{path} is not a readable UTF-8 CSV file ({e}).") from None


def _grouped_lines(rows: Iterable[dict], col: str, title_col: str | None, artist_col: str | None,
                   path: Path) -> Iterator[tuple[str, Song]]:
    """Consecutive rows of the same (artist, title) are one song; an empty cell is a stanza break."""
    key, buf = None, []
    for r in rows:
        k = ((r.get(artist_col) or "").strip() if artist_col else "", (r.get(title_col) or "").strip() if title_col else "")
        if key is not None and k != key and buf:
            yield "CSV, one lyric line per row", song_from_lyrics("\n".join(buf), key[1] or path.stem, key[0] or None)
            buf = []
        key = k
        buf.append((r.get(col) or "").rstrip())
    if buf and key is not None:
        yield "CSV, one lyric line per row", song_from_lyrics("\n".join(buf), key[1] or path.stem, key[0] or None)


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


def _read_json(path: Path, report: IngestReport) -> Iterator[tuple[str, Song]]:
    data = path.read_bytes()
    text = _decode(data, str(path))
    if text is None:
        raise DataError(f"{path} is a binary file or not UTF-8, not JSON lyrics.")
    if path.suffix.lower() in JSONL_EXT:
        shape, objs = "JSON Lines", (ln for ln in text.splitlines() if ln.strip())
        parse = True
    else:
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
        if single and _decode(path.read_bytes()[:65536], str(path)) is None:
            raise DataError(f"{path} is a binary file or not UTF-8 text: give lyrics as text, CSV, JSON or ChordPro.")
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
    if report.songs == 0:
        raise DataError(f"No usable songs in {path}. {report.summary()}")


def check_data(path: str | Path) -> IngestReport:
    """Read everything once (streaming) to validate it; raises DataError when unusable."""
    report = IngestReport()
    for _ in read_songs(path, report):
        pass
    return report

