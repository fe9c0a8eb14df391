"""Load a base causal LM (+ an optional LoRA adapter) for suggestions: `load_lm(...) -> LM`.

    from lyrictui.engine.load import load_lm
    lm = load_lm("gpt2", adapter="mine")          # hub id (cached or downloaded) + store adapter
    lm = load_lm("verse")                          # the bundled model in the model store
    lm = load_lm("/path/to/folder", dtype="bf16")  # any local transformers folder

`base` is a model-store name (`models/lyrics/<name>` with lyrictui.json type "lyrics-model"),
a local folder, or a Hugging Face hub id. Hub weights come from the local HF cache, else
are downloaded with progress reported to `progress(message, fraction)`; offline with
nothing cached raises `ModelUnavailableError`, whose message says how to fix it.
`adapter` is a store name or a folder holding a peft LoRA adapter; by default it is merged
into the weights (same outputs, no extra matmuls per token).
"""

from __future__ import annotations

import contextlib
import os
import threading
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from chords.gpt2 import context_window

from lyrictui.device import choose_device, choose_precision, one_build_at_a_time
from lyrictui.engine.errors import EngineError, ModelUnavailableError
from lyrictui.model_folder import ModelFolderError, check_model, one_line

Progress = Callable[[str, "float | None"], None]  # (what is happening, fraction done or None)

DEFAULT_BASE = "gpt2"
BUNDLED_NAME = "verse"  # models/lyrics/verse: trained from scratch on public-domain poetry
_HUB_FILES = ["*.json", "*.safetensors", "*.txt", "*.model", "tokenizer*"]


@dataclass
class LM:
    """A loaded model ready for `generate_lines`. One request at a time (`lock`)."""

    model: Any  # a transformers causal LM (a peft model when the adapter is left unmerged)
    tokenizer: Any
    device: Any  # torch.device
    name: str  # for the status bar: "gpt2 + mine", "verse (small offline model)"
    base: str
    adapter: str | None = None
    precision: str = "fp32"  # of the generation runner: fp32 | bf16 | fp16 | int8
    merged: bool = True
    backend: str = "auto"  # "fast" (GPT-2 lean runner) | "hf" (transformers forward) | "auto"
    prefix_reuse: bool = True
    runner_options: dict = field(default_factory=dict)  # GPT2Runner extras: static=True, compile_step=True (CUDA)
    # torch CPU threads for generation, applied in the generating thread at each request: torch
    # takes a new thread's count from whatever the process-wide setting is at its first op, and
    # the chord sampler narrows that to 1 while it runs (see chords/generate.py)
    threads: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _runner: Any = field(default=None, repr=False)

    @property
    def n_positions(self) -> int:
        return context_window(self.model.config)

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer.encode(text))

    def encode(self, text: str) -> list[int]:
        return list(self.tokenizer.encode(text))

    def runner(self):
        """The (cached) runner that owns the KV cache; built on first use."""
        if self._runner is None:
            from lyrictui.engine import fastgpt2
            from lyrictui.engine.runner import HFRunner

            fast_ok = fastgpt2.supports(self.model)
            if self.backend == "fast" and not fast_ok:
                raise EngineError(f"the fast runner supports plain GPT-2 models only, not {type(self.model).__name__}")
            if fast_ok and self.backend in ("auto", "fast"):
                def fast(precision: str):
                    return fastgpt2.GPT2Runner(self.model, device=self.device, precision=precision,
                                               prefix_reuse=self.prefix_reuse, **self.runner_options)

                try:
                    self._runner = fast(self.precision)
                except (RuntimeError, AttributeError, NotImplementedError):
                    if self.precision != "int8":
                        raise
                    # a torch without dynamic-int8 kernels (torch.ao quantisation is being retired): fp32 weights
                    self.precision = "fp32"
                    self._runner = fast("fp32")
                self.backend = "fast"
            else:
                self._runner = HFRunner(self.model, self.device, prefix_reuse=self.prefix_reuse)
                self.backend = "hf"
                if self.precision == "int8":  # int8 is the lean GPT-2 runner's; this forward stays fp32
                    self.precision = "fp32"
        self._runner.prefix_reuse = self.prefix_reuse
        return self._runner


def auto_precision(device, dtype: Any = None, fast: bool = True) -> str:
    """CUDA: bf16 where supported else fp16; MPS: fp16; CPU: int8 for the GPT-2 fast runner, else fp32."""
    import torch

    if dtype is not None and dtype != "auto":
        names = {torch.float32: "fp32", torch.bfloat16: "bf16", torch.float16: "fp16"}
        p = names.get(dtype, dtype)
        from lyrictui.engine.quantize import PRECISIONS

        if p not in PRECISIONS:
            raise EngineError(f"unknown dtype {dtype!r}; use one of {', '.join(PRECISIONS)}")
        return p
    return choose_precision("auto", device, cpu="int8" if fast else "fp32")


