"""A lean GPT-2 forward for suggestions: shared prompt cache, few ops per step, int8/bf16 weights.

Why not the transformers forward: per decode step it builds masks, concatenates every
layer's cache (copying the whole prompt K times per step) and walks generic code paths;
at GPT-2 124M on a 2-core CPU that overhead is as large as the matmuls. Here:
- the prompt's keys/values are stored ONCE (one row, preallocated, grown by doubling) and
  all K candidates attend to them: K single-token queries on one sequence are K queries
  per head, so a layer's attention is one batched matmul over (H, K, T);
- each candidate's own new tokens go to slots after the prompt in the same buffer, and an
  additive (K, T) mask (updated once per step, not per layer) hides other rows' slots;
- prefix reuse is a length: cropping the cache is setting `n_cached`;
- weights are copied out of the (merged) transformers model as nn.Linear, so they can be
  bf16 or int8 (`quantize.py`); the source model is left untouched;
- a decode step's layers run as TorchScript (`decode_layers.py`): at 4 rows on a CPU the
  step is weight reads plus per-op cost, and the Python interpreter was a third of it.
`static=True` makes decode shapes independent of the prompt's length (the rows' slots sit
after the model's whole window, positions are tensors), which is what CUDA graphs /
torch.compile(mode="reduce-overhead") need.
Logits match transformers' GPT2LMHeadModel (tested in fp32).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from lyrictui.engine.decode_layers import layers_float, layers_int8, scripted
from lyrictui.engine.quantize import amx_int8, conv1d_to_linear, empty_linear, quantize_int8, torch_dtype
from lyrictui.engine.runner import PrefillStats, Runner

_GELU = {"gelu_new": "tanh", "gelu_pytorch_tanh": "tanh", "gelu_fast": "tanh", "gelu": "none"}


def supports(model) -> bool:
    """True when `model` is a plain GPT2LMHeadModel this forward reproduces exactly."""
    cfg = getattr(model, "config", None)
    return (
        type(model).__name__ == "GPT2LMHeadModel"
        and cfg.activation_function in _GELU
        and not getattr(cfg, "scale_attn_by_inverse_layer_idx", False)
        and not getattr(cfg, "reorder_and_upcast_attn", False)
        and not getattr(cfg, "add_cross_attention", False)
        and getattr(cfg, "scale_attn_weights", True)
    )


class _Block(nn.Module):
    def __init__(self, blk, eps: float):
        super().__init__()
        self.ln_1 = nn.LayerNorm(blk.ln_1.weight.shape[0], eps=eps)
        self.ln_1.load_state_dict(blk.ln_1.state_dict())
        self.ln_2 = nn.LayerNorm(blk.ln_2.weight.shape[0], eps=eps)
        self.ln_2.load_state_dict(blk.ln_2.state_dict())
        self.qkv = conv1d_to_linear(blk.attn.c_attn)  # (C -> 3C)
        self.proj = conv1d_to_linear(blk.attn.c_proj)
        self.fc = conv1d_to_linear(blk.mlp.c_fc)  # (C -> 4C)
        self.fc_proj = conv1d_to_linear(blk.mlp.c_proj)


class _Weights(nn.Module):
    def __init__(self, hf):
        super().__init__()
        cfg = hf.config
        t = hf.transformer
        self.wte = nn.Embedding.from_pretrained(t.wte.weight.detach().clone(), freeze=True)  # (V, C)
        self.wpe = nn.Embedding.from_pretrained(t.wpe.weight.detach().clone(), freeze=True)  # (P, C)
        self.blocks = nn.ModuleList(_Block(b, cfg.layer_norm_epsilon) for b in t.h)
        self.ln_f = nn.LayerNorm(cfg.n_embd, eps=cfg.layer_norm_epsilon)
        self.ln_f.load_state_dict(t.ln_f.state_dict())
        head = hf.lm_head.weight.detach()  # (V, C), usually tied to wte
        self.lm_head = empty_linear(head.shape[1], head.shape[0], False, head.dtype)
        with torch.no_grad():
            self.lm_head.weight.copy_(head)


class GPT2Runner(Runner):
    def __init__(
        self,
        hf_model,
        device: torch.device | str = "cpu",
        precision: str = "fp32",
        prefix_reuse: bool = True,
        static: bool = False,
        compile_step: bool = False,
        prefill_onednn: bool | None = None,
    ):
        cfg = hf_model.config
        self.device = torch.device(device)
        self.precision = precision
        self.prefix_reuse = prefix_reuse
        self.static = static or compile_step
        self.n_positions = int(cfg.n_positions)
        self.n_layer, self.n_head, self.n_embd = cfg.n_layer, cfg.n_head, cfg.n_embd
        self.head_dim = cfg.n_embd // cfg.n_head
        self.scale = 1.0 / math.sqrt(self.head_dim)
        self.gelu = _GELU[cfg.activation_function]
        self.dtype = torch_dtype(precision)
        prefill_blocks = None
        with torch.no_grad():
            w = _Weights(hf_model).float().eval()
            if precision == "int8":
                if self.device.type != "cpu":
                    raise ValueError("int8 dynamic quantisation runs on the CPU only; use bf16 on a GPU")
                quantize_int8(w)
                if prefill_onednn is None:
                    prefill_onednn = amx_int8() and "onednn" in torch.backends.quantized.supported_engines
                if prefill_onednn:
                    # A second int8 copy of the blocks packed for oneDNN (AMX): its many-row matmuls make
                    # the prompt prefill ~25% faster; decode keeps the x86/fbgemm packing, better at 4 rows.
                    eps = hf_model.config.layer_norm_epsilon
                    prefill_blocks = quantize_int8(nn.ModuleList(_Block(b, eps) for b in hf_model.transformer.h).float().eval(), engine="onednn")
            else:
                w = w.to(self.dtype)
        self.w = w.to(self.device)
        self.prefill_blocks = prefill_blocks if prefill_blocks is not None else self.w.blocks
        self.eps = cfg.layer_norm_epsilon
        self._wte, self._wpe = self.w.wte.weight, self.w.wpe.weight
        blocks = list(self.w.blocks)
        self._ln = [t for b in blocks for t in (b.ln_1.weight, b.ln_1.bias, b.ln_2.weight, b.ln_2.bias)]
        linears = [lin for b in blocks for lin in (b.qkv, b.proj, b.fc, b.fc_proj)]
        if precision == "int8":
            self._lin = [lin._packed_params._packed_params for lin in linears]
            self._reduce_range = all((lin.version or 0) >= 4 for lin in linears)  # as their forward() passes it
            layers = layers_int8
        else:
            self._lin = [t for lin in linears for t in (lin.weight, lin.bias)]
            self._reduce_range = False
            layers = layers_float
        # TorchScript on the CPU (per-op cost is what it saves); plain Python for torch.compile to trace
        self._run_layers = layers if compile_step else scripted(layers)
        # Prompt cache, one row: (L, H, capacity, D), grown by doubling; the decode rows' own
        # slots live after the prompt in the same buffers (see begin()).
        self._kv = None
        self._kv_gen = 0  # bumps when the buffer is reallocated: views of the old one are stale
        self._views_key = None  # (T, _kv_gen) the per-layer decode views were made for
        self._ids: list[int] = []
        self.n_cached = 0
        self.s = self.S = 0  # decode step and steps allowed, set by begin()
        self.last_stats = PrefillStats()
        self._step_fn = self._decode
        self.compiled = compile_step
        if compile_step:
            self._step_fn = torch.compile(self._decode, mode="reduce-overhead", fullgraph=False)

    # -- buffers -----------------------------------------------------------------------------
    def _ensure_capacity(self, n: int) -> None:
        """Room for n positions in the cache buffers (prompt, then the decode rows' own slots)."""
        cap = 0 if self._kv is None else self._kv.shape[3]
        if n <= cap:
            return
        new_cap = n if self.static else max(256, 1 << (n - 1).bit_length())
        kv = torch.zeros((self.n_layer, 2, self.n_head, new_cap, self.head_dim), dtype=self.dtype, device=self.device)
        if self._kv is not None and self.n_cached:
            kv[:, :, :, : self.n_cached] = self._kv[:, :, :, : self.n_cached]
        self._kv = kv
        self._kv_gen += 1

    def reset(self) -> None:
        self._ids, self.n_cached = [], 0

    # -- math ---------------------------------------------------------------------------------
    def _mlp(self, b: _Block, h: torch.Tensor) -> torch.Tensor:
        return h + b.fc_proj(F.gelu(b.fc(b.ln_2(h)), approximate=self.gelu))

    def _qkv(self, b: _Block, h: torch.Tensor):
        """h (N, C) -> q, k, v each (N, H, D)."""
        n = h.shape[0]
        q, k, v = b.qkv(b.ln_1(h)).split(self.n_embd, dim=-1)
        shape = (n, self.n_head, self.head_dim)
        return q.reshape(shape), k.reshape(shape), v.reshape(shape)

    def _head(self, h: torch.Tensor) -> torch.Tensor:
        return self.w.lm_head(self.w.ln_f(h)).float()

    @torch.inference_mode()
    def prefill(self, ids: list[int]) -> torch.Tensor:
        return self._prefill(ids, all_logits=False)[0]

    @torch.inference_mode()
    def logits_all(self, ids: list[int]) -> torch.Tensor:
        """(T, V) logits of every position (no reuse), for measuring held-out loss at this precision."""
        self.reset()
        out = self._prefill(ids, all_logits=True)
        self.reset()
        return out

    def _prefill(self, ids: list[int], all_logits: bool) -> torch.Tensor:
        if len(ids) > self.n_positions:
            raise ValueError(f"prompt of {len(ids)} tokens exceeds the model's window of {self.n_positions}")
        keep = self._reuse_len(self._ids, ids) if self.n_cached else 0
        keep = min(keep, self.n_cached)
        n_new = len(ids) - keep
        self._ensure_capacity(len(ids))
        dev = self.device
        pos = torch.arange(keep, len(ids), device=dev)
        h = self.w.wte(torch.tensor(ids[keep:], dtype=torch.long, device=dev)) + self.w.wpe(pos)  # (n, C)
        h = h.to(self.dtype)
        end = len(ids)
        if keep:  # new queries see the kept prefix and, causally, each other
            mask = torch.arange(end, device=dev)[None, :] <= pos[:, None]  # (n, end)
        for li, b in enumerate(self.prefill_blocks):
            q, k, v = self._qkv(b, h)  # (n, H, D)
            self._kv[li, 0, :, keep:end] = k.transpose(0, 1)
            self._kv[li, 1, :, keep:end] = v.transpose(0, 1)
            # 4-D (1, H, T, D) inputs: torch's fused CPU flash-attention kernel takes only those
            keys, vals = self._kv[li, 0:1, :, :end], self._kv[li, 1:2, :, :end]
            qh = q.transpose(0, 1).unsqueeze(0)  # (1, H, n, D)
            if keep:
                o = F.scaled_dot_product_attention(qh, keys, vals, attn_mask=mask)
            else:
                o = F.scaled_dot_product_attention(qh, keys, vals, is_causal=True)
            h = h + b.proj(o[0].transpose(0, 1).reshape(n_new, self.n_embd))  # (H, n, D) -> (n, C)
            h = self._mlp(b, h)
        self._ids, self.n_cached = list(ids), end
        self.last_stats = PrefillStats(reused=keep, computed=n_new)
        return self._head(h if all_logits else h[-1:])

    def begin(self, k: int, max_new_tokens: int) -> None:
        """Start k rows. Row r's own keys/values go to slots base + r*S + s of the same buffers
        as the prompt (S = max_new_tokens), so one matmul per layer scores a query against the
        prompt and its own tokens; an additive mask hides other rows' and future slots."""
        S = max_new_tokens
        base = self.n_positions if self.static else self.n_cached  # static: shapes fixed for any prompt
        T = base + k * S
        self._ensure_capacity(T)
        dev = self.device
        rows = torch.arange(k, device=dev)
        self._widx0 = base + rows * S  # (k,) row r's slot at step 0
        self._mflat0 = rows * T + self._widx0  # the same slots as flat indices into the (k, T) mask
        mask = torch.full((k, T), float("-inf"), dtype=self.dtype, device=dev)
        mask[:, : self.n_cached] = 0.0  # every row sees the whole prompt
        self._mask = mask
        # per-layer views: (2, H, cap, D) buffers to write, (H, D, T) / (H, T, D) to read. Kept while
        # the buffer and T stay the same (always, in static mode: a compiled step keeps its graph)
        if self._views_key != (T, self._kv_gen):
            self._kv_l = [self._kv[li] for li in range(self.n_layer)]
            self._keys_t = [self._kv[li, 0, :, :T].transpose(1, 2) for li in range(self.n_layer)]
            self._vals = [self._kv[li, 1, :, :T] for li in range(self.n_layer)]
            self._views_key = (T, self._kv_gen)
        self.s, self.S = 0, S

    @torch.inference_mode()
    def step(self, tokens: torch.Tensor) -> torch.Tensor:
        s = self.s
        if s >= self.S:
            raise ValueError("more decode steps than max_new_tokens given to begin()")
        pos = self.n_cached + s
        if pos >= self.n_positions:
            raise ValueError("generation ran past the model's window")
        self._mask.view(-1).index_fill_(0, self._mflat0 + s, 0.0)  # row r now also sees its slot s
        widx = self._widx0 + s
        if self.static:
            pos = torch.tensor([pos], device=self.device)
        out = self._step_fn(tokens.to(self.device), pos, widx, self._mask)
        self.s = s + 1
        return out.clone() if self.compiled else out  # CUDA-graph outputs are overwritten by the next replay

    def _decode(self, tokens: torch.Tensor, pos, widx: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """tokens (K,) at position `pos` -> logits (K, V); the layers are `decode_layers`."""
        h = (F.embedding(tokens, self._wte) + self._wpe[pos]).to(self.dtype)  # (K, C)
        h = self._run_layers(h, self._ln, self._lin, self._kv_l, self._keys_t, self._vals, widx, mask,
                             self.eps, self.scale, self.n_head, self.gelu, self._reduce_range)
        return self._head(h)
