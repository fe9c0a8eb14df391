"""Suggestion speed: the lyrictui engine against the plain transformers pipeline and CTranslate2.

    .venv/bin/python bench/suggest.py --quick            # main rows, < 1 min on a quiet 2-core CPU
    .venv/bin/python bench/suggest.py                    # every row, more repeats
    .venv/bin/python bench/suggest.py --device cuda      # the same on a GPU (bf16; add --compile)
    .venv/bin/python bench/suggest.py --data ../shared/data/poetry/poems   # + held-out loss column

Conditions: GPT-2 124M config with random weights (speed does not depend on them), the
real GPT-2 tokenizer, a 200-token song context in the prompt format, 4 candidates x 16
new tokens, top-k 50 / top-p 0.9 / temperature 0.9 / repetition penalty 1.2, `--threads`
torch threads (default 2). Times are medians of `--repeats` runs after one warm-up.
"first" = time until the first streamed token, "4x16" = until all four candidates are done.
Every row's "vs pipeline" is the transformers text-generation pipeline's time on the same
prompt in the same run (same model: base, or base + unmerged LoRA) divided by the row's.
The loss column (when `models/lyrics/verse` and --data exist) is the bundled model's
held-out loss at that row's arithmetic (bf16, int8, merged LoRA) next to fp32.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
import warnings  # noqa: E402

warnings.filterwarnings("ignore", category=FutureWarning)

from lyrictui.engine import generate as gen_mod  # noqa: E402
from lyrictui.engine.generate import GenerationStats, generate_lines  # noqa: E402
from lyrictui.engine.load import load_lm  # noqa: E402
from lyrictui.engine.sampling import SamplingSettings  # noqa: E402

# Invented lines (no dataset text): the song the prompt is cut from.
LINES = """the harbour lights are burning low tonight
and every boat is coming home but mine
i counted waves until the morning light
and wrote your name in salt along the line
the gulls are calling out across the bay
the fog rolls in and takes the hills away
i keep a lantern burning in the door
in case the tide remembers what it's for
oh carry me, carry me over the water
carry me back to the girl on the shore
the nets are mended and the sails are dry
the old men talk of storms that passed them by
i hear the bell from the chapel on the hill
it rings for those the sea is keeping still
so if you see a light out on the swell
tell her i tried, tell her i loved her well
the winter took the colour from the sky
and left the little village asking why
we danced the night the fishing fleet came in
and swore we'd never let the waters win""".split("\n")

SETTINGS = dict(temperature=0.9, top_k=50, top_p=0.9, repetition_penalty=1.2, no_repeat_ngram_size=0, max_new_tokens=16)


def song_prompt(tok, n_tokens: int) -> str:
    """Prompt-format text of about n_tokens tokens, ending after a whole line."""
    text, i = "Title: Harbour Lights\n[Verse]\n", 0
    while len(tok.encode(text)) < n_tokens:
        line = LINES[i % len(LINES)]
        text += ("\n[Chorus]\n" if i % 8 == 7 else "") + line + "\n"
        i += 1
    return text


def median_time(fn, repeats: int):
    fn()  # warm-up: allocations, oneDNN kernels, lazy tables
    runs = [fn() for _ in range(repeats)]
    return {k: statistics.median(r[k] for r in runs) if runs[0][k] is not None else None for k in runs[0]}


def engine_run(lm, prompt: str, seed: int = 0, prime: str | None = None):
    def once():
        if prime is not None:
            generate_lines(lm, prime, 4, SamplingSettings(seed=seed, **SETTINGS))
        elif not lm.prefix_reuse:
            lm.runner().reset()
        else:
            lm.runner().reset()  # cold prompt: nothing cached
        st = GenerationStats()
        t = time.perf_counter()
        lines = generate_lines(lm, prompt, 4, SamplingSettings(seed=seed, **SETTINGS), stats=st)
        total = time.perf_counter() - t
        if st.steps != SETTINGS["max_new_tokens"] - 1:  # every row hit a newline early: a cheaper run
            print(f"  (note: {st.steps + 1} tokens instead of 16 in one run: {lines})", flush=True)
        return {"first": st.first_token_s, "total": total, "reused": st.prefill_reused}

    return once


