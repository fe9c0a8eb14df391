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
where it applies, the line; nothing is opened and nothing on disk changes. Text is
UTF-8, or UTF-16/32 with a byte-order mark, else Windows-1252; a binary file is refused.
Control characters in a song are shown as visible symbols (`lyrictui.visible`) from
the moment it is read, so no field of a song can drive the terminal.

Saving follows a symlink to its target, refuses a read-only file, and with `expect`
(the `Stamp` of the file as it was read) refuses with `FileChangedError` when someone
else changed the file since: nothing is overwritten silently.
"""

from __future__ import annotations

import codecs
import dataclasses
import errno
import os
import stat
from pathlib import Path

from lyrictui import atomic
from lyrictui.fileguard import Stamp, digest, read_stamp, stamp_of
from lyrictui.song.formats import export_song, extensions_text, format_for_path, read_song, song_formats
from lyrictui.song.importers import SongSyntaxError
from lyrictui.song.model import Song
from lyrictui.song.native import SongDataError
from lyrictui.visible import visible

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
        super().__init__(visible(f"{where}: {problem}"))  # both parts may come from outside


class FileChangedError(SongFileError):
    """The file on disk is not what was read (another program or editor wrote it)."""

    def __init__(self, path: str | os.PathLike, current: Stamp) -> None:
        super().__init__(path, "changed on disk since it was opened; not overwritten")
        self.current = current


def file_format(path: str | os.PathLike) -> str:
    """The song format ('json', 'chordpro', 'txt') of a file name; SongFileError for anything else.

    A backup `song.cho.bak` reads as what it backs up, so the last good copy opens directly.
    """
    name = str(path)
    fmt = format_for_path(name[: -len(BACKUP_SUFFIX)] if name.endswith(BACKUP_SUFFIX) else name)
    if fmt is None or fmt not in {f.name for f in song_formats()}:
        raise SongFileError(path, f"unknown song file type; use one of {extensions_text(song_formats())}")
    return fmt


# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_LAYOUT = "\t\n\r\f"  # control characters that plain text files do hold


def _decode(path: Path, data: bytes, strict: bool) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as e:
                raise SongFileError(path, f"not valid {encoding.upper()} text (byte {e.start})") from None
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            if strict:
                line = data[: e.start].count(b"\n") + 1
                raise SongFileError(path, f"not UTF-8 text (byte {e.start})", line) from None
            text = _decode_legacy(path, data)
    _refuse_nul(path, text)
    return text


def _decode_legacy(path: Path, data: bytes) -> str:
    """Chord sheets from older tools are often Windows-1252; Latin-1 reads any byte.

    Bytes that are not UTF-8 and hold controls in more than 1 of 20 characters are no text
    at all (random bytes hold about 1 in 8).
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    controls = sum(1 for ch in text if (ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0) and ch not in _LAYOUT)
    if controls >= 4 and controls * 20 > len(text):
        raise SongFileError(path, f"is a binary file, not text ({controls} control bytes)")
    return text


def _refuse_nul(path: Path, text: str) -> None:
    """No text file holds NUL (as git and grep also judge); UTF-16/32 without a BOM does."""
    nul = text.find("\x00")
    if nul >= 0:
        raise SongFileError(
            path, "is a binary file, not text (it holds NUL bytes; UTF-16/32 text needs a byte-order mark)",
            text.count("\n", 0, nul) + 1,
        )


def _visible_song(song: Song) -> Song:
    """Every text field of `song`, however deep, with its control characters shown as symbols."""
    return _visible_value(song)


def _visible_value(v):  # type: ignore[no-untyped-def]
    if isinstance(v, str):
        return visible(v)
    if isinstance(v, list):
        return [_visible_value(x) for x in v]
    if isinstance(v, dict):
        return {_visible_value(k): _visible_value(x) for k, x in v.items()}
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        for f in dataclasses.fields(v):
            setattr(v, f.name, _visible_value(getattr(v, f.name)))
    return v


def parse_song_text(text: str, fmt: str) -> Song:
    """Parse text already read; raises SongSyntaxError / SongDataError (no file name)."""
    return read_song(text, fmt)


def load_song(path: str | os.PathLike) -> Song:
    return load_song_stamped(path)[0]


def load_song_stamped(path: str | os.PathLike) -> tuple[Song, Stamp]:
    """The song in `path` and the `Stamp` of the bytes it was read from (for `save_song`'s expect)."""
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
        song = parse_song_text(text, fmt)
    except (SongSyntaxError, SongDataError) as e:
        raise SongFileError(path, str(e), e.line) from None
    except RecursionError:  # absurdly nested JSON
        raise SongFileError(path, "nested too deeply to be a song") from None
    return _visible_song(song), stamp_of(path, data)


def save_song(song: Song, path: str | os.PathLike, expect: Stamp | None = None) -> Stamp:
    """Write `song` to `path` atomically in the format its extension names; returns its new Stamp.

    With `expect`, the file must still hold what was read (FileChangedError otherwise).
    """
    path = Path(path)
    text = export_song(song, file_format(path))
    new = text.encode("utf-8") if isinstance(text, str) else text
    try:
        real, st = atomic.writable_target(path)  # a symlink's target; refuses read-only files
        # a FIFO or device has no old version to keep (and reading a FIFO would wait)
        old = real.read_bytes() if st is not None and stat.S_ISREG(st.st_mode) else None
    except FileNotFoundError:
        old = None
    except OSError as e:
        raise SongFileError(path, _why_not(e, "cannot be read before saving")) from None
    if expect is not None and expect.digest != (digest(old) if old is not None else None):
        raise FileChangedError(path, stamp_of(real, old))
    if old == new:
        return stamp_of(real, old)  # nothing changed (an autosave tick): leave the file and its .bak alone
    key = str(real)
    try:
        if old is not None and (_saved_digest.get(key) == digest(old) or _parses(path, old)):
            atomic.write_bytes(backup_path(real), old)
        atomic.write_bytes(real, new, if_unchanged=st if expect is not None and old is not None else None)
    except atomic.Changed:
        raise FileChangedError(path, read_stamp(real)) from None
    except OSError as e:
        raise SongFileError(path, _why_not(e, "cannot be saved")) from None
    _saved_digest[key] = digest(new)
    return stamp_of(real, new)


def _why_not(e: OSError, what: str) -> str:
    if isinstance(e, atomic.Refused):
        return f"{e.strerror} (save it under another name)" if e.errno == errno.EACCES else str(e.strerror)
    return f"{what} ({e.strerror or e})"


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
