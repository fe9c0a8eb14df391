"""User settings for lyrictui: rebindable keys, sampling settings, the chosen models.

The file is `config.toml` in platformdirs' `user_config_dir("lyrictui")`
(e.g. ~/.config/lyrictui/config.toml on Linux); set $LYRICTUI_CONFIG_DIR to move the
folder (the tests do). Every table and key is optional; a missing file means defaults.
The editor writes it back (atomically) when you change settings from the TUI:

    [keys]                   # binding id = "key" or "key1,key2" (Textual key names)
    save = "ctrl+s"
    suggest = "ctrl+g"
    take_1 = "alt+1"         # take candidate 1 at any time (ESC+1, as tmux sends it, is alt+1)
    quick_take_1 = "1"       # ... or with a bare digit while choosing (after ↓ into the list)
    pick_take = "enter"      # take the candidate ↓/↑ chose (pick_next, pick_previous)
    # every id is listed on the help screen (F1) beside its key

    [sampling]               # passed to the lyric engine (lyrictui.engine.sampling.SamplingSettings)
    temperature = 0.9
    top_k = 50
    top_p = 0.9
    repetition_penalty = 1.2
    max_new_tokens = 24

    [editor]
    candidates = 4           # lines / progressions asked for at a time
    auto_suggest = true      # ask for lines after Enter and while typing (debounced)
    autosave_seconds = 10    # 0 turns the timer off (a committed line still saves)

    [models]
    lyrics = "demo"          # lyric adapter/model folder name under models/lyrics/
    chords = "billboard"     # chord model folder name under models/chords/
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lyrictui.atomic import write_text

ENV_VAR = "LYRICTUI_CONFIG_DIR"
FILE_NAME = "config.toml"


def config_dir() -> Path:
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("lyrictui", appauthor=False))


def config_path() -> Path:
    return config_dir() / FILE_NAME


@dataclass
class Config:
    keys: dict[str, str] = field(default_factory=dict)  # binding id -> "key[,key]"
    sampling: dict[str, Any] = field(default_factory=dict)  # SamplingSettings.to_dict() shape
    candidates: int = 4
    auto_suggest: bool = True
    autosave_seconds: float = 10.0
    lyrics_model: str | None = None
    chords_model: str | None = None
    # Problems met while reading the file, shown once by the editor instead of crashing.
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def from_toml(cls, data: dict[str, Any]) -> "Config":
        cfg = cls()
        keys = data.get("keys", {})
        if isinstance(keys, dict):
            for k, v in keys.items():
                if isinstance(v, str) and v.strip():
                    cfg.keys[str(k)] = v.replace(" ", "")
                else:
                    cfg.warnings.append(f"[keys] {k}: expected a key name string")
        sampling = data.get("sampling", {})
        if isinstance(sampling, dict):
            cfg.sampling = dict(sampling)
        editor = data.get("editor", {})
        if isinstance(editor, dict):
            try:
                cfg.candidates = max(1, min(9, int(editor.get("candidates", cfg.candidates))))
                cfg.auto_suggest = bool(editor.get("auto_suggest", cfg.auto_suggest))
                cfg.autosave_seconds = max(0.0, float(editor.get("autosave_seconds", cfg.autosave_seconds)))
            except (TypeError, ValueError) as e:
                cfg.warnings.append(f"[editor] {e}")
        models = data.get("models", {})
        if isinstance(models, dict):
            cfg.lyrics_model = _opt_str(models.get("lyrics"))
            cfg.chords_model = _opt_str(models.get("chords"))
        return cfg

    def to_toml(self) -> str:
        """A TOML document for this config (flat tables of strings, numbers and booleans)."""
        parts = ["# lyrictui settings (see `python -m pydoc lyrictui.config`)\n"]
        tables: list[tuple[str, dict[str, Any]]] = [
            ("keys", self.keys),
            ("sampling", self.sampling),
            ("editor", {"candidates": self.candidates, "auto_suggest": self.auto_suggest,
                        "autosave_seconds": self.autosave_seconds}),
            ("models", {k: v for k, v in (("lyrics", self.lyrics_model), ("chords", self.chords_model)) if v}),
        ]
        for name, table in tables:
            if not table:
                continue
            parts.append(f"\n[{name}]\n")
            for k, v in table.items():
                if v is None:
                    continue  # TOML has no null; absent means default
                parts.append(f"{_toml_key(k)} = {_toml_value(v)}\n")
        return "".join(parts)


def _opt_str(v: Any) -> str | None:
    return str(v) if isinstance(v, str) and v.strip() else None


def _toml_key(k: str) -> str:
    bare = k.replace("_", "").replace("-", "").isalnum()
    return k if bare else _toml_value(k)


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    s = str(v).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{s}"'


def load_config(path: Path | None = None) -> Config:
    """Read the config file; a missing file gives defaults, a broken one gives defaults plus a warning."""
    path = path or config_path()
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return Config()
    except OSError as e:
        return Config(warnings=[f"cannot read {path}: {e}"])
    try:
        return Config.from_toml(tomllib.loads(text))
    except tomllib.TOMLDecodeError as e:
        return Config(warnings=[f"{path}: {e} (using defaults)"])


def save_config(cfg: Config, path: Path | None = None) -> Path:
    path = path or config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, cfg.to_toml())
    return path
