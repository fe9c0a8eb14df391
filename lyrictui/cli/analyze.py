"""`lyrictui analyze` (placeholder until its issue lands)."""

import click


@click.command("analyze")
def analyze() -> None:
    """Print a song's rhyme scheme, syllables and rhyme density."""
    raise click.ClickException("'lyrictui analyze' is not built yet.")
