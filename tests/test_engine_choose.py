"""Choose before showing: real words, the typed word finished whole, fluency, length, spread; token healing."""

from __future__ import annotations

from engine_fixtures import *  # noqa: F401,F403
from lyrictui.craft.lexicon import common_word, is_word, non_words, vocabulary
from lyrictui.engine.choose import Candidate, added_words, choose, real_words_only, typical_words

PROMPT = "Title: Harbour\n[Verse]\nthe river knows my name\nand the wind keeps calling me home\n"


def test_real_words_and_sung_spellings():
    assert all(is_word(w) for w in ["night", "thee", "o'er", "lovin'", "'tis", "a", "i", "1969"])
    assert not any(is_word(w) for w in ["tonighter", "graps", "bine", "ess", "pistings", "i're", "have't", "l"])
    assert non_words("half past six-graps") == ["graps"]
    assert is_word("zorblat", known=vocabulary(["my friend Zorblat"]))  # the song's own word counts
    assert common_word("home") and not common_word("jerome") and not common_word("shalom")


def test_completions_finish_the_typed_word_into_a_real_word():
    assert added_words("half past six-graps", "half past six") == ["six", "graps"]
    assert not real_words_only("half past six-graps", "half past six")
    assert not real_words_only("we stay on tonighter", "we stay on tonight")
    assert not real_words_only("keep playing ess", "keep playing ")
    assert real_words_only("we walked along the river", "we walked along the riv")
    assert real_words_only("Zed is mine", "", frozenset({"zed"}))


def test_choose_prefers_real_fluent_spread_lines_of_the_songs_length():
    typical = typical_words(["the river knows my name", "and the wind keeps calling me home"])
    cands = [
        Candidate("the river knows my name again", -2.0, 6, True),   # near-copy of the next pick
        Candidate("the river knows my name tonight", -1.5, 6, True),
        Candidate("so he said,", -0.5, 4, True),                     # likeliest per token, far too short
        Candidate("a lantern burning on the quay", -2.2, 6, True),
        Candidate("the pistings of the daralious sea", -0.3, 6, True),  # invented words: never shown
        Candidate("we wander down to where the", -1.0, 6, False),    # cut at the token cap
    ]
    got = [c.text for c in choose(cands, 3, typical=typical)]
    assert got[0] == "the river knows my name tonight"
    assert "a lantern burning on the quay" in got[:2]  # diversity lifts it over the near-copy
    assert "the pistings of the daralious sea" not in got and "so he said," not in got[:2]
    assert [c.text for c in choose(cands[:1], 4, partial="the river knows my name again")] == []  # adds nothing


def test_heal_drops_the_fragment_and_allows_only_tokens_that_finish_it(gpt2_tok):
    from lyrictui.engine.heal import heal, vocab_texts

    prompt = "the river knows\nwe walked along the riv"
    ids = gpt2_tok(prompt)["input_ids"]
    kept, cut, allow = heal(gpt2_tok, ids, "we walked along the riv", vocab_texts(gpt2_tok))
    assert cut == " riv" and gpt2_tok.decode(kept) == "the river knows\nwe walked along the"
    assert allow[gpt2_tok.convert_tokens_to_ids("Ġriver")] and not allow[gpt2_tok.convert_tokens_to_ids("Ġthe")]
    same = heal(gpt2_tok, gpt2_tok("we walked along ")["input_ids"], "we walked along ", vocab_texts(gpt2_tok))
    assert same[1] == "" and same[2] is None  # after a space there is nothing to heal


def test_generation_with_a_pool_streams_then_settles_on_real_word_lines(lined_lm):
    from lyrictui.engine.generate import GenerationStats, generate_lines
    from lyrictui.engine.sampling import SamplingSettings

    updates: list[tuple[int, str]] = []
    st = GenerationStats()
    lines = generate_lines(lined_lm, PROMPT, 4, SamplingSettings(seed=3, pool=12),
                           on_update=lambda i, t: updates.append((i, t)), stats=st)
    assert lines and len(lines) <= 4 and all(not non_words(x, vocabulary(PROMPT.split("\n"))) for x in lines)
    assert {i for i, _ in updates} <= set(range(4))  # extra rows never reach a slot the panel lacks
    assert [t for i, t in updates[-4:] if t] == lines  # the last word per slot is the chosen line
    done = generate_lines(lined_lm, PROMPT + "the river kn", 4, SamplingSettings(seed=4, pool=12))
    assert all(x.startswith("the river kn") for x in done)
    assert all(real_words_only(x, "the river kn", vocabulary(PROMPT.split("\n"))) for x in done)
