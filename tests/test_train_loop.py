"""The generic training loop: loss falls, resume equals uninterrupted, Ctrl-C checkpoints, packing."""

from __future__ import annotations

import json
import os
import signal

import numpy as np
import pytest
import torch

from training.blockfile import open_blocks, write_blocks
from training.evaluate import mean_loss, perplexity
from training.loop import TrainConfig, TrainingInterrupted, train
from training.loop_parts import lr_lambda, param_groups
from training.packing import count_blocks, pack_blocks


def tiny_model(vocab=32, seed=0):
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(seed)
    cfg = GPT2Config(n_layer=2, n_head=2, n_embd=32, n_positions=64, vocab_size=vocab,
                     resid_pdrop=0.1, embd_pdrop=0.1, attn_pdrop=0.1)
    return GPT2LMHeadModel(cfg)


def pattern_blocks(n=24, T=16, vocab=32):
    """A learnable stream: counting mod 10 with a few random offsets."""
    rng = np.random.default_rng(0)
    rows = [[(s + i) % 10 + 1 for i in range(T)] for s in rng.integers(0, 10, size=n)]
    return np.asarray(rows, dtype=np.uint16)


CFG = dict(lr=3e-3, warmup_steps=2, batch_size=4, max_steps=12, eval_every=4, progress=False, seed=3,
           early_stopping_patience=0, log_every=2)


def test_packing_is_streaming_and_deterministic():
    docs = [[1, 2, 3], [4, 5], [6, 7, 8, 9, 10]]
    assert list(pack_blocks(docs, 4, eos_id=0)) == [[1, 2, 3, 0], [4, 5, 0, 6], [7, 8, 9, 10]]
    # drop_last=False: one more block, the last 4 tokens of the stream, overlapping
    assert list(pack_blocks(docs, 4, eos_id=0, drop_last=False))[-1] == [8, 9, 10, 0]
    assert count_blocks(13, 4) == 3 and count_blocks(13, 4, drop_last=False) == 4
    assert list(pack_blocks([[1, 2]], 4, 0, drop_last=False)) == []  # shorter than a block
    with pytest.raises(ValueError):
        list(pack_blocks(docs, 1, 0))


def test_blockfile_roundtrip(tmp_path):
    blocks = [[1, 2, 3, 4], [70000, 5, 6, 7]]
    assert write_blocks(blocks, tmp_path / "b.bin", 4, vocab_size=80000) == 2
    got = open_blocks(tmp_path / "b.bin", 4, 80000)
    assert got.dtype == np.uint32 and got.tolist() == blocks
    write_blocks([[1, 2]], tmp_path / "s.bin", 2, 100)
    assert open_blocks(tmp_path / "s.bin", 2, 100).dtype == np.uint16


def test_schedule_and_decay_groups():
    f = lr_lambda(TrainConfig(warmup_steps=4, min_lr_ratio=0.1), total_steps=20)
    assert f(0) == pytest.approx(0.25) and f(3) == pytest.approx(1.0)
    assert f(19) == pytest.approx(0.1, abs=0.02) and f(10) < f(5)
    m = tiny_model()
    decay, no_decay = param_groups(m, 0.1)
    wte = m.transformer.wte.weight
    assert all(p.ndim >= 2 for p in decay["params"]) and not any(p is wte for p in decay["params"])
    assert any(p is wte for p in no_decay["params"])


def test_time_cap_decays_the_schedule_on_the_clock():
    """A run cut by --max-minutes still anneals: the cosine follows time when time runs out first."""
    now = [0.0]
    cfg = TrainConfig(warmup_steps=2, min_lr_ratio=0.1, max_seconds=100)
    f = lr_lambda(cfg, total_steps=1000, clock=lambda: now[0])
    early = f(10)
    now[0] = 50.0
    assert f(10) < early and f(10) == pytest.approx(0.55, abs=0.01)  # half the time: half the cosine
    now[0] = 100.0
    assert f(10) == pytest.approx(0.1)
    assert lr_lambda(TrainConfig(warmup_steps=2), 1000, clock=lambda: 1e9)(10) > 0.99  # no cap: steps only


def test_loss_falls_and_curve_written(tmp_path):
    m = tiny_model()
    blocks = pattern_blocks()
    before = mean_loss(m, blocks[:8])
    res = train(m, blocks[8:], blocks[:8], TrainConfig(**CFG), tmp_path)
    assert res.steps == 12 and res.best_val_loss < before - 0.5
    assert res.initial_val_loss == pytest.approx(before, rel=1e-5)
    assert (tmp_path / "loss.csv").read_text().startswith("step,train_loss,val_loss,lr,tokens")
    assert (tmp_path / "loss.png").read_bytes()[:4] == b"\x89PNG"
    assert perplexity(m, blocks[:8]) == pytest.approx(np.exp(res.best_val_loss), rel=1e-4)


