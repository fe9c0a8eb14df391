"""`lyrictui analyze`: one-syllable rhymes are explained, comments are not analysed."""

from __future__ import annotations

from click.testing import CliRunner

from lyrictui.cli import cli
from lyrictui.craft.analysis import analyze_song, rhyming_lines
from lyrictui.craft.density import end_rhyme_density
from lyrictui.song.model import Line, Section, Song

VERSE = ["I was there at half past nine", "drinking down a glass of wine",
         "heard the dogs begin to bark", "out there walking in the dark"]


def test_rhyming_lines_counts_shared_letters():
    assert rhyming_lines(["A", "A", "B", "C"]) == 2
    assert rhyming_lines(["A", "B", "A", "B"]) == 4
    assert rhyming_lines(["", "A"]) == 0


def test_one_syllable_rhymes_score_zero_density_but_count_as_rhyming_lines():
    # the measure is Malmi's multisyllabic one: nine/wine share one vowel sound only
    assert end_rhyme_density(VERSE) == 0.0
    a = analyze_song(Song(sections=[Section("verse", None, [Line(t) for t in VERSE])]))
    sec = a["sections"][0]
    assert sec["scheme"] == "AABB" and (sec["rhyming_lines"], sec["sung_lines"]) == (4, 4)


def test_analyze_cli_explains_a_zero_density(tmp_path):
    song = tmp_path / "v.txt"
    song.write_text("Test\n\n[Verse 1]\n" + "\n".join(VERSE) + "\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["analyze", str(song)])
    assert r.exit_code == 0, r.output
    assert "end rhyme 0.00" in r.output and "rhyming lines 4/4" in r.output
    assert "nine/wine" in r.output and "two or more vowels" in r.output


def test_comments_and_recalls_are_not_analysed():
    song = Song(sections=[Section("verse", None, [Line("Slow", kind="comment"), Line(VERSE[0]), Line(VERSE[1]),
                                                  Line("", kind="recall")])])
    sec = analyze_song(song)["sections"][0]
    assert [ln["text"] for ln in sec["lines"]] == VERSE[:2] and sec["scheme"] == "AA"
