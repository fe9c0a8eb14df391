"""The batched logits processors of the hand-written decode loop (settings: `engine.settings`).

`SamplingSettings` (lyrictui/engine/settings.py, torch-free so the UI and CLI import it at once)
is saved in the user config (under "sampling") and sent with every request.
The processors work on a (K, V) tensor of next-token logits, one row per candidate, and
only touch the top_k best tokens per row after the penalties, so a step costs O(K*V) once
plus O(K*top_k): nothing sorts the whole vocabulary unless top_k is 0.
"""

from __future__ import annotations

import torch

from lyrictui.engine.settings import SamplingSettings  # noqa: F401 - re-exported: the engine's settings


def make_generator(seed: int | None, device: torch.device | str = "cpu") -> torch.Generator:
    g = torch.Generator(device=device)
    if seed is None:
        g.seed()
    else:
        g.manual_seed(int(seed))
    return g


def apply_repetition_penalty(logits: torch.Tensor, seen: torch.Tensor, penalty: float, inplace: bool = False) -> torch.Tensor:
    """logits (K, V); seen (K, M) long: ids already present in each row (repeats allowed, used as padding).

    Same rule as transformers' (divide a positive logit, multiply a negative one, once per
    distinct token), but it touches only the M seen ids instead of all V: a gather and a
    scatter (`inplace`: into `logits` itself, saving a copy of the (K, V) tensor each step).
    """
    if penalty == 1.0 or seen.numel() == 0:
        return logits
    picked = logits.gather(1, seen)  # every copy of a repeated id reads the original value
    picked = torch.where(picked > 0, picked / penalty, picked * penalty)
    return logits.scatter_(1, seen, picked) if inplace else logits.scatter(1, seen, picked)


class SeenIds:
    """The (K, M) `seen` index of a decode, kept as one preallocated tensor and grown a column
    per step (the prompt's distinct ids, then each row's sampled tokens; repeats are harmless),
    instead of rebuilt from Python lists at every step."""

    def __init__(self, prompt_ids: list[int], k: int, max_new: int, device=None):
        base = list(dict.fromkeys(prompt_ids))
        self._buf = torch.empty((k, len(base) + max_new), dtype=torch.long, device=device)
        if base:
            self._buf[:, : len(base)] = torch.tensor(base, dtype=torch.long, device=device)
        self.width = len(base)

    def add(self, tokens: torch.Tensor) -> None:
        """tokens (K,): each row's new token (a finished row's is never used again)."""
        self._buf[:, self.width] = tokens
        self.width += 1

    @property
    def index(self) -> torch.Tensor:
        return self._buf[:, : self.width]


def banned_ngram_tokens(row: list[int], n: int) -> set[int]:
    """Tokens that would complete an n-gram already present in `row` (the candidate's own tokens)."""
    if n <= 0 or len(row) < n:
        return set()
    tail = tuple(row[len(row) - n + 1 :])
    return {row[i + n - 1] for i in range(len(row) - n + 1) if tuple(row[i : i + n - 1]) == tail}


def sample_next(logits: torch.Tensor, s: SamplingSettings, gen: torch.Generator) -> torch.Tensor:
    """Pick one token per row from (K, V) float logits (penalties already applied) -> (K,) long."""
    logits = logits.float()
    if s.temperature <= 0:
        return logits.argmax(-1)
    # temperature keeps the order, so it scales only the kept values, not all V
    if s.top_k > 0:
        vals, idx = torch.topk(logits, min(s.top_k, logits.shape[-1]), dim=-1)  # (K, k), sorted
    else:
        vals, idx = torch.sort(logits, dim=-1, descending=True)
    vals = vals / s.temperature
    probs = torch.softmax(vals, dim=-1)
    if s.top_p < 1.0:
        # Drop a token once the mass before it already reaches top_p; the best token always stays.
        before = torch.cumsum(probs, dim=-1) - probs
        probs = probs.masked_fill(before >= s.top_p, 0.0)
    choice = torch.multinomial(probs, 1, generator=gen)  # (K, 1) index into the kept set
    return idx.gather(-1, choice).squeeze(-1)
