"""`lyrictui models pull <hub id>`: fetch a base model (e.g. gpt2) into the Hugging Face cache.

    lyrictui models pull gpt2          # ~550 MB once; the editor then uses it instead of verse

Where there is no network it says so plainly (the bundled `verse` keeps suggestions going).
HF_ENDPOINT and HF_HOME are honoured as by every huggingface_hub tool (the tests point
HF_ENDPOINT at a local server standing in for the hub).
"""

from __future__ import annotations

import click


def _size_mb(folder) -> float:
    return sum(f.stat().st_size for f in folder.iterdir() if f.is_file()) / 1e6


@click.command("pull")
@click.argument("model_id")
def pull(model_id: str) -> None:
    """Download a Hugging Face model (e.g. gpt2) with a progress bar, for suggestions and training."""
    from lyrictui.engine.errors import ModelUnavailableError
    from lyrictui.engine.load import hub_snapshot

    click.echo(f"Fetching {model_id} (weights, config and tokenizer)...", err=True)
    try:
        folder = hub_snapshot(model_id)  # no progress callback: huggingface_hub draws its bars on stderr
    except ModelUnavailableError as e:
        raise click.ClickException(
            f"cannot download {model_id}: {e.reason}.\n"
            f"This machine cannot reach the Hugging Face hub (no network, a firewall, or no such model id). "
            f"Suggestions keep using the bundled offline model 'verse'. Run this command again where there is "
            f"a network, or copy a model folder here and use it with --base FOLDER."
        ) from None
    click.echo(f"{model_id} is ready ({_size_mb(folder):.0f} MB in {folder}).")
    click.echo(f"Use it: lyrictui edit SONG (the default model), or lyrictui train lyrics --data DIR --base {model_id}")
