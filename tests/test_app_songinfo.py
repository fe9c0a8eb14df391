"""The song-info dialog (issue 10 item 7): every song fact edited, saved, transposed."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from lyrictui.app import songinfo
from lyrictui.app.commands import edit_details, transpose
from lyrictui.app.screens.modals import FormModal
from lyrictui.song.io import load_song
from lyrictui.song.model import ChordPlacement, Line, Section, Song
from tests.app_fixtures import asynctest, make_app, wait_for

SIZE = (100, 45)


def test_parse_checks_each_fact():
    values = {n: "" for n in songinfo.NAMES} | {"title": " Harbour ", "key": "G", "capo": "2", "tempo": "96",
                                               "time": "6/8", "year": "2026"}
    facts = songinfo.parse(values)
    assert facts["title"] == "Harbour" and facts["key"] == "G" and facts["capo"] == 2 and facts["tempo"] == 96
    assert facts["time"] == "6/8" and facts["year"] == "2026" and facts["artist"] is None
    assert songinfo.parse({"capo": "0"})["capo"] is None and songinfo.parse({})["title"] == "Untitled"
    for name, bad in (("key", "H"), ("capo", "12"), ("capo", "two"), ("tempo", "0"), ("time", "4-4")):
        with pytest.raises(ValueError):
            songinfo.parse({name: bad})


@asynctest
async def test_set_song_info_save_and_transpose(tmp_path):
    song = Song(title="Untitled", sections=[Section("verse", None, [Line("the boats", [ChordPlacement("G", 0)])])])
    app = make_app(tmp_path, song)
    async with app.run_test(size=SIZE) as pilot:
        await edit_details(app.editor)
        form = app.screen
        assert isinstance(form, FormModal) and [f[0] for f in form.fields] == list(songinfo.NAMES)
        new = {"title": "Harbour Lights", "artist": "Ann", "key": "G", "capo": "2", "tempo": "96", "time": "3/4",
               "composer": "Ann B", "album": "Tides", "year": "2026", "copyright": "2026 Ann"}
        for name, value in new.items():
            form.query_one(f"#field-{name}", Input).value = value
        await pilot.press(*["enter"] * len(songinfo.NAMES))  # Enter walks the fields; the last one saves
        await wait_for(pilot, lambda: app.screen is app.editor)
        s = app.editor.doc.song
        assert (s.title, s.artist, s.key, s.capo, s.tempo, s.time, s.year) == \
               ("Harbour Lights", "Ann", "G", 2, 96, "3/4", "2026")
        transpose(app.editor, 2)  # the shapes and the key move together; the capo stays
        assert (s.key, s.capo, s.sections[0].lines[0].chords[0].chord) == ("A", 2, "A")
        await pilot.press("ctrl+s")
        saved = load_song(tmp_path / "song.song.json")
        assert (saved.title, saved.key, saved.capo, saved.composer, saved.copyright) == \
               ("Harbour Lights", "A", 2, "Ann B", "2026 Ann")
        await pilot.press("ctrl+z", "ctrl+z")  # undo the transpose, then the song info
        assert (app.editor.doc.song.title, app.editor.doc.song.key) == ("Untitled", None)


@asynctest
async def test_a_bad_value_changes_nothing_and_says_why(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await edit_details(app.editor)
        app.screen.query_one("#field-capo", Input).value = "14"
        await pilot.press(*["enter"] * len(songinfo.NAMES))
        await wait_for(pilot, lambda: app.screen is app.editor)
        assert app.editor.doc.song.capo is None and app.editor.doc.version == 0


@asynctest
async def test_a_new_song_shows_its_title_in_the_dialog_first(tmp_path):
    from lyrictui.app.document import new_song

    app = make_app(tmp_path, new_song("Harbour Lights"), name="harbour-lights.song.json", ask_info=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FormModal))
        assert app.screen.query_one("#field-title", Input).value == "Harbour Lights"
        await pilot.press("escape")  # keeps it as it is
        await wait_for(pilot, lambda: app.screen is app.editor)
        assert app.editor.doc.song.title == "Harbour Lights"


@asynctest
async def test_ctrl_s_takes_the_form_from_any_field(tmp_path):
    from lyrictui.app.document import new_song

    app = make_app(tmp_path, new_song("Harbour Lights"), name="harbour-lights.song.json", ask_info=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FormModal))
        await pilot.press("enter", *"Ann", "ctrl+s")  # the artist, then done: no walk through 12 fields
        await wait_for(pilot, lambda: app.screen is app.editor)
        assert app.editor.doc.song.artist == "Ann" and app.editor.doc.song.title == "Harbour Lights"
