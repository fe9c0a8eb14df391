"""Check a model folder before loading it, so a broken one is one clear line, not a traceback.

    from lyrictui.model_folder import ModelFolderError, check_model
    check_model(folder, "lyrics-model")     # a lyric base (--base)
    check_model(folder, "lyrics-adapter")   # a LoRA adapter (--adapter)
    check_model(folder, "chords-model")     # a chord model (chords --model)

Each check reads only small files and the safetensors headers (no torch): the type the
folder records in lyrictui.json (a chord model is refused as a lyric base and so on),
config.json, the tokenizer, and that every weights file is complete (a truncated copy or a
file of random bytes is caught here, not by a loader's traceback). For GPT-2 configs (both
of our model kinds) the weights are also checked against the config: every tensor present,
the embedding shapes right. Other architectures get their loader's own report (engine/load.py).
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

from lyrictui.engine.errors import EngineError

META_FILE = "lyrictui.json"
KINDS = {  # recorded type -> how to say it, and where it belongs
    "lyrics-model": "a lyric model (give it as --base)",
    "lyrics-adapter": "a LoRA lyric adapter (give it as --adapter)",
    "chords-model": "a chord model (give it to `lyrictui chords --model`)",
}
_WANT = {"lyrics-model": "a lyric model", "lyrics-adapter": "a LoRA adapter", "chords-model": "a chord model"}
_MAX_HEADER = 100 * 2**20  # a safetensors JSON header is kilobytes; more means it is not one
_GPT2_LAYER = ("ln_1.weight", "ln_1.bias", "attn.c_attn.weight", "attn.c_attn.bias", "attn.c_proj.weight",
               "attn.c_proj.bias", "ln_2.weight", "ln_2.bias", "mlp.c_fc.weight", "mlp.c_fc.bias",
               "mlp.c_proj.weight", "mlp.c_proj.bias")


class ModelFolderError(EngineError):
    """A model folder that cannot be used; str() is one line: the folder, then what is wrong."""

    def __init__(self, folder: str | Path, problem: str):
        self.folder, self.problem = str(folder), problem
        super().__init__(f"{folder}: {problem}")


def one_line(e: BaseException) -> str:
    """An exception as one short line (loaders write paragraphs)."""
    text = next((ln.strip() for ln in str(e).splitlines() if ln.strip()), "")
    return f"{type(e).__name__}: {text[:200]}" if text else type(e).__name__


def recorded_type(folder: Path) -> str | None:
    """The type in lyrictui.json, else guessed from the files (hub folders have no lyrictui.json)."""
    meta = _json(folder, META_FILE, required=False)
    if meta is not None:
        if not isinstance(meta, dict):
            raise ModelFolderError(folder, f"{META_FILE} is not a JSON object")
        if meta.get("type") in KINDS:
            return meta["type"]
    if (folder / "adapter_config.json").is_file():
        return "lyrics-adapter"
    if (folder / "chord_vocab.json").is_file():
        return "chords-model"
    return None


def check_model(folder: str | Path, want: str) -> None:
    """Raise ModelFolderError when `folder` is not a usable model of type `want` (see KINDS)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ModelFolderError(folder, "no such folder")
    kind = recorded_type(folder)
    if kind is not None and kind != want:
        raise ModelFolderError(folder, f"is {KINDS[kind]}, not {_WANT[want]}")
    if want == "lyrics-adapter":
        _check_adapter(folder)
        return
    config = _json(folder, "config.json")
    if not isinstance(config, dict) or not config.get("model_type"):
        raise ModelFolderError(folder, "config.json names no model_type (an empty or foreign config); "
                                       "copy the model's config.json again")
    _check_tokenizer(folder)
    if want == "chords-model" and not isinstance(_json(folder, "chord_vocab.json"), list):
        raise ModelFolderError(folder, "chord_vocab.json is not a list of chord symbols")
    tensors = _check_weights(folder)
    if config["model_type"] == "gpt2" and tensors is not None:
        _check_gpt2_tensors(folder, config, tensors)


