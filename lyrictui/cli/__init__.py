"""The `lyrictui` command line: `lyrictui [SONG]` opens the editor; nouns and verbs do the rest.

Every module under `lyrictui.cli` imports only click at the top; torch, transformers
and Textual are imported inside the command that needs them, so `--help` is instant.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from typing import Iterator

import click

from lyrictui import __version__
from lyrictui.visible import visible

# name -> "module:attribute". Loaded on demand so one slow module never slows the others.
COMMANDS = {
    "edit": "lyrictui.cli.edit:edit",
    "export": "lyrictui.cli.export:export",
    "train": "lyrictui.cli.train:train",
    "suggest": "lyrictui.cli.suggest:suggest",
    "chords": "lyrictui.cli.chords:chords",
    "models": "lyrictui.cli.models:models",
    "analyze": "lyrictui.cli.analyze:analyze",
    "eval": "lyrictui.cli.eval:eval_cmd",
}


class SongGroup(click.Group):
    """A group where `lyrictui SONG` means `lyrictui edit SONG` and a bare `lyrictui` opens a new song."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # The first word that is neither an option nor a command is a song file to open.
        first = next((i for i, a in enumerate(args) if not a.startswith("-")), None)
        if first is not None and args[first] not in COMMANDS:
            prev = args[first - 1] if first > 0 else ""
            if prev not in ("--models-dir",):  # the value of a group option, not a song
                _check_song_word(args[first])
                args = args[:first] + ["edit"] + args[first:]
        return super().parse_args(ctx, args)

    def make_context(self, *args, **kwargs) -> click.Context:  # type: ignore[no-untyped-def]
        with _visible_errors():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        with _visible_errors():
            return super().invoke(ctx)


def _check_song_word(word: str) -> None:
    """A bare word that is no file and has no extension is a mistyped command, not a song."""
    if "." in word or os.sep in word or os.path.exists(word):
        return
    import difflib

    close = difflib.get_close_matches(word, list(COMMANDS), n=1)
    hint = f" Did you mean '{close[0]}'?" if close else f" Commands: {', '.join(COMMANDS)}."
    raise click.UsageError(f"no such command or song file: {word!r}.{hint}")


@contextlib.contextmanager
def _visible_errors() -> Iterator[None]:
    """Every error message a command raises may quote a file or a file name: show its controls."""
    try:
        yield
    except click.ClickException as e:
        e.message = visible(e.message)
        raise


@click.group(
    cls=SongGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="""\b
Examples:
  lyrictui                          start a new song
  lyrictui my-song.song.json        open a song (also .txt and .cho/.chordpro)
  lyrictui export my-song.song.json --format chordpro
  lyrictui train lyrics --data lyrics/ --name mine
  lyrictui suggest my-song.song.json -n 4
  lyrictui chords "D A Bm F#m" -n 4
  lyrictui models list
""",
)
@click.version_option(__version__, "-V", "--version", prog_name="lyrictui")
@click.option(
    "--models-dir",
    type=click.Path(file_okay=False),
    envvar="LYRICTUI_MODELS_DIR",
    help="Model store folder (default: models/ in the checkout, else your user data folder).",
)
@click.pass_context
def cli(ctx: click.Context, models_dir: str | None) -> None:
    """lyrictui: write songs line by line, with lyric and chord suggestions from models you train.

    Run with no command (or with a song file) to open the editor.
    """
    from lyrictui import store

    store.set_models_dir(models_dir)
    store.sweep_leftovers()  # a model swap or save cut by a kill last time is finished or swept now
    if ctx.invoked_subcommand is None:
        ctx.invoke(cli.get_command(ctx, "edit"))


def main() -> None:
    cli(prog_name="lyrictui")
