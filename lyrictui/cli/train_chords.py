"""`lyrictui train chords`: a chord tokenizer and a GPT-2-style chord model from your chord collection."""

from __future__ import annotations

import click

from lyrictui.cli.train_options import confirm_replace, run_options, schedule_options

EPILOG = """\b
Examples:
  lyrictui train chords --data chords.csv --preset tiny --name smoke     under a minute on a CPU
  lyrictui train chords --data mcgill-billboard/ --augment-keys --preset small --name mine
  lyrictui train chords --data chords.csv --tokenizer-only     compare our tokenizer with GPT-2's
  lyrictui train chords --data chords.csv --name mine --resume continue after Ctrl-C

\b
Data (a file or a folder of them): one progression per line ("C G Am F", `<verse>`
markers and `|` bars allowed); a CSV with a chords column (space-separated or a list
literal such as "['C', 'G7']"); McGill Billboard salami_chords.txt files (Harte chords);
ChordPro files (.cho .chordpro .pro) with inline [C] chords. Symbols that are not chords
are skipped and counted. 10% of the songs are held out for the metrics. The model lands
in models/chords/NAME (tokenizer.json, model, lyrictui.json with metrics, loss curve).
"""


@click.command("chords", epilog=EPILOG)
@click.option("--data", required=True, type=click.Path(exists=True), help="File or folder of chord songs.")
@click.option("--name", default=None, help="Model name in the store (default: the data's file/folder name).")
@click.option("--preset", type=click.Choice(["tiny", "small", "gpt2"]), default="tiny", show_default=True,
              help="Model size: tiny (tests, <1 min CPU), small (the shipped default), gpt2 (124M, GPU).")
@click.option("--tokenizer-only", is_flag=True, help="Train the tokenizer, print the comparison with GPT-2's, stop.")
@click.option("--augment-keys", is_flag=True, help="Transpose each training song into all 12 keys.")
@click.option("--home-key", is_flag=True,
              help="Move every song to C major / A minor instead (12x less data; proposals are sampled there).")
@click.option("--bars", is_flag=True, help="Keep bar lines as tokens.")
@click.option("--keep-repeats", is_flag=True, help="Keep repeated chords (C C G G) instead of chord changes only.")
@click.option("--tokenizer", "tokenizer_kind", type=click.Choice(["chord", "bpe"]), default="chord", show_default=True,
              help="chord: one token per chord (next chord in one step); bpe: chord pieces (rare chords spelled).")
@click.option("--min-chord-count", type=int, default=2, show_default=True,
              help="Chord tokenizer: rarer chords fold to the nearest known chord.")
@click.option("--packed", is_flag=True, help="Pack songs back to back (blocks may start mid-song) instead of whole songs.")
@click.option("--vocab-size", type=int, default=512, show_default=True, help="BPE vocabulary size.")
@click.option("--n-layer", type=int, help="Transformer layers (overrides the preset).")
@click.option("--n-head", type=int, help="Attention heads.")
@click.option("--n-embd", type=int, help="Embedding width.")
@click.option("--block-size", type=int, help="Context length in tokens.")
@click.option("--eval-positions", type=int, help="Held-out chords scored for top-1/top-5 at the end.")
@click.option("--device", help="auto | cpu | cuda.")
@click.option("--max-minutes", type=float, help="Stop (keeping the best weights so far) after this much training.")
@click.option("--run-dir", type=click.Path(file_okay=False), help="Working folder for checkpoints (default runs/chords/NAME beside the model store).")
@schedule_options
@run_options
def chords(**o) -> None:
    """Train a chord tokenizer (BPE) and a chord model (GPT-2 from scratch) on your chord collection.

    Reports what it read and skipped, prints the tokenizer comparison, trains with a progress
    bar (loss, tokens/s), scores per-chord perplexity and next-chord accuracy on held-out
    songs, and saves it in the model store; choose it in the editor with the palette's
    "Switch chord model" (or `[models] chords = "NAME"` in the config file).
    """
    import dataclasses
    import os
    import shlex
    import sys
    from pathlib import Path

    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from lyrictui import store
    from training.chords import ChordJobConfig, prepare, run_job, tokenizer_table
    from training.loop import TrainConfig, TrainingInterrupted

    name = o["name"] or Path(o["data"]).stem.replace(" ", "-") or "mine"
    # Preset schedules: tiny finishes in well under a minute; small is the default model's.
    schedule = {"tiny": dict(max_steps=60, eval_every=20, batch_size=16, lr=3e-3, warmup_steps=10),
                "small": dict(max_steps=1500, eval_every=100, batch_size=16, lr=2e-3, warmup_steps=50,
                              early_stopping_patience=5),
                "gpt2": dict(max_steps=20000, eval_every=500, batch_size=16, grad_accum=2, lr=3e-4,
                             warmup_steps=500)}[o["preset"]]
    tr = {k: o[k] for k in ("max_steps", "epochs", "batch_size", "grad_accum", "lr", "warmup_steps", "eval_every",
                            "early_stopping_patience", "precision", "device", "seed") if o[k] is not None}
    if o["max_minutes"]:
        tr["max_seconds"] = o["max_minutes"] * 60
    if o["epochs"] is not None and o["max_steps"] is None:
        tr["max_steps"] = 0
    if o["compile_"] is not None:
        tr["compile"] = o["compile_"]
    if o["no_progress"]:
        tr["progress"] = False
    train_cfg = TrainConfig(**{**schedule, **tr})
    cfg = ChordJobConfig(
        data=o["data"], name=name, preset=o["preset"], n_layer=o["n_layer"], n_head=o["n_head"], n_embd=o["n_embd"],
        block_size=o["block_size"], vocab_size=o["vocab_size"], tokenizer=o["tokenizer_kind"],
        min_chord_count=o["min_chord_count"], whole_songs=not o["packed"], augment_keys=o["augment_keys"], home_key=o["home_key"], bars=o["bars"],
        collapse_repeats=not o["keep_repeats"], threads=o["threads"] or 0, train=train_cfg,
    )
    if o["eval_positions"] is not None:
        cfg = dataclasses.replace(cfg, eval_positions=o["eval_positions"])
    say = lambda s: click.echo(s, err=True)  # noqa: E731
    try:
        if o["tokenizer_only"]:
            prep = prepare(cfg, say)
            click.echo(tokenizer_table(prep))
            return
        run_dir = Path(o["run_dir"]) if o["run_dir"] else store.runs_dir() / "chords" / name
        command = " ".join(shlex.quote(a) for a in ["lyrictui", *sys.argv[1:]])
        meta = run_job(cfg, store.chords_dir(), run_dir, resume=o["resume"], command=command, log=say,
                       confirm_replace=confirm_replace(o["force"]))
        if meta:
            from lyrictui.config import config_path

            # The folder named by "saved …" above (NAME, or NAME-candidate for a worse model).
            say(f"To propose with it in the editor: ctrl+p → Switch chord model → that folder's name, "
                f"or set [models] chords = \"<name>\" in {config_path()}")
    except TrainingInterrupted as stop:
        click.echo(f"\nInterrupted at step {stop.step}; checkpoint saved in {stop.checkpoint}.\n"
                   "Continue with the same command plus --resume.", err=True)
        sys.exit(130)
    except (ValueError, FileNotFoundError) as e:
        raise click.ClickException(str(e)) from None
