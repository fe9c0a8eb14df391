"""Propose chord progressions with a chord LM; every proposed chord is one the model was trained on.

    lm = load_chord_lm("models/chords/default")
    propose(lm, ["D", "A", "Bm", "F#m"], n=4, length=4)                 # continue, in D
    propose(lm, [], section="chorus", key="Eb", n=4, length=8)           # a fresh chorus in Eb

How: the context is moved to C major / A minor (the model's home keys), sampled there, and
the proposals moved back and spelled for the song's key. Sampling is constrained token by
token with a trie of the allowed chords (`ChordTrie`): a token may only extend the current
chord towards an allowed chord, a new chord may only start once the current one is complete,
and end/section tokens are masked until the progression is long enough. So every chord
parses by construction (no rejection loop), and an immediate repeat of the previous chord is
impossible; chords already used in the progression are pushed down (`repeat_penalty`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Sequence

from chords.keys import canonical_shift, detect_key, normalize_key, respell, transpose_key
from chords.theory import ChordError, parse_chord, transpose_chord, try_parse
from chords.tokenizer import SPACE, encode_song

Cancelled = Callable[[], bool]
MAX_TOKENS_PER_CHORD = 6  # "▁F#" "m7" "b5" "/E": a rare chord takes up to four pieces


def _never() -> bool:
    return False


@dataclass
class ChordSampling:
    temperature: float = 1.0  # <1 safer, >1 more adventurous
    top_k: int = 20  # sample among the k likeliest allowed tokens (0 = all)
    top_p: float = 0.95  # ... and within this probability mass
    repeat_penalty: float = 1.0  # logits subtracted from a chord per earlier use in the progression
    seed: int | None = None
    # torch CPU threads while sampling: one-token steps of a small model are 3-15x faster on one
    # thread than on several (thread wake-ups dominate); None leaves torch's setting alone.
    threads: int | None = 1


class ChordTrie:
    """Prefix counts over the allowed chord symbols: "can this text still become a chord?"."""

    def __init__(self, chords: Sequence[str]):
        self.complete = set(chords)
        self.count: dict[str, int] = {}
        self.same_as: dict[str, tuple[str, ...]] = {}  # chord -> its enharmonic spellings (G#m, Abm)
        groups: dict[tuple, list[str]] = {}
        for c in self.complete:
            for i in range(len(c) + 1):
                self.count[c[:i]] = self.count.get(c[:i], 0) + 1
            groups.setdefault(_identity(c), []).append(c)
        for g in groups.values():
            for c in g:
                self.same_as[c] = tuple(g)

    def same(self, a: str | None, b: str | None) -> bool:
        """The same chord, however spelled."""
        if a is None or b is None:
            return False
        return a == b or b in self.same_as.get(a, ()) or _identity(a) == _identity(b)

    def can_reach(self, prefix: str, avoid: str | None = None) -> bool:
        """True when some allowed chord other than `avoid` (in any spelling) starts with `prefix`."""
        n = self.count.get(prefix, 0)
        if avoid is not None:
            spellings = self.same_as.get(avoid) or ((avoid,) if avoid in self.complete else ())
            n -= sum(1 for c in spellings if c.startswith(prefix))
        return n > 0


def _identity(symbol: str) -> tuple:
    """What a chord sounds like: (root pitch class, quality, bass pitch class)."""
    c = try_parse(symbol)
    return (symbol,) if c is None else (c.root_pc, c.suffix, c.bass_pc)


class Constraint:
    """Which token ids may come next, given the chord being spelled and the previous chord."""

    def __init__(self, tok, trie: ChordTrie):
        import torch

        from chords.tokenizer import is_chord_level

        self.tok, self.trie = tok, trie
        self.whole = is_chord_level(tok)  # every start token is a whole chord: no piece can follow it
        self.pieces = tok.convert_ids_to_tokens(list(range(len(tok))))
        self.special = set(tok.all_special_ids)
        self.V = len(self.pieces)
        self._cache: dict[tuple, torch.Tensor] = {}
        self._torch = torch

    def allowed(self, partial: str | None, prev: str | None, may_end: bool) -> "object":
        """Bool mask (V,). partial None = at a chord start; may_end: enough chords for </s>."""
        key = (partial, prev, may_end)
        m = self._cache.get(key)
        if m is not None:
            return m
        trie, ok = self.trie, [False] * self.V
        complete = partial is not None and partial in trie.complete and not trie.same(partial, prev)
        for i, p in enumerate(self.pieces):
            if i in self.special:
                continue
            if p.startswith(SPACE):
                before = prev if partial is None else partial
                if partial is not None and not complete:
                    continue
                if self.whole:
                    ok[i] = p[1:] in trie.complete and not trie.same(p[1:], before)
                else:
                    ok[i] = trie.can_reach(p[1:], before)
            elif partial is not None:
                ok[i] = trie.can_reach(partial + p, prev)
        if may_end and complete:
            ok[self.tok.eos_token_id] = True
        m = self._torch.tensor(ok)
        self._cache[key] = m
        return m


def _sample(logits, s: ChordSampling, gen):
    import torch

    logits = logits / max(1e-4, s.temperature)
    if s.top_k:
        kth = torch.topk(logits, min(s.top_k, logits.shape[-1]), dim=-1).values[..., -1:]
        logits = logits.masked_fill(logits < kth, -math.inf)
    if 0 < s.top_p < 1:
        sorted_l, idx = torch.sort(logits, descending=True, dim=-1)
        probs = torch.softmax(sorted_l, dim=-1)
        drop = probs.cumsum(-1) - probs > s.top_p
        sorted_l = sorted_l.masked_fill(drop, -math.inf)
        logits = torch.full_like(logits, -math.inf).scatter(-1, idx, sorted_l)
    probs = torch.softmax(logits, dim=-1)
    return torch.multinomial(probs, 1, generator=gen).squeeze(-1)


def playable_constraint(lm, home: str, context: Sequence[str]) -> tuple[Constraint, "object"]:
    """The constraint of chords a player would write here (`chords.playable`), in the home key,
    and the chords it gates: (token ids, minimum probability) or None.

    Never a wrong slash bass. Diatonic chords and chromatic ones the song already uses are
    free; other chromatic chords a one-token-per-chord model may propose only with a clear
    probability (`CHROMATIC_MIN_P`, gated at each chord start); a BPE model never proposes them.
    """
    import torch

    from chords.playable import CHROMATIC_MIN_P, Playable
    from chords.tokenizer import is_chord_level

    rules = Playable(home, [t for t in context if not t.startswith("<") and t != "|"])
    kinds = {c: rules.kind(c) for c in lm.chord_vocab}
    chord_level = is_chord_level(lm.tokenizer)
    ok = ("diatonic", "used", "chromatic") if chord_level else ("diatonic", "used")
    allowed = frozenset(c for c, k in kinds.items() if k in ok)
    cache = lm.cache.setdefault("constraints", {})
    if allowed not in cache:
        if len(cache) > 32:
            cache.clear()
        cache[allowed] = Constraint(lm.tokenizer, ChordTrie(sorted(allowed)))
    gated = None
    if chord_level:
        ids = [lm.tokenizer.convert_tokens_to_ids(SPACE + c) for c, k in kinds.items() if k == "chromatic"]
        gated = (torch.tensor(ids, dtype=torch.long), CHROMATIC_MIN_P)
    return cache[allowed], gated


def sample_progressions(lm, context: Sequence[str], n: int, length: int, sampling: ChordSampling | None = None,
                        cancelled: Cancelled = _never, constraint: Constraint | None = None,
                        gated: tuple | None = None) -> list[list[str]]:
    """n progressions of `length` chords continuing `context` tokens (markers and chords), as-is (no key moves).

    `constraint`: which chords may be sampled (default: the model's whole vocabulary); `gated`:
    (token ids, minimum probability): chords among them may start only when at least that likely.
    """
    import torch

    s = sampling or ChordSampling()
    tok, model = lm.tokenizer, lm.model
    if constraint is None:
        constraint = lm.cache.get("constraint") or Constraint(tok, ChordTrie(lm.chord_vocab))
        lm.cache["constraint"] = constraint
    con = constraint
    gen = torch.Generator().manual_seed(s.seed if s.seed is not None else torch.seed() % 2**63)
    ids = encode_song(tok, list(context), bos=True, eos=False)
    budget = lm.block_size - length * MAX_TOKENS_PER_CHORD - 1
    if len(ids) > budget:  # keep the most recent context (and <s>)
        ids = ids[:1] + ids[len(ids) - budget + 1 :]
    ctx_chords = [t for t in context if not t.startswith("<") and t != "|"]
    prev0 = ctx_chords[-1] if ctx_chords else None
    rows = [{"partial": None, "prev": prev0, "chords": [], "done": False} for _ in range(n)]
    device = next(model.parameters()).device
    threads = torch.get_num_threads()
    if s.threads and device.type == "cpu":
        torch.set_num_threads(s.threads)
    try:
        _sample_loop(model, tok, con, s, gen, ids, rows, n, length, device, cancelled, gated)
    finally:
        torch.set_num_threads(threads)
    result = []
    for r in rows:
        chords = list(r["chords"])
        if len(chords) < length and r["partial"] in con.trie.complete and not con.trie.same(r["partial"], r["prev"]):
            chords.append(r["partial"])
        result.append(chords[:length])
    return result


def _sample_loop(model, tok, con, s, gen, ids, rows, n, length, device, cancelled, gated=None) -> None:
    """Token-by-token sampling for all rows at once, with a key/value cache; updates `rows`."""
    import torch

    with torch.no_grad():
        out = model(input_ids=torch.tensor([ids] * n, device=device), use_cache=True)
        past, logits = out.cache, out.logits[:, -1, :].float().cpu()
        for _ in range(length * MAX_TOKENS_PER_CHORD + 1):
            if cancelled() or all(r["done"] for r in rows):
                break
            mask = torch.zeros(n, con.V, dtype=torch.bool)
            for j, r in enumerate(rows):
                if r["done"]:
                    mask[j, tok.eos_token_id] = True
                    continue
                may_end = len(r["chords"]) + 1 >= length
                mask[j] = con.allowed(r["partial"], r["prev"], may_end)
                at_start = r["partial"] is None or r["partial"] in con.trie.complete
                if gated is not None and at_start and len(gated[0]):
                    probs = torch.softmax(logits[j, : con.V], -1)
                    mask[j, gated[0][probs[gated[0]] < gated[1]]] = False
                if not mask[j].any():  # nowhere to go (cannot happen with a sane vocab): stop this row
                    r["done"] = True
                    mask[j, tok.eos_token_id] = True
            lg = logits[:, : con.V].masked_fill(~mask, -math.inf)
            if s.repeat_penalty:
                for j, r in enumerate(rows):
                    if r["partial"] is None and r["chords"]:
                        for c in set(r["chords"]):
                            tid = tok.convert_tokens_to_ids(SPACE + c)
                            if isinstance(tid, int) and tid != tok.unk_token_id and tid < con.V:
                                lg[j, tid] -= s.repeat_penalty * r["chords"].count(c)
            nxt = _sample(lg, s, gen)
            for j, r in enumerate(rows):
                if r["done"]:
                    continue
                t = int(nxt[j])
                piece = con.pieces[t]
                if t == tok.eos_token_id or piece.startswith(SPACE):
                    if r["partial"] is not None:
                        r["chords"].append(r["partial"])
                        r["prev"] = r["partial"]
                    r["partial"] = None if t == tok.eos_token_id else piece[1:]
                    if len(r["chords"]) >= length or t == tok.eos_token_id:
                        r["done"] = True
                else:
                    r["partial"] = (r["partial"] or "") + piece
            out = model(input_ids=nxt.unsqueeze(-1).to(device), cache=past, use_cache=True)
            past, logits = out.cache, out.logits[:, -1, :].float().cpu()


def propose(lm, previous: Sequence[str] = (), n: int = 4, length: int = 4, key: str | None = None,
            section: str | None = None, sampling: ChordSampling | None = None,
            cancelled: Cancelled = _never) -> list[list[str]]:
    """Up to n distinct progressions of `length` chords, in `key` (given, else detected from `previous`).

    `previous`: chord symbols and optional section markers ("<verse>") earlier in the song,
    most recent last; symbols that do not parse are ignored. `section`: the kind of section
    being written ("chorus"), added as a marker when the context does not already end in it.
    """
    context: list[str] = []
    for t in previous:
        if t.startswith("<") and t.endswith(">"):
            context.append(t)
        elif (c := try_parse(t)) is not None and not c.is_no_chord:
            context.append(c.symbol)
    chords_in = [t for t in context if not t.startswith("<")]
    try:
        key = normalize_key(key) if key else None
    except ChordError:  # "G mixolydian", a typo: go by the chords instead
        key = None
    key = key or detect_key(chords_in) or "C"
    shift = canonical_shift(key)
    home = transpose_key(key, shift)
    # Spelled exactly as the training corpus spells songs moved home (chords.corpus.to_home_key).
    context = [t if t.startswith("<") else respell(transpose_chord(parse_chord(t), shift), home).symbol for t in context]
    if section:
        from chords.corpus import section_marker

        marker = section_marker(section)
        last_marker = next((t for t in reversed(context) if t.startswith("<")), None)
        if last_marker != marker:
            context.append(marker)
    want = max(1, n)
    con, gated = playable_constraint(lm, home, context)
    raw = sample_progressions(lm, context, want + 2, length, sampling, cancelled, con, gated)
    seen, out = set(), []
    for prog in raw:
        if not prog:
            continue
        moved = [respell(transpose_chord(parse_chord(c), -shift), key).symbol for c in prog]
        if tuple(moved) in seen:
            continue
        seen.add(tuple(moved))
        out.append(moved)
    # Push down progressions that only repeat one or two chords: fuller ones first.
    out.sort(key=lambda p: -min(len(set(p)), 3))
    return out[:want]
