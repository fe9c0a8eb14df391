"""Device and precision choice: the one place "auto" is turned into a torch device and a precision name.

    dev = choose_device("auto")                      # cuda, else mps, else cpu
    choose_precision("auto", dev)                    # cuda: bf16 (fp16 without bf16); mps: fp16; cpu: fp32

Training (`training.loop_parts`) and inference (`lyrictui.engine.load`) differ only in what they
ask for: training never picks MPS (`mps=False`, its autocast path is CUDA/CPU) and places each
DDP rank on its own GPU; the engine runs int8 on CPU when its fast runner can. torch is imported
lazily so `lyrictui --help` stays instant.
"""

from __future__ import annotations

import functools
import threading
from typing import Callable, TypeVar

T = TypeVar("T")

# Two models must not load in two threads at once (the editor loads its lyric and chord models
# in two workers). transformers builds a model with tensor creation redirected to the "meta"
# device by patches that are not confined to the loading thread, so a model built beside it
# can be left holding meta tensors ("Cannot copy out of meta tensor; no data!"); and its lazy
# module can fail a first `from transformers import ...` made by two threads at once ("cannot
# import name 'AutoModelForCausalLM'"). Both were seen in the tmux session test. Every model
# load holds this lock (a hub download on a first load holds it too; the other load waits).
MODEL_BUILD_LOCK = threading.RLock()


def one_build_at_a_time(load: Callable[..., T]) -> Callable[..., T]:
    """Decorate a model loader so that no two threads build models at once."""

    @functools.wraps(load)
    def locked(*args, **kwargs) -> T:
        with MODEL_BUILD_LOCK:
            return load(*args, **kwargs)

    return locked


def choose_device(name: str | None = "auto", local_rank: int | None = None, mps: bool = True):
    """A torch.device for `name` ("auto"/None/"" picks: CUDA (a DDP rank's own GPU), then MPS if allowed, then CPU)."""
    import torch

    if name and name != "auto":
        return torch.device(name)
    if torch.cuda.is_available():
        return torch.device("cuda") if local_rank is None else torch.device("cuda", local_rank)
    backend = getattr(torch.backends, "mps", None)  # absent on some builds of torch
    if mps and backend is not None and backend.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def choose_precision(precision: str | None, device, cpu: str = "fp32") -> str:
    """"bf16" / "fp16" / "fp32" / ...: `precision` unless it is "auto"/None; else by device, `cpu` on CPU."""
    import torch

    if precision and precision != "auto":
        return precision
    if device.type == "cuda":
        return "bf16" if torch.cuda.is_bf16_supported() else "fp16"
    if device.type == "mps":
        return "fp16"
    return cpu
