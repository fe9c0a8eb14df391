"""`lyrictui edit [SONG]` (also plain `lyrictui [SONG]`): open the Textual editor."""

from __future__ import annotations

from pathlib import Path

import click


def _native_sibling(path: Path) -> Path:
    """Where an imported .txt/.cho song is saved: beside it as .song.json, never over the original."""
    from lyrictui.song.formats import FORMATS, NATIVE, strip_song_suffix

    stem = strip_song_suffix(path.name)
    ext = FORMATS[NATIVE].extensions[0]
    target = path.with_name(stem + ext)
    n = 1
    while target.exists():
        target = path.with_name(f"{stem}-{n}{ext}")
        n += 1
    return target


@click.command(
    "edit",
    epilog="""\b
Examples:
  lyrictui                              a new untitled song (ctrl+s asks for a file name)
  lyrictui night-drive.song.json        open it, or start it if it does not exist yet
  lyrictui edit old-song.cho            import ChordPro; saves to old-song.song.json
  lyrictui edit --new-title "Harbour Lights"
  LYRICTUI_MODELS_DIR=/tmp/none lyrictui   write without any model loaded

\b
Keys: Enter next line, Tab chord row, ctrl+g suggest lines, ctrl+o propose chords,
1-4 take a candidate, ctrl+s save, ctrl+z undo, F1 every key, ctrl+q quit.
Keys are rebindable in config.toml ([keys]); see `python -m pydoc lyrictui.config`.
""",
)
@click.argument("song", required=False, type=click.Path(dir_okay=False))
@click.option("--new-title", help="Title for a new song (ignored when SONG exists).")
@click.option("--no-models", is_flag=True, help="Do not load the lyric and chord models (faster start).")
def edit(song: str | None, new_title: str | None, no_models: bool) -> None:
    """Open the editor on SONG (a new song when none is given or the file does not exist yet).

    SONG may be a .song.json file (lyrictui's own), ChordPro or plain text (every suffix:
    `lyrictui export --help`). A file that does not parse is not opened and not touched.
    """
    from lyrictui import atomic
    from lyrictui.app.document import new_song
    from lyrictui.song.io import SongFileError, file_format, load_song
    from lyrictui.visible import visible

    path = Path(song) if song else None
    notice = None
    ask_info = False
    source = None
    if path is not None and path.parent.is_dir():
        atomic.sweep(path.parent)  # temp files of saves that were killed (their writer is gone)
    if path is not None and path.exists():
        try:
            loaded = load_song(path)
        except SongFileError as e:
            raise click.ClickException(f"{e}\nNothing was opened and the file was not changed.") from None
        if file_format(path) != "json":
            target = _native_sibling(path)
            source = path
            notice = visible(f"imported {path.name}; saving to {target.name}")
            path = target
    else:
        if path is not None:
            try:
                file_format(path)
            except SongFileError as e:
                raise click.ClickException(str(e)) from None
        # A title guessed from the file name is shown in the song-info dialog, never taken silently.
        loaded = new_song(new_title or (path.name.split(".")[0].replace("-", " ").title() if path else "Untitled"))
        ask_info = new_title is None

    from lyrictui.app.app import LyricApp

    LyricApp(loaded, path, load_models=not no_models, notice=notice, ask_info=ask_info,
             source=source).run()
