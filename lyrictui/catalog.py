"""What the model store holds: one row per model folder, read from the files saved beside it.

Every model folder has a `lyrictui.json` written by its training command:
    {"type": "lyrics-adapter" | "lyrics-model" | "chords-model",
     "base": "<base model id or path, adapters only>", "metrics": {...}, ...}
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lyrictui import store
from lyrictui.atomic import TMP_PREFIX

META_FILE = "lyrictui.json"


@dataclass
class ModelInfo:
    kind: str  # "lyrics" or "chords"
    name: str
    path: str
    type: str  # from lyrictui.json, or "unknown"
    base: str | None = None
    metrics: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def read_meta(folder: Path) -> dict:
    try:
        return json.loads((folder / META_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def meta_json(meta: dict) -> str:
    """The text of a lyrictui.json: strict JSON, so a NaN or infinite metric is written as null
    (json.dumps would write NaN, which other readers refuse) and anything else unusual (a Path) as text."""
    return json.dumps(_finite(meta), indent=2, default=str, allow_nan=False)


def _finite(o):
    if isinstance(o, float) and not math.isfinite(o):
        return None
    if isinstance(o, dict):
        return {k: _finite(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_finite(v) for v in o]
    return o


def base_name(base: str | None) -> str | None:
    """How to record and show a base model: its store name when the store holds it (an absolute path
    is only true on the machine that trained), the hub id for a hub cache folder, else as given."""
    if not base:
        return None
    p = Path(base)
    if not p.is_absolute():
        return base
    lyrics = store.lyrics_dir()
    if p.parent == lyrics or (lyrics / p.name).is_dir():
        return p.name
    if p.parent.name == "snapshots" and p.parent.parent.name.startswith("models--"):  # the HF cache layout
        return p.parent.parent.name.removeprefix("models--").replace("--", "/")
    return base


def list_models() -> list[ModelInfo]:
    rows: list[ModelInfo] = []
    for kind, root in (("lyrics", store.lyrics_dir()), ("chords", store.chords_dir())):
        if not root.is_dir():
            continue
        for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(TMP_PREFIX)):
            meta = read_meta(folder)
            rows.append(
                ModelInfo(
                    kind=kind,
                    name=folder.name,
                    path=str(folder),
                    type=meta.get("type", "unknown"),
                    base=base_name(meta.get("base")),
                    metrics=meta.get("metrics", {}),
                )
            )
    return rows


def _fmt_metrics(m: dict) -> str:
    keys = [k for k in ("val_ppl", "base_val_ppl", "val_loss", "top1", "steps") if k in m]
    return "  ".join(f"{k}={m[k]:.3g}" if isinstance(m[k], float) else f"{k}={m[k]}" for k in keys)


def format_table(rows: list[ModelInfo]) -> str:
    head = ("KIND", "NAME", "TYPE", "BASE", "METRICS")
    table = [head] + [(r.kind, r.name, r.type, r.base or "-", _fmt_metrics(r.metrics)) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row[:4], widths)) + "  " + row[4] for row in table)
