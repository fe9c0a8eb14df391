"""A generic training loop for causal LMs over packed blocks: lyrics (LoRA or from scratch) and chords.

    from training.loop import TrainConfig, train, TrainingInterrupted
    cfg = TrainConfig(lr=3e-4, batch_size=8, max_steps=200, eval_every=50, seed=0)
    try:
        result = train(model, train_blocks, val_blocks, cfg, out_dir="runs/mine")
    except TrainingInterrupted as stop:      # Ctrl-C: a checkpoint was saved
        print(f"resume with --resume (checkpoint {stop.checkpoint})")
    # later: train(..., resume=True) continues from runs/mine/checkpoint

API (stable; the chords job and the lyrics job both use it):

- `TrainConfig`: one dataclass with every knob (see field comments); `to_dict()/from_dict()`
  so a job saves it beside its artifact. Defaults run a small CPU job.
- `train(model, train_blocks, val_blocks, cfg, out_dir, on_event=None, loss_fn=default_loss,
  resume=False) -> TrainResult`.
  * `model`: any torch module; by default called as `model(input_ids=x, labels=x)` and its
    `.loss` used (Hugging Face style); a module returning logits works too. Pass `loss_fn(model,
    batch (B, T) int64) -> scalar` for anything else. Only parameters with requires_grad train
    (so a peft model trains its adapter alone).
  * `train_blocks`, `val_blocks`: indexable (N, block_size) integer rows: numpy memmap/array,
    torch tensor or list of lists (see `training.packing`, `training.blockfile`).
  * `out_dir`: receives `loss.csv`, `loss.png` and `checkpoint/` (rank 0 only).
  * `on_event(event: dict)`: called (rank 0) with {"kind": "step"|"eval"|"checkpoint", "step", ...};
    an exception raised there aborts training (tests use it to simulate a crash).
  * Returns `TrainResult` (losses, best step, tokens/s, history rows). With
    `cfg.restore_best` the model ends holding the weights of its best validation loss.
  * Raises `TrainingInterrupted` after Ctrl-C / SIGTERM, once a checkpoint is saved.

Behaviour: AdamW with weight decay only on matrices (no decay on biases, LayerNorm
weights or embeddings); linear warmup then cosine decay to `lr * min_lr_ratio`; gradient
accumulation; gradient clipping; evaluation every `eval_every` steps (and before step 1)
with early stopping after `early_stopping_patience` evaluations without improvement;
bf16 (or fp16 with a grad scaler) autocast on CUDA; optional gradient checkpointing and
torch.compile (CUDA only). Data order is a fixed function of (seed, epoch), so the
position in the data is just the step number, and a checkpoint holds the model, the
optimizer, the scheduler and every RNG state: `resume=True` reproduces the uninterrupted
run exactly (same seed, same config). Ctrl-C is taken at the next step boundary (a second
Ctrl-C aborts at once, without a checkpoint). Under torchrun (WORLD_SIZE > 1) the model is
wrapped in DistributedDataParallel (gloo on CPU, nccl on CUDA), each rank takes its share
of every batch, and rank 0 alone writes files and shows progress.
"""

from __future__ import annotations

import contextlib
import json
import math
import random
import sys
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch

from lyrictui.atomic import atomic_dir, write_text
from training import ddp
from training.evaluate import LossFn, default_loss, mean_loss, to_batch
from training.loop_parts import (  # noqa: F401 - re-exported: part of this module's API
    _rng_state, _set_rng_state, _StopFlag, autocast_ctx, load_trainable, lr_lambda, micro_batch_rows, param_groups,
    resolve_device, resolve_precision, trainable_state,
)
from training.plots import plot_loss, write_loss_csv

CHECKPOINT_DIR = "checkpoint"


