"""Evaluation over packed blocks: mean next-token loss and perplexity = exp(loss).

    from training.evaluate import perplexity
    ppl = perplexity(model, val_blocks, batch_size=8)

`blocks` is anything indexable as (N, block_size) integer rows: a numpy memmap from
`training.blockfile`, a numpy array, a torch tensor or a list of lists. Every block is
full (packing makes them so), so the mean over blocks equals the mean over tokens.
Under torch.distributed each rank scores its share and the sums are all-reduced.
"""

from __future__ import annotations

import math
from typing import Any, Callable

import numpy as np
import torch

LossFn = Callable[[Any, torch.Tensor], torch.Tensor]


def name_causal_lm_loss(model: Any) -> None:
    """transformers 5 cannot map GPT2LMHeadModel's class name to a loss type and warns
    "loss_type=None ... unrecognized" at the first step; it is a causal LM, so say so."""
    for m in model.modules() if hasattr(model, "modules") else ():
        if getattr(m, "loss_type", "") is None:
            m.loss_type = "ForCausalLM"


def default_loss(model: Any, batch: torch.Tensor) -> torch.Tensor:
    """Mean next-token cross-entropy of a causal LM on `batch` (B, T).

    Hugging Face models take `labels=` and shift internally; a model returning raw
    logits (B, T, V) is shifted here, so any causal LM module works.
    """
    name_causal_lm_loss(model)  # a few hundred attribute reads: nothing beside a forward pass
    out = model(input_ids=batch, attention_mask=torch.ones_like(batch), labels=batch)  # packed: no padding
    loss = getattr(out, "loss", None)
    if loss is not None:
        return loss
    logits = out if isinstance(out, torch.Tensor) else out[0]  # (B, T, V)
    return torch.nn.functional.cross_entropy(
        logits[:, :-1].reshape(-1, logits.size(-1)).float(), batch[:, 1:].reshape(-1)
    )


def to_batch(blocks: Any, idx: np.ndarray | list[int], device: torch.device | str = "cpu") -> torch.Tensor:
    """Rows `idx` of `blocks` as an int64 tensor (B, T) on `device`."""
    if isinstance(blocks, torch.Tensor):
        t = blocks[torch.as_tensor(np.asarray(idx), dtype=torch.long)]
    else:
        arr = np.asarray(blocks[np.asarray(idx)] if not isinstance(blocks, list) else [blocks[i] for i in idx])
        t = torch.from_numpy(arr.astype(np.int64, copy=False))
    return t.to(device=device, dtype=torch.long)


@torch.no_grad()
def mean_loss(
    model: Any,
    blocks: Any,
    batch_size: int = 8,
    loss_fn: LossFn = default_loss,
    device: torch.device | str | None = None,
    max_blocks: int | None = None,
    autocast: Any = None,
) -> float:
    """Mean loss over the first `max_blocks` blocks (all by default); nan when there are none."""
    import contextlib

    import torch.distributed as dist

    if device is None:
        device = next(model.parameters()).device
    n = len(blocks) if max_blocks is None else min(len(blocks), max_blocks)
    rank, world = 0, 1
    if dist.is_available() and dist.is_initialized():
        rank, world = dist.get_rank(), dist.get_world_size()
    mine = np.arange(rank, n, world)
    was_training = model.training
    model.eval()
    total = torch.zeros(2, dtype=torch.float64, device=device)  # [sum of losses * B, blocks]
    try:
        for s in range(0, len(mine), batch_size):
            idx = mine[s : s + batch_size]
            batch = to_batch(blocks, idx, device)
            with autocast if autocast is not None else contextlib.nullcontext():
                loss = loss_fn(model, batch)
            total[0] += float(loss) * len(idx)
            total[1] += len(idx)
    finally:
        model.train(was_training)
    if world > 1:
        dist.all_reduce(total)
    return float(total[0] / total[1]) if total[1] > 0 else float("nan")


def perplexity(model: Any, blocks: Any, batch_size: int = 8, **kw: Any) -> float:
    """exp(mean loss); inf if the loss overflows, nan when there are no blocks."""
    loss = mean_loss(model, blocks, batch_size=batch_size, **kw)
    try:
        return math.exp(loss)
    except OverflowError:
        return float("inf")
