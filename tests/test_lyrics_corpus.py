"""The one corpus reader and the one held-out split: line-per-row CSVs, big files, eval = train's split."""

from __future__ import annotations

import csv
import random

from training.lyrics_data import MAX_SONG_CHARS, NOT_TEXT, IngestReport, read_songs

WORDS = "night light road home rain again heart apart fire desire sea free day away river shiver".split()


def _line(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 7)))


def _read(path):
    rep = IngestReport()
    return list(read_songs(path, rep)), rep


def _export(path, n_songs=40, lines=18, header=("track_title", "album_title", "artist_name", "line_number", "lyric"),
            shuffle_within=False, same_title=False):
    """A lyrics-site export: one lyric line per row, a line-number column, titles repeated."""
    rng = random.Random(0)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for s in range(n_songs):
            rows = [(f"Track {s}" if not same_title else "Intro", "Album", "Band", i + 1, _line(rng)) for i in range(lines)]
            if shuffle_within:
                rng.shuffle(rows)
            w.writerows(rows)


def test_line_per_row_export_is_grouped_into_songs(tmp_path):
    p = tmp_path / "export.csv"
    _export(p, shuffle_within=True)
    songs, rep = _read(p)
    assert len(songs) == 40 and rep.skipped == {}
    assert "one lyric line per row" in rep.summary() and "'line_number'" in rep.summary()
    assert songs[3].title == "Track 3" and songs[3].artist == "Band"
    assert len(list(songs[3].all_lines())) == 18


def test_line_number_restart_splits_songs_of_one_title(tmp_path):
    p = tmp_path / "export.csv"
    _export(p, n_songs=12, same_title=True)
    songs, _ = _read(p)
    assert len(songs) == 12


def test_line_per_row_found_from_short_cells_and_repeated_titles(tmp_path):
    p = tmp_path / "lines.csv"
    rng = random.Random(1)
    with open(p, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Song Name", "Lyric"])
        for s in range(25):
            w.writerows([(f"Song {s}", _line(rng)) for _ in range(12)])
    songs, rep = _read(p)
    assert len(songs) == 25
    assert "repeated over" in rep.summary()


def test_song_per_row_with_a_row_id_stays_song_per_row(tmp_path):
    p = tmp_path / "songs.csv"
    rng = random.Random(2)
    with open(p, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "artist", "song", "text"])
        for s in range(30):
            w.writerow([s, "Band", f"Song {s}", "\n".join(_line(rng) for _ in range(10))])
    songs, rep = _read(p)
    assert len(songs) == 30 and "one song per row" in rep.summary()


def test_a_file_that_loses_most_rows_is_a_warning(tmp_path):
    p = tmp_path / "mostly-short.csv"
    with open(p, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["title", "text"])
        w.writerow(["Long", "\n".join(["a line that is long enough to count as lyrics"] * 4)])
        for i in range(20):
            w.writerow([f"t{i}", f"la {i}\nla"])
    _, rep = _read(p)
    assert rep.summary().startswith("WARNING: mostly-short.csv: skipped 20 of its 21 items")


def test_a_huge_text_file_is_read_in_pieces(tmp_path):
    p = tmp_path / "huge.txt"
    rng = random.Random(3)
    stanza = lambda: "\n".join(_line(rng) for _ in range(4)) + "\n\n"  # noqa: E731
    with p.open("w") as f:
        while f.tell() < 3 * MAX_SONG_CHARS:
            f.write(stanza())
        f.write("x" * (MAX_SONG_CHARS + 10) + "\n")  # one endless line: cut too
    songs, rep = _read(p)
    assert len(songs) > 30
    assert max(sum(len(ln.text) for ln in s.all_lines()) for s in songs) <= MAX_SONG_CHARS
    assert "too long for one song" in rep.summary()


