"""Comment and recall lines in the editor: shown in their place, never numbered, no
syllables or rhyme letter (ChordPro `{comment:}` / `{chorus}` imported from a file)."""

from __future__ import annotations

import pytest

from lyrictui.song.model import Line, Section, Song
from tests.app_fixtures import asynctest, make_app, screen_text, wait_for

SIZE = (100, 30)


def noted_song() -> Song:
    return Song(title="Notes", sections=[
        Section("verse", None, [
            Line("Slow, fingerpicked", kind="comment"),
            Line("nine o'clock and the wine"),
            Line("let it ring", kind="comment_italic"),
            Line("the dog in the dark"),
        ]),
        Section("chorus", None, [Line("", kind="recall")]),
        Section("verse", None, [Line("a bark in the park")]),
    ])


def gutter(text: str, words: str) -> list[str]:
    row = next(r for r in text.splitlines() if words in r)
    return row.split("│")[0].split()


@asynctest
async def test_notes_keep_their_place_and_get_no_number(tmp_path):
    app = make_app(tmp_path, song=noted_song())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert gutter(text, "Slow, fingerpicked") == ["#"]
        assert gutter(text, "let it ring") == ["#"]
        assert gutter(text, "nine o'clock")[0] == "1" and gutter(text, "the dog in")[0] == "2"
        assert "Verse 2" in text and "Verse 3" not in text  # the notes did not renumber
        lines = text.splitlines()
        recall = lines.index(next(r for r in lines if r.strip().startswith("▌ Chorus")))
        assert gutter("\n".join(lines[recall:]), "Chorus")  # the recall's row follows its header
        assert "↻" in lines[recall + 1] and "Chorus" in lines[recall + 1]


@pytest.mark.slow  # loads the CMU pronouncing dictionary
@asynctest
async def test_notes_get_no_syllables_or_rhyme_letter(tmp_path):
    app = make_app(tmp_path, song=noted_song(), songcraft=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Verse 1  AA" in screen_text(app) or "Verse 1  AB" in screen_text(app),
                       timeout=30)
        text = screen_text(app)
        assert gutter(text, "Slow, fingerpicked") == ["#"]
        assert gutter(text, "nine o'clock")[:2] == ["1", "6"]
        assert "Verse 1  AB" in text  # two sung lines: the comments are not in the scheme
