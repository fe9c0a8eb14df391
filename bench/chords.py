"""Chord model benchmark on the held-out 10% of songs, against a bigram (Markov) baseline.

    .venv/bin/python bench/chords.py --data ../shared/data/chords/mcgill-billboard           # default model
    .venv/bin/python bench/chords.py --data ../shared/data/chords/mcgill-billboard --quick
    .venv/bin/python bench/chords.py --data ../shared/data/chords/ug-billboard-hits/chords.csv --model mine

The held-out songs are the ones the model's own training held out (same split function, seed
and key handling, read from its lyrictui.json), so nothing scored was trained on. The bigram
baseline is fitted on the same training songs. Figures:
- val loss: mean token NLL (nats) of the chord model (tokenizer-specific);
- perplexity per chord: exp(mean -log P(chord | context)), comparable across tokenizers and
  with the baseline; top-1 / top-5: next-chord accuracy (beam search over whole chords);
- parse / in key: of generated chords (4 progressions x 8 chords continuing the first chords of
  a held-out song, in that song's key), the share that parse and the share diatonic to the key;
- training tokens/s (a few optimizer steps of the model's own architecture; GPU bf16 + compile
  when CUDA is present) and the latency of proposing 4 progressions of 8 chords.
Skips with a message when --data is missing. `--json` prints one JSON object instead.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chords.corpus import augment_keys, is_chord_token, read_corpus, split_songs, to_home_key  # noqa: E402
from chords.keys import canonical_shift, detect_key, in_key, respell, transpose_key  # noqa: E402
from chords.markov import BigramModel  # noqa: E402
from chords.theory import is_valid, parse_chord, transpose_chord  # noqa: E402


def held_out(data: str, job: dict):
    corpus = read_corpus(data, bars=job.get("bars", False), collapse=job.get("collapse_repeats", True))
    train, val = split_songs(corpus.songs, job.get("val_frac", 0.1), job.get("train", {}).get("seed", 0))
    if job.get("augment_keys"):
        train = augment_keys(train)
    if job.get("home_key"):
        train, val = [to_home_key(s) for s in train], [to_home_key(s) for s in val]
    return corpus, train, val


def generation_checks(lm, mk, val, n_songs: int, seed: int = 0):
    """Parse and in-key shares of proposals continuing each song's first 8 chords, model and baseline."""
    from chords.generate import ChordSampling, propose

    rng = random.Random(seed)
    res = {"model": [0, 0, 0], "markov": [0, 0, 0]}  # chords, parsed, in key
    for i, song in enumerate(val[:n_songs]):
        ctx = []
        for t in song.tokens:
            ctx.append(t)
            if sum(map(is_chord_token, ctx)) >= 8:
                break
        key = detect_key([t for t in song.tokens if is_chord_token(t)]) or "C"
        props = propose(lm, ctx, n=4, length=8, key=key, sampling=ChordSampling(seed=seed + i))
        shift = canonical_shift(key)
        home = transpose_key(key, shift)
        home_prev = respell(transpose_chord(parse_chord([t for t in ctx if is_chord_token(t)][-1]), shift), home).symbol
        base = []
        for _ in range(4):
            seq = mk.sample(home_prev, 8, rng)
            base.append([respell(transpose_chord(parse_chord(c), -shift), key).symbol for c in seq])
        for name, progs in (("model", props), ("markov", base)):
            for p in progs:
                for c in p:
                    r = res[name]
                    r[0] += 1
                    ok = is_valid(c)
                    r[1] += ok
                    r[2] += ok and in_key(c, key)
    return {k: {"parse": v[1] / max(1, v[0]), "in_key": v[2] / max(1, v[0]), "chords": v[0]} for k, v in res.items()}


