"""`lyrictui edit` (placeholder until its issue lands)."""

import click


@click.command("edit")
def edit() -> None:
    """Open the editor on SONG (a new song when none is given)."""
    raise click.ClickException("'lyrictui edit' is not built yet.")
