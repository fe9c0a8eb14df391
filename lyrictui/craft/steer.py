"""Steering the last word: swap a line's ending for the rhyme the language model likes best.

    from lyrictui.craft.steer import LMEndingScorer
    p = RhymeAwareProvider(engine_provider, oversample=4, steer=LMEndingScorer(lm))

When no over-generated candidate rhymes, the reranker takes the best candidates, cuts their
last word and asks the model which rhyme word (from `find_rhymes`, within the syllable
range) is most likely there, line end included: log P(" word\\n" | prompt + line start).
The swap is kept only if the model finds it plausible (mean log-prob per token of the
ending above `min_logp`), so nonsense endings do not win. Works with any LM object that has
`.model`, `.tokenizer`, `.device` (the engine's LM); torch is imported only here.
"""

from __future__ import annotations

from contextlib import nullcontext as _nullcontext
from typing import Protocol


class EndingScorer(Protocol):
    def __call__(self, context: str, endings: list[str]) -> list[float]:
        """Mean log-prob per token of each ending (e.g. " night\\n") after `context`."""
        ...


class LMEndingScorer:
    def __init__(self, lm, max_context_tokens: int = 96):  # the ending hangs on the last lines
        self.lm = lm
        self.max_context_tokens = max_context_tokens

    def __call__(self, context: str, endings: list[str]) -> list[float]:
        import torch

        tok, model = self.lm.tokenizer, self.lm.model
        ctx = tok(context)["input_ids"][-self.max_context_tokens :]
        if not ctx:
            ctx = [tok.eos_token_id]
        ends = [tok(e)["input_ids"] for e in endings]
        width = len(ctx) + max(len(e) for e in ends)
        pad = tok.eos_token_id if tok.eos_token_id is not None else 0
        ids = torch.full((len(ends), width), pad, dtype=torch.long)
        mask = torch.zeros((len(ends), width), dtype=torch.long)
        for i, e in enumerate(ends):
            seq = ctx + e
            ids[i, : len(seq)] = torch.tensor(seq)
            mask[i, : len(seq)] = 1
        start = len(ctx) - 1  # logits here predict the first ending token
        lock = getattr(self.lm, "lock", None)  # the engine's LM serves one request at a time
        with torch.no_grad(), (lock if lock is not None else _nullcontext()):
            out = model(input_ids=ids.to(self.lm.device), attention_mask=mask.to(self.lm.device))
            logits = out.logits[:, start : width - 1].float()  # (B, L, V): only the ending's positions
        logp = torch.log_softmax(logits, dim=-1).cpu()
        scores = []
        for i, e in enumerate(ends):
            lp = sum(logp[i, k, e[k]].item() for k in range(len(e)))
            scores.append(lp / max(1, len(e)))
        return scores
