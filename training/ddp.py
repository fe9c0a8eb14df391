"""torch.distributed helpers: the same command runs alone or under torchrun / accelerate launch.

    python -m torch.distributed.run --nproc_per_node 2 -m lyrictui.cli train lyrics ...

When WORLD_SIZE > 1 (set by torchrun/accelerate), `setup()` joins the process group:
gloo on CPU, nccl on CUDA, each rank on its own GPU (LOCAL_RANK). Rank 0 alone writes
files and shows progress; others wait at barriers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class Dist:
    rank: int = 0
    world: int = 1
    local_rank: int = 0

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def enabled(self) -> bool:
        return self.world > 1


def env_world() -> int:
    return int(os.environ.get("WORLD_SIZE", "1"))


def setup(device: torch.device | None = None) -> Dist:
    """Join the process group if launched by torchrun (idempotent); single-process otherwise."""
    import torch.distributed as dist

    world = env_world()
    if world <= 1:
        return Dist()
    local = int(os.environ.get("LOCAL_RANK", "0"))
    if not dist.is_initialized():
        use_cuda = torch.cuda.is_available() if device is None else device.type == "cuda"
        if use_cuda:
            torch.cuda.set_device(local)
        dist.init_process_group(backend="nccl" if use_cuda else "gloo")
    return Dist(rank=dist.get_rank(), world=dist.get_world_size(), local_rank=local)


def barrier(d: Dist) -> None:
    if d.enabled:
        import torch.distributed as dist

        dist.barrier()


def any_flag(d: Dist, flag: bool) -> bool:
    """True on every rank if `flag` is true on any rank (so all ranks stop at the same step)."""
    if not d.enabled:
        return flag
    import torch.distributed as dist

    t = torch.tensor([1 if flag else 0], dtype=torch.int32)
    if dist.get_backend() == "nccl":
        t = t.cuda()
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return bool(t.item())


def teardown() -> None:
    import torch.distributed as dist

    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()
