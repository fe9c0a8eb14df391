"""Next-chord benchmark over EVERY held-out position, with the baselines scored in the same run.

    .venv/bin/python bench/chords.py                                   # models/chords/default
    .venv/bin/python bench/chords.py --model exp-home --quick          # 20 songs a set
    .venv/bin/python bench/chords.py --json

Sets: the McGill Billboard songs the model's own training held out (same split function, seed
and val share, read from its lyrictui.json), and the Ultimate Guitar set (evaluation only: its
stable 10% by the same split function). Every chord of every song is a position (repeats
collapsed, as in training). Everything is scored in the home key (C major / A minor, each song
moved by its detected key), where the model and the fitted baselines work.

Rows: the model alone (ranking over its chord vocabulary); the model as the editor ranks
(`chords.next_chords.NextConfig()`: section memory, playable filter); the old BPE model is
ranked by beam search (`chords.scoring._Ranker`). Baselines fitted on the same McGill training
songs: unigram, bigram (`chords.markov`), recent history (the last k distinct chords of the
song, most recent first) and song copy (what followed the same chords earlier in the song).
Columns: top-1/3/5; perplexity per chord (exp mean -log P, chord of the truth; the LM's
probability is its own, unrenormalised); of the top-1 proposals the share diatonic to the key
(beside the share of the true continuations), the share that parse, and slash chords among the
top-5 with a bass outside the chord and the key. Then generated progressions (4 x 8 chords
continuing each song's first 8), and latencies: a next-chord list from a Song (the editor's
path through `lyrictui.chord_provider`), and 4 progressions of 8 chords.
Skips with a message when the data is missing.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chords.corpus import is_chord_token, read_corpus, split_songs, to_home_key  # noqa: E402
from chords.keys import in_key  # noqa: E402
from chords.markov import START, BigramModel  # noqa: E402
from chords.playable import bass_ok  # noqa: E402
from chords.song_memory import copy_distribution, recent_history  # noqa: E402
from chords.theory import try_parse  # noqa: E402

KS = (1, 2, 3, 4, 5)


class Tally:
    """Hits at every k, log-likelihood, and checks on the proposals of one row over one set."""

    def __init__(self):
        self.n = 0
        self.hits = Counter()
        self.nll, self.n_nll = 0.0, 0
        self.top1 = self.top1_in_key = self.top1_parse = 0
        self.truth_in_key = 0
        self.slash_bad = self.proposals = 0

    def add(self, guesses: list[str], truth: str, key: str, logp: float | None = None) -> None:
        self.n += 1
        for k in KS:
            self.hits[k] += truth in guesses[:k]
        if logp is not None:
            self.nll -= logp
            self.n_nll += 1
        self.truth_in_key += _in_key(truth, key)
        if guesses:
            self.top1 += 1
            self.top1_parse += try_parse(guesses[0]) is not None
            self.top1_in_key += _in_key(guesses[0], key)
        for g in guesses[:5]:
            self.proposals += 1
            self.slash_bad += not bass_ok(g, key)

    def row(self) -> dict:
        n = max(1, self.n)
        return {"positions": self.n, **{f"top{k}": self.hits[k] / n for k in KS},
                "ppl": math.exp(self.nll / self.n_nll) if self.n_nll else None,
                "top1_in_key": self.top1_in_key / max(1, self.top1), "truth_in_key": self.truth_in_key / n,
                "parse": self.top1_parse / max(1, self.top1), "slash_bad": self.slash_bad,
                "proposals": self.proposals}


def _in_key(symbol: str, key: str) -> bool:
    c = try_parse(symbol)
    return c is not None and in_key(c, key)


def positions(tokens: list[str]):
    """(index, previous token or START, chords so far, truth) for every chord of a token song."""
    prev, chords = START, []
    for i, t in enumerate(tokens):
        if t == "|":
            continue
        if is_chord_token(t):
            yield i, prev, list(chords), t
            chords.append(t)
        prev = t


def score_baselines(songs, train, tallies: dict) -> None:
    mk = BigramModel.fit([s.tokens for s in train])
    uni = Counter(t for s in train for t in s.tokens if is_chord_token(t))
    uni_top, uni_total, uni_v = [c for c, _ in uni.most_common(5)], sum(uni.values()), len(uni) + 1
    tops: dict[str, list[str]] = {}
    for s in songs:
        for _, prev, chords, truth in positions(s.tokens):
            if prev not in tops:
                tops[prev] = mk.top(prev, 5)
            tallies["unigram"].add(uni_top, truth, s.key, math.log((uni.get(truth, 0) + 1) / (uni_total + uni_v)))
            tallies["bigram (Markov)"].add(tops[prev], truth, s.key, mk.logprob(truth, prev))
            tallies["recent history"].add(recent_history(chords, 5), truth, s.key)
            copy = copy_distribution(chords)
            tallies["song copy"].add(sorted(copy, key=lambda c: -copy[c])[:5], truth, s.key)


def score_chord_level(lm, songs, tallies: dict, configs: dict) -> None:
    """The one-token-per-chord model at every position: one forward pass per song."""
    from chords.next_chords import ChordTable, SongFrame, rank
    from chords.scoring import song_logprobs

    table = ChordTable.of(lm)
    tok = lm.tokenizer
    for s in songs:
        folded = [t if not is_chord_token(t) else (table.index.fold(t) or t) for t in s.tokens]
        ids = [tok.bos_token_id] + [tok.convert_tokens_to_ids(t) if not is_chord_token(t) else
                                    tok.convert_tokens_to_ids("▁" + t) for t in folded]
        ids = [tok.unk_token_id if i is None else i for i in ids]
        lps = song_logprobs(lm, ids)
        frame = SongFrame(s.key, 0, s.key, [])
        for i, _, _, truth in positions(s.tokens):
            frame.tokens = s.tokens[:i]
            row = lps[i]  # predicts token i (ids are shifted by the <s>)
            tid = tok.convert_tokens_to_ids("▁" + truth) if truth in table.index.known else tok.unk_token_id
            for j, (name, cfg) in enumerate(configs.items()):
                ranked = rank(table, row, frame, cfg)
                # perplexity: the model's own probability, on the first (model-alone) row
                tallies[name].add([r.chord for r in ranked], truth, s.key, float(row[tid]) if j == 0 else None)
            frame.rules.use(truth)


def score_bpe(lm, songs, tally: Tally) -> None:
    """An older BPE model: beam search over whole chords at every position (windows past the block)."""
    from chords.generate import ChordTrie
    from chords.scoring import _Ranker, chord_nll
    from chords.tokenizer import SPACE, encode_song, group_chords

    tok, special = lm.tokenizer, set(lm.tokenizer.all_special_ids)
    ranker = _Ranker(lm, ChordTrie(lm.chord_vocab), 8)
    width = lm.block_size - 8  # room to spell a chord after the context
    half = width // 2
    for s in songs:
        ids = encode_song(tok, s.tokens, bos=True, eos=False)
        starts, pos = [], 1
        for run in group_chords(tok, ids[1:]):
            if run[0] not in special:
                starts.append((pos, "".join(tok.convert_ids_to_tokens(run)).replace(SPACE, "")))
            pos += len(run)
        cache: dict[int, tuple] = {}
        for p, truth in starts:
            w0 = 0 if p < width else ((p - width) // half + 1) * half
            if w0 not in cache:
                cache = {w0: ranker.song(ids[w0 : w0 + width])}
            first, kv = cache[w0]
            tally.add(ranker.top(first[p - w0 - 1], kv, p - w0, 5), truth, s.key)
    nll = chord_nll(lm, [s.tokens for s in songs])
    tally.nll, tally.n_nll = nll["nll"], nll["chords"]


def generation_checks(lm, songs, n_songs: int) -> dict:
    """Progressions of 8 chords continuing each song's first 8 chords: parse, in key, bad slash bass."""
    from chords.generate import ChordSampling, propose

    tot = parsed = key_ok = bad = 0
    for i, s in enumerate(songs[:n_songs]):
        ctx = []
        for t in s.tokens:
            ctx.append(t)
            if sum(map(is_chord_token, ctx)) >= 8:
                break
        for prog in propose(lm, ctx, n=4, length=8, key=s.key, sampling=ChordSampling(seed=i)):
            for c in prog:
                tot += 1
                ok = try_parse(c) is not None
                parsed += ok
                key_ok += ok and _in_key(c, s.key)
                bad += ok and not bass_ok(c, s.key)
    return {"chords": tot, "parse": parsed / max(1, tot), "in_key": key_ok / max(1, tot), "slash_bad": bad}


