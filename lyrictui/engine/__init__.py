"""The lyric engine: GPT-2 (+ LoRA) candidate lines, streamed, cancellable, fast on a CPU.

    lyrictui suggest my-song.song.json -n 4          # the CLI
    .venv/bin/python bench/suggest.py --quick        # the speed table

Where things live (torch/transformers/peft are imported lazily, here and in the few other
model-layer modules listed in lyrictui/__init__.py):
    load.py      load_lm(base, adapter, device, dtype, progress) -> LM; hub cache/download, offline errors
    errors.py    EngineError, ModelUnavailableError (messages say how to fix)
    sampling.py  SamplingSettings + batched logits processors (penalty, n-gram ban, top-k/top-p)
    runner.py    the runner interface, prefix reuse, HFRunner (any causal LM, unmerged adapters)
    fastgpt2.py  GPT2Runner: lean GPT-2 forward, prompt KV stored once for K rows, int8/bf16
    decode_layers.py  one decode step's layers (int8 / float), compiled by TorchScript
    quantize.py  Conv1D -> Linear, int8 dynamic quantisation, precision names
    generate.py  generate_lines: one prefill, K rows, stream/cancel per token, clean/dedupe/resample
    clean.py     pure candidate checks (degenerate, duplicate)
    context.py   fit a song into the window, trimming in coarse steps so prefix reuse keeps hitting
    provider.py  EngineProvider (a lyrictui.providers.LyricProvider), default_lyric_provider()

Speed design (numbers in bench/suggest.py's table): the prompt is prefilled once and its
keys/values shared by all K candidates; the cache of the previous prompt is kept and only
the tokens after the longest common prefix are run; GPT-2 runs through a lean forward (its
decode step scripted, one masked matmul per layer's attention) with int8 weights on the CPU (bf16 on CUDA, optionally static shapes + torch.compile); adapters
are merged into the weights. Everything else (any other architecture, unmerged adapters)
takes the transformers forward with the same sampling loop.
"""
