"""The format registry (lyrictui.song.formats) is the one list of formats and suffixes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from lyrictui.cli import cli
from lyrictui.song import formats
from lyrictui.song.formats import FORMATS, NATIVE, SONG_SUFFIXES, SongFormat, export_song, format_for_path
from lyrictui.song.io import SongFileError, file_format, load_song, save_song
from lyrictui.song.model import Song
from song_fixtures import random_song, sample_song


def test_every_extension_names_its_format():
    for f in FORMATS.values():
        assert f.extensions and all(e.startswith(".") and e == e.lower() for e in f.extensions)
        for ext in f.extensions:
            assert format_for_path(f"dir.x/My Song{ext.upper()}") == f.name
    assert format_for_path("a.song.json") == NATIVE and format_for_path("a.doc") is None
    assert format_for_path("notes.md/song") is None  # the name decides, not a folder


def test_song_suffixes_are_the_readable_formats_longest_first():
    readable = {e for f in FORMATS.values() if f.reader for e in f.extensions}
    assert set(SONG_SUFFIXES) == readable and ".md" not in SONG_SUFFIXES
    assert SONG_SUFFIXES.index(".song.json") < SONG_SUFFIXES.index(".json")
    assert formats.strip_song_suffix("night.song.json") == "night"
    assert formats.strip_song_suffix("night.CHO") == "night" and formats.strip_song_suffix("a.md") == "a.md"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_writer_writes_every_song(fmt):
    for song in [sample_song(), Song(), *(random_song(i) for i in range(10))]:
        out = export_song(song, fmt)
        assert isinstance(out, (str, bytes)) and out


@pytest.mark.parametrize("fmt", [f.name for f in FORMATS.values() if f.name in ("chordpro", NATIVE)])
def test_lossless_formats_read_back_what_they_wrote(fmt, tmp_path):
    for i in range(20):
        song = random_song(i)
        path = tmp_path / f"s{i}{FORMATS[fmt].extensions[0]}"
        save_song(song, path)
        assert load_song(path) == song


def test_cli_offers_exactly_the_registry(tmp_path):
    r = CliRunner().invoke(cli, ["export", "--help"])
    assert r.exit_code == 0
    for f in FORMATS.values():
        assert f.name in r.output and f.extensions[0] in r.output
    r = CliRunner().invoke(cli, ["export", "x.song.json", "-f", "nope"])
    assert r.exit_code == 2 and all(name in r.output for name in FORMATS)


def test_unknown_song_file_names_every_song_suffix(tmp_path):
    with pytest.raises(SongFileError) as e:
        file_format(tmp_path / "song.md")
    assert all(ext in str(e.value) for ext in SONG_SUFFIXES)


def test_a_new_format_is_one_registry_entry_even_a_binary_one(tmp_path, monkeypatch):
    # what helper formats (MIDI, WAV) will do: an entry whose writer returns bytes
    monkeypatch.setitem(FORMATS, "bin", SongFormat("bin", "Binary", (".bin",), lambda s: b"\x00SONG\xff"))
    src = tmp_path / "s.song.json"
    save_song(sample_song(), src)
    r = CliRunner().invoke(cli, ["export", str(src), "-o", str(tmp_path / "s.bin")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "s.bin").read_bytes() == b"\x00SONG\xff"
    with pytest.raises(SongFileError):  # export only: no reader, so not a song file
        file_format(tmp_path / "s.bin")
