"""`lyrictui export SONG`: a song as plain text, ChordPro or Markdown, to stdout or a file."""

from __future__ import annotations

import click

FORMAT_CHOICES = ("txt", "chordpro", "md", "json")


@click.command(
    "export",
    epilog="""\b
Examples:
  lyrictui export night-drive.song.json                    plain text chord sheet on stdout
  lyrictui export night-drive.song.json --format chordpro  ChordPro on stdout
  lyrictui export night-drive.song.json -o night-drive.cho format from the extension
  lyrictui export night-drive.song.json -o share.md        Markdown for sharing
  lyrictui export old-song.cho -o old-song.song.json       convert to lyrictui's own file

\b
Formats:
  txt       title, [Verse 1] headers, chords on their own line above the words
  chordpro  {title:}, {start_of_verse: label="Verse 1"}, inline [C] chords; lossless
  md        Markdown: # title, ## sections, chord sheet in a fenced block
  json      lyrictui's own .song.json (lossless)
""",
)
@click.argument("song", type=click.Path(dir_okay=False))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMAT_CHOICES, case_sensitive=False),
    help="Output format. Default: from -o's extension (.txt .cho .chordpro .md .song.json), else txt.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write here (atomically) instead of printing to stdout.",
)
def export(song: str, fmt: str | None, output: str | None) -> None:
    """Export SONG (.song.json, .cho/.chordpro or .txt) to plain text, ChordPro or Markdown."""
    import os

    from lyrictui import atomic
    from lyrictui.song.export import export_song, format_for_path
    from lyrictui.song.io import SongFileError, load_song

    if fmt is None:
        if output is None:
            fmt = "txt"
        else:
            fmt = format_for_path(output)
            if fmt is None:
                raise click.UsageError(
                    f"cannot tell the format from {output!r}: give --format txt|chordpro|md|json "
                    "or an output ending in .txt, .cho, .chordpro, .md or .song.json"
                )
    fmt = fmt.lower()
    if output is not None and os.path.exists(output) and os.path.exists(song):
        if os.path.samefile(output, song):
            raise click.UsageError(f"{output!r} is the song itself; choose another output file")
    try:
        text = export_song(load_song(song), fmt)
    except SongFileError as e:
        raise click.ClickException(f"cannot export: {e}") from None
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        atomic.write_text(output, text)
    except OSError as e:
        raise click.ClickException(f"cannot write {output}: {e.strerror or e}") from None
    click.echo(f"Exported {song} -> {output} ({fmt})", err=True)
