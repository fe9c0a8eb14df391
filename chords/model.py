"""The chord model: a GPT-2-architecture LM trained from scratch on chord tokens.

    cfg = ChordModelConfig.preset("small", vocab_size=len(tok))
    model = build_model(cfg, tok)            # transformers GPT2LMHeadModel, SDPA attention
    lm = load_chord_lm("models/chords/default")  # model + tokenizer + allowed chords + metadata

A model folder holds `config.json` + `model.safetensors` (save_pretrained), `tokenizer.json`,
`chord_vocab.json` (every chord symbol the model may propose: the training chords in all keys)
and `lyrictui.json` (the training job's record). Imports torch/transformers; load lazily.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from chords.gpt2 import context_window, scratch_gpt2

CHORD_VOCAB_FILE = "chord_vocab.json"
META_FILE = "lyrictui.json"

# nanoGPT-style sizes. tiny: tests and a CPU minute; small: the shipped default (a few MB);
# gpt2: the 124M model melodyGPT trained (GPU).
PRESETS: dict[str, dict[str, Any]] = {
    "tiny": dict(n_layer=2, n_head=2, n_embd=64, block_size=128),
    "small": dict(n_layer=4, n_head=4, n_embd=128, block_size=256),
    "gpt2": dict(n_layer=12, n_head=12, n_embd=768, block_size=1024),
}


@dataclass
class ChordModelConfig:
    preset: str = "tiny"
    n_layer: int = 2  # transformer blocks
    n_head: int = 2  # attention heads per block
    n_embd: int = 64  # width of the residual stream
    block_size: int = 128  # context length in tokens (n_positions)
    dropout: float = 0.1  # on embeddings, attention and residual paths
    vocab_size: int = 0  # set from the tokenizer

    @classmethod
    def from_preset(cls, name: str, **overrides: Any) -> "ChordModelConfig":
        if name not in PRESETS:
            raise ValueError(f"unknown preset {name!r} (choose from {', '.join(PRESETS)})")
        values = {**PRESETS[name], **{k: v for k, v in overrides.items() if v is not None}}
        return cls(preset=name, **values)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "ChordModelConfig":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


def build_model(cfg: ChordModelConfig, tok):
    """A freshly initialised GPT2LMHeadModel sized by `cfg`, with the tokenizer's special ids."""
    return scratch_gpt2(
        vocab_size=cfg.vocab_size or len(tok), block_size=cfg.block_size, n_embd=cfg.n_embd, n_layer=cfg.n_layer,
        n_head=cfg.n_head, dropout=cfg.dropout, bos=tok.bos_token_id, eos=tok.eos_token_id,
        pad=tok.pad_token_id, attn="sdpa",
    )


@dataclass
class ChordLM:
    model: Any  # GPT2LMHeadModel, eval mode
    tokenizer: Any  # PreTrainedTokenizerFast
    chord_vocab: list[str]  # symbols generation may produce
    meta: dict  # lyrictui.json
    name: str = ""
    cache: dict = field(default_factory=dict, repr=False)  # derived tables (chords.next_chords), built once

    @property
    def block_size(self) -> int:
        return context_window(self.model.config)


def load_chord_lm(folder: str | Path, device: str = "cpu") -> ChordLM:
    """Load a chord model folder written by `lyrictui train chords`."""
    from transformers import GPT2LMHeadModel

    from chords.tokenizer import load_tokenizer

    folder = Path(folder)
    if not (folder / "config.json").is_file():
        raise FileNotFoundError(f"{folder} is not a chord model folder (no config.json)")
    model = GPT2LMHeadModel.from_pretrained(str(folder), attn_implementation="sdpa").to(device).eval()
    tok = load_tokenizer(folder)
    vocab = json.loads((folder / CHORD_VOCAB_FILE).read_text("utf-8"))
    try:
        meta = json.loads((folder / META_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        meta = {}
    return ChordLM(model, tok, vocab, meta, folder.name)
