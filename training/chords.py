"""The chord training job behind `lyrictui train chords`: corpus -> BPE tokenizer -> GPT-2 from scratch.

    from training.chords import ChordJobConfig, run_job
    result = run_job(ChordJobConfig(data="chords.csv", name="mine", preset="tiny"))

Stages (in order): read + normalise the corpus, hold out 10% of the songs, transpose the rest
into 12 keys (--augment-keys), train the tokenizer, pack songs into blocks, train with
`training.loop.train` (checkpoints in `run_dir`, --resume continues), score per chord on the
held-out songs, then write `models/chords/<name>/` atomically: config.json + model.safetensors,
tokenizer.json, chord_vocab.json, lyrictui.json (config, data stats + hash, metrics, command),
loss.csv, loss.png, README.md.
"""

from __future__ import annotations

import json
import math
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from chords.corpus import Corpus, augment_keys, is_chord_token, read_corpus, split_songs, to_home_key
from chords.keys import respell
from chords.model import CHORD_VOCAB_FILE, META_FILE, ChordLM, ChordModelConfig, build_model
from chords.theory import parse_chord, transpose_chord
from chords.tokenizer import (TABLE_HEAD, encode_song, tokenizer_chords, tokenizer_stats, train_chord_tokenizer,
                              train_tokenizer)
from chords.vocab import ChordIndex
from training.evaluate import name_causal_lm_loss
from training.guard import check_chord_corpus, destination
from training.loop import TrainConfig
from training.loop_parts import save_quietly


@dataclass
class ChordJobConfig:
    data: str = ""  # a file or folder of chord songs (see chords.corpus)
    name: str = "mine"  # model folder name under models/chords/
    preset: str = "tiny"  # tiny | small | gpt2 (chords.model.PRESETS)
    n_layer: int | None = None  # overrides of the preset
    n_head: int | None = None
    n_embd: int | None = None
    block_size: int | None = None
    dropout: float = 0.1
    tokenizer: str = "chord"  # chord: one token per chord symbol (next chord = one softmax) | bpe: chord pieces
    min_chord_count: int = 2  # chord tokenizer: chords seen fewer times fold to the nearest known chord
    vocab_size: int = 512  # BPE vocabulary, special tokens included
    whole_songs: bool = True  # each block starts songs at their beginning (padded), so context is the song so far
    augment_keys: bool = False  # transpose each training song into all 12 keys
    home_key: bool = False  # instead move every song to C major / A minor (12x less data; generation samples there)
    bars: bool = False  # keep bar lines as tokens
    collapse_repeats: bool = True  # "C C G G" -> "C G": learn chord changes, not bar counts
    val_frac: float = 0.1  # share of songs held out for validation and metrics
    eval_positions: int = 1000  # held-out chords scored for top-1/top-5 accuracy
    compare_gpt2: bool = True  # print/save the tokenizer comparison with GPT-2's (loads GPT-2's vocab)
    threads: int = 0  # torch CPU threads; 0 = torch's default
    train: TrainConfig = field(default_factory=TrainConfig)

    def model_config(self, vocab_size: int, block_size: int | None = None) -> ChordModelConfig:
        return ChordModelConfig.from_preset(
            self.preset, n_layer=self.n_layer, n_head=self.n_head, n_embd=self.n_embd,
            block_size=self.block_size or block_size, dropout=self.dropout, vocab_size=vocab_size,
        )

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["train"] = self.train.to_dict()
        return d


@dataclass
class Prepared:
    corpus: Corpus
    train_songs: list[list[str]]
    val_songs: list[list[str]]
    tokenizer: Any


