"""`lyrictui train lyrics` end to end on a tiny 2-layer GPT-2 and a handful of made-up songs."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lyrictui.cli import cli
from training.loop import TrainConfig, TrainingInterrupted
from training.lyrics import LyricsJobConfig, run_job

sys.path.insert(0, str(Path(__file__).parent))
from test_train_lyrics_data import make_txt_folder  # noqa: E402

FAST = TrainConfig(lr=3e-3, warmup_steps=2, batch_size=4, max_steps=8, eval_every=4, eval_blocks=8,
                   early_stopping_patience=0, progress=False, log_every=2, seed=0)


def job(tmp_path, **kw) -> LyricsJobConfig:
    songs = make_txt_folder(tmp_path / "songs", n=8)
    base = dict(data=str(songs), name="t", block_size=32, samples=1, sample_tokens=8, run_dir=str(tmp_path / "run"),
                lora_rank=4, train=FAST, n_layer=2, n_head=2, n_embd=32, vocab_size=300)
    base.update(kw)
    return LyricsJobConfig(**base)


@pytest.mark.slow
def test_lora_adapter_trains_saves_and_loads(tmp_path, models_dir, tiny_gpt2_dir):
    cfg = job(tmp_path, base=str(tiny_gpt2_dir))
    out = run_job(cfg, command="test", echo=lambda s: None)
    assert out == models_dir / "lyrics" / "t"
    assert (out / "adapter_model.safetensors").is_file() and (out / "adapter_config.json").is_file()
    for f in ("loss.csv", "loss.png", "samples.md", "README.md"):
        assert (out / f).is_file(), f
    meta = json.loads((out / "lyrictui.json").read_text())
    m = meta["metrics"]
    assert meta["type"] == "lyrics-adapter" and meta["base"] == str(tiny_gpt2_dir)
    assert m["val_ppl"] < m["base_val_ppl"]  # the adapter learned the songs' words
    assert m["steps"] == 8 and meta["data"]["songs_val"] >= 1 and len(meta["data"]["data_hash"]) == 64
    assert json.loads((out / "adapter_config.json").read_text())["fan_in_fan_out"] is True

    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny_gpt2_dir), out)
    assert any("lora_A" in n for n, _ in model.named_parameters())
    try:
        from lyrictui.engine.load import load_lm
    except ImportError:
        return  # the engine lands separately; peft loading above is the contract it builds on
    lm = load_lm(str(tiny_gpt2_dir), adapter=str(out))
    assert lm.model is not None


def test_from_scratch_model_and_tokenizer(tmp_path, models_dir):
    cfg = job(tmp_path, from_scratch=True, save_dtype="fp16")
    out = run_job(cfg, command="test", echo=lambda s: None)
    meta = json.loads((out / "lyrictui.json").read_text())
    assert meta["type"] == "lyrics-model" and meta["model"]["saved_dtype"] == "fp16"
    assert meta["metrics"]["val_loss"] < meta["metrics"]["base_val_loss"]
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(out)
    text = "Title: Night\n[Verse]\nthe rain  comes down\n\n[Chorus]\ncafé\n"
    assert tok.decode(tok(text)["input_ids"]) == text  # newlines and spacing survive exactly
    assert tok.eos_token == "<|endoftext|>" and tok.pad_token_id == tok.eos_token_id
    model = AutoModelForCausalLM.from_pretrained(out, dtype="float32")
    assert model.config.n_layer == 2 and len(tok) <= 300


def test_crash_mid_training_or_mid_save_leaves_no_half_model(tmp_path, models_dir, monkeypatch):
    cfg = job(tmp_path, from_scratch=True)
    first = run_job(cfg, command="first", echo=lambda s: None)
    before = sorted(p.name for p in first.iterdir())
    stamp = (first / "lyrictui.json").read_text()

    def boom(ev):
        if ev["kind"] == "step" and ev["step"] == 3:
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        run_job(dataclasses.replace(cfg, run_dir=str(tmp_path / "r2")), command="second", echo=lambda s: None,
                on_event=boom)
    from transformers import PreTrainedModel

    def bad_save(self, *a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(PreTrainedModel, "save_pretrained", bad_save)
    with pytest.raises(OSError):
        run_job(dataclasses.replace(cfg, run_dir=str(tmp_path / "r3")), command="third", echo=lambda s: None)
    assert sorted(p.name for p in first.iterdir()) == before
    assert (first / "lyrictui.json").read_text() == stamp  # the old complete model is untouched
    assert [p.name for p in (models_dir / "lyrics").iterdir()] == ["t"]  # no temporary folder left


@pytest.mark.slow
def test_interrupt_then_resume_equals_uninterrupted(tmp_path, models_dir):
    cfg = job(tmp_path, from_scratch=True)
    full = json.loads((run_job(cfg, command="full", echo=lambda s: None) / "lyrictui.json").read_text())

    def ctrl_c(ev):
        if ev["kind"] == "step" and ev["step"] == 5:
            os.kill(os.getpid(), signal.SIGINT)

    cfg2 = dataclasses.replace(cfg, name="r", run_dir=str(tmp_path / "run-r"))
    with pytest.raises(TrainingInterrupted):
        run_job(cfg2, command="r", echo=lambda s: None, on_event=ctrl_c)
    assert not (models_dir / "lyrics" / "r").exists()
    res = json.loads((run_job(cfg2, command="r", resume=True, echo=lambda s: None) / "lyrictui.json").read_text())
    for k in ("val_loss", "train_loss", "base_val_loss", "steps"):
        assert res["metrics"][k] == pytest.approx(full["metrics"][k], abs=1e-5), k


@pytest.mark.slow
def test_cli_reports_and_bad_data_exits_before_model(tmp_path, models_dir, tiny_gpt2_dir):
    runner = CliRunner()
    (tmp_path / "empty").mkdir()
    r = runner.invoke(cli, ["train", "lyrics", "--data", str(tmp_path / "empty"), "--base", "no-such/model"])
    assert r.exit_code != 0 and "empty" in r.output and "Traceback" not in r.output
    assert not any((models_dir / "lyrics").iterdir())
    songs = make_txt_folder(tmp_path / "songs", n=8)
    r = runner.invoke(cli, ["train", "lyrics", "--data", str(songs), "--base", "surely-not-a-model-xyz",
                            "--run-dir", str(tmp_path / "run")])
    assert r.exit_code != 0 and "hub" in r.output and "--from-scratch" in r.output
    r = runner.invoke(cli, ["train", "lyrics", "--data", str(songs), "--base", str(tiny_gpt2_dir), "--name", "c",
                            "--preset", "tiny", "--max-steps", "4", "--block-size", "32", "--no-progress",
                            "--run-dir", str(tmp_path / "run2"), "--eval-every", "2", "--lora-targets", "c_attn,c_proj"])
    assert r.exit_code == 0, r.output
    assert "Detected: plain-text songs (8)" in r.output and "Validation perplexity" in r.output
    r = runner.invoke(cli, ["models", "merge", "c"])
    assert r.exit_code == 0, r.output
    merged = models_dir / "lyrics" / "c-merged"
    assert json.loads((merged / "lyrictui.json").read_text())["type"] == "lyrics-model"
    from transformers import AutoModelForCausalLM

    assert not any("lora" in n for n, _ in AutoModelForCausalLM.from_pretrained(merged).named_parameters())


@pytest.mark.slow
def test_two_process_ddp_gloo(tmp_path):
    songs = make_txt_folder(tmp_path / "songs", n=8)
    env = {**os.environ, "LYRICTUI_MODELS_DIR": str(tmp_path / "models"), "OMP_NUM_THREADS": "1"}
    import socket

    with socket.socket() as sock:  # a free port for the rendezvous (port 0 is not accepted there)
        sock.bind(("127.0.0.1", 0))
        port = str(sock.getsockname()[1])
    cmd = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_port", port,
           "-m", "lyrictui.cli", "train", "lyrics", "--data", str(songs), "--from-scratch", "--preset", "tiny",
           "--max-steps", "4", "--eval-every", "2", "--block-size", "32", "--vocab-size", "300", "--name", "ddp",
           "--no-progress", "--run-dir", str(tmp_path / "run"), "--batch-size", "2"]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=240)
    assert p.returncode == 0, p.stderr[-3000:]
    meta = json.loads((tmp_path / "models/lyrics/ddp/lyrictui.json").read_text())
    assert meta["metrics"]["world_size"] == 2 and meta["metrics"]["steps"] == 4
    assert meta["metrics"]["tokens"] == 4 * 2 * 32 * 2  # steps x batch x block x ranks


def test_lora_defaults_and_a_schedule_scaled_to_the_data():
    """No options: rank 16 on every projection at 2e-3, 20 passes (100..2000 steps), 20 evaluations, a cap."""
    from training.lyrics import LyricsJobConfig

    cfg = LyricsJobConfig(data="x", base="verse", auto_schedule=True).with_preset("small")
    assert cfg.lora_rank == 16 and cfg.lora_targets == ("c_attn", "c_proj", "c_fc") and cfg.train.lr == 2e-3
    big, said = cfg.scaled_to(210)  # ~150 songs
    assert big.train.max_steps == 520 and big.train.eval_every == 26 and big.train.max_seconds == 480
    assert "rank 16" in said and "520 steps" in said
    assert cfg.scaled_to(10)[0].train.max_steps == 100 and cfg.scaled_to(10**6)[0].train.max_steps == 2000
    fixed = LyricsJobConfig(data="x", base="verse").with_preset("small")
    assert fixed.scaled_to(210) == (fixed, "")  # a budget the caller set is kept
