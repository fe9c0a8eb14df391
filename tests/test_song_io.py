"""Opening and saving song files: formats by extension, clear errors, the .bak copy."""

from __future__ import annotations

import json
import os

import pytest

from lyrictui.song.io import SongFileError, backup_path, load_song, save_song
from lyrictui.song.model import ChordPlacement, Line, Section, Song
from song_fixtures import sample_song


@pytest.mark.parametrize("name", ["s.song.json", "s.json", "s.cho", "s.chordpro", "s.crd", "s.pro"])
def test_lossless_formats_save_and_load_exactly(tmp_path, name):
    song = sample_song()
    save_song(song, tmp_path / name)
    assert load_song(tmp_path / name) == song


def test_txt_save_is_a_chord_sheet(tmp_path):
    save_song(sample_song(), tmp_path / "s.txt")
    text = (tmp_path / "s.txt").read_text(encoding="utf-8")
    assert text.startswith("Night Drive\nArtist: Ana\n")
    assert "[Verse 1]\nG                 Em7\nHeadlights on the water\n" in text
    assert load_song(tmp_path / "s.txt") == sample_song()


def test_chordpro_file_opens(tmp_path):
    (tmp_path / "old.cho").write_text("{title: Old}\n{soc}\n[C]Hey\n{eoc}\n", encoding="utf-8")
    song = load_song(tmp_path / "old.cho")
    assert song.title == "Old" and song.sections[0].kind == "chorus"
    assert song.sections[0].lines == [Line("Hey", [ChordPlacement("C", 0)])]


def _error(path) -> SongFileError:
    with pytest.raises(SongFileError) as e:
        load_song(path)
    assert str(path) in str(e.value)  # always names the file
    return e.value


def test_errors_name_file_problem_and_line(tmp_path):
    p = tmp_path / "broken.song.json"
    p.write_text('{\n  "format": "lyrictui-song",\n  "version": 1,\n  "title": \n}\n', encoding="utf-8")
    e = _error(p)
    assert e.line == 5 and "not valid JSON" in str(e) and "line 5" in str(e)

    p.write_text(json.dumps({"format": "lyrictui-song", "version": 7, "title": "x"}), encoding="utf-8")
    assert "newer lyrictui" in str(_error(p)) and "version 7" in str(_error(p))

    p.write_text(json.dumps({"title": "x"}), encoding="utf-8")
    assert "not a lyrictui song" in str(_error(p))

    bad = {"format": "lyrictui-song", "version": 1, "sections": [{"lines": [{"text": "a", "chords": [{"chord": "C", "pos": "x"}]}]}]}
    p.write_text(json.dumps(bad), encoding="utf-8")
    assert "sections[0].lines[0].chords[0].pos" in str(_error(p))

    p.write_bytes(b'{"format": "lyrictui-song", "version": 1, "title": "\xff"}')
    assert "not UTF-8" in str(_error(p))

    c = tmp_path / "bad.cho"
    c.write_text("{title: x}\n\n[C oops\n", encoding="utf-8")
    e = _error(c)
    assert e.line == 3 and "never closed" in str(e)

    assert "no such file" in str(_error(tmp_path / "missing.song.json"))
    assert "unknown song file type" in str(_error(tmp_path / "notes.docx"))
    (tmp_path / "dir.cho").mkdir()
    assert "folder" in str(_error(tmp_path / "dir.cho"))


def test_a_file_that_does_not_parse_changes_nothing(tmp_path):
    p = tmp_path / "broken.song.json"
    p.write_text("{ not json", encoding="utf-8")
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(SongFileError):
        load_song(p)
    assert sorted(os.listdir(tmp_path)) == before and p.read_text() == "{ not json"


def test_save_keeps_the_last_good_copy(tmp_path):
    p = tmp_path / "s.song.json"
    first, second = sample_song(), sample_song()
    second.title = "Second"
    save_song(first, p)
    assert not backup_path(p).exists()
    save_song(second, p)
    assert load_song(backup_path(p)) == first and load_song(p) == second
    # saving the same song again (an autosave tick) rewrites nothing
    mtime = p.stat().st_mtime_ns
    save_song(second, p)
    assert p.stat().st_mtime_ns == mtime and load_song(backup_path(p)) == first


def test_a_broken_file_never_replaces_a_good_backup(tmp_path):
    p = tmp_path / "s.song.json"
    save_song(sample_song(), p)
    save_song(Song(title="v2"), p)
    p.write_text("garbage", encoding="utf-8")  # damaged by something else
    save_song(Song(title="v3"), p)
    assert load_song(backup_path(p)) == sample_song()
    assert load_song(p).title == "v3"


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path):
    p = tmp_path / "s.cho"
    for i in range(3):
        save_song(Song(title=f"v{i}", sections=[Section("verse", None, [Line("x" * i)])]), p)
    assert sorted(os.listdir(tmp_path)) == ["s.cho", "s.cho.bak"]


def test_save_unknown_extension_is_refused(tmp_path):
    with pytest.raises(SongFileError, match="unknown song file type"):
        save_song(Song(), tmp_path / "song.docx")
    assert not (tmp_path / "song.docx").exists()


def test_unicode_and_long_lines_survive_every_lossless_format(tmp_path):
    song = Song(title="歌 🎸", sections=[Section("verse", None, [
        Line("e\u0301 שלום 中文 👩‍👩‍👧 " + "long " * 2000, [ChordPlacement("C", 0), ChordPlacement("G", 10_020)]),
    ])])
    for name in ("u.song.json", "u.cho"):
        save_song(song, tmp_path / name)
        assert load_song(tmp_path / name) == song