@dataclass
class TrainConfig:
    lr: float = 3e-4  # peak learning rate of AdamW
    min_lr_ratio: float = 0.1  # cosine decay ends at lr * min_lr_ratio
    warmup_steps: int = 20  # linear warmup from 0 over this many optimizer steps
    weight_decay: float = 0.01  # on weight matrices only
    beta1: float = 0.9
    beta2: float = 0.95
    grad_clip: float = 1.0  # max global grad norm; 0 disables
    batch_size: int = 8  # blocks per micro-batch, per process
    grad_accum: int = 1  # micro-batches per optimizer step
    max_steps: int = 0  # optimizer steps; 0 = derive from epochs
    epochs: float = 1.0  # passes over the training blocks when max_steps is 0
    eval_every: int = 50  # optimizer steps between validation passes
    eval_blocks: int = 0  # validation blocks scored per evaluation; 0 = all
    early_stopping_patience: int = 3  # evaluations without improvement before stopping; 0 = never
    min_delta: float = 1e-3  # an improvement smaller than this (nats) does not count
    restore_best: bool = True  # end with the weights of the best validation loss
    eval_at_start: bool = True  # score the untrained model (the curve's first point)
    precision: str = "auto"  # auto (bf16/fp16 on CUDA, fp32 on CPU) | fp32 | bf16 | fp16
    grad_checkpointing: bool = False  # trade compute for activation memory (HF models)
    compile: bool = False  # torch.compile the model (CUDA only; ignored on CPU)
    seed: int = 0
    checkpoint_every: int = 0  # optimizer steps between checkpoints; 0 = at each evaluation
    log_every: int = 10  # optimizer steps per row of train loss in loss.csv
    progress: bool = True  # tqdm bar on stderr (rank 0)
    device: str = "auto"  # auto | cpu | cuda | cuda:N | mps
    max_seconds: float = 0  # stop (as if early) after this much training time; 0 = no limit.
    # A time limit makes the step count depend on machine speed: such runs are not reproducible.

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "TrainConfig":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class TrainResult:
    steps: int  # optimizer steps done
    total_steps: int  # steps planned
    train_loss: float  # mean train loss over the last logged window
    val_loss: float  # last validation loss
    best_val_loss: float
    best_step: int
    initial_val_loss: float  # before training (nan if eval_at_start is off)
    stopped_early: bool
    tokens: int  # training tokens seen (all ranks)
    seconds: float  # wall time of training, this and earlier (resumed) sessions
    tokens_per_s: float  # this session
    history: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("history")
        return d


class TrainingInterrupted(Exception):
    """Training stopped on request (Ctrl-C / SIGTERM) after saving `checkpoint` at `step`."""

    def __init__(self, checkpoint: Path, step: int):
        super().__init__(f"training interrupted at step {step}; checkpoint saved in {checkpoint}")
        self.checkpoint = checkpoint
        self.step = step


# ---------------------------------------------------------------- the loop


