"""The editor taking a streamed suggestion from the real engine (tiny trained GPT-2), driven by a Pilot."""

from __future__ import annotations

import pytest

from engine_fixtures import *  # noqa: F401,F403


@pytest.mark.slow
def test_tui_takes_a_streamed_suggestion_from_the_engine(tmp_path, lined_gpt2_dir):
    from lyrictui.app.messages import LineStreamed
    from lyrictui.engine.load import load_lm
    from lyrictui.engine.provider import EngineProvider
    from lyrictui.engine.sampling import SamplingSettings
    from tests.app_fixtures import asynctest, make_app, wait_for

    provider = EngineProvider(load_lm(lined_gpt2_dir, dtype="fp32"), SamplingSettings(seed=3, max_new_tokens=16))
    app = make_app(tmp_path, lyric_provider=provider)
    streamed: list = []

    def hook(msg):
        if isinstance(msg, LineStreamed):
            streamed.append(msg)

    @asynctest
    async def run():
        async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
            await pilot.press(*"the river knows my name", "enter")
            panel = app.editor.lines_panel
            await wait_for(pilot, lambda: len(panel.items) == 4 and all(panel.items) and not panel.note, timeout=60)
            assert len(streamed) > 4  # token by token, not all at once
            shown = list(panel.items)
            assert all("\n" not in x for x in shown)
            await pilot.press("down", "enter")  # ↓ into the candidates, Enter takes the first
            lines = [ln.text for ln in app.editor.doc.song.sections[0].lines]
            assert lines == ["the river knows my name", shown[0]]
            # typing cancels any generation under way and the line keeps only what was typed
            await pilot.press("enter", *"under")
            await pilot.pause(0.2)
            assert app.editor.doc.song.sections[0].lines[-1].text.startswith("under")

    run()
