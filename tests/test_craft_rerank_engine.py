"""Reranking the real lyric engine (a tiny GPT-2 trained on lyric lines, seeded) hits the rhyme more often."""

from __future__ import annotations

import pytest
from engine_fixtures import *  # noqa: F401,F403

from lyrictui.craft.rerank import RhymeAwareProvider, meets, target_for
from lyrictui.providers import LyricRequest
from lyrictui.song.model import Line, Section, Song


@pytest.mark.slow
def test_reranking_engine_raises_rhyme_hits(lined_lm):
    from lyrictui.engine.provider import EngineProvider
    from lyrictui.engine.sampling import SamplingSettings

    song = Song(title="Test", sections=[Section("verse", lines=[Line("the river knows my name"), Line("i saw the city lights")])])
    hits_plain = hits_aware = 0
    trials = 6
    for seed in range(trials):
        req = LyricRequest(song=song, section_index=0, line_index=2, n=2, rhyme_with="night")
        plain = EngineProvider(lined_lm, SamplingSettings(seed=seed, max_new_tokens=12))
        aware = RhymeAwareProvider(EngineProvider(lined_lm, SamplingSettings(seed=seed, max_new_tokens=12)), oversample=4)
        t = target_for(req)
        hits_plain += meets(plain.suggest(req)[0], t)
        top = aware.suggest(req)
        hits_aware += meets(top[0], t)
        assert aware.explain(top[0])
    # the model knows one line ending in a rhyme ("...tonight"): 8 samples find it far more often than 1
    assert hits_aware >= hits_plain + 2, (hits_plain, hits_aware)
