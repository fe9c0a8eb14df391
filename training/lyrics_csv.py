"""Lyrics CSVs: one song per row, or one lyric line per row, told apart from the data.

    for shape, song in read_csv(path, report): ...      # streamed; report.notes says what was detected

The shape is decided from the header and the first `SNIFF` rows, and said in the report
with its reasons. One line per row when any of:
- the lyrics column is named for a line (`line`, `lyric_line`, ...);
- a line-number column: integers that count up by one (named like `line_number`/`line_no`),
  or, found from the data alone, count up and restart;
- short one-line cells (median under `SHORT_CELL` characters) AND a title column whose value
  repeats over consecutive rows (a song's lines share its title).
Title, album and artist columns are found by name, also inside longer names
(`track_title`, `song_name`, `album_title`, `artist_name`). Line-per-row files are grouped into
songs: consecutive rows with the same (artist, album, title), a new song where the first line
number (0 or 1) comes again; rows within a song in line-number order; an empty cell is a
stanza break.
A song is bounded (`MAX_SONG_CHARS`): a group that grows past it is cut there, and said.
"""

from __future__ import annotations

import csv
import itertools
import re
import statistics
from pathlib import Path
from typing import Any, Iterable, Iterator

SNIFF = 200  # rows read to decide the shape
SHORT_CELL = 80  # characters: a median cell shorter than this is a line, not a song
LYRIC_COLUMNS = ("text", "lyrics", "lyric", "song_lyrics", "lyrics_text", "lyric_text", "content", "body", "words")
LINE_COLUMNS = ("line", "lyric_line", "lyrics_line", "line_text", "verse", "lyric_text_line")
TITLE_WORDS = ("title", "song", "track", "name")
ARTIST_WORDS = ("artist", "band", "singer", "author", "performer")
_NUMBER_WORDS = {"number", "no", "num", "nr", "n", "idx", "index", "id", "pos", "position", "seq"}


