"""The `lyrictui train lyrics` job: data -> (LoRA on a base LM | a small GPT-2 from scratch) -> model store.

    from training.lyrics import LyricsJobConfig, run_job
    cfg = LyricsJobConfig(data="lyrics/", name="mine", base="gpt2").with_preset("small")
    folder = run_job(cfg, command="lyrictui train lyrics --data lyrics/ --name mine")

Stages, in order (as in run_clm.py): seed; data (validated before any model loads,
`training.lyrics_prep`); tokenizer (the base model's, or a byte-level BPE trained on the
training songs for --from-scratch); model (base + peft LoRA with fan_in_fan_out for
GPT-2's Conv1D, or a fresh GPT2LMHeadModel); samples before; train (`training.loop`);
perplexity of base and tuned model on the validation songs; samples after; save.

Outputs: the run folder (`runs/lyrics/NAME`: songs.jsonl, train.bin/val.bin, checkpoint/,
loss.csv/png) and the model folder `models/lyrics/NAME/` written through
`lyrictui.atomic.atomic_dir` (adapter or full model, tokenizer for full models,
lyrictui.json, loss.csv, loss.png, samples.md, README.md).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from chords.gpt2 import context_window, scratch_gpt2
from training.loop import TrainConfig

# Presets size the model (for --from-scratch), the adapter and the schedule; CLI options override.
PRESETS: dict[str, dict[str, Any]] = {
    # a 2-layer smoke run: under a minute on a laptop CPU
    "tiny": dict(n_layer=2, n_head=2, n_embd=64, vocab_size=2048, block_size=64, lora_rank=4,
                 train=dict(batch_size=8, max_steps=40, eval_every=10, warmup_steps=5, eval_blocks=64)),
    # the bundled "verse" model's size; LoRA rank 8 on c_attn
    "small": dict(n_layer=4, n_head=4, n_embd=256, vocab_size=8192, block_size=256, lora_rank=8,
                  train=dict(batch_size=8, epochs=1.0, eval_every=100, warmup_steps=50, eval_blocks=200)),
    "base": dict(n_layer=6, n_head=6, n_embd=384, vocab_size=16384, block_size=512, lora_rank=16,
                 lora_targets=("c_attn", "c_proj"),
                 train=dict(batch_size=8, epochs=2.0, eval_every=200, warmup_steps=100, eval_blocks=400)),
}


# LoRA defaults that learn (issue 12 item 4; the sweep in bench/train_lyrics.py and the README):
# rank 16 on every GPT-2 projection at lr 2e-3 reached 25-30% lower held-out perplexity on
# ~150 songs where rank 8 on c_attn at 5e-4 for one epoch reached ~5%.
LORA_DEFAULTS = dict(lora_rank=16, lora_targets=("c_attn", "c_proj", "c_fc"))
LORA_LR = 2e-3
AUTO_EPOCHS = 20  # the step budget's ceiling in passes over the songs; early stopping ends sooner
AUTO_STEPS = (100, 2000)  # the budget's floor and ceiling in optimizer steps
AUTO_EVALS = 20  # validation passes over the budget (early stopping looks at these)
AUTO_MINUTES = 8.0  # time cap of an auto schedule: data, model and saving fit in 10 minutes on 2 cores


class JobError(Exception):
    """A user-facing failure (bad option, base model unavailable): printed without a traceback."""


@dataclass
class LyricsJobConfig:
    data: str = ""  # folder or file of lyrics
    name: str = "mine"  # model store folder: models/lyrics/<name>
    base: str = "gpt2"  # HF model id or local folder (a store name like "verse" works too)
    from_scratch: bool = False  # train a small GPT-2 with all weights instead of a LoRA adapter
    preset: str = "small"
    # --from-scratch only: start from this full model's weights and tokenizer (a store name or a
    # folder) instead of random ones, i.e. train an existing model further ("verse" for longer)
    init: str = ""
    # --from-scratch model (GPT-2 architecture) and its tokenizer
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 256
    vocab_size: int = 8192  # BPE vocabulary trained on the corpus
    tokenizer: str = "bpe"  # bpe (trained on the data) | gpt2 (GPT-2's own 50257 tokens)
    dropout: float = 0.1
    save_dtype: str = "fp32"  # fp32 | fp16 (full models; halves the file, loaded back as fp32)
    # LoRA
    lora_rank: int = 8
    lora_alpha: int = 0  # 0 = 2 * rank
    lora_dropout: float = 0.05
    lora_targets: tuple[str, ...] = ("c_attn",)
    # data
    block_size: int = 256
    val_fraction: float = 0.1
    # training songs whose author or title contains one of these words (case-insensitive) are
    # seen `upweight_factor` times an epoch: e.g. "Burns,Moore,song,ballad" tilts a poetry
    # corpus towards what is sung. Validation songs are never repeated, so perplexity stays honest.
    upweight: tuple[str, ...] = ()
    upweight_factor: int = 2
    final_eval_blocks: int = 0  # validation blocks for the before/after perplexity; 0 = all
    samples: int = 3  # continuations before/after in samples.md
    sample_tokens: int = 48  # new tokens per sample continuation
    run_dir: str = ""  # "" = runs/lyrics/<name> beside the model store (lyrictui.store.runs_dir)
    # LoRA: scale the step budget, evaluation interval and time cap to the data once it is packed
    # (`scaled_to`); the CLI turns it on when no --max-steps/--epochs is given
    auto_schedule: bool = False
    train: TrainConfig = field(default_factory=TrainConfig)

    def with_preset(self, preset: str, **overrides: Any) -> "LyricsJobConfig":
        if preset not in PRESETS:
            raise JobError(f"unknown preset {preset!r}; choose from {', '.join(PRESETS)}")
        p = dict(PRESETS[preset])
        tr = {**asdict(self.train), **p.pop("train")}
        # small fresh models take a bigger step than adapters; the 40-step smoke run a bigger one still
        tr["lr"] = (3e-3 if preset == "tiny" else 1e-3) if self.from_scratch else LORA_LR
        if not self.from_scratch and preset != "tiny":
            p.update(LORA_DEFAULTS)
        return dataclasses.replace(self, preset=preset, **p, train=TrainConfig.from_dict(tr), **overrides)

    def scaled_to(self, blocks_train: int) -> tuple["LyricsJobConfig", str]:
        """The auto schedule for this many training blocks (LoRA only), and a sentence saying what it chose."""
        if self.from_scratch or not self.auto_schedule:
            return self, ""
        t = self.train
        per_epoch = max(1, blocks_train // max(1, t.batch_size * t.grad_accum))
        steps = min(max(AUTO_EPOCHS * per_epoch, AUTO_STEPS[0]), AUTO_STEPS[1])
        every = max(10, steps // AUTO_EVALS)
        cap = t.max_seconds or AUTO_MINUTES * 60
        tr = dataclasses.replace(t, max_steps=steps, eval_every=every, warmup_steps=min(t.warmup_steps, every),
                                 early_stopping_patience=t.early_stopping_patience or 3, max_seconds=cap)
        say = (f"Auto schedule: LoRA rank {self.lora_rank} on {','.join(self.lora_targets)}, lr {t.lr:g}; up to "
               f"{steps} steps ({steps / per_epoch:.1f} passes over {blocks_train} blocks), validation every {every} "
               f"steps, stopping after {tr.early_stopping_patience} without improvement or {cap / 60:.0f} minutes "
               f"(the best weights are kept). --max-steps/--epochs/--max-minutes override.")
        return dataclasses.replace(self, train=tr), say

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["lora_targets"] = list(self.lora_targets)
        d["upweight"] = list(self.upweight)
        return d


def default_run_dir(name: str) -> Path:
    from lyrictui import store

    return store.runs_dir() / "lyrics" / name


def resolve_base(base: str) -> str:
    """A local folder as given, a model-store name ("verse"), else a hub id unchanged."""
    from lyrictui import store

    p = Path(base).expanduser()
    if p.is_dir():
        return str(p.resolve())
    if "/" not in base and (store.lyrics_dir() / base).is_dir():
        return str((store.lyrics_dir() / base).resolve())
    return base


def load_base(base: str, what: str = "model"):
    """AutoModelForCausalLM / AutoTokenizer from a folder or the hub, with a plain offline error."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    try:
        if what == "tokenizer":
            tok = AutoTokenizer.from_pretrained(base)
            if tok.eos_token_id is None:
                raise JobError(f"the tokenizer of {base} has no end-of-text token; lyrics training needs one")
            return tok
        return AutoModelForCausalLM.from_pretrained(base, dtype="float32")
    except OSError as e:
        if Path(base).exists():
            raise JobError(f"could not load the base {what} from {base}: {e}") from None
        raise JobError(
            f"could not load base {what} {base!r}: it is not a local folder and the Hugging Face hub is "
            f"unreachable (offline?) with no cached copy. Connect once to download it, pass --base with a local "
            f"model folder (e.g. --base verse, the bundled model), or use --from-scratch."
        ) from None


