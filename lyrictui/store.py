"""Where trained models live: the model store.

Order: an explicit `--models-dir`, else $LYRICTUI_MODELS_DIR, else `models/` at the
root of the checkout this package runs from, else a per-user data folder
(platformdirs) when lyrictui is installed outside a checkout. Layout:

    models/lyrics/<name>/   lyric models: a LoRA adapter, or a full model (the bundled "verse")
    models/chords/<name>/   chord models: tokenizer.json + model + config
"""

from __future__ import annotations

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


def lyrics_dir() -> Path:
    return models_dir() / "lyrics"


def chords_dir() -> Path:
    return models_dir() / "chords"
