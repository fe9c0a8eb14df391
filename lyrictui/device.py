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

# transformers builds a model with tensor creation redirected to the "meta" device by patches
# that are not confined to the loading thread, so a model built in another thread at the same
# moment can be left holding meta tensors ("Cannot copy out of meta tensor; no data!"). The
# editor loads its lyric and chord models side by side in two workers: every model load holds
# this lock (a download for the first load of a hub model holds it too; the other waits).
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
