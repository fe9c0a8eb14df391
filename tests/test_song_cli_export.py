"""`lyrictui export` through click's CliRunner."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from lyrictui.cli import cli
from lyrictui.song.chordpro import to_chordpro
from lyrictui.song.importers import parse_chordpro
from lyrictui.song.io import load_song, save_song
from song_fixtures import sample_song


@pytest.fixture
def song_file(tmp_path):
    p = tmp_path / "night.song.json"
    save_song(sample_song(), p)
    return p


def run(*args):
    return CliRunner().invoke(cli, ["export", *map(str, args)])


def test_stdout_defaults_to_txt(song_file):
    r = run(song_file)
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("Night Drive\n") and "[Verse 1]" in r.stdout


@pytest.mark.parametrize("fmt, start", [("chordpro", "{title: Night Drive}"), ("md", "# Night Drive"),
                                        ("txt", "Night Drive"), ("json", "{\n")])
def test_format_option(song_file, fmt, start):
    r = run(song_file, "--format", fmt)
    assert r.exit_code == 0 and r.stdout.startswith(start)


def test_format_from_output_extension(song_file, tmp_path):
    out = tmp_path / "night.cho"
    r = run(song_file, "-o", out)
    assert r.exit_code == 0, r.output
    assert out.read_text(encoding="utf-8") == to_chordpro(sample_song())
    assert parse_chordpro(out.read_text(encoding="utf-8")) == sample_song()
    assert r.stdout == ""  # the note goes to stderr
    r = run(song_file, "-o", tmp_path / "share.md")
    assert (tmp_path / "share.md").read_text(encoding="utf-8").startswith("# Night Drive")


def test_convert_chordpro_to_native(tmp_path):
    src = tmp_path / "old.cho"
    src.write_text(to_chordpro(sample_song()), encoding="utf-8")
    r = run(src, "-o", tmp_path / "old.song.json")
    assert r.exit_code == 0 and load_song(tmp_path / "old.song.json") == sample_song()


def test_format_option_beats_extension(song_file, tmp_path):
    out = tmp_path / "notes.txt"
    run(song_file, "-o", out, "--format", "md")
    assert out.read_text(encoding="utf-8").startswith("# Night Drive")


def test_clear_errors(song_file, tmp_path):
    r = run(song_file, "-o", tmp_path / "out.xyz")
    assert r.exit_code == 2 and "cannot tell the format" in r.output
    r = run(tmp_path / "missing.song.json")
    assert r.exit_code == 1 and "no such file" in r.output and "missing.song.json" in r.output
    bad = tmp_path / "bad.cho"
    bad.write_text("{title: x}\n[C oops\n", encoding="utf-8")
    r = run(bad)
    assert r.exit_code == 1 and "line 2" in r.output and "bad.cho" in r.output
    r = run(song_file, "--format", "pdf")
    assert r.exit_code == 2 and "pdf" in r.output
    r = run(song_file, "-o", song_file)
    assert r.exit_code == 2 and "the song itself" in r.output


def test_help_teaches(song_file):
    r = CliRunner().invoke(cli, ["export", "--help"])
    assert r.exit_code == 0
    for word in ("Examples", "--format", "-o", "chordpro", "md", "txt"):
        assert word in r.output


def test_an_existing_file_is_replaced_only_with_force(song_file, tmp_path):
    out = tmp_path / "night.txt"
    out.write_text("my own notes\n", encoding="utf-8")
    r = run(song_file, "-o", out)
    assert r.exit_code == 2 and "already exists" in r.output and "--force" in r.output
    assert out.read_text(encoding="utf-8") == "my own notes\n"
    r = run(song_file, "-o", out, "--force")
    assert r.exit_code == 0 and out.read_text(encoding="utf-8").startswith("Night Drive")
    assert str(out.resolve()) in r.output  # says where it wrote


def test_never_replaces_the_song_it_reads_even_with_force(tmp_path):
    src = tmp_path / "old.cho"
    original = "{title: Old}\n{c: my comment}\n[C]words\n"
    src.write_text(original, encoding="utf-8")
    link = tmp_path / "link.cho"
    link.symlink_to(src)
    for target in (src, link):
        r = run(src, "-o", target, "--force")
        assert r.exit_code == 2 and "the song itself" in r.output
    assert src.read_text(encoding="utf-8") == original
