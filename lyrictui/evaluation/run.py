"""One evaluation run: split the data, train the n-gram baseline, score every model the same way.

    from lyrictui.evaluation.run import EvalConfig, evaluate
    result = evaluate(EvalConfig(data="songs.csv", models=["ngram", "verse"]))

Stages: read songs and split (seeded) into train / held-out; fit the n-gram baseline on
the train part; pick positions in the first `n_songs` held-out songs (lines 2.. of each
song, up to `lines_per_song`); then per model: bits per character over those songs'
full text, and one generated line per position with the real song before it as context.
The real lines at those positions form the "held-out lyrics" reference row.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from chords.gpt2 import context_window

from lyrictui.evaluation.data import read_corpus, split_songs
from lyrictui.evaluation.metrics import bpc, line_metrics, norm_line, token_ppl
from lyrictui.evaluation.ngram import NgramLM, normalise
from lyrictui.prompt import build_prompt, song_text
from lyrictui.song.model import Song


@dataclass
class EvalConfig:
    data: str
    models: list[str] = field(default_factory=lambda: ["ngram"])  # "ngram", a store name or a folder
    adapters: list[str] = field(default_factory=list)  # LoRA adapters (store names or folders)
    base: str | None = None  # base for adapters (default: the adapter's own recorded base)
    n_songs: int = 20  # held-out songs scored (perplexity and generation)
    lines_per_song: int = 8  # generated lines per song
    heldout: float = 0.1  # share of songs held out
    seed: int = 0
    ngram_order: int = 3
    max_new_tokens: int = 40  # per generated line (neural models)
    temperature: float = 0.9
    device: str | None = None


Progress = Callable[[str], None]


def positions(songs: list[Song], per_song: int) -> list[list[tuple[int, int]]]:
    """(section, line) positions per song: every non-blank line but the song's first."""
    out = []
    for song in songs:
        pos = [(si, li) for si, sec in enumerate(song.sections) for li, ln in enumerate(sec.lines) if ln.text.strip()]
        out.append(pos[1 : per_song + 1])
    return out


def _ngram_row(lm: NgramLM, songs: list[Song], pos: list[list[tuple[int, int]]], train_lines: set[str], seed: int) -> dict:
    nll = toks = chars = 0
    for s in songs:
        b, t, c = lm.bits(song_text(s))
        nll, toks, chars = nll + b, toks + t, chars + c
    rng = random.Random(seed)
    gen = [[lm.generate_line(build_prompt(s, si, li), rng) for si, li in p] for s, p in zip(songs, pos)]
    row = {"model": "ngram", "bpc": bpc(nll, chars), "ppl": token_ppl(nll, toks), "ppl_unit": "word"}
    row.update(line_metrics(gen, train_lines))
    row["samples"] = [ln for g in gen[:2] for ln in g[:4]]
    return row


def lm_bits(lm, text: str, window: int = 512) -> tuple[float, int]:
    """-log2 P(text) under a causal LM, sliding windows with half-window context. (bits, tokens)"""
    import torch

    tok = lm.tokenizer
    ids = [tok.eos_token_id] + tok(text)["input_ids"]
    limit = context_window(lm.model.config)
    window = min(window, limit)
    stride = window // 2
    nll = 0.0
    scored = 1  # position 0 (the EOS we prepend) is context, never scored
    with torch.no_grad():
        start = 0
        while scored < len(ids):
            end = min(len(ids), start + window)
            x = torch.tensor([ids[start:end]], device=lm.device)
            logits = lm.model(input_ids=x, attention_mask=torch.ones_like(x)).logits[0].float()  # (T, V)
            logp = torch.log_softmax(logits[:-1], dim=-1)
            tgt = x[0, 1:]
            lp = logp.gather(1, tgt[:, None])[:, 0]  # log P(token t+1 | ..t)
            first = scored - start - 1  # skip targets already scored by the previous window
            nll -= lp[first:].sum().item() / math.log(2)
            scored = end
            start = end - stride if end < len(ids) else end
    return nll, len(ids) - 1


def _neural_row(label: str, lm, songs, pos, train_lines: set[str], cfg: EvalConfig) -> dict:
    from lyrictui.engine.generate import generate_lines
    from lyrictui.engine.sampling import SamplingSettings

    nll = toks = chars = 0
    for s in songs:
        text = normalise(song_text(s))
        b, t = lm_bits(lm, text)
        nll, toks, chars = nll + b, toks + t, chars + len(text)
    settings = SamplingSettings(temperature=cfg.temperature, max_new_tokens=cfg.max_new_tokens, seed=cfg.seed)

    def count(t: str) -> int:
        return len(lm.tokenizer(t)["input_ids"])

    gen = []
    for s, p in zip(songs, pos):
        lines = []
        for si, li in p:
            prompt = build_prompt(s, si, li, count_tokens=count, max_tokens=384)
            got = generate_lines(lm, prompt, 1, settings)
            lines.append(got[0] if got else "")
        gen.append(lines)
    row = {"model": label, "bpc": bpc(nll, chars), "ppl": token_ppl(nll, toks), "ppl_unit": "token"}
    row.update(line_metrics(gen, train_lines))
    row["samples"] = [ln for g in gen[:2] for ln in g[:4]]
    return row


