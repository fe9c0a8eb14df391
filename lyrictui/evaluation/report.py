"""The comparison table, its JSON and a PNG chart for `lyrictui eval`.

    from lyrictui.evaluation.report import format_table, write_json, write_png
    print(format_table(result))

`result` is the dict `lyrictui.evaluation.run.evaluate` returns: {"rows": [{"model": ...,
"bpc": ..., "ppl": ..., "ppl_unit": ..., <line metrics>}, ...], plus data stats}.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from lyrictui.atomic import write_bytes, write_text

COLUMNS = [  # (key, header, format)
    ("bpc", "bits/char", "{:.3f}"),
    ("ppl", "ppl (own unit)", "{:.1f}"),
    ("rhyme_density", "rhyme dens", "{:.3f}"),
    ("end_rhyme", "end rhyme", "{:.3f}"),
    ("distinct_1", "dist-1", "{:.3f}"),
    ("distinct_2", "dist-2", "{:.3f}"),
    ("syllables_mean", "syl mean", "{:.1f}"),
    ("syllables_sd", "syl sd", "{:.2f}"),
    ("copied", "copied", "{:.1%}"),
]
NOTE = (
    "bits/char: -log2 P(text) / characters on the same normalised held-out text, comparable across\n"
    "models. ppl is per each model's own token (word for n-gram, BPE token for GPT-2): not comparable.\n"
    "rhyme dens: Malmi et al. 2016 (mean longest vowel match per word); end rhyme: same at line ends.\n"
    "Line metrics are over one generated line per held-out position, with the real song as context;\n"
    "'held-out lyrics' is the real lines at those positions (a reference, not a model).\n"
    "copied: generated lines found verbatim in the train part of --data (what the n-gram learned from;\n"
    "a neural model trained elsewhere is checked against the same lines)."
)


def _cell(row: dict, key: str, fmt: str) -> str:
    v = row.get(key)
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    s = fmt.format(v)
    if key == "ppl" and row.get("ppl_unit"):
        s += f"/{row['ppl_unit']}"
    return s


def format_table(result: dict) -> str:
    head = ["model"] + [h for _, h, _ in COLUMNS]
    rows = [[r["model"]] + [_cell(r, k, f) for k, _, f in COLUMNS] for r in result["rows"]]
    widths = [max(len(x[i]) for x in [head] + rows) for i in range(len(head))]
    out = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))) for row in [head] + rows]
    out.insert(1, "  ".join("-" * w for w in widths))
    errors = [f"  {r['model']}: {r['error']}" for r in result["rows"] if r.get("error")]
    info = (
        f"data: {result.get('data', '?')}  train songs: {result.get('train_songs', '?')}  "
        f"held-out songs: {result.get('heldout_songs', '?')}  positions: {result.get('positions', '?')}"
    )
    notes = [f"  {r['model']}: {r['note']}" for r in result["rows"] if r.get("note")]
    return "\n".join([info, ""] + out + ([""] + ["errors:"] + errors if errors else [])
                     + ([""] + ["warnings:"] + notes if notes else []) + ["", NOTE])


def write_json(result: dict, path: str | Path) -> None:
    write_text(path, json.dumps(result, indent=2, default=float) + "\n")


def write_png(result: dict, path: str | Path) -> None:
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in result["rows"] if not r.get("error")]
    keys = [(k, h) for k, h, _ in COLUMNS if k != "ppl"]
    fig, axes = plt.subplots(2, 4, figsize=(14, 6))
    names = [r["model"] for r in rows]
    colors = [f"C{i}" for i in range(len(rows))]
    for ax, (k, h) in zip(axes.flat, keys):
        vals = [r.get(k) if r.get(k) is not None else float("nan") for r in rows]
        ax.bar(range(len(rows)), vals, color=colors)
        ax.set_title(h)
        ax.set_xticks(range(len(rows)))
        ax.set_xticklabels(names, rotation=30, ha="right", fontsize=7)
    fig.suptitle(f"lyrictui eval: {Path(str(result.get('data', ''))).name}")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    write_bytes(path, buf.getvalue())
