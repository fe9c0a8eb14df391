"""The lyrics job's stages in order (see `training.lyrics` for the config and the pieces).

    python -m lyrictui.cli train lyrics --data lyrics/ --name mine     # the usual way in
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import time
from pathlib import Path
from typing import Callable

from chords.gpt2 import context_window
from lyrictui.atomic import atomic_dir, write_text
from lyrictui.catalog import meta_json
from training import ddp
from training.loop_parts import save_quietly
from training.lyrics import (
    JobError, LyricsJobConfig, add_lora, build_scratch_model, count_params, default_run_dir, fmt_ppl,
    load_base, resolve_base, sample_continuations, sample_prompts, samples_markdown, write_readme,
)


def _tokenizer(cfg: LyricsJobConfig, base: str | None, run_dir: Path, split, say, fresh: bool):
    """The base model's tokenizer, or for --from-scratch a BPE trained on the training songs."""
    from transformers import AutoTokenizer

    from training.lyrics_prep import train_bpe

    if base is not None:
        return load_base(base, "tokenizer")
    if cfg.init:
        return load_base(resolve_base(cfg.init), "tokenizer")
    if cfg.tokenizer == "gpt2":
        from lyrictui.gpt2_tokenizer import gpt2_tokenizer

        return gpt2_tokenizer()
    tok_dir = run_dir / "tokenizer"
    if not fresh and (tok_dir / "tokenizer.json").is_file():
        return AutoTokenizer.from_pretrained(tok_dir)
    if split is None:
        raise JobError(f"no tokenizer in {tok_dir}")
    say(f"Training a byte-level BPE tokenizer ({cfg.vocab_size} tokens) on the training songs...")
    return train_bpe(split.texts(False), cfg.vocab_size, tok_dir)


class _Upweighted:
    """A `Split` whose matching training songs come `factor` times (validation songs once)."""

    def __init__(self, split, keys: set[bytes], factor: int, spec: str):
        self._split, self._keys, self._factor = split, keys, factor
        self.data_hash = hashlib.sha256(f"{split.data_hash}\0{spec}".encode()).hexdigest()  # resume key

    def __getattr__(self, name):
        return getattr(self._split, name)

    def texts(self, val: bool):
        for t in self._split.texts(val):
            yield t
            if not val and _key(t) in self._keys:
                for _ in range(self._factor - 1):
                    yield t


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()


def upweighted(split, cfg: LyricsJobConfig, say):
    """`split` with the songs matching cfg.upweight repeated (by author or title word), else as is."""
    from lyrictui.prompt import song_text
    from training.lyrics_data import read_songs

    words = [w.lower() for w in cfg.upweight if w.strip()]
    if not words or cfg.upweight_factor <= 1:
        return split
    keys = set()
    for song in read_songs(cfg.data):
        hay = f"{song.artist or ''} {song.title}".lower()
        if any(w in hay for w in words):
            keys.add(_key(song_text(song)))
    say(f"Upweighting {len(keys)} songs matching {', '.join(words)} x{cfg.upweight_factor} in training.")
    return _Upweighted(split, keys, cfg.upweight_factor, f"{','.join(words)}x{cfg.upweight_factor}")


def _block_limit(base: str | None, cfg: LyricsJobConfig) -> int:
    if base is None:
        return cfg.block_size
    from transformers import AutoConfig

    try:
        mc = AutoConfig.from_pretrained(base)
    except OSError:
        load_base(base, "model")  # raises the plain offline / missing-folder error
        raise
    return min(cfg.block_size, context_window(mc, default=cfg.block_size))


