"""Ranked next chords: the chord-level vocabulary, song memory, playable rules, the model API, CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from chords.theory import is_valid, parse_chord
from tests.chords_fixtures import trained  # noqa: F401  (fixture)


def test_fold_finds_the_nearest_known_chord():
    from chords.vocab import ChordIndex

    index = ChordIndex(["C", "F", "G7", "Am", "Db", "G"])
    assert index.fold("G7") == "G7"
    assert index.fold("G13") == "G7"  # extension dropped to the seventh
    assert index.fold("C#") == "Db"  # the same sound, spelled as the vocabulary spells it
    assert index.fold("Am7/G") == "Am"  # bass, then seventh dropped
    assert index.fold("Gsus4") == "G"
    assert index.fold("E") is None and index.fold("nonsense") is None


def test_slash_bass_and_chromatic_rules():
    from chords.playable import Playable, bass_ok

    assert bass_ok("G/B", "C") and bass_ok("C/G", "C") and bass_ok("F/G", "C")  # chord tone or scale step
    assert not bass_ok("D/Eb", "C") and not bass_ok("G/C#", "C") and not bass_ok("C/Db", "C")
    rules = Playable("C", ["C", "Bb", "F"])
    assert rules.allows("G") and rules.allows("Bb")  # diatonic; chromatic but the song uses it
    assert not rules.allows("Db", 0.01) and rules.allows("Db", 0.5)  # chromatic: only when clearly likely
    assert rules.kind("D/Eb") == "bad" and not rules.allows("D/Eb", 1.0)
    rules.use("Db")
    assert rules.allows("Db", 0.0) and rules.allows("C#", 0.0)  # used, in any spelling


def test_song_memory():
    from chords.song_memory import copy_distribution, recent_history, section_repeat_next, sections

    toks = ["<verse>", "C", "G", "Am", "F", "<chorus>", "F", "G", "C", "<verse>", "C", "G"]
    assert sections(toks)[1] == ("<chorus>", ["F", "G", "C"])
    assert section_repeat_next(toks) == ("Am", "verse 1")
    assert section_repeat_next(toks + ["<chorus>"]) == ("F", "chorus 1")
    assert section_repeat_next(toks[:-1] + ["E"]) is None  # verse 2 went its own way
    assert section_repeat_next(["C", "G"]) is None
    assert copy_distribution(["C", "G", "Am", "F", "C", "G"]) == {"Am": 1.0}
    d = copy_distribution(["C", "G", "Am", "C", "F", "Am", "C"])
    assert d == {"G": 0.2, "F": 0.8}  # "Am C" was followed by F: a longer match weighs more (2^2 vs 1)
    assert recent_history(["C", "G", "Am", "F", "C"], k=3) == ["F", "Am", "G"]
    assert recent_history(["C"], k=3) == []


def test_chord_tokenizer_is_one_token_per_chord():
    from chords.tokenizer import decode_chords, encode_song, is_chord_level, tokenizer_chords, train_chord_tokenizer

    songs = [["<verse>", "C", "G", "Am", "F", "|", "C", "G"], ["<chorus>", "F", "G7", "C", "F", "G7"], ["E"]]
    tok = train_chord_tokenizer(songs, min_count=2)
    assert is_chord_level(tok)
    assert tokenizer_chords(tok) == ["C", "F", "G", "G7"]  # by count, then name; Am and E seen once: no token
    ids = encode_song(tok, ["<verse>", "C", "G7", "<chorus>", "F", "Am"])
    assert len(ids) == 8 and decode_chords(tok, ids) == ["C", "G7", "F"]  # Am is <unk>: fold it first
    assert ids[-2] == tok.unk_token_id


def test_song_blocks_keep_songs_whole():
    from training.chords import block_size_for, song_blocks

    docs = [[1, 5, 6], [1, 7], [1] + list(range(10, 30))]
    blocks = song_blocks(docs, 8, eos_id=2, pad_id=0)
    assert all(len(b) == 8 for b in blocks)
    assert blocks[-1] == [1, 5, 6, 2, 1, 7, 2, 0]  # two whole songs, then padding
    long = blocks[:-1]  # a long song: overlapping windows (stride half a block) from its start to its end
    assert long[0] == [1, 10, 11, 12, 13, 14, 15, 16] and long[1][0] == 13 and long[-1][-1] == 2
    assert block_size_for([[0] * n for n in range(1, 101)], share=0.9, multiple=32) == 96


def test_next_chords_follow_the_song(trained):  # noqa: F811
    from chords.model import load_chord_lm
    from chords.next_chords import MODEL_ONLY, NextConfig, next_chords

    lm = load_chord_lm(trained[0])
    song = ["<verse>", "G", "D", "Em", "C", "<chorus>", "C", "D", "G", "<verse>", "G", "D"]
    ranked = next_chords(lm, song, key="G", cfg=NextConfig(k=6))
    assert 1 <= len(ranked) <= 6 and all(is_valid(r.chord) for r in ranked)
    assert ranked[0].chord == "Em" and ranked[0].source == "verse 1"  # the repeated verse offers its chord first
    probs = [r.prob for r in ranked]
    assert probs == sorted(probs, reverse=True) and 0 < sum(probs) <= 1 + 1e-6
    assert len({r.chord for r in ranked}) == len(ranked)
    plain = next_chords(lm, song, key="G", cfg=MODEL_ONLY)
    assert all(r.source == "model" for r in plain)
    flat = next_chords(lm, ["Eb", "Bb", "Cm", "Ab"], cfg=NextConfig(k=8))  # key detected: Eb, spelled with flats
    assert flat and not any("#" in parse_chord(r.chord).root for r in flat)
    for r in next_chords(lm, ["C", "F", "G"], key="C", cfg=NextConfig(k=20)):
        c = parse_chord(r.chord)
        assert c.bass is None or c.bass_pc in {(c.root_pc + i) % 12 for i in c.quality.intervals()} \
            or c.bass_pc in {0, 2, 4, 5, 7, 9, 11}


def test_generation_constraint_gates_chromatic_chords(trained):  # noqa: F811
    from chords.generate import playable_constraint
    from chords.model import load_chord_lm
    from chords.playable import Playable

    lm = load_chord_lm(trained[0])
    con, gated = playable_constraint(lm, "C", ["C", "Bb", "F"])
    rules = Playable("C", ["C", "Bb", "F"])
    gated_chords = {lm.tokenizer.convert_ids_to_tokens(int(i))[1:] for i in gated[0]}
    assert gated_chords == {c for c in lm.chord_vocab if rules.kind(c) == "chromatic"}
    assert "Bb" in con.trie.complete and "Bb" not in gated_chords  # the song uses it: free
    assert not any(rules.kind(c) == "bad" for c in con.trie.complete)


def test_provider_next_chords(trained, models_dir):  # noqa: F811
    from lyrictui.chord_provider import default_progression_provider
    from lyrictui.providers import ProgressionRequest
    from lyrictui.song.model import ChordPlacement, Line, Section, Song

    shutil.copytree(trained[0], models_dir / "chords" / "default")
    song = Song(key="E", sections=[
        Section("verse", lines=[Line("hello there", [ChordPlacement("E", 0), ChordPlacement("B", 6)])]),
        Section("chorus", lines=[Line("and more", [ChordPlacement("A", 0)])]),
    ])
    ranked = default_progression_provider().next_chords(ProgressionRequest(song, 1, 0), k=5)
    assert 1 <= len(ranked) <= 5 and ranked[0].chord != "A"
    assert not any("b" in parse_chord(r.chord).root for r in ranked)  # E major: sharps
    assert default_progression_provider().next_chords(ProgressionRequest(song, 1, 0), cancelled=lambda: True) == []


def test_cli_next_json(trained, models_dir):  # noqa: F811
    from click.testing import CliRunner

    from lyrictui.cli import cli

    shutil.copytree(trained[0], models_dir / "chords" / "default")
    r = CliRunner().invoke(cli, ["chords", "<verse> D A Bm G <chorus> G", "--next", "--json"])
    assert r.exit_code == 0, r.output
    ranked = json.loads(r.stdout)
    assert ranked and all(is_valid(x["chord"]) and 0 < x["prob"] <= 1 for x in ranked)
    r = CliRunner().invoke(cli, ["chords", "D A Bm G", "--next"])
    assert r.exit_code == 0 and "%" in r.stdout


@pytest.mark.slow
def test_chords_cli_prints_no_warnings(trained, tmp_path):  # noqa: F811
    """No transformers deprecation warning (past_key_values) reaches a user of `lyrictui chords`."""
    env_models = tmp_path / "models"
    shutil.copytree(trained[0], env_models / "chords" / "default")
    for args in (["C G Am F", "--seed", "1"], ["C G Am F", "--next"]):
        r = subprocess.run([sys.executable, "-W", "default", "-m", "lyrictui.cli", "chords", *args,
                            "--model", str(env_models / "chords" / "default")],
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        assert "deprecat" not in r.stderr.lower() and "warning" not in r.stderr.lower(), r.stderr


def test_corpus_counts_unparsed_symbols(tmp_path):
    from chords.corpus import read_corpus

    f = tmp_path / "songs.txt"
    f.write_text("C G Qx7 Am Qx7 F\nC wibble G\n")
    stats = read_corpus(f).stats
    assert stats.unparsed == {"Qx7": 2, "wibble": 1}
    assert "'Qx7' x2" in stats.summary()


def test_chords_cli_refuses_nonsense_counts():
    from click.testing import CliRunner

    from lyrictui.cli import cli

    for args in (["-n", "0"], ["--length", "-3"], ["--bars", "0"]):
        r = CliRunner().invoke(cli, ["chords", "G D", *args])
        assert r.exit_code == 2, args
        assert "Traceback" not in r.output


def test_chords_cli_says_when_fewer_progressions_come_back(trained):  # noqa: F811
    from click.testing import CliRunner

    from lyrictui.cli import cli

    # one chord, greedy-ish: far fewer than 12 distinct progressions exist
    r = CliRunner().invoke(cli, ["chords", "C G", "-n", "12", "--length", "1", "--temperature", "0.1",
                                 "--top-k", "2", "--seed", "0", "--model", str(trained[0])])
    assert r.exit_code == 0, r.output
    shown = [ln for ln in r.stdout.splitlines() if ln.strip()]
    assert len(shown) < 12
    assert f"only {len(shown)} distinct progression(s) of 12 asked" in r.stderr
