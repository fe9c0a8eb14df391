"""`lyrictui export` (placeholder until its issue lands)."""

import click


@click.command("export")
def export() -> None:
    """Export a song to plain text, ChordPro or Markdown."""
    raise click.ClickException("'lyrictui export' is not built yet.")
