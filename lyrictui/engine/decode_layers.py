"""The transformer layers of one GPT-2 decode step, written once per weight kind and compiled
with TorchScript.

Why TorchScript: at 4 rows a CPU decode step reads ~124 MB of int8 weights (~8 ms at this
machine's ~15 GB/s), and the rest is per-op cost. From Python each of the ~15 ops of a layer
costs ~10 us of interpreter and dispatch before any arithmetic; the TorchScript interpreter
runs the same ops for a fraction of that (measured: 48 x (layer_norm, int8 linear, add)
took 3.0 ms from Python, 1.2 ms scripted). Same ops, same order, same arithmetic.

Layout (see fastgpt2.GPT2Runner.begin): per layer i, `kv[i]` is the (2, H, cap, D) key/value
buffer the step writes row r's new key/value into at slot widx[r]; `keys_t[i]` (H, D, T) and
`vals[i]` (H, T, D) are views of its first T slots (prompt, then every row's own slots);
`mask` (K, T) is 0 where a row may attend and -inf elsewhere. `reduce_range` is what
torch.ao's dynamic Linear passes its kernel (unused by the float version, kept so both share
one call).
If scripting fails (a torch without TorchScript), the same functions run as Python.
"""

from __future__ import annotations

import warnings
from typing import List

import torch
import torch.nn.functional as F


def layers_int8(
    h: torch.Tensor,
    ln: List[torch.Tensor],
    packed: List[torch.classes.quantized.LinearPackedParamsBase],
    kv: List[torch.Tensor],
    keys_t: List[torch.Tensor],
    vals: List[torch.Tensor],
    widx: torch.Tensor,
    mask: torch.Tensor,
    eps: float,
    scale: float,
    n_head: int,
    approximate: str,
    reduce_range: bool,
) -> torch.Tensor:
    """h (K, C) fp32 -> (K, C) after every layer; weights: torch.ao dynamic int8 (4 per layer)."""
    K, C = h.size(0), h.size(1)
    D = C // n_head
    for i in range(len(kv)):
        x = F.layer_norm(h, [C], ln[4 * i], ln[4 * i + 1], eps)
        x = torch.ops.quantized.linear_dynamic(x, packed[4 * i], reduce_range).view(K, 3, n_head, D)
        kv[i].index_copy_(2, widx, x[:, 1:].permute(1, 2, 0, 3))  # (2, H, K, D) into each row's slot
        att = torch.softmax(torch.baddbmm(mask, x[:, 0].transpose(0, 1), keys_t[i], beta=1.0, alpha=scale), -1)
        o = torch.bmm(att, vals[i]).transpose(0, 1).reshape(K, C)
        h = h + torch.ops.quantized.linear_dynamic(o, packed[4 * i + 1], reduce_range)
        x = F.layer_norm(h, [C], ln[4 * i + 2], ln[4 * i + 3], eps)
        x = F.gelu(torch.ops.quantized.linear_dynamic(x, packed[4 * i + 2], reduce_range), approximate=approximate)
        h = h + torch.ops.quantized.linear_dynamic(x, packed[4 * i + 3], reduce_range)
    return h


def layers_float(
    h: torch.Tensor,
    ln: List[torch.Tensor],
    lin: List[torch.Tensor],
    kv: List[torch.Tensor],
    keys_t: List[torch.Tensor],
    vals: List[torch.Tensor],
    widx: torch.Tensor,
    mask: torch.Tensor,
    eps: float,
    scale: float,
    n_head: int,
    approximate: str,
    reduce_range: bool,
) -> torch.Tensor:
    """The same with fp32 / bf16 / fp16 weights: `lin` holds weight, bias for each of 4 linears per layer."""
    K, C = h.size(0), h.size(1)
    D = C // n_head
    half = h.dtype != torch.float32
    for i in range(len(kv)):
        x = F.layer_norm(h, [C], ln[4 * i], ln[4 * i + 1], eps)
        x = F.linear(x, lin[8 * i], lin[8 * i + 1]).view(K, 3, n_head, D)
        kv[i].index_copy_(2, widx, x[:, 1:].permute(1, 2, 0, 3))
        s = torch.baddbmm(mask, x[:, 0].transpose(0, 1), keys_t[i], beta=1.0, alpha=scale)
        att = torch.softmax(s, -1, dtype=torch.float32).to(h.dtype) if half else torch.softmax(s, -1)
        o = torch.bmm(att, vals[i]).transpose(0, 1).reshape(K, C)
        h = h + F.linear(o, lin[8 * i + 2], lin[8 * i + 3])
        x = F.layer_norm(h, [C], ln[4 * i + 2], ln[4 * i + 3], eps)
        x = F.gelu(F.linear(x, lin[8 * i + 4], lin[8 * i + 5]), approximate=approximate)
        h = h + F.linear(x, lin[8 * i + 6], lin[8 * i + 7])
    return h


_SCRIPTED: dict = {}


def scripted(fn):
    """`fn` compiled by TorchScript (once per process), or `fn` itself where that is unavailable."""
    if fn not in _SCRIPTED:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # TorchScript announces its deprecation
                _SCRIPTED[fn] = torch.jit.script(fn)
        except Exception:  # noqa: BLE001 - any failure to compile means: run it as Python
            _SCRIPTED[fn] = fn
    return _SCRIPTED[fn]
