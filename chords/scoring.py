"""Score a chord LM per chord (so tokenizers and the Markov baseline compare fairly).

    nll = chord_nll(lm, val_songs)       # {"chords": N, "nll": sum, "tokens": T, "token_nll": sum}
    ppl = math.exp(nll["nll"] / nll["chords"])
    acc = next_chord_accuracy(lm, val_songs, k=5, max_positions=1000)   # {"top1": .., "top5": ..}

Perplexity per chord = exp(mean over chords of -log P(chord | everything before)), where a
chord's log-probability is the sum over its tokens; section markers and bar lines are given
context, not predicted. Top-k: the true next chord is among the k likeliest whole chords, found
by a small beam search over the allowed-chord trie (chord probability includes the
probability that the chord ends there).
"""

from __future__ import annotations

import math
from typing import Sequence

from chords.generate import ChordTrie
from chords.tokenizer import SPACE, encode_song, group_chords


def _logprobs(model, ids: list[int], block: int):
    """log P(ids[t] | ids[:t]) for t >= 1 (a list aligned with ids[1:]), windowed past the block size."""
    import torch

    out = [0.0] * (len(ids) - 1)
    start, stride = 0, max(1, block // 2)
    device = next(model.parameters()).device
    done = 0  # targets scored so far
    while done < len(ids) - 1:
        window = ids[start : start + block]
        with torch.no_grad():
            logits = model(input_ids=torch.tensor([window], device=device)).logits[0].float()
        lp = torch.log_softmax(logits[:-1], dim=-1).gather(1, torch.tensor(window[1:], device=device)[:, None])[:, 0]
        for j in range(len(window) - 1):
            t = start + j  # predicts ids[t + 1]
            if t >= done:
                out[t] = float(lp[j])
        done = start + len(window) - 1
        start += stride
    return out


def chord_nll(lm, songs: Sequence[Sequence[str]]) -> dict[str, float]:
    # <unk> stands for a chord the vocabulary lacks: it is scored as that chord (at its probability)
    tok, special = lm.tokenizer, set(lm.tokenizer.all_special_ids) - {lm.tokenizer.unk_token_id}
    tot = {"chords": 0, "nll": 0.0, "tokens": 0, "token_nll": 0.0}
    lm.model.eval()
    for song in songs:
        ids = encode_song(tok, song, bos=True, eos=True)
        lps = _logprobs(lm.model, ids, lm.block_size)
        pos = 1
        for run in group_chords(tok, ids[1:]):
            lp = sum(lps[pos - 1 + i] for i in range(len(run)))
            tot["tokens"] += len(run)
            tot["token_nll"] -= lp
            if run[0] not in special:
                tot["chords"] += 1
                tot["nll"] -= lp
            pos += len(run)
    return tot


class _Ranker:
    """Top-k whole next chords after a context, by beam search constrained to the trie.

    The context is run once per song (teacher forcing); each position reuses its prefix of the
    key/value cache, so a position costs a few one-token steps for its beams.
    """

    def __init__(self, lm, trie: ChordTrie, beam: int = 8):
        import torch

        self.lm, self.trie, self.beam, self.torch = lm, trie, beam, torch
        tok = lm.tokenizer
        self.pieces = tok.convert_ids_to_tokens(list(range(len(tok))))
        special = set(tok.all_special_ids)
        self.starts = [i for i, p in enumerate(self.pieces) if p.startswith(SPACE) and i not in special]
        self.enders = torch.tensor(self.starts + sorted(special))  # any of these after a chord ends it
        self.conts = [i for i, p in enumerate(self.pieces) if not p.startswith(SPACE) and i not in special]

    def song(self, ids: list[int]):
        """(log-probs of every next token (T, V), per-layer (keys, values)) for one song's ids."""
        torch = self.torch
        with torch.no_grad():
            out = self.lm.model(input_ids=torch.tensor([ids]), use_cache=True)
        kv = [(layer.keys, layer.values) for layer in out.cache.layers]
        return torch.log_softmax(out.logits[0].float(), dim=-1), kv

    def top(self, first: "object", kv: list, pos: int, k: int) -> list[str]:
        """k likeliest chords after ids[:pos]; `first` = log-probs of the token at pos."""
        from transformers import DynamicCache

        torch, trie, pieces = self.torch, self.trie, self.pieces
        order = torch.argsort(first[self.starts], descending=True).tolist()
        beams = []
        for j in order:
            i = self.starts[j]
            if trie.can_reach(pieces[i][1:]):
                beams.append((float(first[i]), pieces[i][1:], i))
                if len(beams) == self.beam:
                    break
        cache = DynamicCache(ddp_cache_data=[(kk[:, :, :pos].expand(len(beams), -1, -1, -1).contiguous(),
                                              vv[:, :, :pos].expand(len(beams), -1, -1, -1).contiguous())
                                             for kk, vv in kv])
        finished: list[tuple[float, str]] = []
        for _ in range(4):
            if not beams:
                break
            with torch.no_grad():
                out = self.lm.model(input_ids=torch.tensor([[b[2]] for b in beams]), cache=cache,
                                    use_cache=True)
            cache = out.cache
            lps = torch.log_softmax(out.logits[:, -1].float(), dim=-1)
            new = []
            for parent, ((lp, partial, _), row) in enumerate(zip(beams, lps)):
                if partial in trie.complete:
                    finished.append((lp + float(torch.logsumexp(row[self.enders], 0)), partial))
                for i in self.conts:
                    if trie.can_reach(partial + pieces[i]):
                        new.append((lp + float(row[i]), partial + pieces[i], i, parent))
            floor = sorted((f[0] for f in finished), reverse=True)[k - 1] if len(finished) >= k else -math.inf
            kept = [b for b in sorted(new, key=lambda b: -b[0])[: self.beam] if b[0] > floor]
            if kept:
                cache.batch_select_indices(torch.tensor([b[3] for b in kept]))
            beams = [b[:3] for b in kept]
        best: dict[str, float] = {}
        for lp, c in finished:
            best[c] = max(best.get(c, -math.inf), lp)
        return sorted(best, key=lambda c: -best[c])[:k]


def next_chord_accuracy(lm, songs: Sequence[Sequence[str]], k: int = 5, max_positions: int = 1000,
                        beam: int = 8) -> dict[str, float]:
    """Share of held-out chords that are the model's first guess (top1) / among its k guesses."""
    tok, special = lm.tokenizer, set(lm.tokenizer.all_special_ids)
    ranker = _Ranker(lm, ChordTrie(lm.chord_vocab), beam)
    hits1 = hitsk = n = 0
    lm.model.eval()
    for song in songs:
        ids = encode_song(tok, song, bos=True, eos=False)[: lm.block_size - 8]  # positions with room to spell
        first, kv = ranker.song(ids)
        pos = 1
        for run in group_chords(tok, ids[1:]):
            if pos + len(run) > len(ids):
                break
            if run[0] not in special and pos > 1:
                truth = "".join(tok.convert_ids_to_tokens(run)).replace(SPACE, "")
                guesses = ranker.top(first[pos - 1], kv, pos, k)
                hits1 += bool(guesses) and guesses[0] == truth
                hitsk += truth in guesses
                n += 1
                if n >= max_positions:
                    return {"top1": hits1 / n, f"top{k}": hitsk / n, "positions": n}
            pos += len(run)
    return {"top1": hits1 / max(1, n), f"top{k}": hitsk / max(1, n), "positions": n}


def markov_scores(mk, songs: Sequence[Sequence[str]], k: int = 5, max_positions: int = 1000) -> dict[str, float]:
    """The same figures for the bigram baseline (`chords.markov.BigramModel`)."""
    from chords.markov import START, transitions

    nll = 0.0
    chords = hits1 = hitsk = n = 0
    tops: dict[str, list[str]] = {}
    for song in songs:
        for prev, t in transitions(song):
            nll -= mk.logprob(t, prev)
            chords += 1
            if n < max_positions and prev != START:
                if prev not in tops:
                    tops[prev] = mk.top(prev, k)
                g = tops[prev]
                hits1 += g[0] == t
                hitsk += t in g
                n += 1
    return {"ppl": math.exp(nll / max(1, chords)), "chords": chords, "top1": hits1 / max(1, n),
            f"top{k}": hitsk / max(1, n), "positions": n}


def song_logprobs(lm, ids: list[int]):
    """log P(next token | ids[:t+1]) for every t, as a (T, V) tensor; past the block size each row
    comes from a window that keeps at least half a block of the most recent context."""
    import torch

    block, T = lm.block_size, len(ids)
    device = next(lm.model.parameters()).device
    out = torch.empty(T, lm.model.config.vocab_size)
    start, half = 0, max(1, lm.block_size // 2)
    with torch.no_grad():
        while True:
            window = ids[start : start + block]
            lp = torch.log_softmax(lm.model(input_ids=torch.tensor([window], device=device)).logits[0].float(), -1)
            first = 0 if start == 0 else half  # rows before this had a longer window already
            out[start + first : start + len(window)] = lp[first:].cpu()
            if start + block >= T:
                return out
            start += half


def chord_level_scores(lm, songs: Sequence[Sequence[str]], ks: Sequence[int] = (1, 3, 5)) -> dict[str, float]:
    """Top-k and perplexity per chord of a one-token-per-chord model over EVERY chord of `songs`.

    The ranking is over chord tokens only; a chord the vocabulary lacks is a miss (and scored
    with the <unk> probability). Context chords outside the vocabulary are folded to the
    nearest known chord (`chords.vocab.ChordIndex`).
    """
    import torch

    from chords.tokenizer import tokenizer_chords
    from chords.vocab import ChordIndex

    tok = lm.tokenizer
    index = ChordIndex(tokenizer_chords(tok))
    chord_ids = torch.tensor([tok.convert_tokens_to_ids(SPACE + c) for c in index.symbols])
    hits = {k: 0 for k in ks}
    n, nll = 0, 0.0
    special = set(tok.all_special_ids) - {tok.unk_token_id}
    for song in songs:
        folded = [t if t.startswith("<") or t == "|" else (index.fold(t) or t) for t in song]
        ids = encode_song(tok, folded, bos=True, eos=False)
        lps = song_logprobs(lm, ids)
        chord_pos = [i for i, t in enumerate(ids) if t not in special]
        truths = [t for t in song if not t.startswith("<") and t != "|"]
        for pos, truth in zip(chord_pos, truths):
            row = lps[pos - 1]
            tid = tok.convert_tokens_to_ids(SPACE + truth) if truth in index.known else tok.unk_token_id
            nll -= float(row[tid])
            order = torch.argsort(row[chord_ids], descending=True)[: max(ks)].tolist()
            for k in ks:
                hits[k] += any(index.symbols[j] == truth for j in order[:k])
            n += 1
    return {**{f"top{k}": hits[k] / max(1, n) for k in ks}, "ppl": math.exp(nll / max(1, n)), "positions": n}
