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
from lyrictui.device import choose_device, choose_precision
from training import ddp
from training.evaluate import LossFn, default_loss, mean_loss, to_batch
from training.loop_parts import (
    StopFlag, autocast_ctx, load_trainable, lr_lambda, micro_batch_rows, param_groups,
    rng_state, set_rng_state, trainable_state,
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


@dataclass
class LoopState:
    """Everything the loop carries from step to step; saved whole in every checkpoint."""

    step: int = 0  # optimizer steps done
    best_val: float = float("inf")
    best_step: int = 0
    bad_evals: int = 0  # evaluations in a row without an improvement of min_delta
    best_state: dict[str, torch.Tensor] | None = None  # trainable weights at best_val
    history: list[dict] = field(default_factory=list)  # rows of loss.csv
    tokens: int = 0  # training tokens seen (all ranks)
    elapsed: float = 0.0  # seconds of training, all sessions
    window: list[float] = field(default_factory=list)  # train losses since the last logged row
    initial_val: float = float("nan")
    last_val: float = float("nan")
    last_val_step: int = -1  # the step last_val was measured at (-1: never)
    stopped_early: bool = False
    done: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "LoopState":
        """Also reads the plain dict that checkpoints made before LoopState existed."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

    def record_eval(self, val: float, min_delta: float, best_weights: Callable[[], Any]) -> None:
        """The one rule of what counts as better: lower by more than min_delta (or the first)."""
        if math.isnan(val):
            return  # no validation data: no early stopping, keep the last weights
        if math.isinf(self.best_val) or val < self.best_val - min_delta:
            self.best_val, self.best_step, self.bad_evals = val, self.step, 0
            self.best_state = best_weights()
        else:
            self.bad_evals += 1


@dataclass
class Plan:
    """How many steps of how many rows: fixed by the data, the config and the world size."""

    blocks: int  # training blocks
    batch_size: int  # rows per micro-batch per process
    total_steps: int
    tokens_per_step: int

    @classmethod
    def of(cls, cfg: TrainConfig, n: int, block_size: int, world: int) -> "Plan":
        if n < world:
            raise ValueError(f"only {n} training blocks for {world} processes: use more data or a smaller block size")
        bs = max(1, min(cfg.batch_size, n // world))  # a corpus smaller than one batch still trains
        per_epoch = n // (bs * world)
        total = cfg.max_steps if cfg.max_steps > 0 else max(1, math.ceil(cfg.epochs * per_epoch / cfg.grad_accum))
        return cls(n, bs, total, bs * block_size * cfg.grad_accum * world)


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
    run = _Run(model, train_blocks, val_blocks, cfg, Path(out_dir), on_event, loss_fn)
    if resume:
        run.resume()
    run.start()
    if run.st.step == 0 and cfg.eval_at_start and not run.st.history:
        run.st.initial_val = run.measure()  # the curve's first point; not a candidate for best
        run.st.history.append({"step": 0, "train_loss": None, "val_loss": run.st.initial_val, "lr": 0.0, "tokens": 0})
    bar = run.progress_bar()
    t0 = run.t0 = time.perf_counter()
    try:
        with StopFlag(announce=run.d.is_main) as stop:
            while run.st.step < run.plan.total_steps and not run.st.done:
                if ddp.any_flag(run.d, stop.requested):
                    run.checkpoint()
                    run.write_curve(plot=True)
                    raise TrainingInterrupted(run.ckpt_dir, run.st.step)
                run.train_step(bar)
                run.after_step(out_of_time=run.out_of_time(t0))
    finally:
        bar.close()
        run.st.elapsed += time.perf_counter() - t0
    return run.finish(time.perf_counter() - t0)


class _Run:
    """One training run: the model, optimizer and schedule, and the state they share."""

    def __init__(self, model, train_blocks, val_blocks, cfg: TrainConfig, out_dir: Path, on_event, loss_fn):
        self.cfg, self.out_dir, self.on_event, self.loss_fn = cfg, out_dir, on_event, loss_fn
        self.train_blocks, self.val_blocks = train_blocks, val_blocks
        self.d = ddp.setup(None if cfg.device == "auto" else torch.device(cfg.device))
        self.device = choose_device(cfg.device, self.d.local_rank, mps=False)
        self.precision = choose_precision(cfg.precision, self.device)
        self.plan = Plan.of(cfg, len(train_blocks), len(train_blocks[0]), self.d.world)
        self.ckpt_dir = out_dir / CHECKPOINT_DIR
        self.st = LoopState()
        self.tokens_session = 0  # tokens trained in this session (tokens/s)
        self.t0 = 0.0  # perf_counter() when this session's first step began (set by train)
        self.lr = 0.0  # the learning rate of the last step

        # Seed before anything random (dropout masks); each rank its own stream.
        random.seed(cfg.seed + self.d.rank)
        np.random.seed((cfg.seed + self.d.rank) % 2**32)
        torch.manual_seed(cfg.seed + self.d.rank)

        self.raw = model.to(self.device)
        if cfg.grad_checkpointing:
            self._checkpoint_activations()
        self.raw.train()
        self.opt = torch.optim.AdamW(
            param_groups(self.raw, cfg.weight_decay), lr=cfg.lr, betas=(cfg.beta1, cfg.beta2),
            fused=self.device.type == "cuda",
        )
        # the clock lets a time cap (max_seconds) anneal the schedule on a slow or busy machine
        clock = lambda: (self.st.elapsed + time.perf_counter() - self.t0) if self.t0 else 0.0  # noqa: E731
        self.sched = torch.optim.lr_scheduler.LambdaLR(self.opt, lr_lambda(cfg, self.plan.total_steps, clock))
        self.scaler = torch.amp.GradScaler("cuda") if self.precision == "fp16" else None
        self.amp = autocast_ctx(self.precision, self.device)
        self.net: torch.nn.Module = self.raw

    def _checkpoint_activations(self) -> None:
        """Recompute activations in the backward pass (HF models; transformers renamed the call)."""
        kw = {"use_reentrant": False}
        if hasattr(self.raw, "activation_checkpointing_enable"):  # transformers >= 5.2x
            self.raw.activation_checkpointing_enable(activation_checkpointing_kwargs=kw)
        elif hasattr(self.raw, "gradient_checkpointing_enable"):
            self.raw.gradient_checkpointing_enable(gradient_checkpointing_kwargs=kw)

    def resume(self) -> None:
        if not (self.ckpt_dir / "state.pt").is_file():
            raise FileNotFoundError(f"no checkpoint to resume in {self.ckpt_dir}")
        saved = torch.load(self.ckpt_dir / "state.pt", map_location="cpu", weights_only=False)
        if saved["total_steps"] != self.plan.total_steps or saved["train_blocks"] != self.plan.blocks:
            raise ValueError(
                f"checkpoint was made for {saved['total_steps']} steps over {saved['train_blocks']} blocks, "
                f"this run plans {self.plan.total_steps} over {self.plan.blocks}: resume with the same data and options"
            )
        load_trainable(self.raw, saved["trainable"])
        self.opt.load_state_dict(saved["optimizer"])
        self.sched.load_state_dict(saved["scheduler"])
        if self.scaler is not None and saved.get("scaler"):
            self.scaler.load_state_dict(saved["scaler"])
        self.st = LoopState.from_dict(saved["loop"])
        if self.d.rank == 0:  # other ranks keep their own fresh streams; rank 0's drives the result
            set_rng_state(saved["rng"])

    def start(self) -> None:
        """Wrap the model for several processes and compilation, after any resume."""
        if self.d.enabled:
            self.net = torch.nn.parallel.DistributedDataParallel(
                self.raw, device_ids=[self.device.index] if self.device.type == "cuda" else None
            )
        if self.cfg.compile and self.device.type == "cuda":
            self.net = torch.compile(self.net)
        if self.d.is_main:
            self.out_dir.mkdir(parents=True, exist_ok=True)

    def progress_bar(self):
        from tqdm.auto import tqdm

        return tqdm(total=self.plan.total_steps, initial=self.st.step, unit="step", dynamic_ncols=True,
                    disable=not (self.cfg.progress and self.d.is_main), file=sys.stderr, desc="train")

    def emit(self, event: dict) -> None:
        if self.on_event is not None and self.d.is_main:
            self.on_event(event)

    # ------------------------------------------------------------ a step

    def train_step(self, bar) -> None:
        """One optimizer step over grad_accum micro-batches; updates the bar and the state."""
        cfg, st, plan = self.cfg, self.st, self.plan
        self.opt.zero_grad(set_to_none=True)
        step_loss = 0.0
        for micro in range(cfg.grad_accum):
            rows = micro_batch_rows(st.step * cfg.grad_accum + micro, plan.blocks, plan.batch_size, self.d, cfg.seed)
            batch = to_batch(self.train_blocks, rows, self.device)
            sync = micro == cfg.grad_accum - 1 or not self.d.enabled
            with (contextlib.nullcontext() if sync else self.net.no_sync()), self.amp:
                loss = self.loss_fn(self.net, batch) / cfg.grad_accum
            (self.scaler.scale(loss) if self.scaler is not None else loss).backward()
            step_loss += float(loss.detach())
        if self.scaler is not None:
            self.scaler.unscale_(self.opt)
        if cfg.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_([p for p in self.raw.parameters() if p.requires_grad], cfg.grad_clip)
        if self.scaler is not None:
            self.scaler.step(self.opt)
            self.scaler.update()
        else:
            self.opt.step()
        self.lr = self.sched.get_last_lr()[0]
        self.sched.step()
        st.step += 1
        st.tokens += plan.tokens_per_step
        self.tokens_session += plan.tokens_per_step
        st.window.append(step_loss)
        tps = self.tokens_session / max(1e-9, time.perf_counter() - self.t0)
        bar.update(1)
        # The validation loss is only as fresh as the last evaluation: say which step measured it.
        val = f"{st.last_val:.3f}@{st.last_val_step}" if st.last_val_step >= 0 else "-"
        bar.set_postfix(loss=f"{step_loss:.3f}", val=val, tok_s=f"{tps:,.0f}")
        self.emit({"kind": "step", "step": st.step, "loss": step_loss, "lr": self.lr, "tokens_per_s": tps})

    def out_of_time(self, t0: float) -> bool:
        late = bool(self.cfg.max_seconds) and self.st.elapsed + time.perf_counter() - t0 > self.cfg.max_seconds
        return bool(self.cfg.max_seconds) and ddp.any_flag(self.d, late)

    def after_step(self, out_of_time: bool) -> None:
        """Log, evaluate, stop early and checkpoint as the step number says."""
        cfg, st, s, total = self.cfg, self.st, self.st.step, self.plan.total_steps
        row = None
        if s % cfg.log_every == 0 or s == total:
            row = {"step": s, "train_loss": sum(st.window) / len(st.window), "val_loss": None,
                   "lr": self.lr, "tokens": st.tokens}
            st.window = []
        evaluate = s % cfg.eval_every == 0 or s == total
        if out_of_time and s < total and not st.done:
            st.done = st.stopped_early = True  # finish like an early stop (the lr has not fully decayed)
            evaluate = True
        if evaluate:
            row = row or {"step": s, "train_loss": None, "lr": self.lr, "tokens": st.tokens}
            row["val_loss"] = self.evaluate()
            if cfg.early_stopping_patience and st.bad_evals >= cfg.early_stopping_patience:
                st.stopped_early = st.done = True
        if row is not None:
            st.history.append(row)
        if s % cfg.eval_every == 0:
            self.write_curve()
        if s % (cfg.checkpoint_every or cfg.eval_every) == 0 and s < total and not st.done:
            self.checkpoint()

    def measure(self) -> float:
        """Validation loss of the model as it is now (nan without validation data)."""
        model = self.net if not self.d.enabled else self.raw
        kw = dict(batch_size=self.plan.batch_size, loss_fn=self.loss_fn, device=self.device,
                  max_blocks=self.cfg.eval_blocks or None, autocast=self.amp)
        val = mean_loss(model, self.val_blocks, **kw) if len(self.val_blocks) else float("nan")
        self.st.last_val, self.st.last_val_step = val, self.st.step
        self.emit({"kind": "eval", "step": self.st.step, "val_loss": val})
        return val

    def evaluate(self) -> float:
        """measure(), then keep the best weights and count evaluations without progress."""
        val = self.measure()
        keep = self.cfg.restore_best
        self.st.record_eval(val, self.cfg.min_delta, lambda: trainable_state(self.raw) if keep else None)
        return val

    # ------------------------------------------------------------ files

    def write_curve(self, plot: bool = False) -> None:
        # The CSV is cheap and kept current; the PNG (~0.5 s of matplotlib) only at the end.
        if self.d.is_main and self.st.history:
            write_loss_csv(self.st.history, self.out_dir / "loss.csv")
            if plot:
                plot_loss(self.st.history, self.out_dir / "loss.png", title=self.out_dir.name)

    def checkpoint(self) -> None:
        if self.d.is_main:
            payload = {
                "trainable": trainable_state(self.raw), "optimizer": self.opt.state_dict(),
                "scheduler": self.sched.state_dict(),
                "scaler": self.scaler.state_dict() if self.scaler is not None else None,
                "rng": rng_state(), "loop": self.st.to_dict(), "total_steps": self.plan.total_steps,
                "train_blocks": self.plan.blocks, "config": self.cfg.to_dict(),
            }
            with atomic_dir(self.ckpt_dir) as tmp:
                torch.save(payload, tmp / "state.pt")
                info = {"step": self.st.step, "total_steps": self.plan.total_steps,
                        "best_val_loss": self.st.best_val, "config": self.cfg.to_dict()}
                write_text(tmp / "info.json", json.dumps(info, indent=2))
            self.emit({"kind": "checkpoint", "step": self.st.step, "path": str(self.ckpt_dir)})
        ddp.barrier(self.d)

    def finish(self, session_seconds: float) -> TrainResult:
        st = self.st
        st.done = True
        self.checkpoint()  # a finished run resumes to the same result at once
        self.write_curve(plot=True)
        if self.cfg.restore_best and st.best_state is not None:
            load_trainable(self.raw, st.best_state)
        trains = [r["train_loss"] for r in st.history if r.get("train_loss") is not None]
        return TrainResult(
            steps=st.step, total_steps=self.plan.total_steps, train_loss=trains[-1] if trains else float("nan"),
            val_loss=st.last_val, best_val_loss=st.best_val, best_step=st.best_step,
            initial_val_loss=st.initial_val, stopped_early=st.stopped_early, tokens=st.tokens,
            seconds=st.elapsed, tokens_per_s=self.tokens_session / max(1e-9, session_seconds),
            history=list(st.history),
        )