def prepare(cfg: ChordJobConfig, log: Callable[[str], None] = print) -> Prepared:
    corpus = read_corpus(cfg.data, bars=cfg.bars, collapse=cfg.collapse_repeats)
    log(corpus.stats.summary())
    check_chord_corpus(corpus.stats)  # random files or prose: refused before anything is trained
    if len(corpus.songs) < 2:
        raise ValueError(f"{cfg.data}: need at least 2 songs with chords, found {len(corpus.songs)}")
    train, val = split_songs(corpus.songs, cfg.val_frac, cfg.train.seed)
    if cfg.augment_keys and cfg.home_key:
        raise ValueError("choose --augment-keys (all 12 keys) or --home-key (C major / A minor), not both")
    if cfg.augment_keys:
        train = augment_keys(train)
    if cfg.home_key:
        train, val = [to_home_key(s) for s in train], [to_home_key(s) for s in val]
    how = " (12 keys each)" if cfg.augment_keys else " (moved to C major / A minor)" if cfg.home_key else ""
    log(f"{len(train)} training songs{how}, {len(val)} held out")
    if cfg.tokenizer == "chord":
        tok = train_chord_tokenizer([s.tokens for s in train], min_count=cfg.min_chord_count)
        index = ChordIndex(tokenizer_chords(tok))
        train_tokens = [fold_song(index, s.tokens) for s in train]
        folded = sum(a != b for s, f in zip(train, train_tokens) for a, b in zip(s.tokens, f))
        log(f"chord tokenizer: {len(index.symbols)} chords seen {cfg.min_chord_count}+ times; "
            f"{folded} rarer training chords folded to the nearest known chord")
        return Prepared(corpus, train_tokens, [s.tokens for s in val], tok)
    tok = train_tokenizer([s.tokens for s in train], vocab_size=cfg.vocab_size)
    return Prepared(corpus, [s.tokens for s in train], [s.tokens for s in val], tok)


def fold_song(index: ChordIndex, tokens: list[str]) -> list[str]:
    """A token song with every chord the vocabulary lacks replaced by its nearest known chord."""
    return [t if not is_chord_token(t) else (index.fold(t) or t) for t in tokens]


