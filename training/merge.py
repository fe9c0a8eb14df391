"""`lyrictui models merge NAME`: a LoRA adapter folded into its base, saved as a standalone model.

    from training.merge import merge_adapter
    merge_adapter("mine")            # models/lyrics/mine -> models/lyrics/mine-merged
"""

from __future__ import annotations

import time
from pathlib import Path

from lyrictui.atomic import atomic_dir, write_text
from lyrictui.catalog import meta_json
from training.loop_parts import save_quietly


class MergeError(Exception):
    pass


def merge_adapter(name: str, out_name: str | None = None) -> Path:
    from lyrictui import store
    from lyrictui.catalog import read_meta

    src = store.lyrics_dir() / name
    meta = read_meta(src)
    if not src.is_dir():
        raise MergeError(f"no lyric model named {name!r} in {store.lyrics_dir()}")
    if meta.get("type") != "lyrics-adapter":
        raise MergeError(f"{name} is a {meta.get('type', 'folder without lyrictui.json')}, not a LoRA adapter")
    base = meta.get("base")
    from peft import PeftModel

    from lyrictui.engine.load import peft_quiet

    from training.lyrics import JobError, load_base, resolve_base

    base = resolve_base(base)  # a store name ("verse") as recorded, or a path / hub id
    try:
        base_model = load_base(base)
        tok = load_base(base, "tokenizer")
    except JobError as e:
        raise MergeError(str(e)) from None
    with peft_quiet():
        merged = PeftModel.from_pretrained(base_model, src).merge_and_unload()
    out = store.lyrics_dir() / (out_name or f"{name}-merged")
    new_meta = {
        **{k: v for k, v in meta.items() if k not in ("type",)},
        "type": "lyrics-model", "name": out.name, "merged_from": name, "base": None, "merged_base": base,
        "created": time.strftime("%Y-%m-%d %H:%M:%S"),
        "command": f"lyrictui models merge {name}" + (f" --name {out_name}" if out_name else ""),
    }
    with atomic_dir(out) as tmp:
        save_quietly(merged, tok, tmp)
        for f in ("loss.csv", "loss.png", "samples.md"):
            if (src / f).is_file():
                (tmp / f).write_bytes((src / f).read_bytes())
        write_text(tmp / "lyrictui.json", meta_json(new_meta))
    return out
