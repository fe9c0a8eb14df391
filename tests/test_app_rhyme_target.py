"""The editor's rhyme target (ctrl+t): suggestions reranked toward a rhyme / syllable range, with reasons.

Scripted providers return lines that do and do not rhyme, the rhyming one placed past the
first four, so only over-generating and reranking can put it on top.
"""

from __future__ import annotations

import pytest
from engine_fixtures import lined_gpt2_dir  # noqa: F401  (session fixture: a tiny trained GPT-2)

from lyrictui.app import target
from lyrictui.app.commands import rhyme_target
from lyrictui.config import Config
from lyrictui.song.model import Line, Section, Song
from tests.app_fixtures import ScriptedLyrics, asynctest, make_app, screen_text, wait_for

CANDIDATES = [
    "we never said goodbye",
    "the river runs so deep",
    "a long and winding road goes on forever more",
    "my heart is a harbour town",
    "i hold the light",  # 4 syllables; rhymes with "tonight"
    "and then we ran away",  # rhymes with "day"
    "under silver skies we sang",
    "the morning brings the rain",
]


def song(*lines: str) -> Song:
    return Song(title="Test", sections=[Section("verse", lines=[Line(t) for t in lines] + [Line("")])])


def app_for(tmp_path, s: Song, provider, candidates: int = 4):
    cfg = Config(autosave_seconds=0, auto_suggest=False, candidates=candidates)
    app = make_app(tmp_path, s, lyric_provider=provider, config=cfg)
    app.editor.doc.move_to(0, len(s.sections[0].lines) - 1)  # the empty line after the written ones
    return app


async def ask_and_wait(pilot, app, key: str = "ctrl+g") -> None:
    panel = app.editor.lines_panel
    await pilot.press(key)
    await wait_for(pilot, lambda: panel.items and all(panel.items) and not panel.note, timeout=60)


def test_form_round_trip_and_scheme_constant():
    from lyrictui.craft.rerank import FOLLOW_SCHEME

    assert target.FOLLOW_SCHEME == FOLLOW_SCHEME
    t = target.parse_form({"rhyme": "2", "syllables": "6-8", "steer": "off"})
    assert t == target.RhymeTarget("line", 2, "", (6, 8), False)
    assert target.parse_form(target.form_values(t)) == t
    assert target.parse_form({"rhyme": "scheme", "syllables": "7"}).syllables == (7, 7)
    assert target.parse_form({"rhyme": "night"}).kind == "word"
    assert not target.parse_form({"rhyme": "", "syllables": ""}).active
    for bad in ({"rhyme": "two words"}, {"syllables": "8-6"}, {"syllables": "lots"}, {"steer": "maybe"}):
        with pytest.raises(ValueError):
            target.parse_form(bad)
    assert target.describe(target.RhymeTarget("word", word="night", syllables=(6, 8))) == "rhyme with 'night', 6-8 syl"


def test_rhyme_with_line_1_puts_a_rhyme_first_and_says_why(tmp_path):
    provider = ScriptedLyrics(CANDIDATES)
    app = app_for(tmp_path, song("i walk alone tonight"), provider)

    @asynctest
    async def run():
        async with app.run_test(size=(110, 34)) as pilot:
            await ask_and_wait(pilot, app)  # no target yet: passed straight through, no reasons
            panel = app.editor.lines_panel
            assert panel.items == CANDIDATES[:4] and panel.explanations == []
            assert provider.requests[-1].rhyme_with is None and provider.requests[-1].n == 4
            # ctrl+t, "1" in the rhyme field, Enter through syllables and steer
            await pilot.press("ctrl+t")
            await pilot.pause()
            await pilot.press("1", "enter", "enter", "enter")
            await wait_for(pilot, lambda: panel.explanations, timeout=20)  # lines on show are asked again
            req = provider.requests[-1]
            assert req.rhyme_with == "tonight" and req.n == 16  # over-generated 4x
            assert panel.items[0] == "i hold the light"
            assert panel.explanations[0].startswith("rhymes with 'tonight' (perfect: light)")
            assert "does not rhyme" in panel.explanations[1]
            assert panel.border_title == "Lines — rhyme with 'tonight'"
            text = screen_text(app)
            assert "rhymes with" in text and "model pick 5/8" in text
            await pilot.press("down", "enter")  # taking it works as before
            assert app.editor.doc.song.sections[0].lines[1].text == "i hold the light"

    run()


