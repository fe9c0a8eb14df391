"""Pure pieces of the engine: sampling processors, settings, cleaning, context windowing."""

from __future__ import annotations

import torch

from lyrictui.engine.clean import accept, clean_line, is_degenerate, normalize
from lyrictui.engine.sampling import (
    SamplingSettings,
    apply_repetition_penalty,
    banned_ngram_tokens,
    make_generator,
    sample_next,
    SeenIds,
)


def test_settings_roundtrip_and_bad_values():
    s = SamplingSettings(temperature=0.7, seed=3)
    assert SamplingSettings.from_dict(s.to_dict()) == s
    t = SamplingSettings.from_dict({"top_k": "x", "top_p": 7, "unknown": 1, "seed": None})
    assert t.top_k == 50 and t.top_p == 1.0 and t.seed is None


def test_repetition_penalty_matches_transformers():
    from transformers.generation.logits_process import RepetitionPenaltyLogitsProcessor

    logits = torch.randn(2, 20)
    want = RepetitionPenaltyLogitsProcessor(1.3)(torch.tensor([[1, 2, 2, 5], [7, 1, 1, 1]]), logits.clone())
    alone = SeenIds([], 2, 4)  # no prompt: each row's own tokens, one column per step
    for step in ([1, 7], [2, 1], [2, 1], [5, 1]):
        alone.add(torch.tensor(step))
    got = apply_repetition_penalty(logits, alone.index, 1.3)
    assert torch.allclose(got, want)
    # the decode loop's form: prompt ids, then a column per step, applied in place
    seen = SeenIds([1], 2, 4)
    for step in ([2, 7], [2, 1], [5, 1]):
        seen.add(torch.tensor(step))
    inplace = logits.clone()
    apply_repetition_penalty(inplace, seen.index, 1.3, inplace=True)
    assert torch.allclose(inplace, want)


def test_topk_topp_and_greedy():
    g = make_generator(0)
    logits = torch.tensor([[0.0, 5.0, 1.0, 4.9], [3.0, 0.0, 0.0, 0.0]])
    assert sample_next(logits, SamplingSettings(temperature=0), g).tolist() == [1, 0]
    for _ in range(20):
        assert sample_next(logits, SamplingSettings(top_k=1), g).tolist() == [1, 0]
        assert sample_next(logits, SamplingSettings(top_k=0, top_p=0.01), g).tolist() == [1, 0]
        assert sample_next(logits, SamplingSettings(top_k=2, top_p=1.0), g)[0].item() in (1, 3)


def test_seeded_generator_is_reproducible():
    logits = torch.randn(4, 100)
    a = sample_next(logits, SamplingSettings(), make_generator(5))
    b = sample_next(logits, SamplingSettings(), make_generator(5))
    assert torch.equal(a, b)


def test_no_repeat_ngram():
    assert banned_ngram_tokens([1, 2, 3, 1, 2], 3) == {3}
    assert banned_ngram_tokens([1, 2], 3) == set()
    assert banned_ngram_tokens([4, 4, 4], 2) == {4}


def test_clean_and_degenerate():
    assert clean_line("  hello <|endoftext|>  world\ufffd ", ("<|endoftext|>",)) == "hello world"
    assert is_degenerate("") and is_degenerate("...") and is_degenerate("[Chorus]")
    assert is_degenerate("Title: Rain") and is_degenerate("la la la la")
    assert is_degenerate("the the the") and not is_degenerate("la la, the night")
    assert not is_degenerate("under silver skies we sang")
    assert normalize("Under SILVER skies!") == normalize("under silver skies")
    assert not accept("under silver skies", {"under silver skies"}, set())
    assert not accept("the river knows", set(), {"the river knows"})


def test_context_trims_in_coarse_steps_and_keeps_the_prefix_stable(gpt2_tok):
    from lyrictui.engine.context import fit_song_prompt
    from lyrictui.song.model import Line, Section, Song

    count = lambda t: len(gpt2_tok.encode(t))  # noqa: E731
    song = Song(title="Long", sections=[Section("verse", lines=[Line(f"line number {i} of the song") for i in range(80)])])
    prompts = [fit_song_prompt(song, 0, li, "", count, 120, step=8) for li in range(40, 60)]
    for p in prompts:
        assert p.startswith("Title: Long\n") and count(p) <= 120
        assert p.endswith(" of the song\n")  # whole lines only
    heads = [p.split("\n")[1] for p in prompts]
    changes = sum(1 for a, b in zip(heads, heads[1:]) if a != b)
    assert changes <= 3  # 20 new lines, window jumps 8 lines at a time
    # consecutive prompts with the same head are prefixes of each other: reuse hits
    same = [(a, b) for a, b, ha, hb in zip(prompts, prompts[1:], heads, heads[1:]) if ha == hb]
    assert same and all(b.startswith(a) for a, b in same)
    short = fit_song_prompt(song, 0, 3, "", count, 120, step=8)
    assert short == "Title: Long\n[Verse]\n" + "".join(f"line number {i} of the song\n" for i in range(3))
