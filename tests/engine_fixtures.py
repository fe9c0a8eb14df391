"""Fixtures for the engine tests: a tiny GPT-2 taught to end lines, and a real LoRA adapter on it.

Import them into a test module with `from engine_fixtures import *  # noqa: F401,F403`.
Both are trained here for a few seconds on made-up lines (no data files, no network).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

LINES = [
    "the river knows my name",
    "and the wind keeps calling me home",
    "i walked the road alone tonight",
    "under silver skies we sang",
    "hold the light and let it go",
    "my heart is a harbour town",
    "every morning brings the rain",
    "we were young and the night was long",
]


# Each test module that star-imports these gets its own copy of the fixture functions, so
# pytest's session scope alone would train once per module: cache the trained folders here.
_BUILT: dict = {}


def _corpus() -> str:
    out = []
    for i in range(6):
        out.append(f"Title: Song {i}\n[Verse]\n" + "".join(LINES[(i + j) % len(LINES)] + "\n" for j in range(6)))
    return "".join(out)


def _train(model, tok, steps: int, lr: float, params=None) -> None:
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny matmuls: one thread is faster, and fair to a shared CPU
    ids = torch.tensor([tok.encode(_corpus())])
    block = 48
    chunks = [ids[:, i : i + block] for i in range(0, ids.shape[1] - block, block // 2)]
    opt = torch.optim.AdamW(params if params is not None else model.parameters(), lr=lr)
    model.train()
    for step in range(steps):
        x = chunks[step % len(chunks)]
        loss = model(input_ids=x, labels=x).loss
        loss.backward()
        opt.step()
        opt.zero_grad()
    model.eval()
    torch.set_num_threads(threads)


@pytest.fixture(scope="session")
def lined_gpt2_dir(tmp_path_factory, gpt2_tok) -> Path:
    """A 2-layer GPT-2 trained 60 steps on short lyric lines: it ends lines with a newline."""
    if "lined" in _BUILT:
        return _BUILT["lined"]
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(0)
    cfg = GPT2Config(n_layer=2, n_head=2, n_embd=64, n_positions=256, vocab_size=len(gpt2_tok))
    model = GPT2LMHeadModel(cfg)
    _train(model, gpt2_tok, steps=60, lr=3e-3)
    d = tmp_path_factory.mktemp("lined-gpt2")
    model.save_pretrained(d)
    gpt2_tok.save_pretrained(d)
    _BUILT["lined"] = d
    return d


@pytest.fixture(scope="session")
def lora_dir(tmp_path_factory, lined_gpt2_dir, gpt2_tok) -> Path:
    """A real peft LoRA adapter (c_attn, fan_in_fan_out) trained a few steps and saved with lyrictui.json."""
    if "lora" in _BUILT:
        return _BUILT["lora"]
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(1)
    base = AutoModelForCausalLM.from_pretrained(lined_gpt2_dir)
    cfg = LoraConfig(r=4, lora_alpha=8, target_modules=["c_attn"], fan_in_fan_out=True, lora_dropout=0.0, task_type="CAUSAL_LM")
    model = get_peft_model(base, cfg)
    _train(model, gpt2_tok, steps=8, lr=1e-2, params=[p for p in model.parameters() if p.requires_grad])
    d = tmp_path_factory.mktemp("adapter") / "demo"
    model.save_pretrained(d)
    (d / "lyrictui.json").write_text(json.dumps({"type": "lyrics-adapter", "base": str(lined_gpt2_dir), "metrics": {"val_ppl": 12.5}}))
    _BUILT["lora"] = d
    return d


@pytest.fixture
def store_with_models(models_dir, lined_gpt2_dir, lora_dir) -> Path:
    """A model store holding a bundled-style 'verse' model and the 'demo' adapter."""
    import shutil

    verse = models_dir / "lyrics" / "verse"
    shutil.copytree(lined_gpt2_dir, verse)
    (verse / "lyrictui.json").write_text(json.dumps({"type": "lyrics-model", "metrics": {"val_ppl": 40.0}}))
    shutil.copytree(lora_dir, models_dir / "lyrics" / "demo")
    return models_dir


@pytest.fixture(scope="session")
def lined_lm(lined_gpt2_dir):
    from lyrictui.engine.load import load_lm

    if "lm" not in _BUILT:
        _BUILT["lm"] = load_lm(lined_gpt2_dir, dtype="fp32")
    return _BUILT["lm"]


__all__ = ["lined_gpt2_dir", "lora_dir", "store_with_models", "lined_lm", "LINES"]
