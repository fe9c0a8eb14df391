"""Shared chord test helpers: a synthetic pop corpus and one tiny chord model trained for real."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

ROOTS = ["C", "C#", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"]
SUFFIXES = ["", "m", "7", "maj7", "m7", "sus4", "m7b5", "dim", "add9", "9", "6", "7#9", "5"]
POP = [["C", "G", "Am", "F"], ["Am", "F", "C", "G"], ["C", "Am", "F", "G7"], ["F", "G", "Em", "Am"],
       ["Dm7", "G7", "Cmaj7"], ["C", "F", "G", "C"], ["Am", "Dm", "E7", "Am"]]


def random_chord(rng: random.Random) -> str:
    c = rng.choice(ROOTS) + rng.choice(SUFFIXES)
    return c + (f"/{rng.choice(ROOTS)}" if rng.random() < 0.15 else "")


def pop_corpus(path: Path, n: int = 60, seed: int = 0) -> Path:
    """Songs made of common progressions in various keys: learnable in a few dozen steps."""
    from chords.keys import transpose_progression

    rng = random.Random(seed)
    lines = []
    for _ in range(n):
        shift = rng.randrange(12)
        verse = [c for _ in range(2) for c in rng.choice(POP)]
        chorus = [c for _ in range(2) for c in rng.choice(POP)]
        v, ch = transpose_progression(verse, shift, "C"), transpose_progression(chorus, shift, "C")
        lines.append("<verse> " + " ".join(v) + " <chorus> " + " ".join(ch))
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="session")
def trained(tmp_path_factory):
    """A tiny chord model trained by the real job on a synthetic pop corpus.

    Built once per test session (the folder is reused when another module imports this
    fixture): (model folder, lyrictui.json dict, job config, working folder).
    """
    import json

    from training.chords import ChordJobConfig, run_job
    from training.loop import TrainConfig

    root = tmp_path_factory.getbasetemp() / "chords-tiny-job"
    cfg = ChordJobConfig(data=str(root / "pop.txt"), name="tiny", preset="tiny", vocab_size=200, eval_positions=20,
                         threads=1, compare_gpt2=False,
                         train=TrainConfig(max_steps=40, eval_every=20, batch_size=8, lr=3e-3, warmup_steps=5,
                                           progress=False, device="cpu"))
    cfg.block_size = 64
    folder = root / "models" / "tiny"
    if not (folder / "lyrictui.json").is_file():
        root.mkdir(parents=True, exist_ok=True)
        pop_corpus(root / "pop.txt")
        run_job(cfg, root / "models", root / "run", log=lambda s: None)
    return folder, json.loads((folder / "lyrictui.json").read_text()), cfg, root
