"""A directory of broken model folders, made from tiny real models saved here (no network).

    good = save_good_models(root)          # {"lyrics": folder, "adapter": folder, "chords": folder}
    cases = make_broken(root / "broken", good)   # [Case(name, flag, folder), ...]

Each case is one way a model folder goes wrong in real life (a cut-short copy, a file of
random bytes, a missing tokenizer, an empty config, a broken LoRA adapter, a chord model
given where a lyric model is wanted...) and the command option it is given to:
`--base` or `--adapter` of `lyrictui suggest`, or `--model` of `lyrictui chords`.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

LINES = ["the river knows my name", "and the wind keeps calling me home", "i walked the road alone tonight",
         "under silver skies we sang", "hold the light and let it go", "every morning brings the rain"]


@dataclass
class Case:
    name: str
    flag: str  # "--base" | "--adapter" | "--model" (chords)
    folder: Path


def save_good_models(root: Path) -> dict[str, Path]:
    """A tiny lyric model (own 300-token BPE), a LoRA adapter on it, and a tiny chord model."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import GPT2Config, GPT2LMHeadModel

    from training.lyrics_prep import train_bpe

    root.mkdir(parents=True, exist_ok=True)
    lyr = root / "lyric-model"
    tok = train_bpe(iter(LINES * 20), 300, lyr)
    torch.manual_seed(0)
    cfg = GPT2Config(n_layer=2, n_head=2, n_embd=32, n_positions=128, vocab_size=len(tok),
                     eos_token_id=tok.eos_token_id, bos_token_id=tok.eos_token_id)
    GPT2LMHeadModel(cfg).save_pretrained(lyr)
    (lyr / "lyrictui.json").write_text(json.dumps({"type": "lyrics-model", "name": "lyric-model"}))

    wide = root / "wide-lyric-model"  # the same tokenizer, another width: adapters of the first do not fit
    tok.save_pretrained(wide)
    cfg.n_embd = 64
    GPT2LMHeadModel(cfg).save_pretrained(wide)
    cfg.n_embd = 32

    ad = root / "adapter"
    peft_cfg = LoraConfig(r=2, lora_alpha=4, target_modules=["c_attn"], fan_in_fan_out=True, task_type="CAUSAL_LM")
    get_peft_model(GPT2LMHeadModel.from_pretrained(lyr), peft_cfg).save_pretrained(ad)
    (ad / "lyrictui.json").write_text(json.dumps({"type": "lyrics-adapter", "base": str(lyr)}))

    from chords.model import ChordModelConfig, build_model
    from chords.tokenizer import load_tokenizer

    bundled = Path(__file__).resolve().parent.parent / "models" / "chords" / "default"
    ch = root / "chord-model"
    ch.mkdir()
    for f in ("tokenizer.json", "tokenizer_config.json", "chord_vocab.json"):
        shutil.copy(bundled / f, ch / f)
    ctok = load_tokenizer(ch)
    build_model(ChordModelConfig.from_preset("tiny", n_embd=32, vocab_size=len(ctok)), ctok).save_pretrained(ch)
    (ch / "lyrictui.json").write_text(json.dumps({"type": "chords-model", "name": "chord-model"}))
    return {"lyrics": lyr, "adapter": ad, "chords": ch, "wide": wide}


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def _truncate(f: Path, keep: float = 0.5) -> None:
    data = f.read_bytes()
    f.write_bytes(data[: int(len(data) * keep)])


def _random_bytes(f: Path) -> None:
    f.write_bytes(os.urandom(max(1024, f.stat().st_size)))


def _drop_tensors(f: Path) -> None:
    from safetensors.torch import load_file, save_file

    t = load_file(f)
    save_file({k: v for i, (k, v) in enumerate(sorted(t.items())) if i % 2}, f)


def _wrong_shapes(folder: Path) -> None:
    cfg = json.loads((folder / "config.json").read_text())
    cfg["n_embd"] = cfg["n_embd"] * 2
    (folder / "config.json").write_text(json.dumps(cfg))


def _weights(folder: Path, adapter: bool = False) -> Path:
    return folder / ("adapter_model.safetensors" if adapter else "model.safetensors")


