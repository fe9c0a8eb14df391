"""Loading: store names, adapters (merged == unmerged), offline errors, the default provider and its fallback."""

from __future__ import annotations

import pytest

from engine_fixtures import *  # noqa: F401,F403


def test_fast_runner_matches_transformers_logits(lined_gpt2_dir):
    import torch
    from transformers import AutoModelForCausalLM

    from lyrictui.engine.fastgpt2 import GPT2Runner
    from lyrictui.engine.runner import HFRunner

    model = AutoModelForCausalLM.from_pretrained(lined_gpt2_dir).eval()
    ids = list(range(100, 140))
    rows = [[7, 9, 11, 13, 15], [21, 9, 4, 4, 30], [7, 8, 9, 10, 11]]  # each row its own continuation
    with torch.no_grad():
        ref = model(torch.tensor([ids])).logits[0]
        refs = [model(torch.tensor([ids + r])).logits[0, len(ids):] for r in rows]  # (5, V) per row
    for runner in (GPT2Runner(model), GPT2Runner(model, static=True), HFRunner(model, torch.device("cpu"))):
        runner.prefill(ids[:25])
        last = runner.prefill(ids)  # reuses 25 tokens
        assert runner.last_stats.reused == 25
        assert torch.allclose(last, ref[39], atol=1e-4)
        for _ in range(2):  # a second request from the same prompt: the rows' slots are reused cleanly
            runner.begin(3, 6)
            for t in range(5):
                out = runner.step(torch.tensor([r[t] for r in rows]))
                for i in range(3):  # row i sees the prompt and its own tokens, never another row's
                    assert torch.allclose(out[i], refs[i][t], atol=1e-4), (type(runner).__name__, t, i)
    for precision in ("int8", "bf16"):
        q = GPT2Runner(model, precision=precision).prefill(ids)
        assert (q - ref[39]).abs().max() < 0.1 * ref[39].abs().max()


def test_store_names_and_adapter_base(store_with_models):
    from lyrictui.engine.load import load_lm

    lm = load_lm("verse", dtype="fp32")
    assert lm.name == "verse (small offline model)" and lm.backend == "fast"
    lm = load_lm(adapter="demo", dtype="fp32")  # base comes from the adapter's lyrictui.json
    assert lm.adapter == "demo" and lm.name.endswith("+ demo")


def test_merged_adapter_equals_unmerged(lora_dir, lined_gpt2_dir):
    import torch

    from lyrictui.engine.load import load_lm

    merged = load_lm(adapter=lora_dir, dtype="fp32", prepare=False)
    unmerged = load_lm(adapter=lora_dir, dtype="fp32", merge=False, prepare=False)
    plain = load_lm(lined_gpt2_dir, dtype="fp32", prepare=False)
    x = torch.tensor([list(range(200, 230))])
    with torch.no_grad():
        a, b, c = (m.model(x).logits for m in (merged, unmerged, plain))
    assert torch.allclose(a, b, atol=1e-4)
    assert not torch.allclose(a, c, atol=1e-3)  # the adapter really changes the model


def test_offline_uncached_hub_model_says_how_to_fix(monkeypatch, models_dir):
    from lyrictui.engine.errors import ModelUnavailableError
    from lyrictui.engine.load import load_lm

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(models_dir / "empty-hf-cache"))
    with pytest.raises(ModelUnavailableError) as e:
        load_lm("someone/not-a-cached-model")
    msg = str(e.value)
    assert "someone/not-a-cached-model" in msg and "--base" in msg and "bundled" in msg


def test_unknown_adapter_is_a_clear_error(models_dir):
    from lyrictui.engine.errors import EngineError
    from lyrictui.engine.load import load_lm

    with pytest.raises(EngineError, match="no LoRA adapter named 'nope'"):
        load_lm(adapter="nope")


