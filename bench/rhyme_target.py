"""How often does the top suggestion hit the writer's rhyme/syllable target, with and without reranking?

    .venv/bin/python bench/rhyme_target.py --data ../shared/data/lyrics/songdata.csv --model verse
    .venv/bin/python bench/rhyme_target.py --data ../shared/data/lyrics/songdata.csv --model ngram --quick

Positions: lines of held-out songs whose last word really rhymes (perfect, multi or near,
not the same word) with a line at most 3 lines above in the same section. Target: rhyme with
that earlier line's last word ("rhyme with line N"), and the real line's syllable count +-1.
The model writes the line with the real song before it as context.

- plain: the inner provider's first candidate of n=4 (what the editor shows on top).
- reranked: `RhymeAwareProvider(inner, oversample=K)`'s first candidate (n=4 from 4*K).
Prints hit rates for rhyme, syllables and both, and a JSON line for the notes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lyrictui.craft.rerank import RhymeAwareProvider, Target, meets  # noqa: E402
from lyrictui.craft.rhymes import rhyme_score  # noqa: E402
from lyrictui.craft.scheme import last_word  # noqa: E402
from lyrictui.craft.syllables import count_syllables  # noqa: E402
from lyrictui.evaluation.data import read_songs, split_songs  # noqa: E402
from lyrictui.providers import LyricRequest  # noqa: E402


def rhyme_positions(songs, limit: int):
    """(song, section, line, partner word, syllables) where the real line rhymes with one above."""
    out = []
    for song in songs:
        for si, sec in enumerate(song.sections):
            texts = [ln.text for ln in sec.lines]
            for li in range(1, len(texts)):
                w = last_word(texts[li])
                if not w:
                    continue
                for j in range(li - 1, max(-1, li - 4), -1):
                    p = last_word(texts[j])
                    if p and p != w and rhyme_score(p, w) >= 0.6:
                        out.append((song, si, li, p, count_syllables(texts[li])))
                        break
    random.Random(0).shuffle(out)
    return out[:limit]


def make_provider(model: str, train_songs, seed: int):
    if model == "ngram":
        from lyrictui.evaluation.ngram import NgramLM, NgramProvider
        from lyrictui.prompt import song_text

        return NgramProvider(NgramLM().fit(song_text(s) for s in train_songs), seed=seed)
    import torch

    torch.set_num_threads(int(os.environ.get("LYRICTUI_THREADS", "2")))
    torch.manual_seed(seed)
    from lyrictui import store
    from lyrictui.engine.load import load_lm
    from lyrictui.engine.provider import EngineProvider

    from lyrictui.engine.sampling import SamplingSettings

    path = Path(model) if Path(model).is_dir() else store.lyrics_dir() / model
    return EngineProvider(load_lm(str(path)), SamplingSettings(seed=seed))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="../shared/data/lyrics/songdata.csv")
    ap.add_argument("--model", default="verse", help="'ngram', a lyric model name in the store, or a folder")
    ap.add_argument("--n", type=int, default=60, help="positions to test")
    ap.add_argument("--oversample", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--quick", action="store_true", help="20 positions")
    ap.add_argument("--steer", action="store_true", help="also steer the last word with the model's ending scores")
    ap.add_argument("--min-logp", type=float, default=-7.0, help="steering: mean ln-prob per token an ending needs")
    ap.add_argument("--json", help="append the result as a JSON line to this file")
    args = ap.parse_args(argv)
    if not Path(args.data).exists():
        print(f"SKIP: no data at {args.data}")
        return 0
    n = 20 if args.quick else args.n
    songs = read_songs(args.data)
    train, held = split_songs(songs, 0.1, 0)
    pos = rhyme_positions(held, n)
    inner = make_provider(args.model, train, args.seed)
    steer = None
    if args.steer and hasattr(inner, "ending_scorer"):  # the n-gram scores endings itself
        steer = inner.ending_scorer
    elif args.steer and hasattr(inner, "lm"):
        from lyrictui.craft.steer import LMEndingScorer

        steer = LMEndingScorer(inner.lm)
    aware = RhymeAwareProvider(inner, oversample=args.oversample, steer=steer, min_logp=args.min_logp)
    counts = {k: 0 for k in ("plain_rhyme", "plain_syll", "plain_both", "rr_rhyme", "rr_syll", "rr_both")}
    t0 = time.time()
    for k, (song, si, li, partner, syl) in enumerate(pos):
        req = LyricRequest(song=song, section_index=si, line_index=li, n=4, rhyme_with=partner, syllables=(syl - 1, syl + 1))
        plain_req = LyricRequest(song=song, section_index=si, line_index=li, n=4)
        rows = {"plain": (inner.suggest(plain_req) or [""])[0], "rr": (aware.suggest(req) or [""])[0]}
        for name, top in rows.items():
            counts[f"{name}_rhyme"] += meets(top, Target(rhyme_with=partner))
            counts[f"{name}_syll"] += meets(top, Target(syllables=(syl - 1, syl + 1)))
            counts[f"{name}_both"] += meets(top, Target(rhyme_with=partner, syllables=(syl - 1, syl + 1)))
        if k < 3:
            print(f"  target: rhyme '{partner}', {syl - 1}-{syl + 1} syl | plain: {rows['plain']!r} | reranked: {rows['rr']!r}")
    m = max(1, len(pos))
    res = {
        "model": args.model,
        "positions": len(pos),
        "oversample": args.oversample,
        "steer": steer is not None,
        "min_logp": args.min_logp if steer is not None else None,
        **{k: round(v / m, 3) for k, v in counts.items()},
        "seconds": round(time.time() - t0, 1),
    }
    print(f"model {args.model}, {len(pos)} positions, oversample {args.oversample}, {res['seconds']} s")
    print("| top-1 hits | rhyme | syllables (+-1) | both |")
    print("|---|---|---|---|")
    print(f"| plain (first of 4) | {res['plain_rhyme']:.0%} | {res['plain_syll']:.0%} | {res['plain_both']:.0%} |")
    print(f"| reranked (best of {4 * args.oversample}{', steered' if steer else ''}) | {res['rr_rhyme']:.0%} | {res['rr_syll']:.0%} | {res['rr_both']:.0%} |")
    print(json.dumps(res))
    if args.json:
        with open(args.json, "a", encoding="utf-8") as f:
            f.write(json.dumps(res) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