def build_scratch_model(cfg: LyricsJobConfig, tokenizer):
    if cfg.n_embd % cfg.n_head:
        raise JobError(f"n_embd ({cfg.n_embd}) must be a multiple of n_head ({cfg.n_head})")
    eos = tokenizer.eos_token_id  # GPT-2's habit: one <|endoftext|> is begin, end and padding
    return scratch_gpt2(vocab_size=len(tokenizer), block_size=cfg.block_size, n_embd=cfg.n_embd,
                        n_layer=cfg.n_layer, n_head=cfg.n_head, dropout=cfg.dropout, bos=eos, eos=eos, pad=eos)


def add_lora(model, cfg: LyricsJobConfig):
    from peft import LoraConfig, get_peft_model

    from lyrictui.engine.load import peft_quiet

    conv1d = type(model).__name__.startswith("GPT2") or getattr(model.config, "model_type", "") == "gpt2"
    lc = LoraConfig(
        r=cfg.lora_rank, lora_alpha=cfg.lora_alpha or 2 * cfg.lora_rank, lora_dropout=cfg.lora_dropout,
        target_modules=list(cfg.lora_targets), fan_in_fan_out=conv1d, bias="none", task_type="CAUSAL_LM",
    )
    try:
        with peft_quiet():
            return get_peft_model(model, lc)
    except ValueError as e:
        raise JobError(f"LoRA targets {list(cfg.lora_targets)} do not fit this base model: {e}") from None


