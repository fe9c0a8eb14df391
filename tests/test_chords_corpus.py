"""Every corpus shape `chords.corpus` reads, written here in miniature (no real data)."""

from __future__ import annotations

from chords.corpus import augment_keys, read_corpus, section_marker, split_songs

MCGILL = """# title: Test Song
# artist: Nobody
# metre: 4/4
# tonic: A

0.0\tsilence
0.07\tA, intro, | A:min | A:min | C:maj | C:maj |
8.7\t| A:min . C:maj/5 . | N | * |
22.3\tB, verse, | F:maj | D:maj7 | x2, (voice
29.2\t| G:sus4(b7,9) | &pause | (2/4) E:7 |, voice)
40.0\tC, chorus, | A:min | X |
150.9\tend
"""


def test_mcgill(tmp_path):
    d = tmp_path / "mcgill" / "0001"
    d.mkdir(parents=True)
    (d / "salami_chords.txt").write_text(MCGILL)
    corpus = read_corpus(tmp_path / "mcgill")
    (song,) = corpus.songs
    assert song.tokens == ["<intro>", "Am", "C", "Am", "C/G", "<verse>", "F", "Dmaj7", "F", "Dmaj7", "G9sus4", "E7",
                           "<chorus>", "Am"]
    assert song.key == "Am"  # tonic A from the header, minor from the chords
    s = corpus.stats
    assert (s.songs, s.files, s.chords) == (1, 1, 11)
    assert s.skipped["no-chord marks (N, N.C., pauses)"] == 2  # N, &pause
    assert s.skipped["unknown-chord marks (X, *)"] == 2
    assert "skipped" in s.summary()


def test_mcgill_bars(tmp_path):
    (tmp_path / "salami_chords.txt").write_text(MCGILL)
    song = read_corpus(tmp_path / "salami_chords.txt", bars=True, collapse=False).songs[0]
    assert song.tokens[:6] == ["<intro>", "Am", "|", "Am", "|", "C"]


def test_csv_list_literal_and_scrape_artefacts(tmp_path):
    p = tmp_path / "chords.csv"
    p.write_text('Artist,Track,Year,Chords\n'
                 'A,One,1950,"[\'C\', \'G7\', \'C\', \'F\', \'[object Object]\', \'Hm\']"\n'
                 'B,Two,1960,"[\'Am\', \'Am\', \'Dm\', \'E7\']"\n'
                 'C,Empty,1970,"[\'[object Object]\']"\n')
    corpus = read_corpus(p)
    assert [s.chords() for s in corpus.songs] == [["C", "G7", "C", "F", "Bm"], ["Am", "Dm", "E7"]]
    assert "Two" in corpus.songs[1].name
    assert corpus.stats.skipped["symbols that are not chords"] == 2
    assert corpus.stats.empty_songs == 1


def test_csv_space_separated(tmp_path):
    p = tmp_path / "progs.csv"
    p.write_text("title,chords\nx,D A Bm G\ny,Bb F Gm Eb\n")
    assert [s.chords() for s in read_corpus(p).songs] == [["D", "A", "Bm", "G"], ["Bb", "F", "Gm", "Eb"]]


def test_csv_without_chords_column_is_reported(tmp_path):
    p = tmp_path / "lyrics.csv"
    p.write_text("artist,text\na,hello\n")
    corpus = read_corpus(p)
    assert corpus.songs == [] and "files that could not be read" in corpus.stats.skipped


def test_plain_lines_with_markers_and_bars(tmp_path):
    p = tmp_path / "progs.txt"
    p.write_text("# a comment\nC G Am F\n\n<verse> G | D | Em | C <chorus> C D\nfoo bar\n")
    songs = read_corpus(p).songs
    assert songs[0].tokens == ["C", "G", "Am", "F"]
    assert songs[1].tokens == ["<verse>", "G", "D", "Em", "C", "<chorus>", "C", "D"]
    assert len(songs) == 2


def test_chordpro(tmp_path):
    p = tmp_path / "song.cho"
    p.write_text("{title: Test}\n{key: G}\n{start_of_verse}\n[G]Hello [D/F#]world [Em]again\n{end_of_verse}\n"
                 "{soc}\n[C]Sing it [G]loud [Xyz]\n{eoc}\n{comment: Bridge}\n[Am7]Here [D]we go\n")
    corpus = read_corpus(p)
    (song,) = corpus.songs
    assert song.tokens == ["<verse>", "G", "D/F#", "Em", "<chorus>", "C", "G", "<bridge>", "Am7", "D"]
    assert song.key == "G"
    assert corpus.stats.skipped["symbols that are not chords"] == 1


def test_folder_of_mixed_files(tmp_path):
    (tmp_path / "a.txt").write_text("C G Am F\n")
    (tmp_path / "b.chordpro").write_text("{soc}\n[D]la [A]la\n")
    (tmp_path / ".hidden.txt").write_text("E A B\n")
    corpus = read_corpus(tmp_path)
    assert corpus.stats.files == 2 and len(corpus.songs) == 2
    assert len(corpus.data_hash()) == 16


def test_respelled_for_key_and_augmentation(tmp_path):
    p = tmp_path / "p.txt"
    p.write_text("Eb A# Cm G#\nA B C#m D\n")
    songs = read_corpus(p).songs
    assert songs[0].chords() == ["Eb", "Bb", "Cm", "Ab"]  # one spelling per key
    aug = augment_keys(songs)
    assert len(aug) == 24
    keys = {s.key for s in aug[:12]}
    assert len(keys) == 12
    up1 = next(s for s in aug if s.name.endswith("+1") and s.chords()[0] in ("E", "Fb"))
    assert up1.chords() == ["E", "B", "C#m", "A"]


def test_split_is_stable_and_holds_out_songs(tmp_path):
    p = tmp_path / "p.txt"
    p.write_text("".join(f"C G Am F C{i % 3 and '7' or ''}\n" for i in range(50)))
    songs = read_corpus(p).songs
    train, val = split_songs(songs, 0.1)
    assert val and len(train) + len(val) == 50
    assert split_songs(songs, 0.1) == (train, val)


def test_section_markers():
    assert section_marker("Verse 2") == "<verse>"
    assert section_marker("pre chorus") == "<pre-chorus>"
    assert section_marker("interlude") == "<instrumental>"
    assert section_marker("fadeout") == "<outro>"
    assert section_marker("weird") == "<other>"