def train(
    model: torch.nn.Module,
    train_blocks: Any,
    val_blocks: Any,
    cfg: TrainConfig,
    out_dir: str | Path,
    on_event: Callable[[dict], None] | None = None,
    loss_fn: LossFn = default_loss,
    resume: bool = False,
) -> TrainResult:
    from tqdm.auto import tqdm

    out_dir = Path(out_dir)
    d = ddp.setup(None if cfg.device == "auto" else torch.device(cfg.device))
    device = resolve_device(cfg.device, d.local_rank)
    precision = resolve_precision(cfg.precision, device)
    n = len(train_blocks)
    if n < d.world:
        raise ValueError(f"only {n} training blocks for {d.world} processes: use more data or a smaller block size")
    bs = max(1, min(cfg.batch_size, n // d.world))  # a corpus smaller than one batch still trains
    per_epoch = n // (bs * d.world)
    total = cfg.max_steps if cfg.max_steps > 0 else max(1, math.ceil(cfg.epochs * per_epoch / cfg.grad_accum))
    block_size = len(train_blocks[0])
    tokens_per_step = bs * block_size * cfg.grad_accum * d.world

    # Seed before anything random (dropout masks); each rank its own stream.
    random.seed(cfg.seed + d.rank)
    np.random.seed((cfg.seed + d.rank) % 2**32)
    torch.manual_seed(cfg.seed + d.rank)

    raw = model.to(device)
    if cfg.grad_checkpointing and hasattr(raw, "gradient_checkpointing_enable"):
        raw.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    raw.train()
    opt = torch.optim.AdamW(
        param_groups(raw, cfg.weight_decay), lr=cfg.lr, betas=(cfg.beta1, cfg.beta2),
        fused=device.type == "cuda",
    )
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_lambda(cfg, total))
    scaler = torch.amp.GradScaler("cuda") if precision == "fp16" else None

    # Loop state; everything here goes into a checkpoint.
    st: dict[str, Any] = {
        "step": 0, "best_val": float("inf"), "best_step": 0, "bad_evals": 0, "best_state": None,
        "history": [], "tokens": 0, "elapsed": 0.0, "window": [], "initial_val": float("nan"),
        "last_val": float("nan"), "stopped_early": False, "done": False,
    }
    ckpt_dir = out_dir / CHECKPOINT_DIR
    if resume:
        if not (ckpt_dir / "state.pt").is_file():
            raise FileNotFoundError(f"no checkpoint to resume in {ckpt_dir}")
        saved = torch.load(ckpt_dir / "state.pt", map_location="cpu", weights_only=False)
        if saved["total_steps"] != total or saved["train_blocks"] != n:
            raise ValueError(
                f"checkpoint was made for {saved['total_steps']} steps over {saved['train_blocks']} blocks, "
                f"this run plans {total} over {n}: resume with the same data and options"
            )
        load_trainable(raw, saved["trainable"])
        opt.load_state_dict(saved["optimizer"])
        sched.load_state_dict(saved["scheduler"])
        if scaler is not None and saved.get("scaler"):
            scaler.load_state_dict(saved["scaler"])
        st = saved["loop"]
        if d.rank == 0:  # other ranks keep their own fresh streams; rank 0's drives the result
            _set_rng_state(saved["rng"])

    net: torch.nn.Module = raw
    if d.enabled:
        net = torch.nn.parallel.DistributedDataParallel(
            raw, device_ids=[device.index] if device.type == "cuda" else None
        )
    if cfg.compile and device.type == "cuda":
        net = torch.compile(net)

    amp = autocast_ctx(precision, device)
    eval_kw = dict(batch_size=bs, loss_fn=loss_fn, device=device, max_blocks=cfg.eval_blocks or None, autocast=amp)

    def emit(ev: dict) -> None:
        if on_event is not None and d.is_main:
            on_event(ev)

    def write_curve(plot: bool = False) -> None:
        # The CSV is cheap and kept current; the PNG (~0.5 s of matplotlib) only at the end.
        if d.is_main and st["history"]:
            write_loss_csv(st["history"], out_dir / "loss.csv")
            if plot:
                plot_loss(st["history"], out_dir / "loss.png", title=out_dir.name)

    def save_checkpoint(rng: dict[str, Any]) -> None:
        if d.is_main:
            payload = {
                "trainable": trainable_state(raw), "optimizer": opt.state_dict(), "scheduler": sched.state_dict(),
                "scaler": scaler.state_dict() if scaler is not None else None, "rng": rng, "loop": st,
                "total_steps": total, "train_blocks": n, "config": cfg.to_dict(),
            }
            with atomic_dir(ckpt_dir) as tmp:
                torch.save(payload, tmp / "state.pt")
                info = {"step": st["step"], "total_steps": total, "best_val_loss": st["best_val"], "config": cfg.to_dict()}
                write_text(tmp / "info.json", json.dumps(info, indent=2))
            emit({"kind": "checkpoint", "step": st["step"], "path": str(ckpt_dir)})
        ddp.barrier(d)

    def evaluate_now() -> float:
        val = mean_loss(net if not d.enabled else raw, val_blocks, **eval_kw) if len(val_blocks) else float("nan")
        st["last_val"] = val
        return val

    out_dir.mkdir(parents=True, exist_ok=True) if d.is_main else None
    if st["step"] == 0 and cfg.eval_at_start and not st["history"]:
        v = evaluate_now()
        st["initial_val"] = v
        st["history"].append({"step": 0, "train_loss": None, "val_loss": v, "lr": 0.0, "tokens": 0})
        emit({"kind": "eval", "step": 0, "val_loss": v})

    bar = tqdm(total=total, initial=st["step"], disable=not (cfg.progress and d.is_main), unit="step",
               dynamic_ncols=True, file=sys.stderr, desc="train")
    t0 = time.perf_counter()
    tokens_session = 0
    ckpt_every = cfg.checkpoint_every or cfg.eval_every
    try:
        with _StopFlag(announce=d.is_main) as stop:
            while st["step"] < total and not st["done"]:
                if ddp.any_flag(d, stop.requested):
                    save_checkpoint(_rng_state())
                    write_curve(plot=True)
                    raise TrainingInterrupted(ckpt_dir, st["step"])
                step = st["step"]
                opt.zero_grad(set_to_none=True)
                step_loss = 0.0
                for micro in range(cfg.grad_accum):
                    rows = micro_batch_rows(step * cfg.grad_accum + micro, n, bs, d, cfg.seed)
                    batch = to_batch(train_blocks, rows, device)
                    sync = micro == cfg.grad_accum - 1 or not d.enabled
                    with (contextlib.nullcontext() if sync else net.no_sync()), amp:
                        loss = loss_fn(net, batch) / cfg.grad_accum
                    (scaler.scale(loss) if scaler is not None else loss).backward()
                    step_loss += float(loss.detach())
                if scaler is not None:
                    scaler.unscale_(opt)
                if cfg.grad_clip > 0:
                    torch.nn.utils.clip_grad_norm_([p for p in raw.parameters() if p.requires_grad], cfg.grad_clip)
                if scaler is not None:
                    scaler.step(opt)
                    scaler.update()
                else:
                    opt.step()
                lr = sched.get_last_lr()[0]
                sched.step()
                st["step"] = step + 1
                st["tokens"] += tokens_per_step
                tokens_session += tokens_per_step
                st["window"].append(step_loss)
                s = st["step"]
                tps = tokens_session / max(1e-9, time.perf_counter() - t0)
                bar.update(1)
                bar.set_postfix(loss=f"{step_loss:.3f}", val=f"{st['last_val']:.3f}", tok_s=f"{tps:,.0f}")
                emit({"kind": "step", "step": s, "loss": step_loss, "lr": lr, "tokens_per_s": tps})
                row = None
                if s % cfg.log_every == 0 or s == total:
                    row = {"step": s, "train_loss": sum(st["window"]) / len(st["window"]), "val_loss": None,
                           "lr": lr, "tokens": st["tokens"]}
                    st["window"] = []
                if s % cfg.eval_every == 0 or s == total:
                    v = evaluate_now()
                    row = row or {"step": s, "train_loss": None, "lr": lr, "tokens": st["tokens"]}
                    row["val_loss"] = v
                    emit({"kind": "eval", "step": s, "val_loss": v})
                    if math.isnan(v):
                        pass  # no validation data: no early stopping, keep the last weights
                    elif v < st["best_val"] - cfg.min_delta or math.isinf(st["best_val"]):
                        st.update(best_val=min(v, st["best_val"]), best_step=s, bad_evals=0,
                                  best_state=trainable_state(raw) if cfg.restore_best else None)
                    else:
                        st["bad_evals"] += 1
                        if cfg.early_stopping_patience and st["bad_evals"] >= cfg.early_stopping_patience:
                            st["stopped_early"] = st["done"] = True
                late = bool(cfg.max_seconds) and st["elapsed"] + time.perf_counter() - t0 > cfg.max_seconds
                if cfg.max_seconds and ddp.any_flag(d, late) and s < total and not st["done"]:
                    st["done"] = True  # out of time: finish like an early stop (the lr has not fully decayed)
                    st["stopped_early"] = True
                    if not (s % cfg.eval_every == 0):
                        v = evaluate_now()
                        row = row or {"step": s, "train_loss": None, "lr": lr, "tokens": st["tokens"]}
                        row["val_loss"] = v
                        if not math.isnan(v) and v < st["best_val"]:
                            st.update(best_val=v, best_step=s,
                                      best_state=trainable_state(raw) if cfg.restore_best else None)
                if row is not None:
                    st["history"].append(row)
                if s % cfg.eval_every == 0:
                    write_curve()
                if s % ckpt_every == 0 and s < total and not st["done"]:
                    save_checkpoint(_rng_state())
    finally:
        bar.close()
        st["elapsed"] += time.perf_counter() - t0

    st["done"] = True
    save_checkpoint(_rng_state())  # a finished run resumes to the same result at once
    write_curve(plot=True)
    if cfg.restore_best and st["best_state"] is not None:
        load_trainable(raw, st["best_state"])
    trains = [r["train_loss"] for r in st["history"] if r.get("train_loss") is not None]
    return TrainResult(
        steps=st["step"], total_steps=total, train_loss=trains[-1] if trains else float("nan"),
        val_loss=st["last_val"], best_val_loss=st["best_val"], best_step=st["best_step"],
        initial_val_loss=st["initial_val"], stopped_early=st["stopped_early"], tokens=st["tokens"],
        seconds=st["elapsed"], tokens_per_s=tokens_session / max(1e-9, time.perf_counter() - t0),
        history=list(st["history"]),
    )
