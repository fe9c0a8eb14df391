"""The loss curve as CSV and PNG (matplotlib, Agg backend: no display needed).

    from training.plots import write_loss_csv, plot_loss
    write_loss_csv(rows, "out/loss.csv"); plot_loss(rows, "out/loss.png", title="verse")

`rows` are dicts with keys step, train_loss, val_loss (None where not evaluated), lr, tokens.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Sequence

from lyrictui.atomic import write_bytes, write_text

FIELDS = ("step", "train_loss", "val_loss", "lr", "tokens")


def write_loss_csv(rows: Sequence[dict], path: str | os.PathLike) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=FIELDS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in FIELDS})
    write_text(path, buf.getvalue())


def read_loss_csv(path: str | os.PathLike) -> list[dict]:
    out = []
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out.append({k: (float(v) if v not in ("", None) else None) for k, v in r.items()})
    return out


def plot_loss(rows: Sequence[dict], path: str | os.PathLike, title: str = "") -> None:
    """Train loss (per logged step) and validation loss (per evaluation) against step."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure  # no pyplot: no global state, thread-safe

    fig = Figure(figsize=(7, 4), dpi=100)
    ax = fig.add_subplot(1, 1, 1)
    tr = [(r["step"], r["train_loss"]) for r in rows if r.get("train_loss") is not None]
    va = [(r["step"], r["val_loss"]) for r in rows if r.get("val_loss") is not None]
    if tr:
        ax.plot(*zip(*tr), label="train", linewidth=1.2)
    if va:
        ax.plot(*zip(*va), "o-", label="validation", linewidth=1.5, markersize=3)
    ax.set_xlabel("optimizer step")
    ax.set_ylabel("loss (nats / token)")
    ax.set_title(title or "loss")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    write_bytes(Path(path), buf.getvalue())
