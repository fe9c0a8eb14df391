"""`lyrictui suggest` through click's CliRunner with a tiny real model."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from engine_fixtures import *  # noqa: F401,F403
from lyrictui.cli import cli


@pytest.mark.slow
def test_suggest_prompt_json(lined_gpt2_dir):
    r = CliRunner().invoke(cli, ["suggest", "--prompt", "Title: X\n[Verse]\nthe river knows my name\n", "--base",
                                 str(lined_gpt2_dir), "-n", "3", "--seed", "1", "--json"])
    assert r.exit_code == 0, r.output
    lines = json.loads(r.stdout)
    assert isinstance(lines, list) and 1 <= len(lines) <= 3 and all(isinstance(x, str) and "\n" not in x for x in lines)


def test_suggest_song_file_plain_lines_and_complete(lined_gpt2_dir, tmp_path):
    from lyrictui.song.io import save_song
    from lyrictui.song.model import Line, Section, Song

    path = tmp_path / "s.song.json"
    save_song(Song(title="Rain", sections=[Section("verse", lines=[Line("the river knows my name")])]), path)
    r = CliRunner().invoke(cli, ["suggest", str(path), "--base", str(lined_gpt2_dir), "-n", "2", "--seed", "2",
                                 "--complete", "under"])
    assert r.exit_code == 0, r.output
    out = [ln for ln in r.stdout.splitlines() if ln]
    assert out and all(ln.startswith("under") for ln in out)


def test_suggest_needs_song_or_prompt():
    r = CliRunner().invoke(cli, ["suggest"])
    assert r.exit_code != 0 and "SONG" in r.output


def test_suggest_missing_model_is_a_clean_error(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    r = CliRunner().invoke(cli, ["suggest", "--prompt", "x\n", "--base", "someone/absent"])
    assert r.exit_code == 1 and "someone/absent" in r.output and "Traceback" not in r.output