def pipeline_run(model, tok, prompt: str, device):
    from transformers import pipeline

    pipe = pipeline("text-generation", model=model, tokenizer=tok, device=device)
    kw = dict(do_sample=True, top_k=50, top_p=0.9, temperature=0.9, repetition_penalty=1.2,
              num_return_sequences=4, return_full_text=False, pad_token_id=tok.eos_token_id)

    def once():
        t = time.perf_counter()
        pipe(prompt, max_new_tokens=1, min_new_tokens=1, **kw)
        first = time.perf_counter() - t
        t = time.perf_counter()
        pipe(prompt, max_new_tokens=16, min_new_tokens=16, **kw)
        return {"first": first, "total": time.perf_counter() - t, "reused": 0}

    return once


def ct2_row(model_dir: Path, tok, prompt: str, threads: int, repeats: int, quant: str = "int8"):
    try:
        import ctranslate2
        from ctranslate2.converters import TransformersConverter
    except ImportError:
        return None, "ctranslate2 not installed"
    out = Path(tempfile.mkdtemp()) / "ct2"
    t = time.perf_counter()
    TransformersConverter(str(model_dir)).convert(str(out), quantization=quant)
    convert_s = time.perf_counter() - t
    gen = ctranslate2.Generator(str(out), device="cpu", compute_type=quant, intra_threads=threads)
    tokens = tok.convert_ids_to_tokens(tok.encode(prompt))

    kw = dict(max_length=16, sampling_topk=50, sampling_topp=0.9, sampling_temperature=0.9, repetition_penalty=1.2)

    def total():
        t = time.perf_counter()
        gen.generate_batch([tokens], min_length=16, num_hypotheses=4, include_prompt_in_result=False, **kw)
        return {"total": time.perf_counter() - t}

    def first():
        # generate_tokens decodes in a background thread: close the stream so the abandoned
        # generation stops before the next timing (left running, it halved the next run's speed)
        t = time.perf_counter()
        stream = gen.generate_tokens(tokens, **kw)
        next(stream)
        took = time.perf_counter() - t
        stream.close()
        time.sleep(0.2)
        return {"first": took}

    r = median_time(total, repeats)  # the 4 x 16 timings first, with nothing else in flight
    r.update(median_time(first, repeats), reused=0)
    return r, f"convert {convert_s:.1f}s"


