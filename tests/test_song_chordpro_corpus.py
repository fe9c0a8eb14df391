"""ChordPro files written for these tests (tests/chordpro/*.cho) cover every directive
lyrictui reads: the song facts, comments of every style, `{chorus}` recalls, every kind
of section with and without labels, files without environments, facts given twice.

For each: import -> export -> import changes nothing, the export is stable, it says
things with standard ChordPro 6 directives, and Debian's `chordii` (a second reader,
independent of lyrictui and of ChordSheetJS, see test_song_chordsheetjs.py) accepts it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lyrictui.song.chordpro import DIRECTIVES, METADATA, to_chordpro
from lyrictui.song.importers import parse_chordpro
from lyrictui.song.model import Line, Song

CORPUS = sorted((Path(__file__).parent / "chordpro").glob("*.cho"))
CHORDII = shutil.which("chordii")
# Directives ChordPro 6 has that chordii 4.5 (ChordPro 4) predates: it warns and ignores them.
NEWER_THAN_CHORDII = set(METADATA) | DIRECTIVES | {
    "meta", "highlight", "chorus", "start_of_verse", "end_of_verse", "start_of_bridge", "end_of_bridge",
    "start_of_part", "end_of_part", "start_of_grid", "end_of_grid",
}


def read(path: Path) -> Song:
    return parse_chordpro(path.read_text(encoding="utf-8"))


def kinds(sec) -> list[str]:
    return [ln.kind for ln in sec.lines]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_import_export_import_changes_nothing(path):
    song = read(path)
    text = to_chordpro(song)
    again = parse_chordpro(text)
    assert again == song
    assert to_chordpro(again) == text  # and the export is stable


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_export_needs_no_lyrictui_directives_for_these(path):
    # everything in the corpus is sayable in ChordPro: only the version marker is ours
    assert [ln for ln in to_chordpro(read(path)).splitlines() if ln.startswith("{x_lyrictui")] == [
        "{x_lyrictui_version: 1}"]


def test_facts_are_song_fields_and_standard_directives():
    song = read(CORPUS[[p.name for p in CORPUS].index("facts.cho")])
    assert (song.title, song.subtitle, song.artist, song.composer, song.lyricist) == (
        "Harbour Lights", "live at the pier", "Ana Lima", "Bo Reyes", "Cy Tan")
    assert (song.key, song.capo, song.tempo, song.time) == ("G", 2, 96, "6/8")
    assert (song.year, song.album, song.copyright) == ("2019", "Night Drive", "2019 Ana Lima")
    assert song.extra == {"arranger": "Dee Fox", "x_custom_tool": "keep me", "new_page": ""}  # unknown: kept
    text = to_chordpro(song)
    head = [ln for ln in text.splitlines() if ln.startswith("{") and ":" in ln][: len(METADATA)]
    assert [re.match(r"\{(\w+):", ln).group(1) for ln in head] == list(METADATA)
    assert "{meta: arranger Dee Fox}" in text and "{x_custom_tool: keep me}" in text and "{new_page}" in text


def test_comments_keep_their_place_and_are_not_lyrics():
    song = read(CORPUS[[p.name for p in CORPUS].index("comments.cho")])
    verse, chorus, verse2 = song.sections
    assert [s.kind for s in song.sections] == ["verse", "chorus", "verse"]
    assert [song.section_label(i) for i in range(3)] == ["Verse 1", "Chorus", "Verse 2"]  # no renumbering
    assert kinds(verse) == ["comment", "lyric", "comment", "lyric", "comment_italic", "lyric", "comment_italic", "lyric"]
    assert verse.lines[0] == Line("Slow, fingerpicked", kind="comment")  # the comment before the section
    assert verse.lines[2] == Line("let it ring", kind="comment")
    assert kinds(chorus) == ["highlight", "lyric", "comment_box", "comment_box"]
    assert verse2.lines[-1] == Line("repeat to fade", kind="comment")  # the one after the last section
    assert all(ln.sung == "" for ln in verse.lines if not ln.is_lyric)
    text = to_chordpro(song)
    assert "{comment: let it ring}\n[C]Nobody" in text and "{comment_italic: softly}" in text
    assert "{highlight: Key change up a tone}" in text and "{comment_box: 2x}" in text


def test_chorus_recalls_keep_their_place():
    song = read(CORPUS[[p.name for p in CORPUS].index("recall.cho")])
    assert [s.kind for s in song.sections] == ["verse", "chorus", "verse", "chorus", "bridge", "chorus"]
    assert [song.section_label(i) for i in range(6)] == ["Verse 1", "Chorus", "Verse 2", "Chorus", "Bridge", "Chorus"]
    assert song.sections[3].lines == [Line("", kind="recall")]
    assert song.sections[4].lines[-1] == Line("Chorus (quiet)", kind="recall")
    text = to_chordpro(song)
    assert "{end_of_verse}\n\n{chorus}\n\n{start_of_bridge" in text  # not moved to the top
    assert '{chorus: label="Chorus (quiet)"}\n{end_of_bridge}' in text
    assert text.rstrip().endswith("{chorus}")


def test_section_kind_and_label_are_separate():
    song = read(CORPUS[[p.name for p in CORPUS].index("sections.cho")])
    assert [(s.kind, s.label) for s in song.sections] == [
        ("intro", None), ("verse", None), ("pre-chorus", None), ("chorus", "Refrain"), ("verse", None),
        ("bridge", "Middle eight"), ("tab", "Riff"), ("grid", "Solo"), ("chorus", None), ("outro", None)]
    assert song.sections[6].lines == [Line("e|-----0---|"), Line("B|---1---1-|")]  # verbatim
    text = to_chordpro(song)
    for directive in ('{start_of_chorus: label="Refrain"}', '{start_of_bridge: label="Middle eight"}',
                      '{start_of_tab: label="Riff"}', '{start_of_grid: label="Solo"}', '{start_of_part: label="Intro"}'):
        assert directive in text


def test_renamed_chorus_and_bridge_use_their_environments():
    song = read(CORPUS[0])
    song.sections[0].kind, song.sections[0].label = "chorus", "Refrain"
    text = to_chordpro(song)
    assert '{start_of_chorus: label="Refrain"}' in text and "x_lyrictui_section" not in text
    song.sections[0].kind, song.sections[0].label = "bridge", "Middle eight"
    text = to_chordpro(song)
    assert '{start_of_bridge: label="Middle eight"}' in text and "x_lyrictui_section" not in text
    assert parse_chordpro(text) == song


def test_files_without_environments():
    song = read(CORPUS[[p.name for p in CORPUS].index("stanzas.cho")])
    assert [(s.kind, s.label) for s in song.sections] == [("verse", None), ("chorus", None), ("verse", None)]
    assert song.capo == 3
    assert kinds(song.sections[2]) == ["comment_italic", "lyric", "lyric"]


def test_facts_given_twice_or_not_numbers_are_kept():
    song = read(CORPUS[[p.name for p in CORPUS].index("repeats.cho")])
    assert song.composer == "Bo Reyes" and song.capo is None and song.tempo is None
    assert song.extra == {"composer": "Cy Tan", "capo": "2 (optional)", "tempo": "90-100"}
    text = to_chordpro(song)
    assert "{composer: Cy Tan}" in text and "{capo: 2 (optional)}" in text


# ---------------------------------------------------------------- chordii


def chordii_problems(text: str, tmp_path: Path) -> list[str]:
    """What chordii complains about in `text`, besides directives newer than it.

    chordii exits 0 even for a chord left open or a section closed twice; it says so as
    WARNING lines on stderr, so those are what decide."""
    src = tmp_path / "song.cho"
    src.write_text(text, encoding="utf-8")
    r = subprocess.run([CHORDII, "-o", str(tmp_path / "song.ps"), str(src)], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "song.ps").stat().st_size > 0
    problems = []
    for warning in re.findall(r"WARNING: (.*)", r.stderr):
        m = re.fullmatch(r"Invalid Directive : \[(\w+)\]", warning.strip())
        if m and (m.group(1) in NEWER_THAN_CHORDII or m.group(1).startswith("x_")):
            continue
        problems.append(warning)
    return problems


needs_chordii = pytest.mark.skipif(CHORDII is None, reason="chordii is not installed (Debian: apt install chordii)")


@needs_chordii
@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_chordii_accepts_every_export(path, tmp_path):
    assert chordii_problems(to_chordpro(read(path)), tmp_path) == []


@needs_chordii
def test_chordii_check_catches_a_broken_file(tmp_path):
    assert chordii_problems("{title: x}\n[G hello\n{soc}\n{eoc}\n{eoc}\n", tmp_path) != []


@needs_chordii
def test_chordii_accepts_a_song_written_in_lyrictui(tmp_path):
    from song_fixtures import sample_song

    song = sample_song()
    song.sections[0].lines.insert(0, Line("Slow, fingerpicked", kind="comment"))
    song.sections.insert(2, song.sections[1].__class__("chorus", None, [Line("", kind="recall")]))
    song.subtitle, song.composer, song.time, song.year = "demo", "Ana", "4/4", "2024"
    assert chordii_problems(to_chordpro(song), tmp_path) == []


def test_a_comment_naming_the_next_environment_is_its_heading_not_an_empty_section():
    song = parse_chordpro("{sov}\nla\n{eov}\n{c: Chorus}\n{soc}\n[C]sing\n{eoc}\n")
    assert [s.kind for s in song.sections] == ["verse", "chorus"]
    assert song.sections[1].lines[0] == Line("Chorus", kind="comment")
    assert parse_chordpro(to_chordpro(song)) == song
