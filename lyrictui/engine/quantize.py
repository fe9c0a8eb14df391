"""Precision changes for inference: GPT-2's Conv1D as nn.Linear, bf16 weights, int8 dynamic quantisation.

Why convert: transformers' GPT-2 stores its projections as `Conv1D` (weight (in, out),
computed with addmm), which torch's quantisers do not recognise. Turned into `nn.Linear`
(weight transposed to (out, in)) they become ordinary layers that
`torch.ao.quantization.quantize_dynamic` turns into int8 weights with per-tensor scales and
fp32 activations: a quarter of the memory traffic of fp32, which is what a CPU decode step
is bound by. The bench reports the held-out loss of each precision against fp32.
"""

from __future__ import annotations

import warnings

import torch
from torch import nn

PRECISIONS = ("fp32", "bf16", "fp16", "int8")


def empty_linear(n_in: int, n_out: int, bias: bool, dtype=None, device=None) -> nn.Linear:
    """An nn.Linear without its random initialisation (its weights are overwritten next): for
    GPT-2 124M the skipped kaiming init took ~2 s of the engine's load."""
    return torch.nn.utils.skip_init(nn.Linear, n_in, n_out, bias=bias, dtype=dtype, device=device or "cpu")


def conv1d_to_linear(conv: nn.Module) -> nn.Linear:
    """transformers.pytorch_utils.Conv1D (weight (in, out)) -> an equivalent nn.Linear."""
    w = conv.weight.detach()  # (in, out)
    lin = empty_linear(w.shape[0], w.shape[1], conv.bias is not None, w.dtype, w.device)
    with torch.no_grad():
        lin.weight.copy_(w.t())
        if conv.bias is not None:
            lin.bias.copy_(conv.bias.detach())
    return lin


def linear_copy(lin: nn.Module) -> nn.Linear:
    """A detached copy of an nn.Linear (so quantising it never touches the source model)."""
    w = lin.weight.detach()
    out = empty_linear(w.shape[1], w.shape[0], getattr(lin, "bias", None) is not None, w.dtype, w.device)
    with torch.no_grad():
        out.weight.copy_(w)
        if out.bias is not None:
            out.bias.copy_(lin.bias.detach())
    return out


def bf16_supported() -> bool:
    """bf16 matmuls are fast on CPUs with AVX-512 BF16 / AMX (oneDNN), slow emulation elsewhere."""
    try:
        return bool(torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except Exception:
        return False


def quantize_int8(module: nn.Module, engine: str | None = None) -> nn.Module:
    """int8 dynamic quantisation of every nn.Linear in `module` (CPU only), in place where possible.

    `engine` picks the kernel library the weights are packed for ("x86"/"fbgemm": best at
    the few-row matmuls of a decode step; "onednn": uses AMX/VNNI and is faster at the
    many-row matmuls of a prefill). A packed weight keeps its library whatever the global
    setting is later, so both kinds can live in one process.
    """
    engines = torch.backends.quantized.supported_engines
    order = ([engine] if engine else []) + ["x86", "fbgemm", "onednn"]
    previous = torch.backends.quantized.engine
    for eng in order:
        if eng in engines:
            torch.backends.quantized.engine = eng
            break
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # torch.ao.quantization prints a deprecation notice
            return torch.ao.quantization.quantize_dynamic(module, {nn.Linear}, dtype=torch.qint8, inplace=True)
    finally:
        torch.backends.quantized.engine = previous


def amx_int8() -> bool:
    """True on CPUs with AMX int8 tiles (Sapphire Rapids and later), where oneDNN prefill wins."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as f:
            return " amx_int8" in f.read(200_000)
    except OSError:
        return False


def torch_dtype(precision: str) -> torch.dtype:
    """The activation / cache dtype of a precision (int8 keeps fp32 activations)."""
    return {"fp32": torch.float32, "int8": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16}[precision]
