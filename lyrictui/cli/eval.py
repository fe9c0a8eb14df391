"""`lyrictui eval` (placeholder until its issue lands)."""

import click


@click.command("eval")
def eval_cmd() -> None:
    """Compare lyric models on held-out songs."""
    raise click.ClickException("'lyrictui eval' is not built yet.")