def latencies(lm, model_name: str, repeats: int) -> dict:
    from chords.generate import propose
    from lyrictui.chord_provider import ChordModelProvider
    from lyrictui.providers import ProgressionRequest
    from lyrictui.song.model import Song

    out = {}
    song = Song.from_dict({"title": "bench", "key": "D", "sections": [
        {"kind": kind, "lines": [{"text": "a line", "chords": [{"pos": 2 * j, "chord": c} for j, c in enumerate(cs)]}
                                 for _ in range(2)]}
        for kind, cs in (("verse", ["D", "A", "Bm", "G"]), ("chorus", ["G", "D", "A", "Bm"]),
                         ("verse", ["D", "A", "Bm", "G"]), ("chorus", ["G"]))]})
    provider = ChordModelProvider(model_name)
    req = ProgressionRequest(song, 3, 0)
    try:
        provider.next_chords(req)  # loads the model
        lat = []
        for _ in range(repeats):
            t = time.perf_counter()
            provider.next_chords(req)
            lat.append(time.perf_counter() - t)
        out["next_chords_ms"] = 1000 * statistics.median(lat)
        out["next_chords_sample"] = [f"{r.chord} {100 * r.prob:.0f}%" for r in provider.next_chords(req)[:5]]
    except ValueError as e:  # a BPE model has no ranked next chords
        out["next_chords_ms"] = None
        out["next_chords_sample"] = [str(e)]
    ctx = ["D", "A", "Bm", "F#m"]
    propose(lm, ctx, n=4, length=8)
    lat = []
    for _ in range(repeats):
        t = time.perf_counter()
        propose(lm, ctx, n=4, length=8)
        lat.append(time.perf_counter() - t)
    out["propose_4x8_ms"] = 1000 * statistics.median(lat)
    return out


