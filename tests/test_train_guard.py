"""Training on garbage never replaces a good model: binary files skipped, chordless data refused,
a clearly worse result saved as NAME-candidate unless confirmed (--force)."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from lyrictui.cli import cli
from tests.chords_fixtures import pop_corpus
from training.guard import clearly_worse, destination


def _train_chords(data, tmp_path, *extra):
    return CliRunner().invoke(cli, ["train", "chords", "--data", str(data), "--preset", "tiny", "--max-steps", "6",
                                    "--eval-every", "3", "--eval-positions", "10", "--run-dir", str(tmp_path / "run"),
                                    "--no-progress", "--name", "mine", *extra])


def test_random_binary_files_are_skipped_and_refused(tmp_path, models_dir):
    data = tmp_path / "garbage"
    data.mkdir()
    for i in range(20):
        (data / f"f{i}.txt").write_bytes(os.urandom(20000))
    r = _train_chords(data, tmp_path)
    assert r.exit_code != 0 and "binary files (not text)" in r.output and "too few real chords" in r.output
    assert not (models_dir / "chords" / "mine").exists() and "Traceback" not in r.output


def test_prose_is_not_a_chord_corpus(tmp_path, models_dir):
    p = tmp_path / "novel.txt"
    p.write_text("A man went to the shop. Every day he saw a bird and a cat.\n" * 400)
    r = _train_chords(p, tmp_path)
    assert r.exit_code != 0 and "too few real chords" in r.output


def test_lyrics_training_skips_binary_files(tmp_path):
    from training.lyrics_data import NOT_TEXT, IngestReport, read_songs

    (tmp_path / "song.txt").write_text("the river knows my name\nand the wind keeps calling me home\n" * 2)
    (tmp_path / "noise.txt").write_bytes(os.urandom(5000))
    rep = IngestReport()
    assert len(list(read_songs(tmp_path, rep))) == 1 and rep.skipped[NOT_TEXT] == 1


def test_clearly_worse_rules():
    assert clearly_worse({"top1": 0.4}, {"top1": 0.0}).startswith("top1 0")
    assert clearly_worse({"top1": 0.4}, {"top1": 0.3}) is None
    assert clearly_worse({"val_ppl": 20.0}, {"val_ppl": 55.0}).startswith("val_ppl 55")
    assert clearly_worse({"val_ppl": 20.0}, {"val_ppl": float("nan")}) is None


def test_destination_asks_before_a_worse_model_replaces_a_good_one(tmp_path):
    good = tmp_path / "mine"
    good.mkdir()
    (good / "lyrictui.json").write_text(json.dumps({"metrics": {"top1": 0.45}}))
    asked = []
    assert destination(tmp_path, "mine", {"top1": 0.0}, None, asked.append).name == "mine-candidate"
    assert "clearly worse" in asked[0] and "--force" in asked[0]
    assert destination(tmp_path, "mine", {"top1": 0.0}, lambda m: True, print) == good
    assert destination(tmp_path, "mine", {"top1": 0.5}, None, print) == good  # better: no question
    assert destination(tmp_path, "new", {"top1": 0.0}, None, print) == tmp_path / "new"  # nothing to replace


@pytest.mark.slow
def test_cli_keeps_the_good_model_unless_forced(tmp_path, models_dir):
    data = pop_corpus(tmp_path / "pop.txt", n=20)
    good = models_dir / "chords" / "mine"
    good.mkdir()
    (good / "lyrictui.json").write_text(json.dumps({"type": "chords-model", "metrics": {"top1": 0.99}}))
    r = _train_chords(data, tmp_path)
    assert r.exit_code == 0, r.output
    assert "clearly worse" in r.output and (models_dir / "chords" / "mine-candidate" / "config.json").is_file()
    assert json.loads((good / "lyrictui.json").read_text())["metrics"]["top1"] == 0.99  # untouched
    r = _train_chords(data, tmp_path, "--force")
    assert r.exit_code == 0 and "Replacing it (--force)" in r.output
    assert json.loads((good / "lyrictui.json").read_text())["metrics"]["top1"] < 0.99
