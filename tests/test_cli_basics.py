import subprocess
import sys

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