def block_size_for(docs: list[list[int]], share: float = 0.98, multiple: int = 32) -> int:
    """The block size that holds `share` of the songs whole (rounded up to `multiple` tokens)."""
    lengths = sorted(len(d) + 1 for d in docs)
    need = lengths[min(len(lengths) - 1, int(share * len(lengths)))]
    return max(multiple, -(-need // multiple) * multiple)


def song_blocks(docs: list[list[int]], block_size: int, eos_id: int, pad_id: int) -> list[list[int]]:
    """Pack whole songs into blocks, each song starting at its <s> and never cut across blocks.

    Songs are placed in order, a new block begun when the next one does not fit; the rest of a
    block is padding (masked out of the loss). A song longer than a block becomes overlapping
    windows (stride half a block), so its later chords still see half a block of the song.
    """
    blocks: list[list[int]] = []
    cur: list[int] = []
    half = block_size // 2
    for doc in docs:
        doc = list(doc) + [eos_id]
        if len(doc) > block_size:
            starts = list(range(0, len(doc) - block_size, half)) + [len(doc) - block_size]
            blocks.extend(doc[s : s + block_size] for s in starts)
            continue
        if len(cur) + len(doc) > block_size:
            blocks.append(cur + [pad_id] * (block_size - len(cur)))
            cur = []
        cur += doc
    if cur:
        blocks.append(cur + [pad_id] * (block_size - len(cur)))
    return blocks


def padded_loss(pad_id: int):
    """A training-loop loss that ignores padding (whole-song blocks end in <pad>)."""

    def loss(model, batch):
        import torch

        name_causal_lm_loss(model)
        labels = batch.masked_fill(batch == pad_id, -100)
        return model(input_ids=batch, attention_mask=torch.ones_like(batch), labels=labels).loss

    return loss


def tokenizer_table(prep: Prepared) -> str:
    """melodyGPT's comparison on the held-out songs: ours vs GPT-2's tokenizer."""
    from lyrictui.gpt2_tokenizer import gpt2_tokenizer

    tok, g = prep.tokenizer, gpt2_tokenizer()
    songs = prep.val_songs or prep.train_songs
    from chords.tokenizer import is_chord_level

    ours = tokenizer_stats("chord tokens (ours)" if is_chord_level(tok) else "chord BPE (ours)", len(tok), lambda t: tok(t, add_special_tokens=False)["input_ids"],
                           songs, encode_tokens=lambda s: encode_song(tok, s, bos=False, eos=False))
    theirs = tokenizer_stats("GPT-2", len(g), lambda t: g(t)["input_ids"], songs)
    return "\n".join([TABLE_HEAD, ours.row(), theirs.row()])


def chord_vocab(train_songs: list[list[str]]) -> list[str]:
    """Every training chord in every key (spelled as written, and as C major / A minor charts spell them)."""
    seen = {t for s in train_songs for t in s if is_chord_token(t)}
    out = set(seen)
    for sym in seen:
        c = parse_chord(sym)
        for k in range(12):
            moved = transpose_chord(c, k, "plain")
            out.update((moved.symbol, respell(moved, "C").symbol, respell(moved, "Am").symbol))
    return sorted(out)


def run_job(cfg: ChordJobConfig, models_root: Path, run_dir: Path, resume: bool = False,
            command: str = "", log: Callable[[str], None] = print,
            on_event: Callable[[dict], None] | None = None,
            confirm_replace: Callable[[str], bool] | None = None) -> dict:
    import torch

    from chords.scoring import chord_level_scores, chord_nll, next_chord_accuracy
    from lyrictui.atomic import atomic_dir, write_text
    from lyrictui.catalog import meta_json
    from training.loop import train
    from training.packing import pack_blocks

    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    prep = prepare(cfg, log)
    table = tokenizer_table(prep) if cfg.compare_gpt2 else ""
    if table:
        log(table)
    tok = prep.tokenizer
    eos = tok.eos_token_id
    docs = [encode_song(tok, s, bos=True, eos=False) for s in prep.train_songs]
    val_docs = [encode_song(tok, s, bos=True, eos=False) for s in prep.val_songs]
    mcfg = cfg.model_config(len(tok), block_size_for(docs) if cfg.whole_songs else None)
    loss_fn = padded_loss(tok.pad_token_id)
    if cfg.whole_songs:
        train_blocks = song_blocks(docs, mcfg.block_size, eos, tok.pad_token_id)
        val_blocks = song_blocks(val_docs, mcfg.block_size, eos, tok.pad_token_id)
    else:
        train_blocks = list(pack_blocks(docs, mcfg.block_size, eos))
        val_blocks = list(pack_blocks(val_docs, mcfg.block_size, eos, drop_last=False))
    if not train_blocks:  # a tiny corpus shorter than one block: shrink the block to fit
        n_tok = sum(len(d) + 1 for d in docs)
        mcfg.block_size = max(8, min(mcfg.block_size, n_tok // 2))
        train_blocks = list(pack_blocks(docs, mcfg.block_size, eos))
        val_blocks = list(pack_blocks(val_docs, mcfg.block_size, eos, drop_last=False))
    if not val_blocks:
        val_blocks = train_blocks[-1:]
    log(f"{len(train_blocks)} training blocks x {mcfg.block_size} tokens, {len(val_blocks)} validation blocks")
    torch.manual_seed(cfg.train.seed)
    model = build_model(mcfg, tok)
    n_params = sum(p.numel() for p in model.parameters())
    log(f"model: {mcfg.preset} ({mcfg.n_layer} layers, {mcfg.n_embd} wide), {n_params / 1e6:.2f}M parameters")
    run_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    result = train(model, train_blocks, val_blocks, cfg.train, out_dir=run_dir, resume=resume, on_event=on_event,
                   loss_fn=loss_fn)
    model = model.to("cpu").eval()
    vocab = tokenizer_chords(tok) if cfg.tokenizer == "chord" else chord_vocab(prep.train_songs)
    lm = ChordLM(model, tok, vocab, {}, cfg.name)
    nll = chord_nll(lm, prep.val_songs)
    if cfg.tokenizer == "chord":  # every held-out position, exactly (one softmax per chord)
        acc = chord_level_scores(lm, prep.val_songs, ks=(1, 5))
    else:
        acc = next_chord_accuracy(lm, prep.val_songs, k=5, max_positions=cfg.eval_positions)
    metrics = {
        "val_loss": result.best_val_loss,
        "initial_val_loss": result.initial_val_loss,
        "val_ppl_token": math.exp(nll["token_nll"] / max(1, nll["tokens"])),
        # per CHORD; a chord-level model's counts every held-out chord (unknown ones at the <unk> probability)
        "val_ppl": acc["ppl"] if "ppl" in acc else math.exp(nll["nll"] / max(1, nll["chords"])),
        "top1": acc["top1"],
        "top5": acc["top5"],
        "accuracy_positions": acc["positions"],
        "steps": result.steps,
        "best_step": result.best_step,
        "stopped_early": result.stopped_early,
        "train_tokens": result.tokens,
        "train_seconds": round(result.seconds, 1),
        "tokens_per_s": round(result.tokens_per_s, 1),
        "params": n_params,
    }
    meta = {
        "type": "chords-model",
        "name": cfg.name,
        "base": None,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": command,
        "config": cfg.to_dict(),
        "model_config": mcfg.to_dict(),
        "data": {**prep.corpus.stats.to_dict(), "path": str(cfg.data), "hash": prep.corpus.data_hash(),
                 "train_songs": len(prep.train_songs), "val_songs": len(prep.val_songs),
                 "train_blocks": len(train_blocks)},
        "tokenizer": {"vocab_size": len(tok), "comparison": table},
        "metrics": metrics,
    }
    final = destination(models_root, cfg.name, metrics, confirm_replace, log)  # a worse model asks first
    with atomic_dir(final) as tmp:
        save_quietly(model, tok, tmp)
        write_text(tmp / CHORD_VOCAB_FILE, json.dumps(lm.chord_vocab))
        for f in ("loss.csv", "loss.png"):
            if (run_dir / f).is_file():
                shutil.copy(run_dir / f, tmp / f)
        write_text(tmp / META_FILE, meta_json(meta))
        write_text(tmp / "README.md", readme(meta))
    log(f"saved {final} in {time.time() - t0:.0f}s: val loss {metrics['val_loss']:.3f}, "
        f"per-chord perplexity {metrics['val_ppl']:.2f}, top-1 {100 * metrics['top1']:.1f}%, "
        f"top-5 {100 * metrics['top5']:.1f}%")
    return meta


def readme(meta: dict) -> str:
    m, d, mc = meta["metrics"], meta["data"], meta["model_config"]
    return f"""# Chord model `{meta['name']}`

A GPT-2-architecture chord model trained from scratch by lyrictui ({mc['preset']} preset:
{mc['n_layer']} layers, {mc['n_head']} heads, {mc['n_embd']} wide, {mc['block_size']}-token context,
{m['params'] / 1e6:.2f}M parameters) with its own chord tokenizer ({meta['tokenizer']['vocab_size']} tokens:
{_tokenizer_note(meta['config'])}).

Trained {meta['created']} with:

    {meta['command'] or '(run_job from Python)'}

Data: `{d['path']}` ({d['songs']} songs, {d['chords']} chords; data hash {d['hash']});
{d['train_songs']} training songs, {d['val_songs']} held out. The data does not ship; only the weights.
Keys: {_keys_note(meta['config'])}

| metric (held-out songs) | value |
|---|---|
| validation loss (per token, nats) | {m['val_loss']:.3f} |
| perplexity per chord | {m['val_ppl']:.2f} |
| next-chord top-1 ({m['accuracy_positions']} positions) | {100 * m['top1']:.1f}% |
| next-chord top-5 | {100 * m['top5']:.1f}% |
| training steps / tokens | {m['steps']} / {m['train_tokens']} |
| training speed | {m['tokens_per_s']:.0f} tokens/s |

Tokenizer comparison (held-out songs):

```
{meta['tokenizer']['comparison']}
```

Files: `config.json` + `model.safetensors` (transformers GPT2LMHeadModel), `tokenizer.json`
(PreTrainedTokenizerFast), `chord_vocab.json` (chords generation may propose), `lyrictui.json`
(full config, data statistics, metrics), `loss.csv` / `loss.png`.
"""


def _tokenizer_note(cfg: dict) -> str:
    if cfg.get("tokenizer", "bpe") == "chord":
        return (f"one token per chord seen {cfg.get('min_chord_count', 2)}+ times, rarer chords folded to the "
                "nearest known one; whole songs from their first chord, section markers included")
    return "BPE pieces that never cross a chord"


def _keys_note(cfg: dict) -> str:
    if cfg.get("augment_keys"):
        return "every training song transposed into all 12 keys (--augment-keys)."
    if cfg.get("home_key"):
        return ("every song moved to C major / A minor (--home-key), where `chords.generate` samples before "
                "moving proposals back to the song's key; 12x less data than --augment-keys for the same "
                "effect at inference, which is what fitted a shared 2-core CPU.")
    return "songs kept in their own keys."
