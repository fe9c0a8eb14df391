"""`lyrictui train chords` (placeholder until its issue lands)."""

import click


@click.command("chords")
def chords() -> None:
    """Train a chord tokenizer and model on your chord collection."""
    raise click.ClickException("'lyrictui train chords' is not built yet.")
