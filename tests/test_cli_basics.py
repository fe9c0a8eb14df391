import subprocess
import sys

import click
from click.testing import CliRunner

from lyrictui.cli import cli


def test_help_lists_commands():
    r = CliRunner().invoke(cli, ["--help"])
    assert r.exit_code == 0
    for name in ("export", "train", "suggest", "chords", "models"):
        assert name in r.output


def test_models_path_follows_option(tmp_path):
    r = CliRunner().invoke(cli, ["--models-dir", str(tmp_path), "models", "path"])
    assert r.exit_code == 0
    assert r.output.strip() == str(tmp_path.resolve())


def test_help_does_not_import_torch():
    code = "import sys; from lyrictui.cli import cli; sys.argv=['lyrictui','--help']\ntry:\n  cli()\nexcept SystemExit: pass\nprint('torch' in sys.modules, 'textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip().endswith("False False")


def _all_commands(command, path=()):
    yield path
    if isinstance(command, click.Group):  # a lazy group: ask it, its .commands is empty
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            yield from _all_commands(command.get_command(ctx, name), path + (name,))


def test_every_help_is_free_of_control_characters():
    # click's \b marker must open its own paragraph, else it is printed as a raw backspace
    paths = list(_all_commands(cli))
    assert ("eval",) in paths and ("models", "list") in paths
    for path in paths:
        r = CliRunner().invoke(cli, [*path, "--help"])
        assert r.exit_code == 0, path
        bad = [c for c in r.output if ord(c) < 32 and c != "\n"]
        assert not bad, (path, bad)


def test_a_mistyped_command_is_not_taken_for_a_song(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = CliRunner().invoke(cli, ["exprot", "song.cho"])
    assert r.exit_code == 2
    assert "no such command or song file: 'exprot'" in r.output and "Did you mean 'export'?" in r.output
    r = CliRunner().invoke(cli, ["zzzz"])
    assert r.exit_code == 2 and "Commands: " in r.output
