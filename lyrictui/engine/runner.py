"""Runners: a model plus its KV cache, driven token by token by `generate.py`.

A runner keeps the cache of the last prompt it saw (one row). `prefill(ids)` finds the
longest common token prefix with that prompt, drops the rest of the cache and runs only
the new tokens, so the next suggestion after one more line costs about that line.
`begin(k)` then starts K decode rows that all share the prompt cache (one prefill for
all candidates), and `step(tokens)` advances every row by one token.

Two implementations: `HFRunner` here (any transformers causal LM, peft adapters
unmerged, a DynamicCache copied to K rows), and `fastgpt2.GPT2Runner` (GPT-2 architecture
only: fused lean forward, prefix stored once and shared by the K rows, static buffers,
int8/bf16 weights), the default for GPT-2 models.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import torch

from chords.gpt2 import context_window


def common_prefix(a: list[int], b: list[int]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


@dataclass
class PrefillStats:
    reused: int = 0  # prompt tokens whose cache was kept from the previous request
    computed: int = 0  # prompt tokens run through the model this time


class Runner:
    """The interface generate.py drives. Not thread-safe: the LM's lock serialises requests."""

    n_positions: int = 1024  # the model's window (prompt + generated tokens)
    prefix_reuse: bool = True
    last_stats: PrefillStats = PrefillStats()

    def prefill(self, ids: list[int]) -> torch.Tensor:
        """Run the prompt (reusing the cached prefix); return the last position's logits, shape (V,)."""
        raise NotImplementedError

    def begin(self, k: int, max_new_tokens: int) -> None:
        """Start k decode rows from the current prompt cache."""
        raise NotImplementedError

    def step(self, tokens: torch.Tensor) -> torch.Tensor:
        """tokens (k,) long -> next-token logits (k, V), a fresh tensor the caller may change in place."""
        raise NotImplementedError

    def reset(self) -> None:
        """Forget the cached prompt."""

    def _reuse_len(self, old: list[int], ids: list[int]) -> int:
        if not self.prefix_reuse or not old:
            return 0
        # Keep at least one token to run: its output gives the logits of the next token.
        return min(common_prefix(old, ids), len(ids) - 1)


class HFRunner(Runner):
    """Any transformers causal LM (also a peft model with its adapter unmerged)."""

    def __init__(self, model, device: torch.device, prefix_reuse: bool = True):
        self.model = model
        self.device = device
        self.prefix_reuse = prefix_reuse
        self.n_positions = context_window(model.config)
        self._ids: list[int] = []
        self._cache = None  # the prompt's cache, one row
        self._decode = None  # the K-row cache being extended by step()
        self.last_stats = PrefillStats()

    def reset(self) -> None:
        self._ids, self._cache, self._decode = [], None, None

    def _forward(self, ids: torch.Tensor, cache, last_only: bool):
        kw = dict(input_ids=ids, past_key_values=cache, use_cache=True)
        if last_only:
            try:  # only the last position's logits: skips a (T, V) matmul in the prefill
                return self.model(**kw, logits_to_keep=1)
            except TypeError:
                pass
        return self.model(**kw)

    @torch.inference_mode()
    def prefill(self, ids: list[int]) -> torch.Tensor:
        from transformers import DynamicCache

        keep = self._reuse_len(self._ids, ids) if self._cache is not None else 0
        if keep == 0:
            cache = DynamicCache()
        else:
            cache = self._cache
            extra = cache.get_seq_length() - keep
            if extra > 0:
                cache.crop(-extra)  # transformers 5: a negative count removes that many tokens
        x = torch.tensor([ids[keep:]], dtype=torch.long, device=self.device)
        out = self._forward(x, cache, last_only=True)
        self._cache, self._ids = out.past_key_values, list(ids)
        self.last_stats = PrefillStats(reused=keep, computed=len(ids) - keep)
        return out.logits[0, -1].float()

    def begin(self, k: int, max_new_tokens: int) -> None:
        # A deep copy keeps the one-row prompt cache intact for the next request's reuse.
        dec = copy.deepcopy(self._cache)
        dec.batch_repeat_interleave(k)
        self._decode = dec

    @torch.inference_mode()
    def step(self, tokens: torch.Tensor) -> torch.Tensor:
        out = self._forward(tokens.view(-1, 1).to(self.device), self._decode, last_only=False)
        self._decode = out.past_key_values
        return out.logits[:, -1].float()