def count_params(model) -> tuple[int, int]:
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return total, trainable


def sample_continuations(model, tokenizer, prompts: list[str], seed: int, max_new_tokens: int = 48) -> list[str]:
    """One sampled continuation per prompt (top-k 50, top-p 0.9, as the engine's defaults)."""
    import torch

    out = []
    model.eval()
    device = next(model.parameters()).device
    n_pos = context_window(model.config)
    max_new_tokens = min(max_new_tokens, n_pos // 2)
    for i, p in enumerate(prompts):
        # keep the prompt's end so prompt + new tokens fit the model's positions
        ids = tokenizer(p, return_tensors="pt", add_special_tokens=False)["input_ids"][:, -(n_pos - max_new_tokens):]
        torch.manual_seed(seed + i)
        with torch.no_grad():
            gen = model.generate(
                ids.to(device), attention_mask=torch.ones_like(ids).to(device), do_sample=True, top_k=50, top_p=0.9,
                repetition_penalty=1.2, max_new_tokens=max_new_tokens, pad_token_id=tokenizer.eos_token_id,
            )
        out.append(tokenizer.decode(gen[0, ids.shape[1]:], skip_special_tokens=True))
    return out


def sample_prompts(texts: list[str], n: int) -> list[str]:
    """The title, first header and first two lines of the first n validation songs."""
    prompts = []
    for t in texts[:n]:
        lines = t.split("\n")
        prompts.append("\n".join(lines[:4]) + "\n")
    return prompts


def samples_markdown(prompts: list[str], before: list[str], after: list[str], base_label: str) -> str:
    out = ["# Sample continuations", "", f"Before: {base_label}. After: this model. Sampling: top-k 50, top-p 0.9, "
           "repetition penalty 1.2; the prompts are the openings of validation songs.", ""]
    for i, p in enumerate(prompts):
        out += [f"## Prompt {i + 1}", "", "```", p.rstrip("\n"), "```", "", "**Before**", "", "```",
                before[i].strip("\n") if i < len(before) else "", "```", "", "**After**", "", "```",
                after[i].strip("\n") if i < len(after) else "", "```", ""]
    return "\n".join(out)


def fmt_ppl(loss: float) -> float:
    try:
        return math.exp(loss)
    except (OverflowError, ValueError):
        return float("inf")


def write_readme(meta: dict[str, Any]) -> str:
    m = meta["metrics"]
    lines = [
        f"# {meta['name']}: {meta['type']}", "",
        f"Trained by `lyrictui train lyrics` on {meta['created']}.", "",
        "Command:", "", "```", meta["command"], "```", "",
        f"- base: {meta.get('base') or '(none: trained from scratch)'}",
        f"- data: {meta['data']['songs_train']} training songs, {meta['data']['songs_val']} validation songs "
        f"(split by song), {meta['data']['tokens_train']:,} training tokens; data sha256 {meta['data']['data_hash'][:16]}...",
        f"- validation loss {m['val_loss']:.4f} nats/token, perplexity {m['val_ppl']:.2f} "
        f"(before training: {m['base_val_ppl']:.2f})",
        f"- {m['steps']} optimizer steps, best at step {m['best_step']}, {m['seconds']:.0f} s, "
        f"{m['tokens_per_s']:.0f} tokens/s", "",
        "Files: `lyrictui.json` (config, data statistics, metrics), `loss.csv`/`loss.png`, `samples.md`.",
    ]
    return "\n".join(lines) + "\n"


def run_job(cfg: LyricsJobConfig, command: str, resume: bool = False, echo: Callable[[str], None] = print,
            on_event: Callable[[dict], None] | None = None,
            confirm_replace: Callable[[str], bool] | None = None) -> Path | None:
    """Run the whole job; returns the model folder (None on ranks other than 0).
    `confirm_replace(message)`: may a clearly worse model replace the one of its name (training/guard.py)?"""
    from training.lyrics_job import run

    return run(cfg, command, resume=resume, echo=echo, on_event=on_event, confirm_replace=confirm_replace)
