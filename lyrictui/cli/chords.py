"""`lyrictui chords` (placeholder until its issue lands)."""

import click


@click.command("chords")
def chords() -> None:
    """Propose chord progressions that continue the given chords."""
    raise click.ClickException("'lyrictui chords' is not built yet.")
