"""The small owners other modules import: lyrictui.json text, the context window, device choice."""

import json
import math
from pathlib import Path
from types import SimpleNamespace

from chords.gpt2 import context_window, scratch_gpt2
from lyrictui.catalog import meta_json
from lyrictui.device import choose_device, choose_precision


def test_meta_json_writes_null_for_nan_and_infinity():
    text = meta_json({"val_loss": math.nan, "curve": [1.5, math.inf, -math.inf], "run": Path("/r")})
    assert "NaN" not in text and "Infinity" not in text
    assert json.loads(text) == {"val_loss": None, "curve": [1.5, None, None], "run": "/r"}


def test_context_window_reads_either_name():
    assert context_window(SimpleNamespace(n_positions=256)) == 256
    assert context_window(SimpleNamespace(max_position_embeddings=2048)) == 2048
    assert context_window(SimpleNamespace(), default=64) == 64


def test_scratch_gpt2_is_sized_by_its_arguments():
    m = scratch_gpt2(vocab_size=50, block_size=32, n_embd=16, n_layer=2, n_head=2, dropout=0.0, bos=1, eos=1, pad=0)
    assert context_window(m.config) == 32 and m.config.n_layer == 2 and m.config.vocab_size == 50
    assert m.config.pad_token_id == 0


def test_device_choice_by_name_and_precision_by_device():
    cpu = choose_device("cpu")
    assert cpu.type == "cpu"
    assert choose_precision("auto", cpu) == "fp32"
    assert choose_precision("auto", cpu, cpu="int8") == "int8"
    assert choose_precision("bf16", cpu) == "bf16"
