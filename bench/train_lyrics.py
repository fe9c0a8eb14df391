"""Training speed of the lyrics job: tokens/s and peak memory, LoRA and full fine-tuning, CPU and CUDA.

    .venv/bin/python bench/train_lyrics.py --quick          # ~1-2 min on a 2-core CPU
    .venv/bin/python bench/train_lyrics.py                  # all rows, more steps
    .venv/bin/python bench/train_lyrics.py --threads 2 --steps 5 --batch-size 4

Models have random weights (speed does not depend on them): GPT-2 124M's shape
(12 layers, n_embd 768, vocab 50257) and a 6-layer one (distilgpt2's shape), sequence
256, AdamW, through the same `training.loop.train` the job uses (so the numbers include
its data loading and bookkeeping). Each row runs in a fresh subprocess, so its peak
resident memory (getrusage ru_maxrss: the whole process, weights + optimizer +
activations + Python) is its own. On CUDA the rows run in bf16 autocast, with and
without torch.compile, and report peak allocated GPU memory and model FLOPs
utilisation: MFU = 6 * N * tokens/s / peak bf16 FLOP/s, N = all parameters (for LoRA
the backward skips the frozen weights' gradients, so 6N overstates its work by ~1/3:
read LoRA MFU as "equivalent full fine-tune" utilisation).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHAPES = {"gpt2-124M": dict(n_layer=12, n_head=12, n_embd=768), "6-layer": dict(n_layer=6, n_head=12, n_embd=768)}
# bf16 dense peak FLOP/s by GPU name (vendor datasheets, no sparsity)
PEAKS = {"H200": 989e12, "H100 SXM": 989e12, "H100 PCIe": 756e12, "H100": 989e12, "A100": 312e12,
         "L40S": 362e12, "L4": 121e12, "A10": 125e12, "RTX 4090": 165e12}


def peak_flops(name: str) -> float | None:
    for k, v in PEAKS.items():
        if k.lower() in name.lower():
            return v
    return None


def run_row(spec: dict) -> dict:
    """One measurement, in this process. spec: shape, mode (lora|full), device, compile, steps, batch, seq."""
    import resource

    import torch
    from chords.gpt2 import scratch_gpt2
    from training.loop import TrainConfig, train

    if spec.get("threads"):
        torch.set_num_threads(spec["threads"])
    torch.manual_seed(0)
    # GPT-2's own vocabulary, window, dropout and <|endoftext|> id (GPT2Config's defaults), fresh weights
    model = scratch_gpt2(vocab_size=50257, block_size=1024, dropout=0.1, bos=50256, eos=50256, pad=None,
                         **SHAPES[spec["shape"]])
    n_params = sum(p.numel() for p in model.parameters())
    if spec["mode"] == "lora":
        from peft import LoraConfig, get_peft_model

        model = get_peft_model(model, LoraConfig(r=8, lora_alpha=16, target_modules=["c_attn"], fan_in_fan_out=True,
                                                 task_type="CAUSAL_LM"))
    T, B, steps = spec["seq"], spec["batch"], spec["steps"]
    blocks = torch.randint(0, 50257, (B * (steps + 1), T))
    tc = TrainConfig(batch_size=B, max_steps=steps + 1, eval_every=10**9, eval_at_start=False, progress=False,
                     warmup_steps=0, device=spec["device"], compile=spec.get("compile", False),
                     precision="bf16" if spec["device"] == "cuda" else "fp32", early_stopping_patience=0,
                     restore_best=False, log_every=10**9)
    times: list[float] = []
    last = [time.perf_counter()]

    def on_event(ev):
        if ev["kind"] == "step":
            now = time.perf_counter()
            if spec["device"] == "cuda":
                torch.cuda.synchronize()
                now = time.perf_counter()
            times.append(now - last[0])
            last[0] = now

    if spec["device"] == "cuda":
        torch.cuda.reset_peak_memory_stats()
    with tempfile.TemporaryDirectory() as tmp:
        # eval at the last step only (eval_every huge but step == total triggers it): 1 val block
        train(model, blocks, blocks[:1], tc, tmp, on_event=on_event)
    steady = times[1:]  # the first step pays for allocation, autotuning, compilation
    sec = sum(steady) / len(steady)
    tps = B * T / sec
    out = {**spec, "params_M": n_params / 1e6, "trainable_M": sum(p.numel() for p in model.parameters()
                                                                   if p.requires_grad) / 1e6,
           "s_per_step": sec, "tokens_per_s": tps, "first_step_s": times[0],
           "peak_rss_GiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20}
    if spec["device"] == "cuda":
        name = torch.cuda.get_device_name()
        peak = peak_flops(name)
        out.update(gpu=name, peak_gpu_GiB=torch.cuda.max_memory_allocated() / 2**30,
                   mfu=(6 * n_params * tps / peak) if peak else None)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="CPU: LoRA rows only, 3 steps, batch 1")
    ap.add_argument("--steps", type=int, help="timed steps per row (one more is run and discarded)")
    ap.add_argument("--batch-size", type=int)
    ap.add_argument("--seq", type=int, default=256)
    ap.add_argument("--threads", type=int, help="torch CPU threads (default: torch's choice)")
    ap.add_argument("--json", action="store_true", help="print rows as JSON lines")
    ap.add_argument("--row", help=argparse.SUPPRESS)  # internal: run one row spec (JSON) and print it
    a = ap.parse_args()
    if a.row:
        print(json.dumps(run_row(json.loads(a.row))))
        return
    import torch

    cuda = torch.cuda.is_available()
    steps = a.steps or (3 if a.quick else 6)
    rows = []
    cpu_batch = a.batch_size or (1 if a.quick else 4)
    modes = ["lora"] if a.quick else ["lora", "full"]
    for shape in SHAPES:
        for mode in modes:
            rows.append(dict(shape=shape, mode=mode, device="cpu", steps=steps, batch=cpu_batch, seq=a.seq,
                             threads=a.threads))
    if cuda:
        for shape in SHAPES:
            for mode in ("lora", "full"):
                for comp in (False, True):
                    rows.append(dict(shape=shape, mode=mode, device="cuda", compile=comp, steps=max(steps, 10),
                                     batch=a.batch_size or 32, seq=a.seq))
    print(f"# bench/train_lyrics.py  seq {a.seq}  torch {torch.__version__}  "
          f"{os.cpu_count()} CPUs  threads {a.threads or torch.get_num_threads()}", flush=True)
    head = f"| {'model':<9} | {'mode':<4} | {'device':<13} | {'batch':>5} | {'params M':>8} | {'train M':>7} | " \
           f"{'s/step':>7} | {'tokens/s':>9} | {'peak mem GiB':>12} | {'MFU':>6} |"
    print(head)
    print("|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|", flush=True)
    for spec in rows:
        p = subprocess.run([sys.executable, __file__, "--row", json.dumps(spec)], capture_output=True, text=True,
                           cwd=ROOT)
        if p.returncode != 0:
            print(f"| {spec['shape']} {spec['mode']} {spec['device']}: failed: {p.stderr.strip()[-300:]}")
            continue
        r = json.loads(p.stdout.strip().splitlines()[-1])
        if a.json:
            print(json.dumps(r))
            continue
        dev = r["device"] + ("+compile" if r.get("compile") else "") + (" bf16" if r["device"] == "cuda" else " fp32")
        mem = r.get("peak_gpu_GiB", r["peak_rss_GiB"])
        mfu = f"{100 * r['mfu']:.1f}%" if r.get("mfu") else "-"
        print(f"| {r['shape']:<9} | {r['mode']:<4} | {dev:<13} | {r['batch']:>5} | {r['params_M']:>8.1f} | "
              f"{r['trainable_M']:>7.2f} | {r['s_per_step']:>7.2f} | {r['tokens_per_s']:>9,.0f} | {mem:>12.2f} | "
              f"{mfu:>6} |", flush=True)


if __name__ == "__main__":
    main()
