"""Rhyme-aware reranking measurably raises the target-hit rate of a real (n-gram) model."""

from __future__ import annotations

import random

import pytest

from lyrictui.craft.rerank import FOLLOW_SCHEME, RhymeAwareProvider, meets, target_for
from lyrictui.evaluation.ngram import NgramLM, NgramProvider
from lyrictui.prompt import song_text
from lyrictui.providers import LyricProvider, LyricRequest
from lyrictui.song.model import Line, Section, Song

ENDS = ["light", "road", "rain", "bright", "door", "sea", "tonight", "home", "fight", "day", "sky", "heart"]
STARTS = ["i walk along the", "we ran into the", "you sang about the", "they never saw the", "she danced beneath the"]


def corpus(seed: int = 0) -> list[Song]:
    rng = random.Random(seed)
    songs = []
    for k in range(30):
        lines = [Line(f"{rng.choice(STARTS)} {rng.choice(ENDS)}") for _ in range(4)]
        songs.append(Song(title=f"song {k}", sections=[Section("verse", lines=lines)]))
    return songs


def request(song: Song, word: str | None, syl=None) -> LyricRequest:
    return LyricRequest(song=song, section_index=0, line_index=2, n=4, rhyme_with=word, syllables=syl)


def test_reranking_raises_hit_rate():
    lm = NgramLM().fit(song_text(s) for s in corpus())
    plain = NgramProvider(lm, seed=1)
    aware = RhymeAwareProvider(NgramProvider(lm, seed=1), oversample=4)
    assert isinstance(aware, LyricProvider)
    songs = corpus(seed=7)[:20]
    hits_plain = hits_aware = 0
    for s in songs:
        req = request(s, "night", (6, 7))
        t = target_for(req)
        hits_plain += meets(plain.suggest(req)[0], t)
        top = aware.suggest(req)
        hits_aware += meets(top[0], t)
        assert len(top) == 4 and aware.last_explanations[0].startswith("rhymes with 'night'")
    # ~3 of 12 endings rhyme and the syllable range cuts some more: plain top-1 hits rarely
    assert hits_aware >= 16, (hits_plain, hits_aware)
    assert hits_aware >= hits_plain + 8, (hits_plain, hits_aware)


def test_explain_and_follow_scheme():
    lm = NgramLM().fit(song_text(s) for s in corpus())
    aware = RhymeAwareProvider(NgramProvider(lm, seed=3), oversample=4)
    song = Song(sections=[Section("verse", lines=[Line("we drove into the night"), Line("you said you wanted home")])])
    req = LyricRequest(song=song, section_index=0, line_index=2, n=3, rhyme_with=FOLLOW_SCHEME)
    t = target_for(req)
    assert t.rhyme_with == "night" and "line 1" in t.source  # AB -> A
    out = aware.suggest(req)
    assert out and aware.explain(out[0]).startswith("rhymes with 'night'")
    assert "scheme: rhymes with line 1" in aware.explain(out[0])


def test_no_target_passes_through():
    lm = NgramLM().fit(song_text(s) for s in corpus())
    a = NgramProvider(lm, seed=5).suggest(request(corpus()[0], None))
    b = RhymeAwareProvider(NgramProvider(lm, seed=5)).suggest(request(corpus()[0], None))
    assert a == b


def test_streams_only_first_n_and_cancels():
    lm = NgramLM().fit(song_text(s) for s in corpus())
    aware = RhymeAwareProvider(NgramProvider(lm, seed=2), oversample=3)
    seen = []
    aware.suggest(request(corpus()[0], "night"), on_update=lambda i, t: seen.append(i))
    assert seen and max(seen) < 4
    assert aware.suggest(request(corpus()[0], "night"), cancelled=lambda: True) == []


@pytest.mark.slow
def test_steering_swaps_the_last_word_with_a_real_lm(tiny_gpt2_dir):
    """No candidate rhymes (the corpus has no rhyme for 'night'): steering makes one."""
    from types import SimpleNamespace

    from transformers import AutoTokenizer, GPT2LMHeadModel

    from lyrictui.craft.rhymes import rhyme_score
    from lyrictui.craft.scheme import last_word
    from lyrictui.craft.steer import LMEndingScorer

    lm_obj = SimpleNamespace(
        model=GPT2LMHeadModel.from_pretrained(tiny_gpt2_dir).eval(),
        tokenizer=AutoTokenizer.from_pretrained(tiny_gpt2_dir),
        device="cpu",
    )
    plain_ends = ["road", "rain", "door", "sea", "home", "day"]
    rng = random.Random(0)
    songs = [
        Song(title=f"s{k}", sections=[Section("verse", lines=[Line(f"{rng.choice(STARTS)} {rng.choice(plain_ends)}") for _ in range(4)])])
        for k in range(20)
    ]
    ng = NgramLM().fit(song_text(s) for s in songs)
    scorer = LMEndingScorer(lm_obj)
    scores = scorer("Title: x\n[Verse]\nwe walk into the", [" night\n", " light\n"])
    assert len(scores) == 2 and all(s < 0 for s in scores)
    aware = RhymeAwareProvider(NgramProvider(ng, seed=0), oversample=2, steer=scorer, min_logp=-1e9)
    req = LyricRequest(song=songs[0], section_index=0, line_index=2, n=1, rhyme_with="night")
    out = aware.suggest(req)
    assert rhyme_score(last_word(out[0]), "night") >= 0.6
    assert "steered" in aware.explain(out[0])
