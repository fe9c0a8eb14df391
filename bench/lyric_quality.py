"""Are the shown lines ones a writer would keep? Suggestion quality, today's behaviour vs the new one.

    .venv/bin/python bench/lyric_quality.py --old /tmp/verse-old             # old weights vs models/lyrics/verse
    .venv/bin/python bench/lyric_quality.py --quick                          # 8 prompts a source

Prompts are cut from held-out songs (songdata.csv: evaluation only, never trained on; the
held-out tenth by the one split, `training.heldout`) and held-out poems (the poems the
`verse` job held out for validation: the one split, `training.heldout`). For each
prompt position the real song before it is the context; "next" asks for the next line,
"complete" types the first part of the real line (half of them cut mid-word, half after a
finished word and a space) and asks to complete it. Every row runs in the same process on
the same prompts and seeds: `pool 0` is today's behaviour (the first 4 lines sampled),
`pool N` samples N rows and shows the best 4 (`lyrictui.engine.choose`).

Columns (shown lines = the 4 a request returns):
- real words: share of shown lines whose every word is a real word (`craft.lexicon`: wordfreq
  Zipf >= 3, or a word of the song so far or of the typed part); split/invented: share of completions whose
  added words (the finished word included) hold a non-word (`six-graps`, `tonighter`).
- judge bits/char: a word-trigram Kneser-Ney model fitted on the other 90% of songdata
  (never on poems, never on the held-out songs) scores each shown line; lower = closer to
  how real lyrics read. Independent of the models under test (they never saw songdata), so
  it cannot reward a model for liking its own lines; it does favour common phrasing.
- distinct-2: distinct word bigrams / bigrams over all shown lines (higher = less samey).
- words/line, time per 4-line request (mean and p90 seconds, this machine, same run).
Rhyme rows: `RhymeAwareProvider` (4x oversample, last-word steering) on positions whose real
line rhymes with one above; top-1 rhyme hits and the real-word share of the shown lines.
Bits/char rows: old vs new weights on held-out song and poem text (`lyrictui eval`'s scorer).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.rhyme_target import rhyme_positions  # noqa: E402
from lyrictui.craft.rerank import RhymeAwareProvider, Target, meets  # noqa: E402
from lyrictui.craft.lexicon import non_words, vocabulary  # noqa: E402
from lyrictui.engine.choose import added_words  # noqa: E402
from lyrictui.evaluation.data import read_songs, split_songs  # noqa: E402
from lyrictui.evaluation.metrics import distinct_n  # noqa: E402
from lyrictui.evaluation.ngram import NgramLM  # noqa: E402
from lyrictui.prompt import song_text  # noqa: E402
from lyrictui.providers import LyricRequest  # noqa: E402


def held_out_poems(folder: str, limit: int):
    """The poems the verse job held out (the one split, training.heldout: seed 0, a tenth)."""
    held = split_songs(list(read_songs(folder)), 0.1, 0)[1]
    random.Random(1).shuffle(held)
    return held[:limit]


def positions(songs, n: int, seed: int):
    """(song, section, line) with at least one line before it, one per song, shuffled."""
    rng = random.Random(seed)
    out = []
    for song in songs:
        spots = [(si, li) for si, sec in enumerate(song.sections) for li in range(len(sec.lines))
                 if (si, li) != (0, 0) and len(sec.lines[li].text.split()) >= 3]
        if spots:
            out.append((song, *rng.choice(spots)))
    return out[:n]


def partial_of(text: str, i: int) -> str:
    """The typed part of a real line: half the words, then mid-word (even i) or a space (odd i)."""
    ws = text.split()
    head = " ".join(ws[: max(1, len(ws) // 2)])
    nxt = ws[len(ws) // 2] if len(ws) // 2 < len(ws) else ""
    if i % 2 == 0 and len(nxt) >= 4:
        return f"{head} {nxt[: len(nxt) // 2]}"
    return head + " "


def song_words(song, si: int, li: int) -> frozenset[str]:
    lines = [song.title] + [ln.text for s in song.sections[: si + 1] for ln in s.lines]
    upto = sum(len(s.lines) for s in song.sections[:si]) + li + 1
    return vocabulary(lines[:upto])


def make_providers(path: str, pools: list[int]) -> dict[int, object]:
    """One loaded model, one provider per pool size (0 = today's behaviour)."""
    from lyrictui.engine.load import load_lm
    from lyrictui.engine.provider import EngineProvider
    from lyrictui.engine.sampling import SamplingSettings

    lm = load_lm(path)
    return {pool: EngineProvider(lm, SamplingSettings(seed=0, pool=pool)) for pool in pools}


class Tally:
    """What one behaviour showed over the prompts of one mode."""

    def __init__(self):
        self.shown, self.times, self.bad_real, self.bad_added, self.bits, self.chars = [], [], 0, 0, 0.0, 0
        self.samples = []

    def add(self, got, seconds, known, partial, judge, mode):
        self.times.append(seconds)
        for line in got:
            self.bad_real += bool(non_words(line, known))
            if mode == "complete":
                self.bad_added += bool(non_words(" ".join(added_words(line, partial)), known))
            b, _, _ = judge.bits(line)
            self.bits, self.chars = self.bits + b, self.chars + max(1, len(line))
        self.shown += got
        if len(self.samples) < 3:
            self.samples.append((partial, got))

    def row(self, mode):
        n = max(1, len(self.shown))
        return {
            "lines": len(self.shown), "real": 1 - self.bad_real / n,
            "split": self.bad_added / n if mode == "complete" else None, "judge": self.bits / max(1, self.chars),
            "distinct2": distinct_n(self.shown, 2), "words": statistics.mean(len(x.split()) for x in self.shown) if self.shown else 0.0,
            "t_mean": statistics.mean(self.times), "t_p90": sorted(self.times)[int(0.9 * (len(self.times) - 1))],
            "samples": self.samples,
        }


def suggest_rows(provs: dict, pos, judge: NgramLM, mode: str) -> dict:
    """Every behaviour on every prompt, interleaved so load on the machine hits them alike."""
    tallies = {k: Tally() for k in provs}
    for i, (song, si, li) in enumerate(pos):
        partial = partial_of(song.sections[si].lines[li].text, i) if mode == "complete" else ""
        req = LyricRequest(song=song, section_index=si, line_index=li, n=4, mode=mode, partial=partial)
        # the song so far and what the writer typed count as real (names, coinages)
        known = song_words(song, si, li - 1) | vocabulary([partial])
        for k, prov in provs.items():
            prov.settings.seed = i
            t0 = time.perf_counter()
            got = prov.suggest(req)
            tallies[k].add(got, time.perf_counter() - t0, known, partial, judge, mode)
    return {k: t.row(mode) for k, t in tallies.items()}


def rhyme_rows(provs: dict, pos) -> dict:
    from lyrictui.craft.steer import LMEndingScorer

    out = {}
    aware = {k: RhymeAwareProvider(p, oversample=4, steer=LMEndingScorer(p.lm)) for k, p in provs.items()}
    stats = {k: {"hits": 0, "real": 0, "shown": 0, "times": [], "samples": []} for k in provs}
    for i, (song, si, li, partner, syl) in enumerate(pos):
        req = LyricRequest(song=song, section_index=si, line_index=li, n=4, rhyme_with=partner)
        known = song_words(song, si, li - 1)
        for k, a in aware.items():
            provs[k].settings.seed = i
            t0 = time.perf_counter()
            got = a.suggest(req)
            st = stats[k]
            st["times"].append(time.perf_counter() - t0)
            st["hits"] += bool(got) and meets(got[0], Target(rhyme_with=partner))
            st["real"] += sum(not non_words(x, known) for x in got)
            st["shown"] += len(got)
            if len(st["samples"]) < 3:
                st["samples"].append((partner, got[:2]))
    for k, st in stats.items():
        out[k] = {"hits": st["hits"] / max(1, len(pos)), "real": st["real"] / max(1, st["shown"]),
                  "t_mean": statistics.mean(st["times"]) if st["times"] else 0.0, "samples": st["samples"]}
    return out


def bpc_row(path: str, songs) -> float:
    from lyrictui.engine.load import load_lm
    from lyrictui.evaluation.run import lm_bits

    lm = load_lm(path)
    bits = chars = 0
    for s in songs:
        text = song_text(s)
        b, _ = lm_bits(lm, text)
        bits, chars = bits + b, chars + len(text)
    return bits / max(1, chars)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--songs", default="../shared/data/lyrics/songdata.csv")
    ap.add_argument("--poems", default="../shared/data/poetry/poems")
    ap.add_argument("--model", default="models/lyrics/verse", help="the model folder under test")
    ap.add_argument("--old", help="the previous weights' folder (rows 'old ...'; e.g. from git show)")
    ap.add_argument("--n", type=int, default=30, help="prompts per source (songs, poems) and mode")
    ap.add_argument("--pool", type=int, default=12)
    ap.add_argument("--quick", action="store_true", help="8 prompts per source")
    args = ap.parse_args(argv)
    if not Path(args.songs).exists() or not Path(args.poems).exists():
        print(f"SKIP: need {args.songs} and {args.poems}")
        return 0
    import torch

    torch.set_num_threads(int(os.environ.get("LYRICTUI_THREADS", "2")))
    n = 8 if args.quick else args.n
    train, held = split_songs(list(read_songs(args.songs)), 0.1, 0)
    judge = NgramLM().fit(song_text(s) for s in train)
    poems = held_out_poems(args.poems, n)
    random.Random(0).shuffle(held)
    pos = positions(held, n, 0) + positions(poems, n, 0)
    rpos = rhyme_positions(held + poems, n)
    models = [("old", args.old)] if args.old else []
    models.append(("new" if args.old else "model", args.model))

    print(f"prompts: {len(pos)} next-line + {len(pos)} completion ({sum(1 for p in pos if p[0] in held)} from "
          f"{len(held)} held-out songs, the rest held-out poems); {len(rpos)} rhyme positions\n")
    print("| bits/char (lower better) | held-out songs | held-out poems |")
    print("|---|---|---|")
    for label, path in models:
        print(f"| {label} weights | {bpc_row(path, held[:n]):.3f} | {bpc_row(path, poems):.3f} |")
    print()
    rows, rhymes = [], []
    for label, path in models:
        provs = make_providers(path, [0, args.pool])
        for p in provs.values():  # warm-up (first-call costs: word list, scripted decode), not timed
            p.suggest(LyricRequest(song=pos[0][0], section_index=pos[0][1], line_index=pos[0][2], n=4))
        names = {0: f"{label} weights, today (first 4)", args.pool: f"{label} weights, best 4 of {args.pool}"}
        for mode in ("next", "complete"):
            for k, r in suggest_rows(provs, pos, judge, mode).items():
                rows.append((names[k], mode, r))
        for k, r in rhyme_rows(provs, rpos).items():
            rhymes.append((names[k], r))
        print(f"[{label}: done]", file=sys.stderr)
    print("| behaviour | mode | shown lines | real words | split/invented | judge bits/char | distinct-2 | words/line | s/request (mean, p90) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, mode, r in rows:
        split = "" if r["split"] is None else f"{r['split']:.1%}"
        print(f"| {name} | {mode} | {r['lines']} | {r['real']:.1%} | {split} | {r['judge']:.2f} | {r['distinct2']:.2f} "
              f"| {r['words']:.1f} | {r['t_mean']:.2f}, {r['t_p90']:.2f} |")
    print("\n| behaviour | rhyme target: top-1 hits | real words (shown) | s/request |")
    print("|---|---|---|---|")
    for name, r in rhymes:
        print(f"| {name} | {r['hits']:.0%} | {r['real']:.1%} | {r['t_mean']:.2f} |")
    print("\nSamples (prompt position's typed part -> shown lines):")
    for name, mode, r in rows:
        for partial, got in r["samples"][:2]:
            print(f"- {name}, {mode}{f' [{partial!r}]' if partial else ''}: " + " / ".join(f"`{x}`" for x in got))
    for name, r in rhymes:
        for partner, got in r["samples"][:2]:
            print(f"- {name}, rhyme with '{partner}': " + " / ".join(f"`{x}`" for x in got))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
