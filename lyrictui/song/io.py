"""Open and save song files, choosing the format by the file's extension.

    from lyrictui.song.io import load_song, save_song, SongFileError
    song = load_song("night-drive.cho")          # .song.json/.json, .txt, .cho/.chordpro/...
    save_song(song, "night-drive.song.json")     # atomic; the previous good copy -> .bak

`.song.json` (native, see `lyrictui.song.native`) and ChordPro keep everything; plain
text keeps what a chord sheet can show. Saving never leaves a half-written file: the
new text goes to a temporary file in the same folder, is fsynced and renamed over the
old one (`lyrictui.atomic`). Before an existing file that still parses is replaced it is
copied, the same atomic way, to `<file>.bak`, so the last good copy is always beside it
(a file that does not parse is not copied, so it never replaces a good .bak).

A file that does not parse raises `SongFileError` naming the file, the problem and,
where it applies, the line; nothing is opened and nothing on disk changes.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from lyrictui import atomic
from lyrictui.song.formats import export_song, extensions_text, format_for_path, read_song, song_formats
from lyrictui.song.importers import SongSyntaxError
from lyrictui.song.model import Song
from lyrictui.song.native import SongDataError

BACKUP_SUFFIX = ".bak"
# Digest of the bytes this process last saved to each file: when the file still holds
# them it is known to parse, so an autosave of a big song skips re-parsing it for the .bak.
_saved_digest: dict[str, bytes] = {}


class SongFileError(Exception):
    """A song file could not be read or written; the message names the file and the problem."""

    def __init__(self, path: str | os.PathLike, problem: str, line: int | None = None) -> None:
        self.path = Path(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}" + (f", line {line}" if line is not None else "")
        super().__init__(f"{where}: {problem}")


def file_format(path: str | os.PathLike) -> str:
    """The song format ('json', 'chordpro', 'txt') of a file name; SongFileError for anything else.

    A backup `song.cho.bak` reads as what it backs up, so the last good copy opens directly.
    """
    name = str(path)
    fmt = format_for_path(name[: -len(BACKUP_SUFFIX)] if name.endswith(BACKUP_SUFFIX) else name)
    if fmt is None or fmt not in {f.name for f in song_formats()}:
        raise SongFileError(path, f"unknown song file type; use one of {extensions_text(song_formats())}")
    return fmt


def _decode(path: Path, data: bytes, strict: bool) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if strict:
            line = data[: e.start].count(b"\n") + 1
            raise SongFileError(path, f"not UTF-8 text (byte {e.start})", line) from None
    # Chord sheets from older tools are often Windows-1252; Latin-1 reads any byte.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def parse_song_text(text: str, fmt: str) -> Song:
    """Parse text already read; raises SongSyntaxError / SongDataError (no file name)."""
    return read_song(text, fmt)


def load_song(path: str | os.PathLike) -> Song:
    path = Path(path)
    fmt = file_format(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SongFileError(path, "no such file") from None
    except IsADirectoryError:
        raise SongFileError(path, "is a folder, not a song file") from None
    except OSError as e:
        raise SongFileError(path, f"cannot be read ({e.strerror or e})") from None
    text = _decode(path, data, strict=(fmt == "json"))
    try:
        return parse_song_text(text, fmt)
    except (SongSyntaxError, SongDataError) as e:
        raise SongFileError(path, str(e), e.line) from None
    except RecursionError:  # absurdly nested JSON
        raise SongFileError(path, "nested too deeply to be a song") from None


def save_song(song: Song, path: str | os.PathLike) -> None:
    """Write `song` to `path` atomically in the format its extension names."""
    path = Path(path)
    text = export_song(song, file_format(path))
    new = text.encode("utf-8") if isinstance(text, str) else text
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        old = None
    except OSError as e:
        raise SongFileError(path, f"cannot be read before saving ({e.strerror or e})") from None
    if old == new:
        return  # nothing changed (an autosave tick): leave the file and its .bak alone
    key = str(path.resolve())
    try:
        if old is not None and (_saved_digest.get(key) == _digest(old) or _parses(path, old)):
            atomic.write_bytes(backup_path(path), old)
        atomic.write_bytes(path, new)
    except OSError as e:
        raise SongFileError(path, f"cannot be saved ({e.strerror or e})") from None
    _saved_digest[key] = _digest(new)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def backup_path(path: str | os.PathLike) -> Path:
    path = Path(path)
    return path.with_name(path.name + BACKUP_SUFFIX)


def _parses(path: Path, data: bytes) -> bool:
    fmt = file_format(path)
    try:
        parse_song_text(_decode(path, data, strict=(fmt == "json")), fmt)
    except (SongFileError, SongSyntaxError, SongDataError, RecursionError):
        return False
    return True