def load_sets(args, job: dict) -> dict:
    corpus = read_corpus(args.data, bars=job.get("bars", False), collapse=job.get("collapse_repeats", True))
    train, val = split_songs(corpus.songs, job.get("val_frac", 0.1), job.get("train", {}).get("seed", 0))
    home = lambda songs: [to_home_key(s) for s in songs if s.key]  # noqa: E731
    sets = {"McGill held-out": (home(val), home(train))}
    if args.ug and Path(args.ug).exists():
        ug = read_corpus(args.ug, collapse=job.get("collapse_repeats", True))
        sets["Ultimate Guitar (eval only)"] = (home(split_songs(ug.songs, 0.1, 0)[1]), sets["McGill held-out"][1])
    if args.quick:
        sets = {k: (v[:20], t) for k, (v, t) in sets.items()}
    return sets


def table(name: str, n_songs: int, rows: dict) -> str:
    out = [f"\n**{name}**: {n_songs} songs, {next(iter(rows.values()))['positions']} positions\n",
           "| ranker | top-1 | top-3 | top-5 | perplexity | top-1 in key (truth) | parse | bad slash bass (of top-5) |",
           "|---|---|---|---|---|---|---|---|"]
    for r, v in rows.items():
        ppl = f"{v['ppl']:.1f}" if v["ppl"] else "-"
        out.append(f"| {r} | {100 * v['top1']:.1f}% | {100 * v['top3']:.1f}% | {100 * v['top5']:.1f}% | {ppl} | "
                   f"{100 * v['top1_in_key']:.1f}% ({100 * v['truth_in_key']:.1f}%) | {100 * v['parse']:.1f}% | "
                   f"{v['slash_bad']} of {v['proposals']} |")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="../shared/data/chords/mcgill-billboard", help="McGill Billboard folder.")
    ap.add_argument("--ug", default="../shared/data/chords/ug-billboard-hits/chords.csv",
                    help="Ultimate Guitar chords.csv (evaluation only); skipped when missing.")
    ap.add_argument("--model", default="default", help="Chord model name in the store, or a folder.")
    ap.add_argument("--quick", action="store_true", help="20 songs a set.")
    ap.add_argument("--copy-weights", default="",
                    help="Extra editor rows with these copy-prior weights, e.g. 0,0.2,0.4 (to choose NextConfig's).")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not Path(args.data).exists():
        print(f"skipped: no chord data at {args.data} (pass --data PATH)")
        return 0
    import torch

    torch.set_num_threads(args.threads)
    from chords.next_chords import MODEL_ONLY, NextConfig
    from chords.tokenizer import is_chord_level
    from lyrictui.chord_provider import load_chord_model

    lm = load_chord_model(args.model)
    sets = load_sets(args, lm.meta.get("config", {}))
    t0 = time.time()
    result = {"model": lm.name, "sets": {}}
    for set_name, (songs, train) in sets.items():
        tallies = {k: Tally() for k in ("unigram", "bigram (Markov)", "recent history", "song copy")}
        if is_chord_level(lm.tokenizer):
            configs = {f"chord GPT `{lm.name}` (model alone)": MODEL_ONLY,
                       f"chord GPT `{lm.name}` as the editor ranks": NextConfig(k=5)}
            for w in filter(None, args.copy_weights.split(",")):
                configs[f"editor ranking, copy weight {float(w):g}"] = NextConfig(k=5, copy_weight=float(w))
            tallies.update({k: Tally() for k in configs})
            score_chord_level(lm, songs, tallies, configs)
        else:
            tallies[f"chord GPT `{lm.name}` (BPE, beam)"] = Tally()
            score_bpe(lm, songs, tallies[f"chord GPT `{lm.name}` (BPE, beam)"])
        score_baselines(songs, train, tallies)
        rows = {k: t.row() for k, t in tallies.items()}
        result["sets"][set_name] = {"songs": len(songs), "rows": rows}
        if not args.json:
            print(table(set_name, len(songs), rows))
            ks = " | ".join(f"top-{k}" for k in KS)
            print(f"\n| {set_name}: ranker | {ks} |\n|---|" + "---|" * len(KS))
            for r, v in rows.items():
                print(f"| {r} | " + " | ".join(f"{100 * v[f'top{k}']:.1f}%" for k in KS) + " |")
    mc = sets["McGill held-out"][0]
    result["generation"] = generation_checks(lm, mc, 8 if args.quick else 40)
    result["latency"] = latencies(lm, args.model, 5 if args.quick else 20)
    result["seconds"] = time.time() - t0
    if args.json:
        print(json.dumps(result))
        return 0
    g, lat = result["generation"], result["latency"]
    print(f"\ngenerated progressions ({g['chords']} chords, 4 x 8 continuing the first 8 chords of "
          f"{min(len(mc), 8 if args.quick else 40)} held-out songs): parse {100 * g['parse']:.1f}%, "
          f"in key {100 * g['in_key']:.1f}%, bad slash bass {g['slash_bad']}")
    nc = f"{lat['next_chords_ms']:.1f} ms" if lat["next_chords_ms"] is not None else "n/a"
    print(f"\n| latency (median) | ms |\n|---|---|\n| next-chord list from a song (editor path) | {nc} |\n"
          f"| propose 4 progressions x 8 chords | {lat['propose_4x8_ms']:.0f} |")
    print(f"\nnext chords for a song in D at its second chorus (after G): {', '.join(lat['next_chords_sample'])}")
    print(f"({result['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
