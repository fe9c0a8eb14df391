"""Generation with a tiny real GPT-2: newline stops, K distinct lines, settings, seeds, cancel, prefix reuse."""

from __future__ import annotations

import pytest

from engine_fixtures import *  # noqa: F401,F403

PROMPT = "Title: Harbour\n[Verse]\nthe river knows my name\nand the wind keeps calling me home\n"


def _gen(lm, prompt=PROMPT, n=4, **kw):
    from lyrictui.engine.generate import GenerationStats, generate_lines
    from lyrictui.engine.sampling import SamplingSettings

    updates: list[tuple[int, str]] = []
    st = GenerationStats()
    cancelled = kw.pop("cancelled", lambda: False)
    lines = generate_lines(lm, prompt, n, SamplingSettings(**kw), on_update=lambda i, t: updates.append((i, t)), cancelled=cancelled, stats=st)
    return lines, updates, st


def test_lines_stop_at_newline_and_stream(lined_lm):
    lines, updates, st = _gen(lined_lm, seed=3, max_new_tokens=40)
    assert lines and all("\n" not in ln and ln == ln.strip() for ln in lines)
    assert updates and all("\n" not in t for _, t in updates)
    assert st.steps < 39  # every row ended (newline / end of text) before the token cap
    for i, ln in enumerate(lines):  # the last streamed text of each slot is (the raw form of) its line
        assert ln in [t.strip() for j, t in updates if j == i] or st.rounds > 1


def test_k_distinct_usable_candidates(lined_lm):
    from lyrictui.engine.clean import is_degenerate, normalize

    lines, _, _ = _gen(lined_lm, n=4, seed=7)
    assert len(lines) == 4
    assert len({normalize(x) for x in lines}) == 4
    assert not any(is_degenerate(x) for x in lines)


def test_seed_reproducible_and_different_seeds_differ(lined_lm):
    lined_lm.runner().reset()  # from a cold cache, then from a warm one: the seed decides
    a = _gen(lined_lm, seed=11)[0]
    b = _gen(lined_lm, seed=11)[0]
    c = _gen(lined_lm, seed=12)[0]
    assert a == b
    assert a != c


def test_max_new_tokens_honoured(lined_lm):
    lines, _, st = _gen(lined_lm, seed=5, max_new_tokens=2)
    assert st.steps <= 1 * st.rounds  # 2 tokens = 1 prefill logits + 1 decode step per round
    assert all(len(lined_lm.encode(" " + ln)) <= 3 for ln in lines)


def test_greedy_temperature_zero_gives_one_distinct_line(lined_lm):
    # All rows follow the same argmax path, so dedupe can keep only one.
    lines, _, st = _gen(lined_lm, seed=1, temperature=0.0, repetition_penalty=1.0)
    assert len(lines) == 1 and st.rounds == 3


def test_complete_mode_continues_the_partial_line(lined_lm):
    lines, updates, _ = _gen(lined_lm, prompt=PROMPT + "under silver", seed=2)
    assert lines and all(ln.startswith("under silver") for ln in lines)
    assert all(t.startswith("under silver") for _, t in updates if t)


def test_cancel_stops_within_one_token(lined_lm):
    state = {"cancel": False, "after": 0}
    from lyrictui.engine.generate import GenerationStats, generate_lines
    from lyrictui.engine.sampling import SamplingSettings

    def on_update(i, t):
        if state["cancel"]:
            state["after"] += 1
        state["cancel"] = True  # cancel as soon as the first text arrives

    st = GenerationStats()
    lines = generate_lines(lined_lm, PROMPT, 4, SamplingSettings(seed=1, max_new_tokens=40), on_update, lambda: state["cancel"], stats=st)
    assert st.cancelled
    assert st.steps == 0  # the very next check, before another forward pass, saw the cancel
    assert state["after"] <= 3  # only the other rows of the same token could still report
    assert lines == []


def test_prefix_reuse_gives_same_candidates_as_no_reuse(lined_lm):
    grown = PROMPT + "i walked the road alone tonight\n"
    lined_lm.prefix_reuse = True
    _gen(lined_lm, prompt=PROMPT, seed=4)  # warms the cache with the shorter song
    got, _, st = _gen(lined_lm, prompt=grown, seed=4)
    assert st.prefill_reused > 10 and st.prefill_computed < 12
    lined_lm.prefix_reuse = False
    try:
        want, _, st2 = _gen(lined_lm, prompt=grown, seed=4)
    finally:
        lined_lm.prefix_reuse = True
    assert st2.prefill_reused == 0
    assert got == want


@pytest.mark.slow
@pytest.mark.parametrize("merge", [True, False])
def test_adapter_generation_and_reuse(lora_dir, merge):
    from lyrictui.engine.load import load_lm

    lm = load_lm(adapter=lora_dir, dtype="fp32", merge=merge)
    assert lm.backend == ("fast" if merge else "hf")
    _gen(lm, seed=9)
    grown = PROMPT + "i walked the road alone tonight\n"
    got, _, st = _gen(lm, prompt=grown, seed=9)
    assert st.prefill_reused > 10
    lm.prefix_reuse = False
    want, _, _ = _gen(lm, prompt=grown, seed=9)
    assert got == want and got


def test_int8_default_generates(lined_gpt2_dir):
    from lyrictui.engine.load import load_lm

    lm = load_lm(lined_gpt2_dir)  # CPU default: the lean runner with int8 weights
    assert (lm.backend, lm.precision) == ("fast", "int8")
    assert _gen(lm, seed=1)[0]


def test_generation_keeps_its_thread_count_while_the_chord_sampler_narrows_it(lined_lm):
    """torch gives a new thread the process-wide count at its first op; the chord sampler sets
    that to 1 while it runs, so each request sets its own worker thread's count back."""
    import threading

    import torch

    before, threads = torch.get_num_threads(), lined_lm.threads
    seen: list[int] = []
    lined_lm.threads = 2
    torch.set_num_threads(1)  # as the chord sampler does, from another thread, mid-request
    try:
        def request():
            _gen(lined_lm, n=1, seed=0)
            seen.append(torch.get_num_threads())  # the count this worker thread generated with

        worker = threading.Thread(target=request)
        worker.start()
        worker.join()
    finally:
        torch.set_num_threads(before)
        lined_lm.threads = threads
    assert seen == [2]