@pytest.mark.slow
def test_default_provider_falls_back_to_bundled_and_reloads(store_with_models, monkeypatch, tmp_path):
    from lyrictui.engine.provider import default_lyric_provider
    from lyrictui.providers import LyricProvider, LyricRequest
    from lyrictui.song.model import Line, Section, Song

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "empty-hf-cache"))
    monkeypatch.setenv("LYRICTUI_CONFIG_DIR", str(tmp_path / "cfg"))
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "config.toml").write_text("[sampling]\ntemperature = 0.5\nmax_new_tokens = 12\n")
    msgs = []
    p = default_lyric_provider(progress=lambda m, f: msgs.append(m))
    assert isinstance(p, LyricProvider)
    assert "offline" in p.name and "gpt2" in p.note
    assert p.settings.temperature == 0.5 and p.settings.max_new_tokens == 12
    assert msgs and msgs[-1].startswith("ready")
    song = Song(title="T", sections=[Section("verse", lines=[Line("the river knows my name")])])
    got = []
    lines = p.suggest(LyricRequest(song, 0, 1, n=3), on_update=lambda i, t: got.append(i))
    assert 1 <= len(lines) <= 3 and got
    p.reload("demo")  # switch to the adapter without a new provider
    assert p.name.endswith("+ demo") and p.note is None
    assert p.suggest(LyricRequest(song, 0, 1, n=2, mode="complete", partial="under"))[0].startswith("under")


@pytest.mark.parametrize("precision", ["fp32", "int8"])
def test_scripted_decode_layers_equal_their_python(lined_gpt2_dir, precision):
    """The TorchScript decode step and the plain-Python fallback (a torch without TorchScript) agree."""
    import torch
    from transformers import AutoModelForCausalLM

    from lyrictui.engine import decode_layers
    from lyrictui.engine.fastgpt2 import GPT2Runner

    model = AutoModelForCausalLM.from_pretrained(lined_gpt2_dir).eval()
    fast, plain = GPT2Runner(model, precision=precision), GPT2Runner(model, precision=precision)
    assert isinstance(fast._run_layers, torch.jit.ScriptFunction)
    plain._run_layers = decode_layers.layers_int8 if precision == "int8" else decode_layers.layers_float
    outs = []
    for r in (fast, plain):
        r.prefill(list(range(100, 130)))
        r.begin(2, 3)
        outs.append([r.step(torch.tensor(t)) for t in ([5, 6], [7, 8], [9, 9])])
    for a, b in zip(*outs):
        assert torch.allclose(a, b, atol=1e-5)


def test_int8_unavailable_falls_back_to_fp32(lined_gpt2_dir, monkeypatch):
    """torch.ao's dynamic int8 is deprecated: a torch without it still generates, in fp32."""
    from lyrictui.engine import fastgpt2
    from lyrictui.engine.generate import generate_lines
    from lyrictui.engine.load import load_lm
    from lyrictui.engine.sampling import SamplingSettings

    def gone(*a, **k):
        raise RuntimeError("quantized engines are not available")

    monkeypatch.setattr(fastgpt2, "quantize_int8", gone)
    lm = load_lm(lined_gpt2_dir, dtype="int8")
    assert lm.precision == "fp32" and lm.backend == "fast"
    assert generate_lines(lm, "Title: A\n[Verse]\n", 2, SamplingSettings(seed=1))


def test_unreachable_hub_reason_is_plain_words():
    from huggingface_hub.errors import LocalEntryNotFoundError

    from lyrictui.engine.errors import ModelUnavailableError
    from lyrictui.engine.load import _why_unavailable

    # what snapshot_download raises without network (its text: "... Got: ConnectError: [Errno -2] ...")
    e = LocalEntryNotFoundError("An error happened ... Got: ConnectError: [Errno -2] Name or service not known")
    msg = str(ModelUnavailableError("gpt2", _why_unavailable(e)))
    assert "hub cannot be reached" in msg and "ConnectError" not in msg and "Errno" not in msg
