"""The chord tokenizer, a tiny chord model trained for real, constrained generation, resume, CLI, provider."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from chords.theory import is_valid, parse_chord
from tests.chords_fixtures import pop_corpus, random_chord, trained  # noqa: F401  (fixture)


def test_tokenizer_never_spans_two_chords(tmp_path):
    from transformers import PreTrainedTokenizerFast

    from chords.tokenizer import SPACE, decode_chords, encode_song, group_chords, train_tokenizer

    rng = random.Random(1)
    songs = [["<verse>"] + [random_chord(rng) for _ in range(rng.randrange(4, 30))] for _ in range(300)]
    tok = train_tokenizer(songs, vocab_size=300)
    tok.save_pretrained(tmp_path)
    tok = PreTrainedTokenizerFast.from_pretrained(str(tmp_path))  # tokenizer.json round-trips
    for piece in tok.convert_ids_to_tokens(list(range(len(tok)))):
        assert " " not in piece and SPACE not in piece[1:]  # at most one chord start, at the front
    for _ in range(200):
        song = ["<chorus>"] + [random_chord(rng) for _ in range(rng.randrange(1, 20))] + ["|", "C", "G"]
        ids = encode_song(tok, song)
        chords = [t for t in song if t not in ("<chorus>", "|")]
        assert decode_chords(tok, ids) == chords
        runs = [r for r in group_chords(tok, ids) if r[0] not in tok.all_special_ids]
        assert len(runs) == len(chords)
        assert tok.unk_token_id not in ids


def test_job_writes_a_complete_artifact(trained):
    folder, meta, _, _ = trained
    for f in ("config.json", "model.safetensors", "tokenizer.json", "chord_vocab.json", "lyrictui.json",
              "loss.csv", "loss.png", "README.md"):
        assert (folder / f).is_file(), f
    saved = json.loads((folder / "lyrictui.json").read_text())
    assert saved["type"] == "chords-model"
    assert saved["config"]["preset"] == "tiny" and saved["model_config"]["n_layer"] == 2
    m = saved["metrics"]
    assert m["val_loss"] < m["initial_val_loss"] - 0.5  # it learned
    for k in ("val_ppl", "top1", "top5", "tokens_per_s"):
        assert k in m
    assert 0 <= m["top1"] <= m["top5"] <= 1
    assert saved["data"]["songs"] == 60 and len(saved["data"]["hash"]) == 16
    assert not any(p.name.startswith(".lyrictui-tmp") for p in folder.parent.iterdir())


def test_generation_yields_only_valid_chords(trained):
    from chords.generate import ChordSampling, propose
    from chords.keys import in_key
    from chords.model import load_chord_lm

    lm = load_chord_lm(trained[0])
    cases = [(["D", "A", "Bm", "F#m"], None), ([], "Eb"), (["Am", "F"], None), (["<verse>", "G", "G7"], "G"),
             (["Xyz", "C:maj", "H7"], "Em")]
    total = in_k = 0
    for i, (ctx, key) in enumerate(cases):
        for length in (1, 4, 8):
            props = propose(lm, ctx, n=4, length=length, key=key, section="chorus",
                            sampling=ChordSampling(temperature=1.5, top_k=0, seed=i))
            assert props
            for p in props:
                assert len(p) == length
                assert all(is_valid(c) for c in p), p
                assert all(a != b for a, b in zip(p, p[1:])), p  # never the same chord twice running
                total += len(p)
                in_k += sum(in_key(c, key or "C") for c in p)
    assert total > 0


def test_proposals_follow_the_key(trained):
    """Same seed, same progression a whole tone apart: the same proposals a whole tone apart, spelled for the key."""
    from chords.generate import ChordSampling, propose
    from chords.model import load_chord_lm
    from chords.keys import transpose_progression

    lm = load_chord_lm(trained[0])
    in_c = propose(lm, ["C", "G", "Am", "F"], n=4, length=4, sampling=ChordSampling(seed=3))
    in_bb = propose(lm, ["Bb", "F", "Gm", "Eb"], n=4, length=4, sampling=ChordSampling(seed=3))
    assert in_bb == [transpose_progression(p, -2, key="C") for p in in_c]
    assert not any("#" in c for p in in_bb for c in p)  # a flat key is spelled with flats
    in_em = propose(lm, [], key="Em", section="chorus", n=3, length=4, sampling=ChordSampling(seed=5))
    in_am = propose(lm, [], key="Am", section="chorus", n=3, length=4, sampling=ChordSampling(seed=5))
    assert in_em == [transpose_progression(p, 7, key="Am") for p in in_am]


def test_cancelled_generation_stops(trained):
    from chords.generate import propose
    from chords.model import load_chord_lm

    lm = load_chord_lm(trained[0])
    assert propose(lm, ["C"], n=2, length=8, cancelled=lambda: True) == []


def test_scoring_and_markov(trained):
    from chords.corpus import read_corpus
    from chords.markov import BigramModel
    from chords.model import load_chord_lm
    from chords.scoring import chord_nll, markov_scores, next_chord_accuracy

    lm = load_chord_lm(trained[0])
    songs = [s.tokens for s in read_corpus(trained[3] / "pop.txt").songs[:5]]
    nll = chord_nll(lm, songs)
    assert nll["chords"] == sum(len([t for t in s if not t.startswith("<")]) for s in songs)
    acc = next_chord_accuracy(lm, songs, k=5, max_positions=20)
    assert acc["positions"] == 20 and acc["top1"] <= acc["top5"]
    mk = BigramModel.fit(songs)
    ms = markov_scores(mk, songs)
    assert ms["ppl"] > 1 and 0 <= ms["top1"] <= ms["top5"] <= 1
    assert mk.sample("C", 8, random.Random(0))[0] != "C"


@pytest.mark.slow
def test_resume_after_a_crash_matches_the_uninterrupted_run(trained, tmp_path):
    from training.chords import run_job

    _, meta, cfg, _ = trained

    def crash(ev):
        if ev["kind"] == "step" and ev["step"] == 25:
            raise RuntimeError("simulated crash")

    with pytest.raises(RuntimeError):
        run_job(cfg, tmp_path / "models", tmp_path / "run", log=lambda s: None, on_event=crash)
    assert not (tmp_path / "models" / "tiny").exists()  # nothing half-written
    resumed = run_job(cfg, tmp_path / "models", tmp_path / "run", resume=True, log=lambda s: None)
    assert resumed["metrics"]["steps"] == 40
    assert resumed["metrics"]["val_loss"] == pytest.approx(meta["metrics"]["val_loss"], abs=1e-4)


def test_cli_chords_json(trained, models_dir):
    from click.testing import CliRunner

    from lyrictui.cli import cli

    shutil.copytree(trained[0], models_dir / "chords" / "default")
    r = CliRunner().invoke(cli, ["chords", "D A Bm F#m", "-n", "3", "--length", "5", "--json", "--seed", "1"])
    assert r.exit_code == 0, r.output
    props = json.loads(r.stdout)
    assert 1 <= len(props) <= 3 and all(len(p) == 5 and all(is_valid(c) for c in p) for p in props)
    r = CliRunner().invoke(cli, ["chords", "--key", "Eb", "--section", "chorus", "--model", "default"])
    assert r.exit_code == 0 and len(r.stdout.strip().splitlines()) >= 1
    r = CliRunner().invoke(cli, ["chords", "D Q7x"])
    assert r.exit_code != 0 and "not chord symbols" in r.output
    r = CliRunner().invoke(cli, ["chords", "C", "--model", "nope"])
    assert r.exit_code != 0 and "train one" in r.output


def test_provider_proposes_in_the_song_key(trained, models_dir):
    from lyrictui.chord_provider import default_progression_provider, song_context
    from lyrictui.providers import ProgressionProvider, ProgressionRequest
    from lyrictui.song.model import ChordPlacement, Line, Section, Song

    shutil.copytree(trained[0], models_dir / "chords" / "default")
    song = Song(key="E", sections=[
        Section("verse", lines=[Line("hello there", [ChordPlacement("E", 0), ChordPlacement("B", 6)]),
                                Line("and more", [ChordPlacement("C#m", 0), ChordPlacement("A", 4)])]),
        Section("chorus", lines=[Line("")]),
    ])
    assert song_context(song, 1, 0) == ["<verse>", "E", "B", "C#m", "A", "<chorus>"]
    p = default_progression_provider()
    assert isinstance(p, ProgressionProvider)
    props = p.propose(ProgressionRequest(song, 1, 0, n=3, length=4))
    assert props and all(len(x) == 4 and all(is_valid(c) for c in x) for x in props)
    assert not any("b" in parse_chord(c).root for x in props for c in x)  # E major charts use no flats
    assert p.propose(ProgressionRequest(song, 1, 0), cancelled=lambda: True) == []


@pytest.mark.slow
def test_cli_train_chords_tiny(tmp_path, models_dir):
    from click.testing import CliRunner

    from lyrictui.cli import cli

    data = pop_corpus(tmp_path / "mine.txt", n=20)
    r = CliRunner().invoke(cli, ["train", "chords", "--data", str(data), "--preset", "tiny", "--max-steps", "6",
                                 "--eval-every", "3", "--eval-positions", "10", "--run-dir", str(tmp_path / "run"),
                                 "--no-progress"])
    assert r.exit_code == 0, r.output
    meta = json.loads((models_dir / "chords" / "mine" / "lyrictui.json").read_text())
    assert meta["type"] == "chords-model" and meta["metrics"]["steps"] == 6
    r = CliRunner().invoke(cli, ["train", "chords", "--data", str(data), "--tokenizer-only"])
    assert r.exit_code == 0 and "GPT-2" in r.stdout and "single-token" in r.stdout
