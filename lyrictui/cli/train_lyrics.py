"""`lyrictui train lyrics`: LoRA fine-tuning (or a small model from scratch) on your lyrics."""

from __future__ import annotations

import click

from lyrictui.cli.train_options import confirm_replace, run_options, schedule_options

EPILOG = """\b
Examples:
  lyrictui train lyrics --data my-songs/ --name mine          LoRA on gpt2 (downloads it once)
  lyrictui train lyrics --data songs.csv --base verse --name demo
                                          LoRA on the bundled offline model
  lyrictui train lyrics --data poems/ --from-scratch --preset tiny --name smoke
                                          a 2-layer model in under a minute
  lyrictui train lyrics --data my-songs/ --name mine --resume  continue after Ctrl-C
  torchrun --nproc_per_node 2 -m lyrictui.cli train lyrics --data my-songs/ --name mine
                                          the same command on several GPUs/processes (DDP)

\b
Data: a folder of .txt songs (chord lines allowed) or ChordPro files, poems with
--- front matter, a CSV with a lyrics column (text/lyrics/lyric) or one lyric line per
row with a title column, JSON or JSON Lines with a lyrics field. Songs are split into
training and validation by song. With no --max-steps/--epochs, a LoRA run picks rank 16
on c_attn,c_proj,c_fc, lr 2e-3 and a step budget scaled to your songs, stops when the
validation loss stops improving (8-minute cap) and prints what it chose. Ctrl-C saves
a checkpoint; the model lands in models/lyrics/NAME with lyrictui.json (metrics),
loss.csv/loss.png and samples.md.
"""


def _none_if(v, sentinel=None):
    return v if v is not sentinel else None


@click.command("lyrics", epilog=EPILOG)
@click.option("--data", "data", required=True, type=click.Path(), help="Folder or file of lyrics.")
@click.option("--name", default=None, help="Model name in the store (default: the data's file/folder name).")
@click.option("--base", default="gpt2", show_default=True,
              help="Base model: Hugging Face id, local folder, or a lyric model in the store (e.g. verse).")
@click.option("--from-scratch", is_flag=True, help="Train a small GPT-2 (all weights, own BPE tokenizer) instead of LoRA.")
@click.option("--init", help="--from-scratch: start from this full model (store name or folder) instead of "
              "random weights, e.g. to train verse longer.")
@click.option("--preset", type=click.Choice(["tiny", "small", "base"]), default="small", show_default=True,
              help="Model and schedule size; tiny is a 2-layer smoke run.")
@click.option("--block-size", type=int, help="Tokens per training block.")
@click.option("--eval-blocks", type=int, help="Validation blocks per evaluation (0 = all).")
@click.option("--max-minutes", type=float, help="Stop after this much training time (not reproducible).")
@click.option("--grad-checkpointing", is_flag=True, default=None, help="Recompute activations to save memory.")
@click.option("--lora-rank", type=int, help="LoRA rank r.")
@click.option("--lora-alpha", type=int, help="LoRA alpha (default 2 x rank).")
@click.option("--lora-dropout", type=float, help="LoRA dropout.")
@click.option("--lora-targets", help="Comma-separated modules, e.g. c_attn,c_proj,c_fc.")
@click.option("--n-layer", type=int, help="--from-scratch: transformer layers.")
@click.option("--n-head", type=int, help="--from-scratch: attention heads.")
@click.option("--n-embd", type=int, help="--from-scratch: embedding width.")
@click.option("--dropout", type=float, help="--from-scratch: dropout (0 suits runs of about one epoch).")
@click.option("--vocab-size", type=int, help="--from-scratch: BPE vocabulary size.")
@click.option("--tokenizer", type=click.Choice(["bpe", "gpt2"]), help="--from-scratch: train a BPE, or GPT-2's.")
@click.option("--save-dtype", type=click.Choice(["fp32", "fp16"]), help="--from-scratch: stored weight type.")
@click.option("--upweight", help="Comma-separated words: training songs whose author or title holds one are "
              "seen --upweight-factor times (e.g. Burns,Moore,song,ballad).")