def _resolve(name: str, kind: str = "lyrics") -> Path | None:
    from lyrictui import store

    p = Path(name).expanduser()
    if p.is_dir():
        return p
    q = store.lyrics_dir() / name
    return q if q.is_dir() else None


def evaluate(cfg: EvalConfig, progress: Progress = lambda s: None) -> dict:
    t0 = time.time()
    songs, report = read_corpus(cfg.data)
    progress(report.summary())
    if len(songs) < 2:
        raise ValueError(f"{cfg.data}: need at least 2 songs, found {len(songs)}")
    train, held_all = split_songs(songs, cfg.heldout, cfg.seed)
    held = held_all[: cfg.n_songs]
    pos = positions(held, cfg.lines_per_song)
    progress(f"{len(songs)} songs: {len(train)} train, {len(held_all)} held out (split of `lyrictui train lyrics` "
             f"with --seed {cfg.seed} --val-fraction {cfg.heldout}), {len(held)} scored: {_titles(held)}")
    train_lines = {norm_line(ln.text) for s in train for ln in s.all_lines() if ln.text.strip()}

    ref = [[s.sections[si].lines[li].text for si, li in p] for s, p in zip(held, pos)]
    rows = [{"model": "held-out lyrics", **line_metrics(ref, train_lines)}]

    for name in cfg.models:
        if name == "ngram":
            progress("n-gram baseline: fitting on the train songs")
            lm = NgramLM(order=cfg.ngram_order).fit(song_text(s) for s in train)
            rows.append(_ngram_row(lm, held, pos, train_lines, cfg.seed))
            continue
        rows.append(_try_neural(name, None, held, pos, train_lines, cfg, progress))
    for ad in cfg.adapters:
        rows.append(_try_neural(ad, ad, held, pos, train_lines, cfg, progress))
        if not rows[-1].get("error"):
            rows[-1].update(_leak_note(_resolve(ad), songs, held, cfg))

    return {
        "data": str(cfg.data),
        "config": asdict(cfg),
        "songs": len(songs),
        "train_songs": len(train),
        "heldout_songs": len(held),
        "heldout": [{"title": s.title, "artist": s.artist} for s in held],
        "positions": sum(len(p) for p in pos),
        "seconds": round(time.time() - t0, 1),
        "rows": rows,
    }


def _titles(songs: list[Song], most: int = 8) -> str:
    names = [f"{s.title}" + (f" ({s.artist})" if s.artist else "") for s in songs[:most]]
    return "; ".join(names) + (f"; and {len(songs) - most} more (all in --json)" if len(songs) > most else "")


def _leak_note(folder: Path | None, songs: list[Song], held: list[Song], cfg: EvalConfig) -> dict:
    """An adapter trained on this corpus with another split has seen some of these held-out songs: say so."""
    from lyrictui.catalog import read_meta
    from training.heldout import corpus_hash

    meta = read_meta(folder) if folder else {}
    conf, data = meta.get("config") or {}, meta.get("data") or {}
    seed, frac = meta.get("seed"), conf.get("val_fraction")
    if seed is None or frac is None or (seed, frac) == (cfg.seed, cfg.heldout):
        return {}
    if data.get("data_hash") != corpus_hash(songs):
        return {}  # trained on other data: its split says nothing about these songs
    _, its_held = split_songs(songs, frac, seed)
    seen = {id(s) for s in its_held}
    n = sum(1 for s in held if id(s) not in seen)
    return {"note": f"trained on {n} of these {len(held)} held-out songs; rerun with --seed {seed} --heldout {frac}"} if n else {}


def _try_neural(name, adapter, held, pos, train_lines, cfg: EvalConfig, progress: Progress) -> dict:
    label = name if adapter is None else f"{cfg.base or 'base'} + {name}"
    try:
        from lyrictui.catalog import read_meta

        folder = _resolve(name)
        if folder is None:
            raise FileNotFoundError(f"no lyric model named {name!r} in the model store")
        from lyrictui.engine.load import load_lm

        if adapter is None:
            lm = load_lm(str(folder), device=cfg.device)
        else:
            base = cfg.base or read_meta(folder).get("base") or "gpt2"
            label = f"{Path(str(base)).name} + {Path(name).name}"
            lm = load_lm(base, adapter=str(folder), device=cfg.device)
        progress(f"{label}: scoring")
        row = _neural_row(label, lm, held, pos, train_lines, cfg)
        return row
    except Exception as e:  # noqa: BLE001 - one model failing must not hide the others
        return {"model": label, "error": f"{type(e).__name__}: {e}"}
