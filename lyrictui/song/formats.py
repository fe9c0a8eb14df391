"""The song file formats: one registry owns each format's name, label, file extensions,
writer and reader.

    from lyrictui.song.formats import FORMATS, export_song, format_for_path, read_song
    format_for_path("night-drive.cho")      # 'chordpro'
    export_song(song, "md")                 # str (a binary format's writer returns bytes)
    read_song(text, "chordpro")             # a Song, or SongSyntaxError / SongDataError

Adding a format is one `SongFormat` entry in FORMATS and its test: `lyrictui export`'s
--format choices and help, the editor's export commands, the suffixes a song file may
have and the "format for this path" rule all come from here. A format with a reader is
also a song file lyrictui opens and saves; one without is export only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Callable

from lyrictui.song.chordpro import to_chordpro
from lyrictui.song.export import to_markdown, to_text
from lyrictui.song.importers import parse_chordpro, parse_plaintext
from lyrictui.song.model import Song
from lyrictui.song.native import dumps_song, loads_song
from lyrictui.sound.export import song_midi, song_wav  # light: numpy and mido load when one runs


@dataclass(frozen=True)
class SongFormat:
    name: str  # what --format takes, e.g. "chordpro"
    label: str  # for people, e.g. "ChordPro"
    extensions: tuple[str, ...]  # lower case; the first is the one an export suggests
    writer: Callable[[Song], str | bytes]  # str is written as UTF-8; bytes as they are
    reader: Callable[[str], Song] | None = None  # None: export only (lyrictui cannot open it)
    summary: str = ""  # one line for `lyrictui export --help`


NATIVE = "json"  # lyrictui's own file: what the editor saves to
FORMATS: dict[str, SongFormat] = {
    f.name: f
    for f in (
        SongFormat("txt", "plain text", (".txt",), to_text, parse_plaintext,
                   "title and facts, [Verse 1] headers, chords on their own line above the words"),
        SongFormat("chordpro", "ChordPro", (".cho", ".chordpro", ".chopro", ".crd", ".pro"), to_chordpro,
                   parse_chordpro, "ChordPro 6: {title:}, {start_of_verse: label=...}, inline [C] chords; lossless"),
        SongFormat("md", "Markdown", (".md", ".markdown"), to_markdown, None,
                   "Markdown: # title, ## sections, chord sheet in a fenced block"),
        SongFormat(NATIVE, "lyrictui song", (".song.json", ".json"), dumps_song, loads_song,
                   "lyrictui's own .song.json (lossless)"),
        SongFormat("midi", "MIDI", (".mid", ".midi"), song_midi, None,
                   "Standard MIDI File: voiced chords, section markers, lyrics, tempo, time and key (capo applied)"),
        SongFormat("wav", "WAV audio", (".wav",), song_wav, None,
                   "the chords played on a piano, 44.1 kHz mono (capo applied)"),
    )
}
# The suffixes of files lyrictui opens as songs, longest first (".song.json" before ".json").
SONG_SUFFIXES: tuple[str, ...] = tuple(sorted(
    (ext for f in FORMATS.values() if f.reader is not None for ext in f.extensions), key=len, reverse=True))


def format_for_path(path: str | PurePath) -> str | None:
    """The format a file name asks for ('song.cho' -> 'chordpro'; the longest matching
    extension wins), or None."""
    name = PurePath(path).name.lower()
    best: tuple[int, str | None] = (0, None)
    for f in FORMATS.values():
        for ext in f.extensions:
            if name.endswith(ext) and len(ext) > best[0]:
                best = (len(ext), f.name)
    return best[1]


def song_formats() -> list[SongFormat]:
    """The formats lyrictui opens and saves as songs."""
    return [f for f in FORMATS.values() if f.reader is not None]


def strip_song_suffix(name: str) -> str:
    """'night-drive.song.json' -> 'night-drive'; a name without a song suffix is kept."""
    for suffix in SONG_SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def export_song(song: Song, fmt: str) -> str | bytes:
    """The song in format `fmt` (a FORMATS name)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return FORMATS[fmt].writer(song)


def read_song(text: str, fmt: str) -> Song:
    """Parse text already read in format `fmt`; raises SongSyntaxError / SongDataError."""
    reader = FORMATS[fmt].reader
    if reader is None:
        raise ValueError(f"lyrictui cannot read {FORMATS[fmt].label} files")
    return reader(text)


def extensions_text(formats: list[SongFormat] | None = None) -> str:
    """'.txt, .cho, .chordpro, ...': every extension of `formats` (all of them by default)."""
    return ", ".join(ext for f in (formats or list(FORMATS.values())) for ext in f.extensions)


def formats_help() -> str:
    """One line per format for help text: name, extensions, what it holds."""
    return "\n".join(f"  {f.name:<9} {f.summary} ({' '.join(f.extensions)})" for f in FORMATS.values())