def run(cfg: LyricsJobConfig, command: str, resume: bool = False, echo: Callable[[str], None] = print,
        on_event: Callable[[dict], None] | None = None,
        confirm_replace: Callable[[str], bool] | None = None) -> Path | None:
    import torch

    from lyrictui import store
    from lyrictui.catalog import base_name
    from training.evaluate import mean_loss
    from training.guard import destination
    from training.loop import train
    from training.lyrics_prep import ingest_and_split, load_blocks, load_prepared, tokenize_and_pack, val_texts

    if not cfg.data:
        raise JobError("--data is required: a folder or file of lyrics")
    d = ddp.setup()
    say = echo if d.is_main else (lambda s: None)
    run_dir = Path(cfg.run_dir) if cfg.run_dir else default_run_dir(cfg.name)
    out_final = store.lyrics_dir() / cfg.name
    base = None if cfg.from_scratch else resolve_base(cfg.base)
    if resume and not (run_dir / "checkpoint" / "state.pt").is_file():
        raise JobError(f"nothing to resume: no checkpoint in {run_dir / 'checkpoint'}")
    torch.manual_seed(cfg.train.seed)
    t_start = time.perf_counter()

    # 1. Data: validated and split by rank 0 before any model loads; other ranks wait, then read.
    failure: BaseException | None = None
    split = prep = None
    if d.is_main:
        try:
            split = ingest_and_split(cfg.data, run_dir, cfg.val_fraction, cfg.train.seed)
            say(split.report.summary())
            say(f"Split by song: {split.report.songs - split.n_val} training, {split.n_val} validation songs.")
            split = upweighted(split, cfg, say)
            block_size = _block_limit(base, cfg)
            if block_size != cfg.block_size:
                say(f"Block size {cfg.block_size} exceeds the base model's context; using {block_size}.")
                cfg.block_size = block_size
            tok = _tokenizer(cfg, base, run_dir, split, say, fresh=not resume)
            prep = tokenize_and_pack(split, tok, cfg.block_size, reuse=resume, echo=say)
        except BaseException as e:  # noqa: BLE001 - re-raised below, after telling the other ranks
            failure = e
    if ddp.any_flag(d, failure is not None):
        if failure is not None:
            raise failure
        raise JobError("rank 0 failed preparing the data")
    if not d.is_main:
        prep = load_prepared(run_dir)
        cfg.block_size = prep.block_size
        tok = _tokenizer(cfg, base, run_dir, None, say, fresh=False)
    if prep.blocks_train < d.world:
        raise JobError(
            f"the training songs make {prep.tokens_train} tokens, fewer than {d.world} block(s) of "
            f"{cfg.block_size}: use a smaller --block-size or more songs"
        )
    say(f"Tokens: {prep.tokens_train:,} train ({prep.blocks_train} blocks of {cfg.block_size}), "
        f"{prep.tokens_val:,} validation ({prep.blocks_val} blocks).")
    train_blocks, val_blocks = load_blocks(prep)
    cfg, chose = cfg.scaled_to(prep.blocks_train // d.world)
    if chose:
        say(chose)

    # 2. Model: base + LoRA, or a fresh GPT-2.
    if base is None and cfg.init:
        say(f"Starting from the weights of {cfg.init}...")
        model = load_base(resolve_base(cfg.init))
        for m in model.modules():  # the stored config's dropout is the old run's; this run's applies
            if isinstance(m, torch.nn.Dropout):
                m.p = cfg.dropout
    elif base is None:
        model = build_scratch_model(cfg, tok)
    else:
        say(f"Loading base model {base}...")
        model = add_lora(load_base(base), cfg)
    n_total, n_train = count_params(model)
    say(f"Model: {n_total / 1e6:.2f}M parameters, {n_train / 1e6:.3f}M trainable.")

    # 3. Before: base perplexity and samples (kept in the run folder so a resumed run reports them).
    before_file = run_dir / "before.json"
    prompts = sample_prompts(val_texts(prep), cfg.samples)
    final_blocks = cfg.final_eval_blocks or None
    if resume and before_file.is_file():
        before = json.loads(before_file.read_text("utf-8"))
    else:
        say(f"Scoring {'the starting' if cfg.init else 'the untrained' if base is None else 'the base'} model on the validation songs...")
        base_loss = mean_loss(model, val_blocks, batch_size=cfg.train.batch_size, max_blocks=final_blocks) \
            if len(val_blocks) else float("nan")
        before = {"loss": base_loss, "samples": sample_continuations(model, tok, prompts, cfg.train.seed, cfg.sample_tokens) if d.is_main else []}
        if d.is_main:
            write_text(before_file, json.dumps(before))

    # 4. Train.
    result = train(model, train_blocks, val_blocks, cfg.train, run_dir, on_event=on_event, resume=resume)

    # 5. After: perplexity with the best weights, samples.
    val_loss = mean_loss(model, val_blocks, batch_size=cfg.train.batch_size, max_blocks=final_blocks) \
        if len(val_blocks) else float("nan")
    if not d.is_main:
        ddp.barrier(d)
        return None
    after = sample_continuations(model, tok, prompts, cfg.train.seed, cfg.sample_tokens)
    metrics = {
        "train_loss": result.train_loss, "val_loss": val_loss, "val_ppl": fmt_ppl(val_loss),
        "base_val_loss": before["loss"], "base_val_ppl": fmt_ppl(before["loss"]),
        "best_val_loss_during_training": result.best_val_loss, "best_step": result.best_step,
        "steps": result.steps, "planned_steps": result.total_steps, "stopped_early": result.stopped_early,
        "tokens": result.tokens, "tokens_per_s": result.tokens_per_s, "seconds": result.seconds,
        "eval_blocks": min(len(val_blocks), final_blocks or len(val_blocks)), "world_size": d.world,
    }
    say(f"Validation perplexity: {metrics['base_val_ppl']:.2f} before, {metrics['val_ppl']:.2f} after "
        f"({result.steps} steps{', stopped early' if result.stopped_early else ''}).")

    # 6. Save, atomically: only a complete folder replaces an existing model of that name.
    meta = {
        "type": "lyrics-model" if base is None else "lyrics-adapter",
        "name": cfg.name, "base": base_name(base), "base_arg": None if base is None else cfg.base,
        "created": time.strftime("%Y-%m-%d %H:%M:%S"), "command": command,
        "config": cfg.to_dict(), "seed": cfg.train.seed,
        "model": {"parameters": n_total, "trainable_parameters": n_train,
                  "saved_dtype": cfg.save_dtype if base is None else "fp32",
                  "note": "weights stored as fp16 to halve the file; load them as fp32 for CPU inference"
                  if base is None and cfg.save_dtype == "fp16" else ""},
        "tokenizer": {"kind": "bpe trained on the data" if base is None and cfg.tokenizer == "bpe"
                      else (cfg.tokenizer if base is None else "base model's"), "vocab_size": len(tok),
                      "eos_token": tok.eos_token},
        "data": {"path": str(Path(cfg.data).expanduser().resolve()), **prep.stats()},
        "metrics": metrics, "wall_seconds": time.perf_counter() - t_start,
    }
    out_final = destination(store.lyrics_dir(), cfg.name, metrics, confirm_replace, say)  # a worse model asks first
    with atomic_dir(out_final) as tmp:
        if base is None:
            to_save = model
            if cfg.save_dtype == "fp16":
                to_save = copy.deepcopy(model).to(torch.float16)
            save_quietly(to_save, tok, tmp)
        else:
            save_quietly(model, None, tmp)
        for f in ("loss.csv", "loss.png"):
            if (run_dir / f).is_file():
                shutil.copyfile(run_dir / f, tmp / f)
        base_label = (f"the base model {cfg.base}" if base is not None else
                      f"the model it started from ({cfg.init})" if cfg.init else "the untrained model (random weights)")
        write_text(tmp / "samples.md", samples_markdown(prompts, before["samples"], after, base_label))
        write_text(tmp / "lyrictui.json", meta_json(meta))
        write_text(tmp / "README.md", write_readme(meta))
    ddp.barrier(d)
    say(f"Saved {meta['type']} to {out_final}")
    return out_final