def test_resume_equals_uninterrupted(tmp_path):
    blocks = pattern_blocks()
    full = tiny_model()
    r_full = train(full, blocks[8:], blocks[:8], TrainConfig(**CFG), tmp_path / "a", )

    class Crash(Exception):
        pass

    def crash_at_6(ev):
        if ev["kind"] == "step" and ev["step"] == 6:
            raise Crash

    part = tiny_model()
    with pytest.raises(Crash):  # crash after the checkpoint at step 4
        train(part, blocks[8:], blocks[:8], TrainConfig(**CFG), tmp_path / "b", on_event=crash_at_6)
    assert json.loads((tmp_path / "b/checkpoint/info.json").read_text())["step"] == 4
    again = tiny_model(seed=99)  # different init: everything must come from the checkpoint
    r_res = train(again, blocks[8:], blocks[:8], TrainConfig(**CFG), tmp_path / "b", resume=True)
    assert r_res.steps == r_full.steps
    assert r_res.best_val_loss == pytest.approx(r_full.best_val_loss, abs=1e-6)
    for (n1, p1), (_, p2) in zip(full.named_parameters(), again.named_parameters()):
        assert torch.allclose(p1, p2, atol=1e-6), n1
    assert [r["step"] for r in r_res.history] == [r["step"] for r in r_full.history]


def test_checkpoint_of_the_old_dict_shape_still_resumes(tmp_path):
    """Checkpoints made before LoopState held the loop state as a plain dict of the same keys."""
    blocks = pattern_blocks()

    def stop_at_6(ev):
        if ev["kind"] == "step" and ev["step"] == 6:
            raise KeyError("crash")

    with pytest.raises(KeyError):
        train(tiny_model(), blocks[8:], blocks[:8], TrainConfig(**CFG), tmp_path, on_event=stop_at_6)
    state = torch.load(tmp_path / "checkpoint/state.pt", weights_only=False)
    state["loop"].pop("last_val_step")  # the old dict had no such key
    torch.save(state, tmp_path / "checkpoint/state.pt")
    r = train(tiny_model(seed=7), blocks[8:], blocks[:8], TrainConfig(**CFG), tmp_path, resume=True)
    assert r.steps == 12 and r.best_step > 0


def test_progress_says_when_the_validation_loss_was_measured(tmp_path, capsys):
    blocks = pattern_blocks()
    train(tiny_model(), blocks[8:], blocks[:8], TrainConfig(**{**CFG, "progress": True}), tmp_path)
    err = capsys.readouterr().err
    assert "val=" in err and "@8" in err  # e.g. val=2.114@8: measured at step 8, not "now"


def test_sigint_saves_checkpoint_then_resume(tmp_path):
    blocks = pattern_blocks()

    def ctrl_c_at_5(ev):
        if ev["kind"] == "step" and ev["step"] == 5:
            os.kill(os.getpid(), signal.SIGINT)

    m = tiny_model()
    with pytest.raises(TrainingInterrupted) as e:
        train(m, blocks[8:], blocks[:8], TrainConfig(**CFG), tmp_path, on_event=ctrl_c_at_5)
    assert e.value.step == 5
    assert json.loads((tmp_path / "checkpoint/info.json").read_text())["step"] == 5
    full = tiny_model()
    r_full = train(full, blocks[8:], blocks[:8], TrainConfig(**CFG), tmp_path / "full")
    r = train(tiny_model(seed=5), blocks[8:], blocks[:8], TrainConfig(**CFG), tmp_path, resume=True)
    assert r.best_val_loss == pytest.approx(r_full.best_val_loss, abs=1e-6)


def test_early_stopping(tmp_path):
    blocks = pattern_blocks()
    cfg = TrainConfig(**{**CFG, "lr": 0.0, "warmup_steps": 0, "eval_every": 1, "early_stopping_patience": 2,
                         "max_steps": 50})
    r = train(tiny_model(), blocks[8:], blocks[:8], cfg, tmp_path)
    assert r.stopped_early and r.steps == 3


def test_grad_checkpointing_gives_the_same_step(tmp_path):
    blocks = pattern_blocks()
    base = dict(CFG, max_steps=2, eval_every=100, eval_at_start=False)
    m1, m2 = tiny_model(), tiny_model()
    for m in (m1, m2):  # no dropout: recomputation must then reproduce the same maths
        for mod in m.modules():
            if isinstance(mod, torch.nn.Dropout):
                mod.p = 0.0
    train(m1, blocks[8:], blocks[:8], TrainConfig(**base), tmp_path / "a")
    train(m2, blocks[8:], blocks[:8], TrainConfig(**{**base, "grad_checkpointing": True}), tmp_path / "b")
    for p1, p2 in zip(m1.parameters(), m2.parameters()):
        assert torch.allclose(p1, p2, atol=1e-5)


def test_saving_a_model_prints_no_library_bar(tmp_path, capfd):
    from transformers import GPT2Config, GPT2LMHeadModel
    from transformers.utils import logging as hf_logging

    from training.loop_parts import save_quietly

    hf_logging.enable_progress_bar()  # as a fresh process has it
    model = GPT2LMHeadModel(GPT2Config(n_layer=1, n_head=2, n_embd=8, vocab_size=32, n_positions=16))
    save_quietly(model, None, tmp_path)
    assert (tmp_path / "config.json").exists() and any(tmp_path.glob("*.safetensors"))
    assert "Writing model shards" not in capfd.readouterr().err
