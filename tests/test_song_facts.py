"""Song facts and note lines across formats: native schema v2 (v1 files still open, their
facts moved out of "extra"), and plain text / Markdown heads."""

from __future__ import annotations

import json

import pytest

from lyrictui.song.formats import export_song
from lyrictui.song.importers import parse_plaintext
from lyrictui.song.model import FACTS, Line, Section, Song
from lyrictui.song.native import FORMAT_VERSION, SongDataError, dumps_song, loads_song

ALL_FACTS = dict(subtitle="live", artist="Ana", composer="Bo", lyricist="Cy", key="Em", capo=3, tempo=88,
                 time="6/8", year="2021", album="Harbour", copyright="2021 Ana")


def v1_file(**doc) -> str:
    return json.dumps({"format": "lyrictui-song", "version": 1, "title": "Old", "sections": [], **doc})


def test_version_1_files_open_with_their_facts_moved_out_of_extra():
    song = loads_song(v1_file(key="G", extra={"capo": "2", "subtitle": "live", "time": "3/4", "arranger": "Di"}))
    assert (song.key, song.capo, song.subtitle, song.time) == ("G", 2, "live", "3/4")
    assert song.extra == {"arranger": "Di"}


def test_version_1_capo_that_is_no_number_stays_in_extra():
    song = loads_song(v1_file(extra={"capo": "2 (optional)"}))
    assert song.capo is None and song.extra == {"capo": "2 (optional)"}


def test_written_as_the_current_version_with_line_kinds():
    song = Song(title="N", capo=2, sections=[Section("verse", None, [Line("Slow", kind="comment"), Line("sung")])])
    doc = json.loads(dumps_song(song))
    assert doc["version"] == FORMAT_VERSION == 2 and doc["capo"] == 2
    assert doc["sections"][0]["lines"] == [{"text": "Slow", "kind": "comment"}, {"text": "sung"}]
    assert loads_song(dumps_song(song)) == song


@pytest.mark.parametrize("doc, where", [
    ({"sections": [{"lines": [{"text": "x", "kind": "shout"}]}]}, "sections[0].lines[0].kind"),
    ({"capo": "2"}, "capo"),
    ({"year": 1999}, "year"),
])
def test_bad_facts_and_kinds_are_refused_saying_where(doc, where):
    with pytest.raises(SongDataError, match=where.replace("[", r"\[").replace("]", r"\]")):
        loads_song(json.dumps({"format": "lyrictui-song", "version": 2, "title": "x", **doc}))


def test_plain_text_head_shows_every_fact_and_reads_it_back():
    song = Song(title="Harbour Lights", **ALL_FACTS, sections=[Section("verse", None, [Line("words")])])
    text = export_song(song, "txt")
    assert text.startswith("Harbour Lights\nArtist: Ana\nSubtitle: live\nKey: Em\nCapo: 3\nTempo: 88\nTime: 6/8\n")
    back = parse_plaintext(text)
    assert [getattr(back, k) for k in ("title", "artist", *FACTS)] == [getattr(song, k) for k in ("title", "artist", *FACTS)]


def test_markdown_head_shows_every_fact():
    md = export_song(Song(title="T", **ALL_FACTS), "md")
    for k, v in ALL_FACTS.items():
        assert f"**{k.title()}:** {v}" in md


def test_notes_show_in_parentheses_in_chord_sheets():
    song = Song(sections=[Section("verse", None, [Line("Slow", kind="comment"), Line("sung")]),
                          Section("chorus", None, [Line("", kind="recall")])])
    assert "[Verse 1]\n(Slow)\nsung\n\n[Chorus]\n(Chorus)\n" in export_song(song, "txt")
    assert "(Slow)" in export_song(song, "md")
