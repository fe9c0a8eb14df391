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
5. Choose before showing (settings.pool > 0): the round samples max(pool, n) rows, streams the
   first n into the panel, and once most rows have ended keeps the best n by
   `choose.choose` (real words only, the model's own fluency, spread apart); the returned
   list (and a last `on_update` per slot) is that choice. Rows ride in the same batch, so
   the extra rows cost little next to the weight reads of each step.
A prompt that does not end in a newline is a partial line ("complete" mode): candidates
are that partial line plus its continuation.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import torch

from lyrictui.craft.lexicon import vocabulary
from lyrictui.engine.choose import Candidate, choose, typical_words
from lyrictui.prompt import TITLE_PREFIX
from lyrictui.engine.clean import accept, clean_line, normalize
from lyrictui.engine.heal import heal, vocab_texts
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
SETTLE_SHARE = 0.75  # choosing: once this share of the rows has ended, the stragglers are dropped


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


def first_step_ban(lm) -> torch.Tensor:
    """(V,) bool: tokens that cannot start a line (newline-led, blank, end-of-text). Cached per tokenizer."""
    tok = lm.tokenizer
    key = (type(tok).__name__, getattr(tok, "name_or_path", ""), len(tok))
    ban = _BAN_CACHE.get(key)
    if ban is None:
        ban = torch.tensor([t.startswith("\n") or not t.strip() for t in vocab_texts(tok)], dtype=torch.bool)
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
    with lm.lock, torch.inference_mode():
        if cancelled():  # superseded while waiting for the previous request to let go of the model
            st.cancelled = True
            return []
        if lm.threads and lm.device.type == "cpu" and torch.get_num_threads() != lm.threads:
            torch.set_num_threads(lm.threads)  # this worker thread's own count (see LM.threads)
        d = _start(lm, prompt, s, st, t0, on_update, cancelled)
        out = _choose_rounds(d, n) if s.pool > 0 else _replace_rounds(d, n)
    st.done_s = time.perf_counter() - t0
    return out


@dataclass
class _Decode:
    """One request's fixed inputs to its sampling rounds."""

    lm: object
    runner: object
    first: torch.Tensor  # (V,) logits after the prompt
    s: SamplingSettings
    gen: torch.Generator
    seen0: list[int]  # prompt ids the repetition penalty covers
    ban0: torch.Tensor  # (V,) bool: tokens that cannot start a line
    line_ids: list[int]  # the tokens of the line typed so far (complete mode)
    partial: str
    recent: set[str]
    specials: tuple[str, ...]
    on_update: OnUpdate | None
    cancelled: Cancelled
    st: GenerationStats
    t0: float
    known: frozenset[str] = frozenset()  # the song's own words count as real
    typed: str = ""  # the partial line as typed (`partial` lacks a healed fragment, see heal.py)
    typical: float = 7.0  # the song's median words per line (choose's length prior)


def _start(lm, prompt: str, s: SamplingSettings, st: GenerationStats, t0: float, on_update, cancelled) -> _Decode:
    """Prefill the prompt once and gather what every round needs."""
    partial = prompt.rsplit("\n", 1)[-1]  # text already in the line being written ("" in next mode)
    lines = prompt.split("\n")[:-1]
    recent = set([normalize(ln) for ln in lines if ln.strip()][-RECENT_LINES:])
    specials = tuple(t for t in getattr(lm.tokenizer, "all_special_tokens", []) if t)
    runner = lm.runner()
    ids = _fit_ids(lm.encode(prompt), lm.n_positions - s.max_new_tokens)
    if not ids:  # an empty prompt: start from end-of-text, as GPT-2 was trained
        ids = [lm.tokenizer.eos_token_id or 0]
    partial_shown = partial
    if s.pool and partial:  # choosing (pool) also heals: the typed word is finished, not glued onto
        ids, cut, allow = heal(lm.tokenizer, ids, partial, vocab_texts(lm.tokenizer))
        partial = partial[: len(partial) - len(cut)]
    else:
        allow = None
    first = runner.prefill(ids)  # (V,)
    st.prefill_reused, st.prefill_computed = runner.last_stats.reused, runner.last_stats.computed
    V, dev = first.shape[-1], first.device
    ban0 = first_step_ban(lm)
    if allow is not None:
        ban0 = ban0 | ~allow
    ban0 = ban0.to(dev)
    if ban0.shape[0] < V:
        ban0 = torch.cat([ban0, torch.ones(V - ban0.shape[0], dtype=torch.bool, device=dev)])
    # the tokens of the line so far (complete mode), so the n-gram ban sees the whole line
    start = len(ids)
    while start > 0 and "\n" not in lm.tokenizer.decode([ids[start - 1]]):
        start -= 1
    body = [ln for ln in lines if ln.strip() and not ln.startswith("[") and not ln.startswith(TITLE_PREFIX)]
    known = vocabulary(body) if s.pool else frozenset()
    return _Decode(lm, runner, first, s, make_generator(s.seed, dev), [i for i in ids if i < V], ban0[:V],
                   ids[start:], partial, recent, specials, on_update, cancelled, st, t0, known, partial_shown,
                   typical_words(body[-RECENT_LINES:]))


def _replace_rounds(d: _Decode, n: int) -> list[str]:
    """n rows; a rejected row's slot is sampled again (up to MAX_ROUNDS)."""
    out: list[str | None] = [None] * n
    taken: set[str] = set()
    for _ in range(MAX_ROUNDS):
        slots = [i for i in range(n) if out[i] is None]
        if not slots:
            break
        d.st.rounds += 1
        rows = _round(d, slots, slots)
        if rows is None:  # cancelled: return what is complete, never stream more
            d.st.cancelled = True
            break
        for slot, row in zip(slots, rows):
            line = _whole_line(d.partial, row[0], d.specials) if row else None
            if line is not None and accept(line, taken, d.recent):
                out[slot] = line
                taken.add(normalize(line))
            elif d.on_update is not None:
                d.on_update(slot, "")  # the replacement streams into this slot next round
    return [x for x in out if x is not None]


def _choose_rounds(d: _Decode, n: int) -> list[str]:
    """Sample `pool` rows (the first n stream), keep the best n; sample again if too few are usable."""
    cands: list[Candidate] = []
    taken: set[str] = set()
    picked: list[Candidate] = []
    for r in range(MAX_ROUNDS):
        k = max(d.s.pool, n) if r == 0 else max(4, 2 * (n - len(picked)))
        d.st.rounds += 1
        rows = _round(d, list(range(k)), list(range(n)) if r == 0 else [], settle=True)
        if rows is None:
            d.st.cancelled = True
            return []
        for i, row in enumerate(rows):
            line = _whole_line(d.partial, row[0], d.specials) if row else None
            if line is not None and accept(line, taken, d.recent):
                taken.add(normalize(line))
                cands.append(Candidate(line, row[1], row[2], row[3], i))
        picked = choose(cands, n, d.known, d.typed, d.typical)
        if len(picked) >= n:
            break
    if d.on_update is not None:  # settle the panel on the chosen lines
        for i in range(n):
            d.on_update(i, picked[i].text if i < len(picked) else "")
    return [c.text for c in picked]


def _round(d: _Decode, slots: list[int], stream: list[int], settle: bool = False):
    """One batched sampling pass of len(slots) rows; row r streams to stream[r] if there is one.

    Returns per row (text, sum of the model's ln-probs, tokens, ended) or None when the row
    was dropped (`settle`: still running once SETTLE_SHARE of the rows ended); None if cancelled.
    """
    s, tok, runner = d.s, d.lm.tokenizer, d.runner
    k = len(slots)
    eos = tok.eos_token_id
    runner.begin(k, s.max_new_tokens)
    logits = d.first.unsqueeze(0).repeat(k, 1)  # (k, V): every row starts from the one prefill
    seen = SeenIds(d.seen0, k, s.max_new_tokens, logits.device) if s.repetition_penalty != 1.0 else None
    rows: list[list[int]] = [[] for _ in range(k)]
    texts = [""] * k
    done = [False] * k
    ended = [False] * k  # ended its line (newline / end-of-text), not cut
    logp = torch.zeros(k, dtype=torch.float64)
    quota = max(1, math.ceil(k * SETTLE_SHARE)) if settle else k
    for t in range(s.max_new_tokens):
        if d.cancelled():
            return None
        # the model's own distribution, before penalties and sampling shape it (choose's fluency)
        own = torch.log_softmax(logits.float(), dim=-1) if settle else None
        # the runner hands out a fresh (k, V) tensor per step, so the processors work in place
        lg = logits if seen is None else apply_repetition_penalty(logits, seen.index, s.repetition_penalty, inplace=True)
        if t == 0:
            lg.masked_fill_(d.ban0, float("-inf"))
        if s.no_repeat_ngram_size > 0:
            for r in range(k):
                if not done[r]:
                    banned = banned_ngram_tokens(d.line_ids + rows[r], s.no_repeat_ngram_size)
                    if banned:
                        lg[r, list(banned)] = float("-inf")
        nxt = sample_next(lg, s, d.gen)  # (k,)
        if seen is not None:
            seen.add(nxt)
        if own is not None:
            logp += own.gather(1, nxt.view(-1, 1)).squeeze(1).double().masked_fill(torch.tensor(done), 0.0)
        picked = nxt.tolist()
        for r in range(k):
            if done[r]:
                continue
            rows[r].append(picked[r])
            if picked[r] == eos:
                done[r] = ended[r] = True
                continue
            text = tok.decode(rows[r])
            if "\n" in text:
                text, done[r], ended[r] = text.split("\n", 1)[0], True, True
            text = text.rstrip("\ufffd")  # half of a multi-byte character: wait for the rest
            if text != texts[r]:
                texts[r] = text
                if d.st.first_token_s is None:
                    d.st.first_token_s = time.perf_counter() - d.t0
                if d.on_update is not None and r < len(stream):
                    d.on_update(stream[r], d.partial + text)
        if all(done) or t == s.max_new_tokens - 1 or sum(ended) >= quota:
            break
        if d.cancelled():
            return None
        logits = runner.step(nxt)
        d.st.steps += 1
    keep = [ended[r] or not settle or sum(ended) < quota for r in range(k)]
    return [(texts[r], float(logp[r]), len(rows[r]), ended[r]) if keep[r] else None for r in range(k)]
