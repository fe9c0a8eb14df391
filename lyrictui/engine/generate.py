"""K candidate lines in one batched call: `generate_lines(lm, prompt, n, settings, on_update, cancelled)`.

    lm = load_lm("verse")
    lines = generate_lines(lm, "Title: Rain\\n[Verse]\\nthe river knows my name\\n", 4,
                           SamplingSettings(seed=1), on_update=lambda i, t: print(i, t))

How a request runs:
1. The prompt is tokenised and prefilled ONCE (the runner reuses the cached prefix of the
   previous prompt); all K rows start from that single cache.
2. A hand-written loop samples one token per row per step (repetition penalty over the
   prompt and the row, n-gram ban inside the line, temperature, top-k, top-p, a
   torch.Generator seeded from `settings.seed`), decodes each row and calls
   `on_update(i, text)` whenever its text grows, and checks `cancelled()` before every step.
3. A row stops when its decoded text contains a newline (a token may hold "\\n" merged with
   other characters, so this checks text, not a token id), at end-of-text, or at
   max_new_tokens. The loop ends when every row has stopped.
4. Lines are cleaned; empty, degenerate or duplicate ones are replaced by sampling again
   (the prompt cache is still there, so a round costs only its decode steps).
A prompt that does not end in a newline is a partial line ("complete" mode): candidates
are that partial line plus its continuation.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import torch

from lyrictui.engine.clean import accept, clean_line, normalize
from lyrictui.engine.sampling import (
    SamplingSettings,
    SeenIds,
    apply_repetition_penalty,
    banned_ngram_tokens,
    make_generator,
    sample_next,
)
from lyrictui.providers import Cancelled, OnUpdate, never

MAX_ROUNDS = 3  # sampling rounds to replace rejected lines before returning fewer than n
RECENT_LINES = 8  # a candidate copying one of the last lines of the prompt is rejected


@dataclass
class GenerationStats:
    """Timings of one call (seconds from the start), filled when a `stats` object is passed."""

    prefill_reused: int = 0
    prefill_computed: int = 0
    first_token_s: float | None = None
    done_s: float | None = None
    rounds: int = 0
    steps: int = 0
    cancelled: bool = False
    extra: dict = field(default_factory=dict)


_BAN_CACHE: dict[tuple, torch.Tensor] = {}


def _first_step_ban(lm) -> torch.Tensor:
    """(V,) bool: tokens that cannot start a line (newline-led, blank, end-of-text).

    Decoding the whole vocabulary takes a moment, so it is done at load and cached per tokenizer.
    """
    tok = lm.tokenizer
    key = (type(tok).__name__, getattr(tok, "name_or_path", ""), len(tok))
    ban = _BAN_CACHE.get(key)
    if ban is None:
        backend = getattr(tok, "_tokenizer", None)  # the Rust tokenizer decodes 50k ids ~3x faster
        ids = [[i] for i in range(len(tok))]
        texts = backend.decode_batch(ids) if backend is not None else tok.batch_decode(ids)
        ban = torch.tensor([t.startswith("\n") or not t.strip() for t in texts], dtype=torch.bool)
        if tok.eos_token_id is not None and tok.eos_token_id < len(ban):
            ban[tok.eos_token_id] = True
        _BAN_CACHE[key] = ban
    return ban


def _whole_line(partial: str, text: str, specials: tuple[str, ...]) -> str | None:
    """The candidate as a whole line. A partial line is kept exactly as typed (the editor
    checks that a candidate starts with it) and must gain some words; None if it gains none."""
    if not partial:
        return clean_line(text, specials)
    tail = clean_line(text, specials)
    if not tail:
        return None
    sep = " " if text[:1].isspace() and not partial[-1:].isspace() else ""
    return partial + sep + tail


def _fit_ids(ids: list[int], limit: int) -> list[int]:
    return ids if len(ids) <= limit else ids[len(ids) - limit :]


def generate_lines(
    lm,
    prompt: str,
    n: int = 4,
    settings: SamplingSettings | None = None,
    on_update: OnUpdate | None = None,
    cancelled: Cancelled = never,
    stats: GenerationStats | None = None,
) -> list[str]:
    """Up to n distinct candidate lines continuing `prompt` (fewer only if cancelled or the model cannot)."""
    s = settings or SamplingSettings()
    st = stats or GenerationStats()
    t0 = time.perf_counter()
    partial = prompt.rsplit("\n", 1)[-1]  # text already in the line being written ("" in next mode)
    context = [normalize(ln) for ln in prompt.split("\n")[:-1] if ln.strip()][-RECENT_LINES:]
    recent = set(context)
    specials = tuple(t for t in getattr(lm.tokenizer, "all_special_tokens", []) if t)
    out: list[str | None] = [None] * n
    taken: set[str] = set()

    with lm.lock, torch.inference_mode():
        if cancelled():  # superseded while waiting for the previous request to let go of the model
            st.cancelled = True
            return []
        if lm.threads and lm.device.type == "cpu" and torch.get_num_threads() != lm.threads:
            torch.set_num_threads(lm.threads)  # this worker thread's own count (see LM.threads)
        runner = lm.runner()
        budget = lm.n_positions - s.max_new_tokens
        ids = _fit_ids(lm.encode(prompt), budget)
        if not ids:  # an empty prompt: start from end-of-text, as GPT-2 was trained
            ids = [lm.tokenizer.eos_token_id or 0]
        first = runner.prefill(ids)  # (V,)
        st.prefill_reused, st.prefill_computed = runner.last_stats.reused, runner.last_stats.computed
        V = first.shape[-1]
        dev = first.device
        gen = make_generator(s.seed, dev)
        seen0 = [i for i in ids if i < V]  # the repetition penalty covers the prompt and the row
        ban0 = _first_step_ban(lm).to(dev)
        if ban0.shape[0] < V:
            ban0 = torch.cat([ban0, torch.ones(V - ban0.shape[0], dtype=torch.bool, device=dev)])
        ban0 = ban0[:V]
        # the tokens of the line so far (complete mode), so the n-gram ban sees the whole line
        start = len(ids)
        while start > 0 and "\n" not in lm.tokenizer.decode([ids[start - 1]]):
            start -= 1
        line_ids = ids[start:]

        for _ in range(MAX_ROUNDS):
            slots = [i for i in range(n) if out[i] is None]
            if not slots:
                break
            st.rounds += 1
            texts = _round(lm, runner, first, slots, s, gen, seen0, ban0, line_ids, partial, on_update, cancelled, st, t0)
            if texts is None:  # cancelled: return what is complete, never stream more
                st.cancelled = True
                break
            for slot, text in zip(slots, texts):
                line = _whole_line(partial, text, specials)
                if line is not None and accept(line, taken, recent):
                    out[slot] = line
                    taken.add(normalize(line))
                elif on_update is not None:
                    on_update(slot, "")  # the replacement streams into this slot next round
    st.done_s = time.perf_counter() - t0
    return [x for x in out if x is not None]


def _round(lm, runner, first, slots, s, gen, seen0, ban0, line_ids, partial, on_update, cancelled, st, t0):
    """One batched sampling pass for len(slots) rows; returns their raw continuations or None if cancelled."""
    k = len(slots)
    tok = lm.tokenizer
    eos = tok.eos_token_id
    runner.begin(k, s.max_new_tokens)
    logits = first.unsqueeze(0).repeat(k, 1)  # (k, V): every row starts from the one prefill
    seen = SeenIds(seen0, k, s.max_new_tokens, logits.device) if s.repetition_penalty != 1.0 else None
    rows: list[list[int]] = [[] for _ in range(k)]
    texts = [""] * k
    done = [False] * k
    for t in range(s.max_new_tokens):
        if cancelled():
            return None
        # the runner hands out a fresh (k, V) tensor per step, so the processors work in place
        lg = logits if seen is None else apply_repetition_penalty(logits, seen.index, s.repetition_penalty, inplace=True)
        if t == 0:
            lg.masked_fill_(ban0, float("-inf"))
        if s.no_repeat_ngram_size > 0:
            for r in range(k):
                if not done[r]:
                    banned = banned_ngram_tokens(line_ids + rows[r], s.no_repeat_ngram_size)
                    if banned:
                        lg[r, list(banned)] = float("-inf")
        nxt = sample_next(lg, s, gen)  # (k,)
        if seen is not None:
            seen.add(nxt)
        picked = nxt.tolist()
        for r in range(k):
            if done[r]:
                continue
            rows[r].append(picked[r])
            if picked[r] == eos:
                done[r] = True
                continue
            text = tok.decode(rows[r])
            if "\n" in text:
                text, done[r] = text.split("\n", 1)[0], True
            text = text.rstrip("\ufffd")  # half of a multi-byte character: wait for the rest
            if text != texts[r]:
                texts[r] = text
                if st.first_token_s is None:
                    st.first_token_s = time.perf_counter() - t0
                if on_update is not None:
                    on_update(slots[r], partial + text)
        if all(done) or t == s.max_new_tokens - 1:
            break
        if cancelled():
            return None
        logits = runner.step(nxt)
        st.steps += 1
    return texts
