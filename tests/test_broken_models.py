"""Every broken model folder, through every command that loads one: one clear line, exit != 0.

The folders are made in tests/broken_models.py from tiny real models saved for this test
(truncated and random-byte weights, missing tensors, no tokenizer, `{}` configs, broken LoRA
adapters, and the right files of the wrong kind of model).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.broken_models import command, make_broken, save_good_models

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("model-folders")
    good = save_good_models(root / "good")
    return good, make_broken(root / "broken", good)


@pytest.fixture
def song(tmp_path) -> Path:
    p = tmp_path / "song.txt"
    p.write_text("[Verse]\nthe river knows my name\n")
    return p


def _run(args: list[str]):
    from lyrictui.cli import cli

    return CliRunner().invoke(cli, args)


def test_good_models_work(folders, song, models_dir):
    good, _ = folders
    for flag, folder in (("--base", good["lyrics"]), ("--adapter", good["adapter"])):
        from tests.broken_models import Case

        r = _run(command(Case("good", flag, folder), song))
        assert r.exit_code == 0, r.output
    r = _run(["chords", "C G Am F", "-n", "1", "--model", str(good["chords"]), "--json"])
    assert r.exit_code == 0, r.output
    assert len(json.loads(r.stdout)) == 1


def test_every_broken_folder_is_one_clear_line(folders, song, models_dir):
    _, cases = folders
    assert len(cases) >= 30
    problems = []
    for case in cases:
        r = _run(command(case, song))
        err = [ln for ln in r.stderr.splitlines() if ln.strip()]
        ok = (r.exit_code not in (0, None) and isinstance(r.exception, SystemExit) and "Traceback" not in r.output
              and len(err) == 1 and err[0].startswith("Error: ") and str(case.folder) in err[0])
        if not ok:
            problems.append(f"{case.name}: exit {r.exit_code}, {type(r.exception).__name__}: {r.output.strip()[:300]}")
    assert not problems, "\n".join(problems)


def test_wrong_kind_is_refused_by_its_recorded_type(folders, song, models_dir):
    good, _ = folders
    from tests.broken_models import Case

    r = _run(command(Case("x", "--base", good["chords"]), song))
    assert "is a chord model" in r.stderr and "not a lyric model" in r.stderr
    r = _run(command(Case("x", "--model", good["lyrics"]), song))
    assert "is a lyric model" in r.stderr and "not a chord model" in r.stderr


def test_editor_loads_say_one_line(folders):
    """The services the editor's load workers call raise one-line errors naming the folder."""
    from lyrictui.chord_provider import load_chord_model
    from lyrictui.engine.errors import EngineError
    from lyrictui.engine.load import load_lm

    _, cases = folders
    for case in cases:
        with pytest.raises(EngineError) as e:
            if case.flag == "--model":
                load_chord_model(str(case.folder))
            elif case.flag == "--adapter":
                load_lm(None, adapter=case.folder, device="cpu", dtype="fp32")
            else:
                load_lm(case.folder, device="cpu", dtype="fp32")
        assert "\n" not in str(e.value) and str(case.folder) in str(e.value), case.name
