"""`lyrictui export SONG`: a song in any format of the registry (`lyrictui.song.formats`), to stdout or a file."""

from __future__ import annotations

import click

from lyrictui.song.formats import FORMATS, NATIVE, extensions_text, formats_help

_EPILOG = f"""\b
Examples:
  lyrictui export night-drive.song.json                    plain text chord sheet on stdout
  lyrictui export night-drive.song.json --format chordpro  ChordPro on stdout
  lyrictui export night-drive.song.json -o night-drive.cho format from the extension
  lyrictui export night-drive.song.json -o share.md        Markdown for sharing
{f"  lyrictui export old-song.cho -o old-song{FORMATS[NATIVE].extensions[0]}":<59}convert to lyrictui's own file

\b
An existing file is replaced only with --force, and never the song being exported.

\b
Formats:
{formats_help()}
"""


@click.command("export", epilog=_EPILOG)
@click.argument("song", type=click.Path(dir_okay=False))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(tuple(FORMATS), case_sensitive=False),
    help="Output format. Default: from -o's extension; txt on stdout, a device or a FIFO.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    help="Write here (atomically; through a symlink to its target; into a device or FIFO) instead of "
    "printing to stdout ('-': stdout); prints where it wrote.",
)
@click.option("--force", is_flag=True, help="Replace the -o file if it already exists.")
def export(song: str, fmt: str | None, output: str | None, force: bool) -> None:
    """Export SONG (.song.json, ChordPro or .txt) to another format."""
    import os

    from lyrictui import atomic
    from lyrictui.song.formats import export_song, format_for_path
    from lyrictui.song.io import SongFileError, load_song

    if output == "-":
        output = None
    if fmt is None:
        # stdout, or a device or FIFO (/dev/null, /dev/stdout, a pipe): a chord sheet, as on the terminal
        fmt = "txt" if output is None or _is_stream(output) else format_for_path(output)
        if fmt is None:
            raise click.UsageError(
                f"cannot tell the format from {output!r}: give --format {'|'.join(FORMATS)} "
                f"or an output ending in one of {extensions_text()}"
            )
    fmt = fmt.lower()
    if output is not None:
        _check_target(song, output, force)
    try:
        data = export_song(load_song(song), fmt)
    except SongFileError as e:
        raise click.ClickException(f"cannot export: {e}") from None
    if output is None:
        if isinstance(data, bytes):
            stdout = click.get_binary_stream("stdout")
            if stdout.isatty():  # audio bytes would reach the terminal as control characters
                raise click.UsageError(f"{FORMATS[fmt].label} is not text: give -o FILE or redirect the output")
            stdout.write(data)
        else:
            click.echo(data, nl=False)
        return
    try:
        atomic.write_bytes(output, data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as e:  # lyrictui.atomic.Refused says why in words: read-only, parent not a folder
        raise click.ClickException(f"cannot write {output}: {e.strerror or e}") from None
    click.echo(f"Exported {song} -> {os.path.abspath(output)} ({fmt})", err=True)


def _check_target(song: str, output: str, force: bool) -> None:
    """Never replace the song being exported; replace another file only when asked to."""
    import os

    if not os.path.lexists(output) or _is_stream(output):
        return  # a device or FIFO is written into, not replaced
    if os.path.exists(song) and os.path.exists(output) and os.path.samefile(output, song):
        raise click.UsageError(
            f"{output!r} is the song itself (the file it is read from); export to another file name"
        )
    if not force:
        raise click.UsageError(f"{output!r} already exists; add --force to replace it")


def _is_stream(output: str) -> bool:
    """A device, FIFO or socket (through any symlinks): written into, never renamed over."""
    import os

    return os.path.exists(output) and not os.path.isfile(output) and not os.path.isdir(output)
