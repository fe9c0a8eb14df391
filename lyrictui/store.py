"""Where trained models live: the model store.

Order: an explicit `--models-dir`, else $LYRICTUI_MODELS_DIR, else `models/` at the
root of the checkout this package runs from, else a per-user data folder
(platformdirs) when lyrictui is installed outside a checkout. Layout:

    models/lyrics/<name>/   lyric models: a LoRA adapter, or a full model (the bundled "verse")
    models/chords/<name>/   chord models: tokenizer.json + model + config
    runs/<kind>/<name>/     training run folders, beside the store (`runs_dir`)
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

ENV_VAR = "LYRICTUI_MODELS_DIR"
_override: Path | None = None


def set_models_dir(path: str | os.PathLike | None) -> None:
    """Set by the CLI's --models-dir; wins over everything else for this process."""
    global _override
    _override = Path(path).expanduser().resolve() if path else None


def checkout_root() -> Path | None:
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file() and (root / "models").is_dir():
        return root
    return None


def models_dir() -> Path:
    if _override is not None:
        return _override
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser().resolve()
    root = checkout_root()
    if root is not None:
        return root / "models"
    from platformdirs import user_data_dir

    return Path(user_data_dir("lyrictui", appauthor=False)) / "models"


def runs_dir() -> Path:
    """Training run folders (prepared data, checkpoints): `runs/` beside the model store.

    So `--models-dir` alone keeps a checkout untouched; with the default user store
    (installed outside a checkout) they go to the user cache instead.
    """
    if _override is None and not os.environ.get(ENV_VAR) and checkout_root() is None:
        from platformdirs import user_cache_dir

        return Path(user_cache_dir("lyrictui", appauthor=False)) / "runs"
    return models_dir().parent / "runs"


def sweep_leftovers() -> int:
    """At start: finish model-folder swaps cut by a kill, remove temp files whose writer is gone.

    Looks in the lyric and chord stores and in each run folder (runs/<kind>/<name>/).
    Returns how many leftovers were removed.
    """
    from lyrictui import atomic

    folders = [lyrics_dir(), chords_dir()]
    with contextlib.suppress(OSError):
        folders += [run for kind in runs_dir().iterdir() if kind.is_dir() for run in kind.iterdir() if run.is_dir()]
    return sum(atomic.sweep(f) for f in folders if f.is_dir())


def lyrics_dir() -> Path:
    return models_dir() / "lyrics"


def chords_dir() -> Path:
    return models_dir() / "chords"