def _words(col: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", re.sub(r"([a-z])([A-Z])", r"\1_\2", col).lower()) if w]


def _find(cols: list[str], exact: tuple[str, ...], words: tuple[str, ...] = (), avoid: tuple[str, ...] = ()) -> str | None:
    """A column named exactly one of `exact`, else the first whose name holds one of `words`."""
    low = {c.strip().lower(): c for c in cols}
    hit = next((low[n] for n in exact if n in low), None)
    if hit is not None:
        return hit
    for w in words:
        for c in cols:
            ws = _words(c)
            if w in ws and not any(a in ws for a in avoid) and not _NUMBER_WORDS & set(ws):
                return c
    return None


def _int(v: Any) -> int | None:
    try:
        return int(str(v).strip())
    except ValueError:
        return None


def _counter_column(rows: list[dict], cols: list[str], skip: set[str]) -> tuple[str, str] | None:
    """(column, why) of a line-number column: integers counting up by one, restarting per song."""
    for c in cols:
        if c in skip:
            continue
        vals = [_int(r.get(c)) for r in rows]
        if len(vals) < 3 or sum(v is None for v in vals) > len(vals) // 10:
            continue
        pairs = [(a, b) for a, b in zip(vals, vals[1:]) if a is not None and b is not None]
        steps = sum(b == a + 1 for a, b in pairs)
        restarts = sum(b <= a for a, b in pairs)
        ws = set(_words(c))
        named = "line" in ws or c.strip().lower() in ("lineno", "line_no", "linenumber", "line#")
        if named or (steps >= 0.6 * max(1, len(pairs)) and restarts >= 1):
            why = f"a line-number column {c!r}" + ("" if named else f" (counts up by one and restarts {restarts} times)")
            return c, why
    return None


class Shape:
    """What one CSV holds and which columns say what (decided by `sniff`)."""

    def __init__(self, cols: list[str], rows: list[dict]):
        text_col = _find(cols, LYRIC_COLUMNS, ("lyrics", "lyric"), avoid=("line",))
        line_col = _find(cols, LINE_COLUMNS)
        self.col = text_col or line_col
        self.title = _find(cols, ("title", "song", "song_title", "song_name", "track", "track_name", "track_title", "name"),
                           TITLE_WORDS, avoid=("album", *ARTIST_WORDS, "lyric", "lyrics"))
        self.album = _find(cols, ("album",), ("album",))
        self.artist = _find(cols, ("artist",), ARTIST_WORDS)
        self.counter: str | None = None
        self.first_line = 0  # the number a song's first line has (0 or 1): a row with it starts a song
        self.reasons: list[str] = []
        if self.col is None:
            return
        taken = {c for c in (self.col, self.title, self.album, self.artist) if c}
        counter = _counter_column(rows, cols, taken)
        if counter:
            self.counter = counter[0]
            self.first_line = min(v for v in (_int(r.get(self.counter)) for r in rows) if v is not None)
            self.reasons.append(counter[1])
        if line_col is not None and text_col is None:
            self.reasons.append(f"the lyrics column is named {line_col!r}")
        cells = [r.get(self.col) or "" for r in rows if (r.get(self.col) or "").strip()]
        short = bool(cells) and sum("\n" in c for c in cells) <= len(cells) // 20 \
            and statistics.median(len(c) for c in cells) < SHORT_CELL
        repeats = 0.0
        if self.title and len(rows) > 1:
            keys = [self.key(r) for r in rows]
            repeats = sum(a == b for a, b in zip(keys, keys[1:])) / (len(keys) - 1)
        if short and repeats >= 0.5:
            self.reasons.append(f"short one-line {self.col!r} cells (median {statistics.median(len(c) for c in cells):.0f} "
                                f"characters) with {self.title!r} repeated over {repeats:.0%} of consecutive rows")

    @property
    def per_line(self) -> bool:
        return bool(self.reasons)

    def key(self, r: dict) -> tuple[str, ...]:
        return tuple((r.get(c) or "").strip() for c in (self.artist, self.album, self.title) if c)

    def describe(self, path: Path) -> str:
        if not self.per_line:
            return f"{path.name}: one song per row (lyrics in {self.col!r}: cells are long or hold several lines)"
        by = ", ".join(repr(c) for c in (self.artist, self.album, self.title) if c) or "nothing (one song)"
        order = f", in {self.counter!r} order" if self.counter else ""
        return f"{path.name}: one lyric line per row ({'; '.join(self.reasons)}); lines grouped into songs by {by}{order}"


def read_csv(path: Path, report: Any, song_from_lyrics, error, max_song_chars: int) -> Iterator[tuple[str, Any]]:
    """(shape name, Song) for every song in a lyrics CSV; `error(message)` -> the exception to raise."""
    # a cell longer than a few songs is not lyrics: the csv module raises instead of holding it
    limit = 4 * max_song_chars
    old_limit = csv.field_size_limit(limit)
    try:
        yield from _read_csv(path, report, song_from_lyrics, error, max_song_chars)
    except csv.Error as e:
        if "field limit" not in str(e):
            raise error(f"{path} is not a readable UTF-8 CSV file ({e}).") from None
        raise error(f"{path}: a cell holds more than {limit:,} characters, which is not one song's lyrics; "
                    f"give long texts as .txt files (read in pieces) instead.") from None
    finally:
        csv.field_size_limit(old_limit)


def _read_csv(path: Path, report: Any, song_from_lyrics, error, max_song_chars: int) -> Iterator[tuple[str, Any]]:
    with path.open(encoding="utf-8-sig", errors="strict", newline="") as f:
        try:
            reader = csv.DictReader(f)
            cols = list(reader.fieldnames or [])
            first = list(itertools.islice(reader, SNIFF))
        except UnicodeDecodeError as e:
            raise error(f"{path} is not a readable UTF-8 CSV file ({e}).") from None
        shape = Shape(cols, first)
        if shape.col is None:
            raise error(
                f"{path}: no lyrics column among {', '.join(cols) or '(no header)'}. Name the column with "
                f"the lyrics one of: {', '.join(LYRIC_COLUMNS)} (a whole song per row) or "
                f"{', '.join(LINE_COLUMNS)} (one line per row, with a title column)."
            )
        report.note(shape.describe(path))
        rows = itertools.chain(first, reader)
        try:
            if shape.per_line:
                for text, (artist, title) in _grouped(rows, shape, path, report, max_song_chars):
                    yield "CSV, one lyric line per row", song_from_lyrics(text, title, artist)
            else:
                for i, r in enumerate(rows):
                    title = (r.get(shape.title) or "").strip() if shape.title else f"{path.stem} {i + 1}"
                    artist = ((r.get(shape.artist) or "").strip() or None) if shape.artist else None
                    text = r.get(shape.col) or ""
                    if len(text) > max_song_chars:
                        report.skip(f"songs longer than {max_song_chars:,} characters", f"{path.name} #{i + 1}")
                        continue
                    yield "CSV, one song per row", song_from_lyrics(text, title or f"{path.stem} {i + 1}", artist)
        except UnicodeDecodeError as e:
            raise error(f"{path} is not a readable UTF-8 CSV file ({e}).") from None


def _grouped(rows: Iterable[dict], shape: Shape, path: Path, report: Any,
             max_song_chars: int) -> Iterator[tuple[str, tuple[str | None, str]]]:
    """(lyrics text, (artist, title)) per song: consecutive rows of one key, a restart of the line count splits."""
    head: dict | None = None  # the song's first row (its title and artist)
    buf: list[tuple[int, int, str]] = []  # (line number, row order, text)
    size = 0

    def song() -> tuple[str, tuple[str | None, str]]:
        lines = [t for _, _, t in sorted(buf)] if shape.counter else [t for _, _, t in buf]
        artist = ((head.get(shape.artist) or "").strip() or None) if shape.artist else None
        title = ((head.get(shape.title) or "").strip() if shape.title else "") or path.stem
        return "\n".join(lines), (artist, title)

    for i, r in enumerate(rows):
        n = _int(r.get(shape.counter)) if shape.counter else None
        # rows of one song may come in any order: a second first line is the next song of that title
        restart = n == shape.first_line and any(m == n for m, _, _ in buf)
        if head is not None and (shape.key(r) != shape.key(head) or restart or size > max_song_chars):
            if size > max_song_chars:
                report.skip(f"songs cut at {max_song_chars:,} characters", f"{path.name} row {i + 1}")
            yield song()
            head, buf, size = None, [], 0
        head = head or r
        text = (r.get(shape.col) or "").rstrip()
        buf.append((n if n is not None else i, i, text))
        size += len(text) + 1
    if head is not None:
        yield song()