def ct2_subprocess(model_dir: Path, prompt: str, threads: int, repeats: int):
    """The CTranslate2 row in a fresh process, so that no thread pool of torch's shares its cores."""
    import json
    import subprocess

    pfile = model_dir.parent / "prompt.txt"
    pfile.write_text(prompt, encoding="utf-8")
    cmd = [sys.executable, __file__, "--ct2-row", str(model_dir), "--threads", str(threads), "--repeats", str(repeats)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if out.returncode != 0 or not lines:
        return None, (out.stderr.strip().splitlines() or ["CTranslate2 row failed"])[-1]
    got = json.loads(lines[-1])
    return got["result"], got["note"]


def ct2_main(model_dir: Path, threads: int, repeats: int) -> None:
    import json

    from lyrictui.gpt2_tokenizer import gpt2_tokenizer

    prompt = (model_dir.parent / "prompt.txt").read_text(encoding="utf-8")
    r, note = ct2_row(model_dir, gpt2_tokenizer(), prompt, threads, repeats)
    print(json.dumps({"result": r, "note": note}))
    sys.exit(0 if r is not None else 1)


# ---- held-out loss of the bundled model at each arithmetic ---------------------------------------
def heldout_texts(data: Path, verse_dir: Path, n: int = 40) -> list[str]:
    """The n poems most surely in the verse model's validation split (lowest split scores)."""
    from lyrictui.catalog import read_meta
    from lyrictui.prompt import song_text
    from training.lyrics_data import read_songs
    from training.heldout import song_score

    meta = read_meta(verse_dir)
    seed = int(meta.get("seed", meta.get("config", {}).get("seed", meta.get("config", {}).get("train", {}).get("seed", 0))))
    texts = [song_text(s) for s in read_songs(data)]
    return sorted(texts, key=lambda t: song_score(seed, t))[:n]


def mean_loss(logits_fn, tok, texts: list[str], block: int) -> float:
    total, count = 0.0, 0
    for text in texts:
        ids = tok.encode(text)[:block]
        if len(ids) < 2:
            continue
        logits = logits_fn(ids).float()
        nll = torch.nn.functional.cross_entropy(logits[:-1], torch.tensor(ids[1:]), reduction="sum")
        total, count = total + nll.item(), count + len(ids) - 1
    return total / max(count, 1)


def loss_column(data: Path | None, verse_dir: Path) -> dict[str, str]:
    if data is None or not data.exists():
        return {"note": "loss column skipped: pass --data ../shared/data/poetry/poems"}
    if not verse_dir.is_dir():
        return {"note": f"loss column skipped: no bundled model at {verse_dir} yet"}
    from peft import LoraConfig, get_peft_model

    from lyrictui.engine.fastgpt2 import GPT2Runner

    lm = load_lm(verse_dir, dtype="fp32", prepare=False)
    texts = heldout_texts(data, verse_dir)
    block = min(256, lm.n_positions)
    out = {}
    for p in ("fp32", "bf16", "int8"):
        r = GPT2Runner(lm.model, precision=p)
        out[p] = mean_loss(r.logits_all, lm.tokenizer, texts, block)
    # int8 decode uses the x86/fbgemm-packed copy; the line above used the prefill (oneDNN) copy where AMX exists
    out["int8 (decode kernels)"] = mean_loss(GPT2Runner(lm.model, precision="int8", prefill_onednn=False).logits_all,
                                             lm.tokenizer, texts, block)
    # merged vs unmerged LoRA: a random rank-8 adapter on the verse model (B non-zero so it matters)
    torch.manual_seed(0)
    peft = get_peft_model(lm.model, LoraConfig(r=8, lora_alpha=16, target_modules=["c_attn"], fan_in_fan_out=True, init_lora_weights=False))
    peft.eval()
    with torch.no_grad():
        out["lora-unmerged"] = mean_loss(lambda ids: peft(torch.tensor([ids])).logits[0], lm.tokenizer, texts, block)
    merged = peft.merge_and_unload()
    out["lora-merged-int8"] = mean_loss(GPT2Runner(merged, precision="int8").logits_all, lm.tokenizer, texts, block)
    out["lora-merged"] = mean_loss(GPT2Runner(merged, precision="fp32").logits_all, lm.tokenizer, texts, block)
    out["note"] = f"held-out loss: {len(texts)} poems, first {block} tokens each"
    return {k: (f"{v:.4f}" if isinstance(v, float) else v) for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="main rows only (int8, prefix reuse, LoRA, peer), 2 repeats")
    ap.add_argument("--repeats", type=int, default=None)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--compile", action="store_true", help="CUDA: static decode + torch.compile(reduce-overhead)")
    ap.add_argument("--context", type=int, default=200, help="song context in tokens")
    ap.add_argument("--data", type=Path, default=None, help="poems folder for the held-out loss column")
    ap.add_argument("--verse", type=Path, default=ROOT / "models" / "lyrics" / "verse", help="trained model for the loss column")
    ap.add_argument("--loss-only", action="store_true", help="only the held-out loss column")
    ap.add_argument("--no-pipeline", action="store_true", help="skip the transformers pipeline baseline")
    ap.add_argument("--ct2-row", type=Path, default=None, help=argparse.SUPPRESS)  # internal: the CTranslate2 row's process
    args = ap.parse_args()
    repeats = args.repeats or (2 if args.quick else 5)
    if args.ct2_row is not None:
        ct2_main(args.ct2_row, args.threads, repeats)
    torch.set_num_threads(args.threads)
    gen_mod.MAX_ROUNDS = 1  # time one batched pass: random weights make lines a filter might reject
    if args.loss_only:
        print_losses(args)
        return

    from peft import LoraConfig, get_peft_model
    from transformers import GPT2Config, GPT2LMHeadModel

    from lyrictui.gpt2_tokenizer import gpt2_tokenizer

    tok = gpt2_tokenizer()
    work = Path(tempfile.mkdtemp(prefix="bench-suggest-"))
    torch.manual_seed(0)
    base_dir = work / "gpt2-random"
    GPT2LMHeadModel(GPT2Config()).save_pretrained(base_dir)
    tok.save_pretrained(base_dir)
    lora_dir = work / "lora"
    peft = get_peft_model(GPT2LMHeadModel.from_pretrained(base_dir),
                          LoraConfig(r=8, lora_alpha=16, target_modules=["c_attn"], fan_in_fan_out=True, init_lora_weights=False))
    peft.save_pretrained(lora_dir)
    prompt = song_prompt(tok, args.context)
    grown = prompt + "i tied a ribbon to the mast for you\n"
    long_prompt = song_prompt(tok, 700)
    long_grown = long_prompt + "i tied a ribbon to the mast for you\n"
    dev = args.device
    cuda = dev.startswith("cuda")
    default_p = "bf16" if cuda else "int8"
    opts = {"compile_step": True} if args.compile else {}
    print(f"# bench/suggest.py: GPT-2 124M (random), {len(tok.encode(prompt))}-token context, 4x16 tokens, "
          f"device {dev}, threads {args.threads}, repeats {repeats}\n", flush=True)

    rows: list[tuple] = []
    baselines: dict[str, dict] = {}

    def baseline(key: str, model_factory):
        if args.no_pipeline:
            return None
        if key not in baselines:
            model = model_factory().eval().to(dev)
            # --quick: one timed run of the slow baseline (after its warm-up) keeps the bench under a minute
            baselines[key] = median_time(pipeline_run(model, tok, prompt, dev), 1 if args.quick else repeats)
            rows.append((f"transformers pipeline ({key})", "-", baselines[key], None, ""))
            print_row(rows[-1], None)
        return baselines[key]

    loaded: dict = {}  # rows on the same model share one load (prefix reuse is a switch on it)

    def row(name: str, lm_kwargs: dict, prompt_=prompt, prime=None, base_key="base", note=""):
        reuse = lm_kwargs.pop("prefix_reuse", True)
        key = repr(sorted(lm_kwargs.items()))
        if key not in loaded:
            t = time.perf_counter()
            lm = load_lm(lm_kwargs.pop("base", base_dir), device=dev, runner_options=opts, **lm_kwargs)
            loaded[key] = (lm, f"{time.perf_counter() - t:.2f}")
        lm, load_s = loaded[key]
        lm.prefix_reuse = reuse
        r = median_time(engine_run(lm, prompt_, prime=prime), repeats)
        b = baseline(base_key, (lambda: GPT2LMHeadModel.from_pretrained(base_dir)) if base_key == "base" else
                     (lambda: __import__("peft").PeftModelForCausalLM.from_pretrained(GPT2LMHeadModel.from_pretrained(base_dir), lora_dir)))
        rows.append((name, load_s, r, b, note or f"{lm.backend} runner, {lm.precision}"))
        print_row(rows[-1], b)

    # main rows
    row(f"engine {default_p} (default)", dict(dtype=default_p))
    if not args.quick:
        row("engine fp32", dict(dtype="fp32"))
        if not cuda:
            row("engine bf16", dict(dtype="bf16"))
    row(f"next line, prefix reuse ON ({default_p})", dict(dtype=default_p), prompt_=grown, prime=prompt,
        note="prompt cached, one more line added")
    row(f"next line, prefix reuse OFF ({default_p})", dict(dtype=default_p, prefix_reuse=False), prompt_=grown, prime=prompt,
        note="whole prompt prefilled again")
    row(f"LoRA merged ({default_p})", dict(adapter=lora_dir, dtype=default_p), base_key="base + LoRA")
    if not args.quick:
        row("LoRA unmerged (fp32, transformers forward)", dict(adapter=lora_dir, dtype="fp32", merge=False), base_key="base + LoRA")
        row("engine fp32, transformers forward (hf runner)", dict(dtype="fp32", backend="hf"))
        row(f"700-token song, next line, reuse ON ({default_p})", dict(dtype=default_p), prompt_=long_grown, prime=long_prompt)
        row(f"700-token song, next line, reuse OFF ({default_p})", dict(dtype=default_p, prefix_reuse=False), prompt_=long_grown, prime=long_prompt)
    if not cuda:
        r, note = ct2_subprocess(base_dir, prompt, args.threads, repeats)
        if r is not None:
            rows.append(("CTranslate2 int8, num_hypotheses=4", "-", r, baselines.get("base"), note))
            print_row(rows[-1], baselines.get("base"))
        else:
            print(f"(CTranslate2 row skipped: {note})")

    print("\n| row | load s | first token s | 4x16 s | vs pipeline (4x16) | notes |")
    print("|---|---|---|---|---|---|")
    for name, load_s, r, b, note in rows:
        ratio = f"{b['total'] / r['total']:.1f}x" if b else "-"
        first = f"{r['first']:.3f}" if r["first"] is not None else "-"
        print(f"| {name} | {load_s} | {first} | {r['total']:.3f} | {ratio} | {note} |")

    print_losses(args)


def print_losses(args) -> None:
    losses = loss_column(args.data, args.verse)
    print(f"\n{args.verse.name} model, held-out loss by arithmetic (lower is better; fp32 is the reference):")
    for k, v in losses.items():
        print(f"  {k}: {v}")


def print_row(r, b) -> None:
    name, load_s, res, _, note = r
    ratio = f"  ({b['total'] / res['total']:.1f}x pipeline)" if b else ""
    first = f"{res['first']:.3f}" if res["first"] is not None else "-"
    print(f"{name:55s} load {load_s:>5}  first {first}  4x16 {res['total']:.3f}{ratio}  {note}", flush=True)


if __name__ == "__main__":
    main()
