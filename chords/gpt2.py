"""From-scratch GPT-2: the one place a fresh GPT2LMHeadModel is sized, and a model's context window is read.

    model = scratch_gpt2(vocab_size=len(tok), block_size=256, n_embd=128, n_layer=4, n_head=4,
                         dropout=0.1, bos=tok.bos_token_id, eos=tok.eos_token_id, pad=tok.pad_token_id)
    context_window(model.config)     # 256

It lives in `chords` because `chords` is the bottom layer (it imports nothing of ours): the chord
model, the lyric trainer (`training`) and the app (`lyrictui`) can all import it from here.
transformers is imported lazily, so importing `chords` stays instant.
"""

from __future__ import annotations

from typing import Any

DEFAULT_WINDOW = 1024  # GPT-2's own n_positions, for a config that names neither field


def context_window(config: Any, default: int = DEFAULT_WINDOW) -> int:
    """Tokens the model can attend to: `n_positions` (GPT-2) or `max_position_embeddings` (most others)."""
    return int(getattr(config, "n_positions", None) or getattr(config, "max_position_embeddings", None) or default)


def scratch_gpt2(*, vocab_size: int, block_size: int, n_embd: int, n_layer: int, n_head: int, dropout: float,
                 bos: int | None, eos: int | None, pad: int | None, attn: str | None = None):
    """A freshly initialised GPT2LMHeadModel; `attn` sets the attention implementation (e.g. "sdpa")."""
    from transformers import GPT2Config, GPT2LMHeadModel

    config = GPT2Config(
        vocab_size=vocab_size, n_positions=block_size, n_embd=n_embd, n_layer=n_layer, n_head=n_head,
        resid_pdrop=dropout, embd_pdrop=dropout, attn_pdrop=dropout,
        bos_token_id=bos, eos_token_id=eos, pad_token_id=pad,
    )
    if attn:
        config._attn_implementation = attn  # transformers reads this private field; no public setter before load
    return GPT2LMHeadModel(config)
