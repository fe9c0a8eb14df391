"""`lyrictui train lyrics` (placeholder until its issue lands)."""

import click


@click.command("lyrics")
def lyrics() -> None:
    """Fine-tune a lyric model (LoRA) on your lyrics."""
    raise click.ClickException("'lyrictui train lyrics' is not built yet.")