def _json(folder: Path, name: str, required: bool = True) -> Any:
    f = folder / name
    if not f.is_file():
        if required:
            raise ModelFolderError(folder, f"no {name}")
        return None
    try:
        return json.loads(f.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise ModelFolderError(folder, f"{name} is damaged (not valid JSON: {one_line(e)})") from None


def _check_tokenizer(folder: Path) -> None:
    if (folder / "tokenizer.json").is_file():
        _json(folder, "tokenizer.json")
    elif not ((folder / "vocab.json").is_file() and (folder / "merges.txt").is_file()) \
            and not (folder / "tokenizer.model").is_file():
        raise ModelFolderError(folder, "no tokenizer (tokenizer.json); copy it from where the model was trained")


def _check_adapter(folder: Path) -> None:
    cfg = _json(folder, "adapter_config.json")
    if not isinstance(cfg, dict) or not cfg.get("peft_type"):
        raise ModelFolderError(folder, "adapter_config.json names no peft_type (an empty or foreign adapter config)")
    weights = [folder / "adapter_model.safetensors", folder / "adapter_model.bin"]
    if not any(w.is_file() for w in weights):
        raise ModelFolderError(folder, "no adapter weights (adapter_model.safetensors)")
    if weights[0].is_file():
        safetensors_header(weights[0], folder)


def _check_weights(folder: Path) -> dict[str, Any] | None:
    """Every weights file complete; -> {tensor name: header entry}, or None for .bin weights."""
    index = folder / "model.safetensors.index.json"
    if index.is_file():
        shards = sorted(set((_json(folder, index.name).get("weight_map") or {}).values()))
        files = [folder / s for s in shards]
    elif (folder / "model.safetensors").is_file():
        files = [folder / "model.safetensors"]
    elif (folder / "pytorch_model.bin").is_file():
        if (folder / "pytorch_model.bin").stat().st_size == 0:
            raise ModelFolderError(folder, "pytorch_model.bin is empty")
        return None
    else:
        raise ModelFolderError(folder, "no weights (model.safetensors); the copy is incomplete or training never finished")
    tensors: dict[str, Any] = {}
    for f in files:
        if not f.is_file():
            raise ModelFolderError(folder, f"missing weights shard {f.name}")
        tensors.update(safetensors_header(f, folder))
    return tensors


def safetensors_header(f: Path, folder: Path) -> dict[str, Any]:
    """The tensors a .safetensors file declares; ModelFolderError when it is cut short or not one."""
    size = f.stat().st_size
    with f.open("rb") as fh:
        head = fh.read(8)
        n = struct.unpack("<Q", head)[0] if len(head) == 8 else -1
        if n < 2 or n > min(size - 8, _MAX_HEADER):
            what = "empty" if size == 0 else "not a safetensors file (damaged or random bytes)"
            raise ModelFolderError(folder, f"{f.name} is {what}")
        try:
            header = json.loads(fh.read(n))
        except (UnicodeDecodeError, ValueError):
            raise ModelFolderError(folder, f"{f.name} is damaged (its header is not readable)") from None
    if not isinstance(header, dict):
        raise ModelFolderError(folder, f"{f.name} is damaged (its header is not readable)")
    header.pop("__metadata__", None)
    try:
        end = max((int(v["data_offsets"][1]) for v in header.values()), default=0)
    except (TypeError, KeyError, IndexError, ValueError):
        raise ModelFolderError(folder, f"{f.name} is damaged (its header is not readable)") from None
    if 8 + n + end > size:
        raise ModelFolderError(folder, f"{f.name} is truncated ({size:,} of {8 + n + end:,} bytes): "
                                       "the copy or download was cut short")
    return header


def _check_gpt2_tensors(folder: Path, config: dict, tensors: dict[str, Any]) -> None:
    """Every GPT-2 tensor present, embeddings shaped as config.json says (else a loader would
    fill the gaps with random numbers and the model would write noise)."""
    names = {k.removeprefix("transformer."): v for k, v in tensors.items()}
    n_layer, n_embd = int(config.get("n_layer", 12)), int(config.get("n_embd", 768))
    need = ["wte.weight", "wpe.weight", "ln_f.weight", "ln_f.bias"]
    need += [f"h.{i}.{p}" for i in range(n_layer) for p in _GPT2_LAYER]
    missing = [k for k in need if k not in names]
    if missing:
        raise ModelFolderError(folder, f"the weights lack {len(missing)} of the model's {len(need)} tensors "
                                       f"(e.g. {missing[0]}): an incomplete or foreign model.safetensors")
    shapes = {"wte.weight": [int(config.get("vocab_size", 0)), n_embd],
              "wpe.weight": [int(config.get("n_positions", 1024)), n_embd]}
    for k, want in shapes.items():
        got = list(names[k].get("shape", []))
        if got != want:
            raise ModelFolderError(folder, f"the weights do not fit config.json ({k} is {got}, the config says {want})")