@contextlib.contextmanager
def peft_quiet():
    """peft reads transformers 5.x's deprecated `is_gradient_checkpointing` while wrapping a model:
    a FutureWarning that is neither ours to fix nor the user's to see. Only that warning is hidden."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*", category=FutureWarning)
        yield


def _hub_tqdm(progress: Progress | None):
    """A tqdm class that forwards hub download progress to `progress` instead of the terminal."""
    if progress is None:
        return None
    from tqdm.auto import tqdm

    class _Forward(tqdm):
        def __init__(self, *a, **kw):
            kw["file"] = open(os.devnull, "w")  # the TUI owns the terminal
            kw.pop("name", None)
            super().__init__(*a, **kw)

        def update(self, n=1):
            out = super().update(n)
            frac = (self.n / self.total) if self.total else None
            progress(f"downloading {self.desc or 'model'}", frac)
            return out

    return _Forward


def hub_snapshot(repo_id: str, progress: Progress | None = None) -> Path:
    """The local folder of a hub model: from the HF cache, else downloaded (safetensors only)."""
    from huggingface_hub import snapshot_download

    try:
        folder = Path(snapshot_download(repo_id, allow_patterns=_HUB_FILES, local_files_only=True))
        if _has_weights(folder):
            return folder
    except Exception:
        pass
    offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes")
    if offline:
        raise ModelUnavailableError(repo_id, "HF_HUB_OFFLINE is set and its weights are not in the local cache")
    if progress:
        progress(f"downloading {repo_id} from the Hugging Face hub", None)
    try:
        folder = Path(snapshot_download(repo_id, allow_patterns=_HUB_FILES, tqdm_class=_hub_tqdm(progress)))
        if not _has_weights(folder):  # an older repo without safetensors
            folder = Path(snapshot_download(repo_id, allow_patterns=_HUB_FILES + ["*.bin"], tqdm_class=_hub_tqdm(progress)))
    except Exception as e:  # no network, unknown repo, gated repo...
        raise ModelUnavailableError(repo_id, _why_unavailable(e)) from e
    return folder


def _why_unavailable(e: Exception) -> str:
    """A user's reason for a failed hub download (huggingface_hub's own text names HTTP internals)."""
    from huggingface_hub.errors import GatedRepoError, LocalEntryNotFoundError, RepositoryNotFoundError

    if isinstance(e, LocalEntryNotFoundError):  # what the hub client raises when it cannot connect
        return "it is not in the local Hugging Face cache and the hub cannot be reached (offline?)"
    if isinstance(e, GatedRepoError):
        return "the Hugging Face hub requires accepting its licence (log in with `hf auth login`)"
    if isinstance(e, RepositoryNotFoundError):
        return "the Hugging Face hub has no such model (check the name)"
    return f"{type(e).__name__}: {e}".splitlines()[0][:300]


def _has_weights(folder: Path) -> bool:
    return any(folder.glob("*.safetensors")) or any(folder.glob("*.bin"))


def resolve_base(base: str | os.PathLike | None, progress: Progress | None = None) -> tuple[Path, str, bool]:
    """-> (local folder, display name, is_bundled_store_model)."""
    from lyrictui import store

    base = str(base or DEFAULT_BASE)
    p = Path(base).expanduser()
    if p.is_dir():
        return p, p.name, False
    in_store = store.lyrics_dir() / base
    if "/" not in base and in_store.is_dir() and _has_weights(in_store):
        return in_store, base, True
    if base.startswith((".", "/", "~")) or base.count("/") > 1 or "\\" in base:
        raise EngineError(f"no model folder at {p} (a base is a hub id like 'gpt2', a folder, or a store name)")
    if "/" not in base and base == BUNDLED_NAME:
        raise ModelUnavailableError(base, f"the bundled model is missing from {in_store}")
    return hub_snapshot(base, progress), base, False


def resolve_adapter(adapter: str | os.PathLike) -> Path:
    from lyrictui import store

    p = Path(adapter).expanduser()
    if not p.is_dir():
        p = store.lyrics_dir() / str(adapter)
    if not p.is_dir():
        raise EngineError(
            f"no LoRA adapter named {adapter!r} (looked in {p}); "
            "see `lyrictui models list`, or train one with `lyrictui train lyrics`"
        )
    check_model(p, "lyrics-adapter")
    return p


def adapter_base(folder: Path) -> str | None:
    """The base model an adapter was trained on: lyrictui.json "base", else peft's record."""
    import json

    from lyrictui.catalog import read_meta

    from lyrictui import store

    base = read_meta(folder).get("base")
    if not base:
        try:
            base = json.loads((folder / "adapter_config.json").read_text("utf-8")).get("base_model_name_or_path")
        except (OSError, ValueError, AttributeError):
            return None
    if not isinstance(base, str) or not base:
        return None
    p = Path(base)
    if p.is_absolute() and not p.is_dir() and (store.lyrics_dir() / p.name).is_dir():
        return p.name  # recorded as a path on the machine it was trained on; the store has it by name
    return base


