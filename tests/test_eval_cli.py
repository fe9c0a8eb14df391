"""`lyrictui eval` and `lyrictui analyze` through click's CliRunner, on data written here."""

from __future__ import annotations

import csv
import json
import random

import pytest

from click.testing import CliRunner

from lyrictui.cli import cli

WORDS = "night light road home rain again heart apart fire desire sea free day away".split()


def _write_csv(path, n=24, seed=0):
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["artist", "song", "link", "text"])
        for k in range(n):
            stanzas = []
            for _ in range(2):
                stanzas.append("  \n".join(f"we {rng.choice(['walk', 'run', 'sing'])} into the {rng.choice(WORDS)}" for _ in range(4)))
            w.writerow(["Test Band", f"Song {k}", f"/t/{k}", "  \n  \n".join(stanzas)])


def test_eval_ngram_table_json_png(tmp_path, models_dir):
    data = tmp_path / "songs.csv"
    _write_csv(data)
    out_json, out_png = tmp_path / "e.json", tmp_path / "e.png"
    r = CliRunner().invoke(
        cli, ["eval", "--data", str(data), "--model", "ngram", "--n-songs", "3", "--lines-per-song", "4",
              "--heldout", "0.25", "--json", str(out_json), "--png", str(out_png)]
    )
    assert r.exit_code == 0, r.output
    assert "bits/char" in r.output and "ngram" in r.output and "held-out lyrics" in r.output
    res = json.loads(out_json.read_text())
    assert res["train_songs"] == 18 and res["heldout_songs"] == 3 and res["positions"] == 12
    ng = next(row for row in res["rows"] if row["model"] == "ngram")
    assert 0 < ng["bpc"] < 8 and ng["lines"] == 12 and 0 <= ng["copied"] <= 1
    assert out_png.read_bytes()[:4] == b"\x89PNG"


def test_eval_default_models_and_missing_adapter(tmp_path, models_dir):
    data = tmp_path / "songs.csv"
    _write_csv(data, n=10)
    r = CliRunner().invoke(cli, ["eval", "--data", str(data), "--n-songs", "1", "--adapter", "nope"])
    assert r.exit_code == 0, r.output
    assert "ngram" in r.output
    assert "no lyric model named 'nope'" in r.output  # reported in the table's errors, not a crash


def test_eval_help_teaches():
    r = CliRunner().invoke(cli, ["eval", "--help"])
    assert r.exit_code == 0 and "Examples" in r.output and "songdata.csv" in r.output


def test_analyze_song(tmp_path):
    song = tmp_path / "harbour.txt"
    song.write_text(
        "Title: Harbour\n\n[Verse]\nthe harbour lights are burning low\nthe tide is rolling in\n"
        "i walk the pier the way we used to\nand wonder where you've been\n\n"
        "[Chorus]\nhold on tonight\nhold on to the light\n",
        encoding="utf-8",
    )
    r = CliRunner().invoke(cli, ["analyze", str(song)])
    assert r.exit_code == 0, r.output
    assert "]  scheme ABCB" in r.output
    assert "[Chorus]  scheme AA" in r.output
    assert "   6 B  the tide is rolling in" in r.output
    r = CliRunner().invoke(cli, ["analyze", str(song), "--json"])
    a = json.loads(r.output)
    assert a["sections"][0]["lines"][1] == {"text": "the tide is rolling in", "syllables": 6, "rhyme": "B"}
    assert [s["scheme"] for s in a["sections"]] == ["ABCB", "AA"]


@pytest.mark.slow
def test_eval_neural_model_from_store(tmp_path, models_dir, tiny_gpt2_dir):
    import shutil

    dest = models_dir / "lyrics" / "tiny"
    shutil.copytree(tiny_gpt2_dir, dest)
    (dest / "lyrictui.json").write_text(json.dumps({"type": "lyrics-model", "metrics": {}}))
    data = tmp_path / "songs.csv"
    _write_csv(data, n=8)
    out_json = tmp_path / "e.json"
    r = CliRunner().invoke(cli, ["eval", "--data", str(data), "--n-songs", "1", "--lines-per-song", "2", "--json", str(out_json)])
    assert r.exit_code == 0, r.output
    rows = {row["model"]: row for row in json.loads(out_json.read_text())["rows"]}
    assert set(rows) == {"held-out lyrics", "ngram", "tiny"}, rows
    tiny = rows["tiny"]
    assert "error" not in tiny, tiny
    # a random 2-layer GPT-2 is near-uniform over 50k tokens: ~15.6 bits per token
    assert 2 < tiny["bpc"] < 10 and tiny["ppl_unit"] == "token" and tiny["lines"] == 2