def train_speed(mcfg: dict, vocab: int, steps: int) -> dict:
    """Training tokens/s of this architecture: fp32 on CPU; bf16 autocast + torch.compile on CUDA."""
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    out = {}
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    for dev in devices:
        cfg = GPT2Config(vocab_size=vocab, n_positions=mcfg["block_size"], n_embd=mcfg["n_embd"],
                         n_layer=mcfg["n_layer"], n_head=mcfg["n_head"])
        cfg._attn_implementation = "sdpa"
        model = GPT2LMHeadModel(cfg).to(dev)
        net = torch.compile(model) if dev == "cuda" else model
        opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
        x = torch.randint(0, vocab, (8, mcfg["block_size"]), device=dev)
        amp = torch.autocast("cuda", dtype=torch.bfloat16) if dev == "cuda" else torch.autocast("cpu", enabled=False)
        for i in range(steps + 1):
            if i == 1:  # the first step warms up (and compiles)
                if dev == "cuda":
                    torch.cuda.synchronize()
                t0 = time.perf_counter()
            with amp:
                loss = net(input_ids=x, labels=x).loss
            loss.backward()
            opt.step()
            opt.zero_grad()
        if dev == "cuda":
            torch.cuda.synchronize()
        out[dev] = steps * x.numel() / (time.perf_counter() - t0)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default="../shared/data/chords/mcgill-billboard", help="Chord corpus (file or folder).")
    ap.add_argument("--model", default="default", help="Chord model name in the store, or a folder.")
    ap.add_argument("--quick", action="store_true", help="Fewer positions and songs (a minute or two).")
    ap.add_argument("--positions", type=int, help="Held-out chords scored for top-1/top-5.")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not Path(args.data).exists():
        print(f"skipped: no chord data at {args.data} (pass --data PATH)")
        return 0
    import torch

    torch.set_num_threads(args.threads)
    from chords.scoring import chord_nll, markov_scores, next_chord_accuracy
    from lyrictui.chord_provider import load_chord_model

    lm = load_chord_model(args.model)
    job = lm.meta.get("config", {})
    positions = args.positions or (200 if args.quick else 1000)
    corpus, train, val = held_out(args.data, job)
    vals = [s.tokens for s in val]
    t0 = time.time()
    nll = chord_nll(lm, vals)
    acc = next_chord_accuracy(lm, vals, k=5, max_positions=positions)
    mk = BigramModel.fit([s.tokens for s in train])
    ms = markov_scores(mk, vals, k=5, max_positions=positions)
    gen = generation_checks(lm, mk, val, 8 if args.quick else 40)
    from chords.generate import propose

    ctx = ["D", "A", "Bm", "F#m"]
    propose(lm, ctx, n=4, length=8)  # warm-up
    lat = []
    for i in range(3 if args.quick else 7):
        t = time.perf_counter()
        propose(lm, ctx, n=4, length=8)
        lat.append(time.perf_counter() - t)
    speed = train_speed(lm.meta.get("model_config", {}) or {"block_size": lm.block_size, "n_embd": lm.model.config.n_embd,
                        "n_layer": lm.model.config.n_layer, "n_head": lm.model.config.n_head},
                        len(lm.tokenizer), 3 if args.quick else 8)
    r = {
        "model": lm.name, "data": args.data, "held_out_songs": len(val), "train_songs": len(train),
        "val_loss": nll["token_nll"] / max(1, nll["tokens"]),
        "model_ppl_chord": math.exp(nll["nll"] / max(1, nll["chords"])), "model_top1": acc["top1"],
        "model_top5": acc["top5"], "positions": acc["positions"],
        "markov_ppl_chord": ms["ppl"], "markov_top1": ms["top1"], "markov_top5": ms["top5"],
        "model_parse": gen["model"]["parse"], "model_in_key": gen["model"]["in_key"],
        "markov_parse": gen["markov"]["parse"], "markov_in_key": gen["markov"]["in_key"],
        "train_tokens_per_s": speed, "latency_4x8_s": statistics.median(lat), "seconds": time.time() - t0,
    }
    if args.json:
        print(json.dumps(r))
        return 0
    speeds = ", ".join(f"{d} {v:,.0f}" for d, v in speed.items())
    print(f"chord model `{lm.name}` on {len(val)} held-out songs of {args.data} "
          f"({r['positions']} positions for top-k; {'quick' if args.quick else 'full'} run)\n")
    print("| model | val loss (nats/token) | perplexity per chord | top-1 | top-5 | generated chords that parse | in key |")
    print("|---|---|---|---|---|---|---|")
    print(f"| chord GPT ({lm.name}) | {r['val_loss']:.3f} | {r['model_ppl_chord']:.2f} | {100 * r['model_top1']:.1f}% | "
          f"{100 * r['model_top5']:.1f}% | {100 * r['model_parse']:.1f}% | {100 * r['model_in_key']:.1f}% |")
    print(f"| bigram Markov baseline | - | {r['markov_ppl_chord']:.2f} | {100 * r['markov_top1']:.1f}% | "
          f"{100 * r['markov_top5']:.1f}% | {100 * r['markov_parse']:.1f}% | {100 * r['markov_in_key']:.1f}% |")
    print(f"\ntraining tokens/s: {speeds}; propose 4 x 8 chords: {1000 * r['latency_4x8_s']:.0f} ms (median)")
    print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