def test_follow_the_scheme_from_the_palette(tmp_path):
    provider = ScriptedLyrics(CANDIDATES)
    app = app_for(tmp_path, song("i walk alone tonight", "the city lights are bright", "we wander through the day"), provider)

    @asynctest
    async def run():
        async with app.run_test(size=(110, 34)) as pilot:
            rhyme_target(app.editor, "scheme")  # the palette command
            assert app.editor.lines_panel.border_title == "Lines — follow scheme"
            await ask_and_wait(pilot, app)
            panel = app.editor.lines_panel
            assert provider.requests[-1].rhyme_with == target.FOLLOW_SCHEME
            assert panel.items[0] == "and then we ran away"  # AAB -> B: rhymes with line 3
            assert "rhymes with 'day'" in panel.explanations[0]
            assert "scheme: rhymes with line 3" in panel.explanations[0]
            assert panel.border_title == "Lines — scheme: 'day'"
            rhyme_target(app.editor, "none")
            await wait_for(pilot, lambda: panel.items and not panel.note and not panel.explanations, timeout=20)
            assert panel.border_title == "Lines" and panel.items == CANDIDATES[:4]

    run()


def test_syllable_range(tmp_path):
    provider = ScriptedLyrics(CANDIDATES)
    app = app_for(tmp_path, song("i walk alone tonight"), provider)

    @asynctest
    async def run():
        async with app.run_test(size=(110, 34)) as pilot:
            app.editor.set_rhyme_target(target.RhymeTarget(syllables=(4, 4)))
            await ask_and_wait(pilot, app)
            panel = app.editor.lines_panel
            req = provider.requests[-1]
            assert req.rhyme_with is None and req.syllables == (4, 4)
            assert panel.items[0] == "i hold the light"
            assert panel.explanations[0].startswith("4 syllables (want 4)")
            assert panel.border_title == "Lines — 4 syl"

    run()


def test_complete_mode_ranks_whole_lines(tmp_path):
    # continuations, as GPT-2 gives them: the reranker must see the typed start too
    provider = ScriptedLyrics([" and the rain", " till the end", " by the light", " in the dark"])
    app = app_for(tmp_path, song("i walk alone tonight"), provider)

    @asynctest
    async def run():
        async with app.run_test(size=(110, 34)) as pilot:
            app.editor.set_rhyme_target(target.RhymeTarget("line", 1, syllables=(8, 8)))
            await pilot.press(*"we danced")
            await ask_and_wait(pilot, app, "ctrl+l")
            panel = app.editor.lines_panel
            assert panel.items[0] == "we danced by the light"
            assert "5 syllables (want 8)" in panel.explanations[0]

    run()


def test_bad_form_input_keeps_the_old_target(tmp_path):
    app = app_for(tmp_path, song("i walk alone tonight"), ScriptedLyrics(CANDIDATES))

    @asynctest
    async def run():
        async with app.run_test(size=(110, 34)) as pilot:
            await pilot.press("ctrl+t")
            await pilot.pause()
            await pilot.press("enter", *"9-2", "enter", "enter")
            await pilot.pause()
            assert not app.editor.rhyme_target.active

    run()


@pytest.mark.slow
def test_real_engine_with_steering(tmp_path, lined_gpt2_dir):
    from lyrictui.engine.load import load_lm
    from lyrictui.engine.provider import EngineProvider
    from lyrictui.engine.sampling import SamplingSettings

    provider = EngineProvider(load_lm(lined_gpt2_dir, dtype="fp32"), SamplingSettings(seed=3, max_new_tokens=10))
    app = app_for(tmp_path, song("the river knows my name", "i walked the road alone tonight"), provider, candidates=2)

    @asynctest
    async def run():
        async with app.run_test(size=(110, 34)) as pilot:
            app.editor.set_rhyme_target(target.RhymeTarget("line", 2, steer=True))
            await ask_and_wait(pilot, app)
            panel = app.editor.lines_panel
            assert len(panel.items) == 2 and len(panel.explanations) == 2
            assert all("model pick" in e for e in panel.explanations)
            assert panel.border_title == "Lines — rhyme with 'tonight'"

    run()



def test_key_is_listed_on_help_and_rebindable(tmp_path):
    from lyrictui.app.screens.help import binding_rows
    from lyrictui.app.screens.modals import FormModal

    cfg = Config(autosave_seconds=0, auto_suggest=False, keys={"rhyme_target": "f5"})
    app = make_app(tmp_path, song("i walk alone tonight"), lyric_provider=ScriptedLyrics(CANDIDATES), config=cfg)

    @asynctest
    async def run():
        async with app.run_test(size=(110, 34)) as pilot:
            rows = {r[3]: r for r in binding_rows(app.editor)}
            assert rows["rhyme_target"][1] == "f5"
            await pilot.press("f5")
            await pilot.pause()
            assert isinstance(app.screen, FormModal)

    run()
