"""Lyrics ingestion: every input shape is read, every bad input gets its error, the split is by song."""

from __future__ import annotations

import csv
import json

import pytest

from training.lyrics_data import NOT_TEXT, DataError, IngestReport, read_songs, song_from_lyrics
from training.lyrics_prep import ingest_and_split, tokenize_and_pack, load_blocks

VERSE = ["the {w} comes down along the river", "and carries all the {w} away",
         "I stood beside the {w} at evening", "and watched the {w} turn to grey"]
WORDS = ["rain", "light", "snow", "wind", "dusk", "tide", "smoke", "dawn", "frost", "song"]


def lyric(i: int, stanzas: int = 3) -> str:
    """A small made-up song, different for each i."""
    out = []
    for s in range(stanzas):
        w = WORDS[(i + s) % len(WORDS)]
        out.append("\n".join(ln.format(w=w) + (f" {i}" if k == 0 else "") for k, ln in enumerate(VERSE)))
    return "\n\n".join(out) + "\n"


def make_txt_folder(d, n=4):
    d.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (d / f"song-{i}.txt").write_text(f"Song {i}\n\n[Verse]\nG       C\n{lyric(i)}", "utf-8")
    return d


def read(path):
    rep = IngestReport()
    songs = list(read_songs(path, rep))
    return songs, rep


def test_txt_folder_with_chords_and_skips(tmp_path):
    d = make_txt_folder(tmp_path / "songs")
    (d / "dup.txt").write_text((d / "song-0.txt").read_text())  # same words: a duplicate
    (d / "short.txt").write_text("la la la\n")
    (d / "latin1.txt").write_bytes("caf\xe9 au lait, ma ch\xe9rie ".encode("latin-1") * 5)
    (d / "notes.docx").write_bytes(b"PK\x03\x04")
    songs, rep = read(d)
    assert len(songs) == 4 and rep.shapes["plain-text songs"] == 4
    assert rep.skipped["duplicates"] == 1 and rep.skipped["shorter than 50 characters"] == 1
    assert rep.skipped[NOT_TEXT] == 1 and rep.skipped["files of unknown type"] == 1
    assert all(not ln.chords for s in songs for ln in s.all_lines())  # chords stripped
    assert "G" not in [ln.text.strip() for ln in songs[0].all_lines()]
    assert "duplicates (e.g. song-0.txt)" in rep.summary()  # dup.txt sorts first, so it is kept


def test_poems_with_front_matter(tmp_path):
    d = tmp_path / "poems"
    d.mkdir()
    (d / "a.txt").write_text(f"---\nauthor: Ann Poet \ntitle: The Tide\n---\n\n{lyric(1)}", "utf-8")
    songs, rep = read(d)
    assert rep.shapes == {"poems with front matter": 1}
    assert songs[0].title == "The Tide" and songs[0].artist == "Ann Poet"
    assert len(songs[0].sections) == 3


def test_chordpro(tmp_path):
    d = tmp_path / "cho"
    d.mkdir()
    body = "\n".join(f"[G]{ln}" for ln in lyric(2).splitlines() if ln)
    (d / "x.cho").write_text("{title: Harbour}\n{start_of_chorus}\n" + body + "\n{end_of_chorus}\n", "utf-8")
    songs, rep = read(d)
    assert rep.shapes == {"ChordPro files": 1} and songs[0].title == "Harbour"
    assert songs[0].sections[0].kind == "chorus"
    assert not any(ln.chords for ln in songs[0].all_lines()) and "[G]" not in songs[0].all_lines()[0].text


def test_csv_song_per_row_like_songdata(tmp_path):
    p = tmp_path / "songdata.csv"
    with p.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["artist", "song", "link", "text"])
        for i in range(3):
            w.writerow(["Band", f"Tune {i}", f"/b/{i}", lyric(i).replace("\n", "  \n")])
    songs, rep = read(p)
    assert rep.shapes == {"CSV, one song per row": 3}
    assert songs[1].title == "Tune 1" and songs[1].artist == "Band"
    assert songs[0].all_lines()[0].text == "the rain comes down along the river 0"  # trailing spaces gone


