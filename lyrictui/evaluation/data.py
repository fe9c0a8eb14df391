"""Held-out songs for `lyrictui eval`: read a lyrics collection, split it train / held-out.

    from lyrictui.evaluation.data import read_songs, split_songs
    songs = read_songs("../shared/data/lyrics/songdata.csv")
    train, heldout = split_songs(songs, heldout=0.1, seed=0)

Shapes: a CSV with a `text` (or `lyrics`) column, one song per row (the songdata.csv /
"55k songs" layout: blank lines between stanzas, `song`/`title` and `artist` columns
optional); a folder of song files (.txt, .cho/.chordpro/.pro/.crd, .song.json) read with
`lyrictui.song.io.load_song`; or one such file. When the training package's reader
(`training.lyrics_data.read_songs`) is importable it is used instead, so `train` and `eval`
see the same songs the same way.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

from lyrictui.song.formats import SONG_SUFFIXES
from lyrictui.song.model import Line, Section, Song


def song_from_text(text: str, title: str = "Untitled", artist: str | None = None) -> Song:
    """Stanzas (blank-line separated) become verses; trailing spaces dropped."""
    song = Song(title=title or "Untitled", artist=artist or None)
    cur: Section | None = None
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        ln = raw.strip()
        if not ln:
            cur = None
            continue
        if cur is None:
            cur = Section(kind="verse")
            song.sections.append(cur)
        cur.lines.append(Line(ln))
    return song


def _read_csv(path: Path) -> list[Song]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    out: list[Song] = []
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        reader = csv.DictReader(f)
        cols = {c.lower(): c for c in reader.fieldnames or []}
        text_col = cols.get("text") or cols.get("lyrics") or cols.get("lyric")
        if text_col is None:
            raise ValueError(f"{path}: no 'text' or 'lyrics' column (columns: {', '.join(cols)})")
        title_col = cols.get("song") or cols.get("title")
        artist_col = cols.get("artist")
        for row in reader:
            text = row.get(text_col) or ""
            if text.strip():
                out.append(
                    song_from_text(
                        text,
                        title=(row.get(title_col) or "").strip() if title_col else "Untitled",
                        artist=(row.get(artist_col) or "").strip() if artist_col else None,
                    )
                )
    return out


def _read_own(path: Path) -> list[Song]:
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(SONG_SUFFIXES))
        songs: list[Song] = []
        for p in files:
            songs.extend(_read_own(p))
        return songs
    if path.suffix.lower() == ".csv":
        return _read_csv(path)
    from lyrictui.song.io import SongFileError, load_song

    try:
        return [load_song(path)]
    except (SongFileError, ValueError, OSError) as e:
        print(f"skipped {path}: {e}", file=sys.stderr)
        return []


def read_songs(path: str | Path) -> list[Song]:
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no such file or folder: {path}")
    try:  # the training reader, so `train` and `eval` see the same songs the same way
        from training.lyrics_data import DataError, IngestReport
        from training.lyrics_data import read_songs as training_read
    except ImportError:
        return _read_own(path)
    report = IngestReport()
    try:
        songs = list(training_read(path, report))
    except DataError as e:
        raise ValueError(str(e)) from e
    return songs


def split_songs(songs: list[Song], heldout: float = 0.1, seed: int = 0) -> tuple[list[Song], list[Song]]:
    """A seeded shuffle, then the last `heldout` share is held out (at least one song)."""
    idx = list(range(len(songs)))
    random.Random(seed).shuffle(idx)
    n_out = max(1, round(len(songs) * heldout)) if len(songs) > 1 else 0
    cut = len(songs) - n_out
    return [songs[i] for i in idx[:cut]], [songs[i] for i in idx[cut:]]