@click.option("--upweight-factor", type=int, help="Times an upweighted song is seen an epoch (default 2).")
@click.option("--val-fraction", type=float, help="Share of songs held out for validation.")
@click.option("--final-eval-blocks", type=int, help="Validation blocks for before/after perplexity (0 = all).")
@click.option("--run-dir", type=click.Path(file_okay=False), help="Working folder (data, checkpoints).")
@schedule_options
@run_options
def lyrics(**opts) -> None:
    """Fine-tune a lyric model (LoRA) on your lyrics, or train a small one from scratch.

    Reads your lyrics, reports what it found and skipped, trains with a progress bar
    (loss, tokens/s, ETA), and saves the model with before/after perplexity, a loss curve
    and sample continuations. The editor can use it at once.
    """
    import dataclasses
    import os
    import shlex
    import sys
    from pathlib import Path

    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import torch

    from training.lyrics import JobError, LyricsJobConfig, run_job
    from training.lyrics_data import DataError
    from training.loop import TrainingInterrupted

    if opts["threads"]:
        torch.set_num_threads(opts["threads"])
    name = opts["name"] or Path(opts["data"]).stem.replace(" ", "-") or "mine"
    cfg = LyricsJobConfig(data=opts["data"], name=name, base=opts["base"], from_scratch=opts["from_scratch"])
    try:
        cfg = cfg.with_preset(opts["preset"])
    except JobError as e:
        raise click.ClickException(str(e)) from None
    top = {k: opts[k] for k in ("block_size", "lora_rank", "lora_alpha", "lora_dropout", "n_layer", "n_head",
                                "n_embd", "dropout", "vocab_size", "tokenizer", "save_dtype", "val_fraction", "upweight_factor",
                                "final_eval_blocks", "run_dir", "init") if opts[k] is not None}
    if opts["lora_targets"]:
        top["lora_targets"] = tuple(t.strip() for t in opts["lora_targets"].split(",") if t.strip())
    tr = {k: opts[k] for k in ("max_steps", "epochs", "batch_size", "grad_accum", "lr", "warmup_steps",
                               "eval_every", "eval_blocks", "early_stopping_patience", "seed", "precision",
                               "grad_checkpointing") if opts[k] is not None}
    if opts["upweight"]:
        top["upweight"] = tuple(w.strip() for w in opts["upweight"].split(",") if w.strip())
    top["auto_schedule"] = opts["epochs"] is None and opts["max_steps"] is None  # else the user set the budget
    if opts["epochs"] is not None and opts["max_steps"] is None:
        tr["max_steps"] = 0  # --epochs alone: the preset's step count no longer applies
    if opts["max_minutes"]:
        tr["max_seconds"] = opts["max_minutes"] * 60
    if opts["compile_"] is not None:
        tr["compile"] = opts["compile_"]
    if opts["no_progress"]:
        tr["progress"] = False
    cfg = dataclasses.replace(cfg, **top, train=dataclasses.replace(cfg.train, **tr))
    # The command as the user would retype it: the console script (or python -m) shown as "lyrictui".
    prog = "lyrictui" if Path(sys.argv[0]).name in ("lyrictui", "__main__.py") else sys.argv[0]
    command = " ".join(shlex.quote(a) for a in [prog, *sys.argv[1:]])
    try:
        run_job(cfg, command, resume=opts["resume"], echo=lambda s: click.echo(s, err=True),
                confirm_replace=confirm_replace(opts["force"]))
    except TrainingInterrupted as stop:
        click.echo(f"\nInterrupted at step {stop.step}; checkpoint saved in {stop.checkpoint}.\n"
                   f"Continue with the same command plus --resume.", err=True)
        sys.exit(130)
    except (DataError, JobError) as e:
        raise click.ClickException(str(e)) from None
    finally:
        from training import ddp

        ddp.teardown()