def _adapter_base_folder(adapter_dir: Path, progress: Progress | None) -> tuple[Path, str, bool]:
    base = adapter_base(adapter_dir)
    if base is None:
        raise ModelFolderError(adapter_dir, "records no base model (lyrictui.json \"base\" or adapter_config.json "
                                            "base_model_name_or_path); give it with --base")
    try:
        return resolve_base(base, progress)
    except EngineError as e:
        raise ModelFolderError(adapter_dir, f"its base model {base} is not available ({str(e).splitlines()[0]})") from e


def _refuse_partial(folder: Path, info: dict) -> None:
    """transformers fills missing or misshapen tensors with random numbers and only warns: refuse."""
    missing = [k for k in info.get("missing_keys") or () if not k.endswith("lm_head.weight")]  # tied to wte
    bad = list(info.get("mismatched_keys") or ())
    if missing:
        raise ModelFolderError(folder, f"the weights lack {len(missing)} tensors the model needs (e.g. {sorted(missing)[0]})")
    if bad:
        raise ModelFolderError(folder, f"{len(bad)} tensors do not fit config.json (e.g. {bad[0][0] if isinstance(bad[0], tuple) else bad[0]})")


@one_build_at_a_time
def load_lm(
    base: str | os.PathLike | None = None,
    adapter: str | os.PathLike | None = None,
    device: str | None = None,
    dtype: Any = None,
    progress: Progress | None = None,
    merge: bool = True,
    backend: str = "auto",
    prefix_reuse: bool = True,
    prepare: bool = True,
    runner_options: dict | None = None,
) -> LM:
    """Load base (+ adapter). dtype: None/"auto", a torch dtype, or "fp32" | "bf16" | "fp16" | "int8"."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    say = progress or (lambda msg, frac: None)
    adapter_dir = resolve_adapter(adapter) if adapter else None
    if base is None and adapter_dir is not None:
        folder, base_name, bundled = _adapter_base_folder(adapter_dir, progress)
        base = base_name
    else:
        folder, base_name, bundled = resolve_base(base, progress)
    dev = choose_device(device)
    precision = auto_precision(dev, dtype, fast=backend != "hf" and (merge or adapter_dir is None))
    # Weights load in fp32 on the CPU (the fast runner makes its own bf16/int8 copy);
    # on an accelerator they load directly in the working dtype.
    load_dtype = torch.float32 if dev.type == "cpu" or precision == "int8" else {"bf16": torch.bfloat16, "fp16": torch.float16}.get(precision, torch.float32)
    say(f"loading {base_name}", None)
    if progress is not None:  # transformers' own tqdm bars would draw over the TUI
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    check_model(folder, "lyrics-model")
    try:
        tokenizer = AutoTokenizer.from_pretrained(folder)
        model, info = AutoModelForCausalLM.from_pretrained(folder, dtype=load_dtype, output_loading_info=True)
    except Exception as e:  # whatever the check above could not foresee: still one line, naming the folder
        raise ModelFolderError(folder, f"could not be loaded ({one_line(e)})") from e
    _refuse_partial(folder, info)
    if tokenizer.pad_token is None and tokenizer.eos_token is not None:
        tokenizer.pad_token = tokenizer.eos_token
    adapter_name = None
    if adapter_dir is not None:
        from peft import PeftModel

        say(f"loading adapter {adapter_dir.name}", None)
        try:
            with peft_quiet():
                model = PeftModel.from_pretrained(model, adapter_dir)
        except Exception as e:  # e.g. trained on another base: its shapes do not fit this one
            raise ModelFolderError(adapter_dir, f"does not fit the base model {base_name}, probably trained on another ({one_line(e)})") from e
        if merge:
            model = model.merge_and_unload()  # W + (alpha/r)·BA folded in: same outputs, base-model speed
        adapter_name = adapter_dir.name
    model.eval().to(dev)
    if precision in ("bf16", "fp16") and (backend == "hf" or not merge):
        model.to(load_dtype)
    # the status bar shows this: say what verse is, so nobody takes its lines for what gpt2 writes
    name = f"{base_name} (small offline model)" if bundled else base_name
    if adapter_name:
        name += f" + {adapter_name}"
    lm = LM(
        model=model,
        tokenizer=tokenizer,
        device=dev,
        name=name,
        base=str(base or DEFAULT_BASE),
        adapter=adapter_name,
        precision=precision,
        merged=merge or adapter_dir is None,
        backend=backend,
        prefix_reuse=prefix_reuse,
        runner_options=dict(runner_options or {}),
        threads=torch.get_num_threads(),
    )
    if prepare:  # build the runner (int8/bf16 weight copies) and token tables now, not at the first request
        from lyrictui.engine.generate import first_step_ban

        say(f"preparing {name} ({lm.precision})", None)
        lm.runner()
        first_step_ban(lm)
    say(f"ready: {name}", 1.0)
    return lm
