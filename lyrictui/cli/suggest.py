"""`lyrictui suggest` (placeholder until its issue lands)."""

import click


@click.command("suggest")
def suggest() -> None:
    """Print candidate next lines for a song or prompt."""
    raise click.ClickException("'lyrictui suggest' is not built yet.")
