"""`lyrictui models list|path|merge|pull`: what is in the model store, and fetching a hub model."""

from __future__ import annotations

import json

import click

from lyrictui.visible import visible  # folder names and metadata come from files


@click.group("models")
def models() -> None:
    """See and manage the model store (lyric adapters, lyric models, chord models)."""


@models.command("path")
def path() -> None:
    """Print the model store folder (set with --models-dir or $LYRICTUI_MODELS_DIR)."""
    from lyrictui import store

    click.echo(visible(str(store.models_dir())))


@models.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_models(as_json: bool) -> None:
    """List lyric and chord models with their base model and key metrics."""
    from lyrictui import catalog

    rows = catalog.list_models()
    if as_json:
        click.echo(json.dumps([r.to_dict() for r in rows], indent=2))
        return
    if not rows:
        from lyrictui import store

        click.echo(visible(f"No models in {store.models_dir()}. Train one with `lyrictui train lyrics --help`."))
        return
    click.echo(visible(catalog.format_table(rows)))


@models.command("merge", epilog="""\b
Examples:
  lyrictui models merge mine          writes models/lyrics/mine-merged
  lyrictui models merge mine --name mine-fast
""")
@click.argument("name")
@click.option("--name", "out_name", default=None, help="Name of the merged model (default: NAME-merged).")
def merge(name: str, out_name: str | None) -> None:
    """Fold a LoRA adapter into its base model and save a standalone lyric model.

    The merged model needs no peft at load time and generates a little faster; it is
    saved with the base model's tokenizer and a lyrictui.json (type lyrics-model).
    """
    from training.merge import MergeError, merge_adapter

    try:
        out = merge_adapter(name, out_name)
    except MergeError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"Saved merged model to {out}")


from lyrictui.cli.models_pull import pull  # noqa: E402 - its own file; registered here

models.add_command(pull)
