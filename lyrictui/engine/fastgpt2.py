"""A lean GPT-2 forward for suggestions: shared prompt cache, static buffers, int8/bf16 weights.

Why not the transformers forward: per decode step it builds masks, concatenates every
layer's cache (copying the whole prompt K times per step) and walks generic code paths;
at GPT-2 124M on a 2-core CPU that overhead is as large as the matmuls. Here:
- the prompt's keys/values are stored ONCE (one row, preallocated, grown by doubling) and
  all K candidates attend to them: prefix attention is one (H, K, P) batched matmul,
  because K single-token queries on the same sequence are just K queries per head;
- each candidate's own new tokens go to a small (K, H, max_new, D) buffer written in place;
- prefix reuse is a length: cropping the cache is setting `n_cached`;
- weights are copied out of the (merged) transformers model as nn.Linear, so they can be
  bf16 or int8 (`quantize.py`); the source model is left untouched.
`static=True` makes decode shapes independent of position (full buffers + masks, positions as
tensors), which is what CUDA graphs / torch.compile(mode="reduce-overhead") need.
Logits match transformers' GPT2LMHeadModel (tested in fp32).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from lyrictui.engine.quantize import amx_int8, conv1d_to_linear, quantize_int8, torch_dtype
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
        self.lm_head = nn.Linear(head.shape[1], head.shape[0], bias=False, dtype=head.dtype)
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
        # Prompt cache, one row: (L, H, capacity, D); grown by doubling up to n_positions.
        self._pk = self._pv = None
        self._ids: list[int] = []
        self.n_cached = 0
        self.k = 0
        self.last_stats = PrefillStats()
        self._step_fn = self._step_static if self.static else self._step_dynamic
        if compile_step:
            self._step_fn = torch.compile(self._step_static, mode="reduce-overhead", fullgraph=False)

    # -- buffers -----------------------------------------------------------------------------
    def _ensure_prefix_capacity(self, n: int) -> None:
        cap = 0 if self._pk is None else self._pk.shape[2]
        if n <= cap and not (self.static and cap < self.n_positions):
            return
        new_cap = self.n_positions if self.static else min(self.n_positions, max(256, 1 << (n - 1).bit_length()))
        shape = (self.n_layer, self.n_head, new_cap, self.head_dim)
        pk = torch.zeros(shape, dtype=self.dtype, device=self.device)
        pv = torch.zeros(shape, dtype=self.dtype, device=self.device)
        if self._pk is not None and self.n_cached:
            pk[:, :, : self.n_cached] = self._pk[:, :, : self.n_cached]
            pv[:, :, : self.n_cached] = self._pv[:, :, : self.n_cached]
        self._pk, self._pv = pk, pv

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
        self._ensure_prefix_capacity(len(ids))
        dev = self.device
        pos = torch.arange(keep, len(ids), device=dev)
        h = self.w.wte(torch.tensor(ids[keep:], dtype=torch.long, device=dev)) + self.w.wpe(pos)  # (n, C)
        h = h.to(self.dtype)
        end = len(ids)
        if keep:  # new queries see the kept prefix and, causally, each other
            mask = torch.arange(end, device=dev)[None, :] <= pos[:, None]  # (n, end)
        for li, b in enumerate(self.prefill_blocks):
            q, k, v = self._qkv(b, h)  # (n, H, D)
            self._pk[li, :, keep:end] = k.transpose(0, 1)
            self._pv[li, :, keep:end] = v.transpose(0, 1)
            # 4-D (1, H, T, D) inputs: torch's fused CPU flash-attention kernel takes only those
            keys, vals = self._pk[li : li + 1, :, :end], self._pv[li : li + 1, :, :end]
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
        shape = (self.n_layer, k, self.n_head, max_new_tokens, self.head_dim)
        if getattr(self, "_sk", None) is None or self._sk.shape != shape:
            self._sk = torch.zeros(shape, dtype=self.dtype, device=self.device)
            self._sv = torch.zeros(shape, dtype=self.dtype, device=self.device)
        self.k, self.s = k, 0

    @torch.inference_mode()
    def step(self, tokens: torch.Tensor) -> torch.Tensor:
        if self.s >= self._sk.shape[3]:
            raise ValueError("more decode steps than max_new_tokens given to begin()")
        if self.n_cached + self.s >= self.n_positions:
            raise ValueError("generation ran past the model's window")
        tokens = tokens.to(self.device)
        if self.static:
            s = torch.tensor([self.s], device=self.device)
            out = self._step_fn(tokens, s, torch.tensor([self.n_cached], device=self.device))
        else:
            out = self._step_fn(tokens, self.s)
        self.s += 1
        return out

    def _step_dynamic(self, tokens: torch.Tensor, s: int) -> torch.Tensor:
        """tokens (K,) at position n_cached + s -> logits (K, V). Attends to prefix[:P] + own[:s+1]."""
        P, K = self.n_cached, tokens.shape[0]
        h = (self.w.wte(tokens) + self.w.wpe.weight[P + s]).to(self.dtype)  # (K, C)
        for li, b in enumerate(self.w.blocks):
            q, k, v = self._qkv(b, h)  # (K, H, D)
            self._sk[li, :, :, s] = k
            self._sv[li, :, :, s] = v
            qh = q.transpose(0, 1)  # (H, K, D): K queries per head on one shared prefix
            sp = torch.matmul(qh, self._pk[li, :, :P].transpose(1, 2))  # (H, K, P)
            own_k, own_v = self._sk[li, :, :, : s + 1], self._sv[li, :, :, : s + 1]  # (K, H, s+1, D)
            so = torch.matmul(own_k, q.unsqueeze(-1)).squeeze(-1)  # (K, H, s+1)
            scores = torch.cat([sp.transpose(0, 1), so], dim=-1).float() * self.scale  # (K, H, P+s+1)
            probs = torch.softmax(scores, dim=-1).to(self.dtype)
            o = torch.matmul(probs[..., :P].transpose(0, 1), self._pv[li, :, :P]).transpose(0, 1)  # (K, H, D)
            o = o + torch.matmul(probs[..., P:].unsqueeze(2), own_v).squeeze(2)
            h = h + b.proj(o.reshape(K, self.n_embd))
            h = self._mlp(b, h)
        return self._head(h)

    def _step_static(self, tokens: torch.Tensor, s: torch.Tensor, P: torch.Tensor) -> torch.Tensor:
        """Same as _step_dynamic with every shape fixed (full buffers + masks): CUDA-graph friendly."""
        K = tokens.shape[0]
        h = (self.w.wte(tokens) + self.w.wpe(P + s)).to(self.dtype)  # (K, C)
        cap, S = self._pk.shape[2], self._sk.shape[3]
        pre_ok = torch.arange(cap, device=tokens.device) < P  # (cap,)
        own_ok = torch.arange(S, device=tokens.device) <= s  # (S,)
        ok = torch.cat([pre_ok, own_ok])  # (cap + S,)
        for li, b in enumerate(self.w.blocks):
            q, k, v = self._qkv(b, h)
            self._sk[li].index_copy_(2, s, k.unsqueeze(2))
            self._sv[li].index_copy_(2, s, v.unsqueeze(2))
            sp = torch.matmul(q.transpose(0, 1), self._pk[li].transpose(1, 2))  # (H, K, cap)
            so = torch.matmul(self._sk[li], q.unsqueeze(-1)).squeeze(-1)  # (K, H, S)
            scores = torch.cat([sp.transpose(0, 1), so], dim=-1).float() * self.scale
            scores = scores.masked_fill(~ok, float("-inf"))
            probs = torch.softmax(scores, dim=-1).to(self.dtype)
            o = torch.matmul(probs[..., :cap].transpose(0, 1), self._pv[li]).transpose(0, 1)
            o = o + torch.matmul(probs[..., cap:].unsqueeze(2), self._sv[li]).squeeze(2)
            h = h + b.proj(o.reshape(K, self.n_embd))
            h = self._mlp(b, h)
        return self._head(h)