def test_csv_one_line_per_row(tmp_path):
    p = tmp_path / "lines.csv"
    with p.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["title", "line"])
        for i in range(2):
            for ln in lyric(i).splitlines():
                w.writerow([f"Tune {i}", ln])
    songs, rep = read(p)
    assert rep.shapes == {"CSV, one lyric line per row": 2}
    assert [s.title for s in songs] == ["Tune 0", "Tune 1"] and len(songs[0].sections) == 3


def test_json_and_jsonl(tmp_path):
    (tmp_path / "j").mkdir()
    (tmp_path / "j/a.json").write_text(json.dumps({"songs": [{"title": "A", "lyrics": lyric(3)}, lyric(4)]}))
    (tmp_path / "j/b.jsonl").write_text(
        "\n".join(json.dumps({"name": f"L{i}", "text": lyric(5 + i)}) for i in range(2)) + "\n"
    )
    songs, rep = read(tmp_path / "j")
    assert rep.shapes == {"JSON": 2, "JSON Lines": 2} and songs[0].title == "A"


def test_repeated_stanza_becomes_chorus():
    ch = "oh carry me home\ncarry me home tonight"
    song = song_from_lyrics(f"v one\nline two\n\n{ch}\n\nv three\nline four\n\n{ch}\n", "T")
    assert [s.kind for s in song.sections] == ["verse", "chorus", "verse", "chorus"]


@pytest.mark.parametrize("make, msg", [
    (lambda d: d.mkdir(), "empty"),
    (lambda d: (d.mkdir(), (d / "a.bin").write_bytes(b"\x00\x01")), "no lyrics files"),
    (lambda d: d.with_suffix(".txt").write_bytes(b"\x89PNG\x00\x00binary"), "binary"),
    (lambda d: d.with_suffix(".txt").write_text("hello\x1b[2J world\n\x1b]0;pwned\x07line two\n"), "control characters"),
    (lambda d: d.with_suffix(".csv").write_text("id,score\n1,2\n"), "no lyrics column"),
    (lambda d: d.with_suffix(".json").write_text("{not json"), "not valid JSON"),
    (lambda d: d.with_suffix(".json").write_text('[{"x": 1}]'), "no item has lyrics"),
    (lambda d: (d.mkdir(), (d / "s.txt").write_text("too short")), "No usable songs"),
    (lambda d: None, "does not exist"),
])
def test_bad_inputs_have_clear_errors(tmp_path, make, msg):
    d = tmp_path / "data"
    make(d)
    target = next((p for p in tmp_path.iterdir()), d)
    with pytest.raises(DataError, match=msg):
        list(read_songs(target))


def test_split_by_song_deterministic_and_packed(tmp_path, gpt2_tok):
    d = make_txt_folder(tmp_path / "songs", n=10)
    a = ingest_and_split(d, tmp_path / "run1", val_fraction=0.2, seed=1)
    b = ingest_and_split(d, tmp_path / "run2", val_fraction=0.2, seed=1)
    assert a.n_val == 2 and list(a.texts(True)) == list(b.texts(True))
    assert a.data_hash == b.data_hash
    val = set(a.texts(True))
    assert not val & set(a.texts(False))  # whole songs on each side
    prep = tokenize_and_pack(a, gpt2_tok, block_size=32)
    tr, va = load_blocks(prep)
    assert tr.shape[1] == 32 and len(tr) == prep.blocks_train and len(va) >= 1
    assert gpt2_tok.eos_token_id in tr.ravel().tolist()
    assert prep.tokens_train + prep.tokens_val == sum(len(gpt2_tok(t)["input_ids"]) + 1 for t in
                                                      list(a.texts(False)) + list(a.texts(True)))
