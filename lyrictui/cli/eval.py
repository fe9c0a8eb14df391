"""`lyrictui eval`: compare lyric models on held-out songs (table, JSON, PNG)."""

from __future__ import annotations

import click


@click.command(
    "eval",
    epilog="""\b
Examples:
  lyrictui eval --data ../shared/data/lyrics/songdata.csv
  lyrictui eval --data songs/ --model ngram --model verse --json eval.json --png eval.png
  lyrictui eval --data songs.csv --adapter mine --base gpt2 --n-songs 40

\b
The n-gram baseline (a word trigram, Kneser-Ney) is always trained on the train part of
the same data and needs no torch; neural models are scored on the same held-out songs.
""",
)
@click.option("--data", "data", required=True, type=click.Path(exists=True), help="Songs: a CSV with a text column (songdata.csv), a folder of .txt/.cho/.song.json, or one file.")
@click.option("--model", "models", multiple=True, help="'ngram', or a lyric model in the store (e.g. verse) or a model folder. Repeatable. Default: ngram + every full lyric model in the store.")
@click.option("--adapter", "adapters", multiple=True, help="A LoRA adapter (store name or folder) scored on top of --base. Repeatable.")
@click.option("--base", default=None, help="Base model for adapters (default: the base each adapter records, else gpt2).")
@click.option("--n-songs", default=20, show_default=True, help="Held-out songs to score.")
@click.option("--lines-per-song", default=8, show_default=True, help="Generated lines per held-out song.")
@click.option("--heldout", default=0.1, show_default=True, help="Share of songs held out from the n-gram's training.")
@click.option("--seed", default=0, show_default=True, help="Seed for the split and for sampling.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="Write the results as JSON here.")
@click.option("--png", "png_out", type=click.Path(dir_okay=False), help="Write a bar chart of the metrics here.")
@click.option("--device", default=None, help="torch device for neural models (default: cuda if available, else cpu).")
def eval_cmd(data, models, adapters, base, n_songs, lines_per_song, heldout, seed, json_out, png_out, device) -> None:
    """Compare lyric models on held-out songs: bits/char, rhyme density, distinct-1/2,
    syllables per line and how much they copy from training, against an n-gram baseline."""
    from lyrictui.evaluation.report import format_table, write_json, write_png
    from lyrictui.evaluation.run import EvalConfig, evaluate

    chosen = list(models)
    if not chosen and not adapters:
        from lyrictui.catalog import list_models

        chosen = ["ngram"] + [m.name for m in list_models() if m.kind == "lyrics" and m.type == "lyrics-model"]
    elif "ngram" not in chosen:
        chosen = ["ngram"] + chosen  # the baseline is always in the table
    cfg = EvalConfig(
        data=data, models=chosen, adapters=list(adapters), base=base, n_songs=n_songs,
        lines_per_song=lines_per_song, heldout=heldout, seed=seed, device=device,
    )
    try:
        result = evaluate(cfg, progress=lambda s: click.echo(s, err=True))
    except (ValueError, FileNotFoundError) as e:
        raise click.ClickException(str(e)) from e
    click.echo(format_table(result))
    if json_out:
        write_json(result, json_out)
        click.echo(f"wrote {json_out}", err=True)
    if png_out:
        write_png(result, png_out)
        click.echo(f"wrote {png_out}", err=True)
