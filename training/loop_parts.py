"""Pieces of the training loop: autocast, optimizer groups and schedule, state, data order.

Split out of `training.loop` so the loop itself reads top to bottom. Device and precision
choice is `lyrictui.device` (shared with the engine).
"""

from __future__ import annotations

import contextlib
import functools
import math
import random
import signal
import sys
import threading
from typing import Any, Callable

import numpy as np
import torch

from training import ddp


def autocast_ctx(precision: str, device: torch.device):
    if precision == "fp32":
        return contextlib.nullcontext()
    dtype = torch.bfloat16 if precision == "bf16" else torch.float16
    return torch.autocast(device_type=device.type, dtype=dtype)


def param_groups(model: torch.nn.Module, weight_decay: float) -> list[dict]:
    """Decay weight matrices; never biases, norms (1-D) or embedding tables (by module type)."""
    embed_ids = {id(m.weight) for m in model.modules() if isinstance(m, torch.nn.Embedding)}
    decay, no_decay = [], []
    for _, p in model.named_parameters():
        if not p.requires_grad:
            continue
        (no_decay if p.ndim < 2 or id(p) in embed_ids else decay).append(p)
    groups = [{"params": decay, "weight_decay": weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
    return [g for g in groups if g["params"]]


def lr_lambda(cfg: Any, total_steps: int, clock: Callable[[], float] | None = None) -> Callable[[int], float]:
    """Multiplier of cfg.lr at optimizer step s: linear warmup, then cosine to min_lr_ratio.

    With a time cap (cfg.max_seconds) and a `clock` (training seconds so far), the cosine runs
    on whichever runs out first, steps or time: a run cut by its cap on a slow or busy machine
    still ends at the low learning rate instead of being stopped mid-schedule.
    """
    warm = max(0, min(cfg.warmup_steps, total_steps - 1))
    cap = float(getattr(cfg, "max_seconds", 0) or 0)

    def f(s: int) -> float:
        if s < warm:
            return (s + 1) / warm
        span = max(1, total_steps - warm)
        t = (s - warm) / span
        if cap > 0 and clock is not None:
            t = max(t, clock() / cap)
        t = min(1.0, t)
        return cfg.min_lr_ratio + (1 - cfg.min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * t))

    return f


def trainable_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    return {n: p.detach().to("cpu", copy=True) for n, p in model.named_parameters() if p.requires_grad}


def load_trainable(model: torch.nn.Module, state: dict[str, torch.Tensor]) -> None:
    params = dict(model.named_parameters())
    missing = [n for n in state if n not in params]
    if missing:
        raise ValueError(f"checkpoint does not match the model (e.g. {missing[0]})")
    with torch.no_grad():
        for n, t in state.items():
            params[n].copy_(t.to(params[n].device))


def rng_state() -> dict[str, Any]:
    return {
        "python": random.getstate(),
        "numpy": np.random.get_state(),
        "torch": torch.get_rng_state(),
        "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None,
    }


def set_rng_state(s: dict[str, Any]) -> None:
    random.setstate(s["python"])
    np.random.set_state(s["numpy"])
    torch.set_rng_state(s["torch"])
    if s.get("cuda") is not None and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(s["cuda"])


class StopFlag:
    """First SIGINT/SIGTERM asks to stop at the next step boundary; a second SIGINT aborts now."""

    def __init__(self, announce: bool):
        self.requested = False
        self.announce = announce
        self._old: dict[int, Any] = {}

    def _handle(self, signum, frame):  # noqa: ARG002
        if self.requested and signum == signal.SIGINT:
            raise KeyboardInterrupt
        self.requested = True
        if self.announce:
            print("\nStopping after this step to save a checkpoint (Ctrl-C again aborts without one)...",
                  file=sys.stderr, flush=True)

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._old[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc):
        for sig, old in self._old.items():
            signal.signal(sig, old)
        return False


@functools.lru_cache(maxsize=2)
def _epoch_perm(n: int, seed: int, epoch: int) -> np.ndarray:
    """The order of epoch `epoch` (cached: a permutation of a large corpus takes ~0.1 s)."""
    g = torch.Generator().manual_seed(seed * 1_000_003 + epoch)
    return torch.randperm(n, generator=g).numpy()


def micro_batch_rows(k: int, n: int, bs: int, d: ddp.Dist, seed: int) -> np.ndarray:
    """Rows of the k-th micro-batch (counted over the whole run) for this rank.

    Each epoch is a permutation seeded by (seed, epoch); an epoch has n // (bs * world)
    micro-batches (the ragged end is dropped), so the rows depend on k alone: that is the
    whole data-order state a checkpoint needs.
    """
    per_epoch = n // (bs * d.world)
    epoch, j = divmod(k, per_epoch)
    perm = _epoch_perm(n, seed, epoch)
    start = (j * d.world + d.rank) * bs
    return np.sort(perm[start : start + bs])  # sorted: memmap reads go forward


def save_quietly(model, tokenizer, folder) -> None:
    """save_pretrained without transformers' own "Writing model shards" bar between ours.

    Called once training (and any download, whose bar is wanted) is over.
    """
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    model.save_pretrained(folder)
    if tokenizer is not None:
        tokenizer.save_pretrained(folder)