def _model_cases(good: Path, out: Path, flag: str, prefix: str) -> list[Case]:
    """The ways a full model folder (lyric or chord) breaks."""
    edits = {
        "truncated-weights": lambda d: _truncate(_weights(d)),
        "random-weights": lambda d: _random_bytes(_weights(d)),
        "empty-weights": lambda d: _weights(d).write_bytes(b""),
        "missing-weights": lambda d: _weights(d).unlink(),
        "half-the-tensors": lambda d: _drop_tensors(_weights(d)),
        "wrong-shapes": _wrong_shapes,
        "no-tokenizer": lambda d: [p.unlink() for p in d.glob("tokenizer*")],
        "broken-tokenizer": lambda d: (d / "tokenizer.json").write_text("{\"version\": "),
        "empty-config": lambda d: (d / "config.json").write_text("{}"),
        "broken-config": lambda d: (d / "config.json").write_text("{not json"),
        "missing-config": lambda d: (d / "config.json").unlink(),
        "bad-meta": lambda d: (d / "lyrictui.json").write_text("[1, 2"),
        "only-meta": lambda d: [p.unlink() for p in d.iterdir() if p.name != "lyrictui.json"],
    }
    cases = []
    for name, edit in edits.items():
        d = _copy(good, out / f"{prefix}-{name}")
        edit(d)
        cases.append(Case(f"{prefix}-{name}", flag, d))
    empty = out / f"{prefix}-empty-folder"
    empty.mkdir()
    cases.append(Case(empty.name, flag, empty))
    return cases


def _adapter_cases(good: Path, wide: Path, out: Path) -> list[Case]:
    def null_base(d: Path) -> None:
        c = json.loads((d / "adapter_config.json").read_text())
        c["base_model_name_or_path"] = None
        (d / "adapter_config.json").write_text(json.dumps(c))
        (d / "lyrictui.json").write_text(json.dumps({"type": "lyrics-adapter"}))

    def missing_base(d: Path) -> None:
        (d / "lyrictui.json").write_text(json.dumps({"type": "lyrics-adapter", "base": str(out / "no-such-base")}))

    def wrong_base(d: Path) -> None:
        (d / "lyrictui.json").write_text(json.dumps({"type": "lyrics-adapter", "base": str(wide)}))

    edits = {
        "wrong-base": wrong_base,
        "truncated-weights": lambda d: _truncate(_weights(d, True)),
        "random-weights": lambda d: _random_bytes(_weights(d, True)),
        "missing-weights": lambda d: _weights(d, True).unlink(),
        "empty-config": lambda d: (d / "adapter_config.json").write_text("{}"),
        "broken-config": lambda d: (d / "adapter_config.json").write_text("{not json"),
        "null-base": null_base,
        "missing-base": missing_base,
    }
    cases = []
    for name, edit in edits.items():
        d = _copy(good, out / f"adapter-{name}")
        edit(d)
        cases.append(Case(f"adapter-{name}", "--adapter", d))
    return cases


def make_broken(out: Path, good: dict[str, Path]) -> list[Case]:
    out.mkdir(parents=True, exist_ok=True)
    cases = _model_cases(good["lyrics"], out, "--base", "lyrics")
    cases += _model_cases(good["chords"], out, "--model", "chords")
    cases += _adapter_cases(good["adapter"], good["wide"], out)
    # the right files, the wrong kind of model: refused by the type recorded in lyrictui.json
    cases += [Case("chord-model-as-lyric-base", "--base", good["chords"]),
              Case("lyric-model-as-chord-model", "--model", good["lyrics"]),
              Case("lyric-model-as-adapter", "--adapter", good["lyrics"]),
              Case("adapter-as-lyric-base", "--base", good["adapter"]),
              Case("adapter-as-chord-model", "--model", good["adapter"])]
    return cases


def command(case: Case, song: Path) -> list[str]:
    """The lyrictui arguments that use this folder."""
    if case.flag == "--model":
        return ["chords", "C G Am F", "-n", "1", "--model", str(case.folder)]
    return ["suggest", str(song), "-n", "1", "--dtype", "fp32", "--device", "cpu", case.flag, str(case.folder)]