def test_binary_and_terminal_noise_skipped_utf16_read(tmp_path):
    (tmp_path / "a.txt").write_bytes(("the river knows my name tonight\n" * 4).encode("utf-16"))
    rng = random.Random(4)
    (tmp_path / "b.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4000)))
    (tmp_path / "d.txt").write_bytes(b"\xff\xfe" + bytes(rng.randrange(256) for _ in range(4000)))  # a BOM, then noise
    (tmp_path / "c.txt").write_text("\x1b[2J\x1b]0;x\x07" * 200)
    songs, rep = _read(tmp_path)
    assert len(songs) == 1 and "river" in songs[0].sections[0].lines[0].text
    assert rep.skipped[NOT_TEXT] == 3


def test_eval_holds_out_exactly_the_songs_training_validates_on(tmp_path):
    from lyrictui.evaluation.data import read_corpus, split_songs
    from lyrictui.prompt import song_text
    from training.lyrics_prep import ingest_and_split

    p = tmp_path / "export.csv"
    _export(p, n_songs=30)
    split = ingest_and_split(p, tmp_path / "run", val_fraction=0.2, seed=7)
    songs, _ = read_corpus(p)
    train, held = split_songs(songs, 0.2, seed=7)
    assert [song_text(s) for s in held] == list(split.texts(val=True))
    assert [song_text(s) for s in train] == list(split.texts(val=False))


def test_eval_says_which_songs_it_held_out_and_warns_of_a_leaky_adapter(tmp_path, models_dir):
    import json

    from click.testing import CliRunner

    from lyrictui.cli import cli
    from lyrictui.evaluation.data import read_corpus
    from lyrictui.evaluation.run import EvalConfig, _leak_note
    from training.heldout import corpus_hash, split_songs

    p = tmp_path / "export.csv"
    _export(p, n_songs=20)
    out = tmp_path / "e.json"
    r = CliRunner().invoke(cli, ["eval", "--data", str(p), "--model", "ngram", "--n-songs", "2", "--json", str(out)])
    assert r.exit_code == 0, r.output
    assert "held out (split of `lyrictui train lyrics` with --seed 0" in r.output and "one lyric line per row" in r.output
    held_titles = [h["title"] for h in json.loads(out.read_text())["heldout"]]
    assert held_titles and all(t in r.output for t in held_titles)

    songs, _ = read_corpus(p)
    _, held = split_songs(songs, 0.1, 0)
    ad = tmp_path / "ad"
    ad.mkdir()
    (ad / "lyrictui.json").write_text(json.dumps({"seed": 5, "config": {"val_fraction": 0.1},
                                                  "data": {"data_hash": corpus_hash(songs)}}))
    note = _leak_note(ad, songs, held, EvalConfig(data=str(p)))
    assert note["note"].startswith("trained on ") and "--seed 5 --heldout 0.1" in note["note"]


def test_a_giant_csv_cell_is_refused_clearly(tmp_path):
    import pytest

    from training.lyrics_data import DataError

    p = tmp_path / "giant.csv"
    p.write_text("title,text\nA," + "la " * (2 * MAX_SONG_CHARS) + "\n")
    with pytest.raises(DataError, match="a cell holds more than"):
        _read(p)


def test_models_list_shows_a_base_by_its_store_name(models_dir, tmp_path):
    import json

    from lyrictui.catalog import base_name, list_models

    (models_dir / "lyrics" / "verse").mkdir()
    ad = models_dir / "lyrics" / "mine"
    ad.mkdir()
    (ad / "lyrictui.json").write_text(json.dumps({"type": "lyrics-adapter", "base": "/home/someone/lyrictui/models/lyrics/verse"}))
    assert [m.base for m in list_models() if m.name == "mine"] == ["verse"]
    assert base_name(str(models_dir / "lyrics" / "verse")) == "verse"
    assert base_name("/root/.cache/huggingface/hub/models--openai-community--gpt2/snapshots/abc") == "openai-community/gpt2"
    assert base_name(str(tmp_path)) == str(tmp_path) and base_name("gpt2") == "gpt2"


def test_user_models_in_the_checkout_are_ignored_by_git_bundled_ones_are_not():
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    def ignored(p):
        return subprocess.run(["git", "check-ignore", "-q", p], cwd=root).returncode == 0
    assert ignored("models/lyrics/demo/model.safetensors") and ignored("models/chords/mine/config.json")
    assert not ignored("models/lyrics/verse/model.safetensors") and not ignored("models/chords/default/config.json")
