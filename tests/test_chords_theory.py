"""Chord theory against a table of real symbols (sampled from Ultimate Guitar and McGill Billboard
charts and checked by hand), plus transposition, key detection and invalid symbols."""

from __future__ import annotations

import pytest

from chords.keys import canonical_shift, detect_key, in_key, key_spelling, transpose, transpose_key, transpose_progression
from chords.theory import is_valid, normalize, parse_chord

# symbol as found in real charts -> the house spelling
REAL_SYMBOLS = [
    ('G', 'G'),
    ('D', 'D'),
    ('F', 'F'),
    ('Em', 'Em'),
    ('Dm', 'Dm'),
    ('B', 'B'),
    ('F#m', 'F#m'),
    ('F#', 'F#'),
    ('Am7', 'Am7'),
    ('G7', 'G7'),
    ('A7', 'A7'),
    ('Fm', 'Fm'),
    ('Cadd9', 'Cadd9'),
    ('G#m', 'G#m'),
    ('Fmaj7', 'Fmaj7'),
    ('G#', 'G#'),
    ('C#', 'C#'),
    ('Cmaj7', 'Cmaj7'),
    ('Bm7', 'Bm7'),
    ('Bbm', 'Bbm'),
    ('D#', 'D#'),
    ('Gm7', 'Gm7'),
    ('Am7/G', 'Am7/G'),
    ('E5', 'E5'),
    ('Asus4', 'Asus4'),
    ('D#m', 'D#m'),
    ('F7', 'F7'),
    ('C/G', 'C/G'),
    ('A5', 'A5'),
    ('D5', 'D5'),
    ('A7sus4', 'A7sus4'),
    ('Cm7', 'Cm7'),
    ('Dmaj7', 'Dmaj7'),
    ('Emaj7', 'Emaj7'),
    ('Bbm7', 'Bbm7'),
    ('Amaj7', 'Amaj7'),
    ('F5', 'F5'),
    ('C/B', 'C/B'),
    ('Ebm', 'Ebm'),
    ('Asus', 'Asus4'),
    ('Dbmaj7', 'Dbmaj7'),
    ('C9', 'C9'),
    ('A6', 'A6'),
    ('C5', 'C5'),
    ('Bbm9', 'Bbm9'),
    ('Abmaj7', 'Abmaj7'),
    ('Abm7', 'Abm7'),
    ('F/A', 'F/A'),
    ('Am/G', 'Am/G'),
    ('F/C', 'F/C'),
    ('Dadd4add9', 'Dadd9add11'),
    ('A9', 'A9'),
    ('G/F#', 'G/F#'),
    ('G13/F', 'G13/F'),
    ('Bb/F', 'Bb/F'),
    ('Dm9', 'Dm9'),
    ('C6', 'C6'),
    ('B/A', 'B/A'),
    ('A/E', 'A/E'),
    ('Em/B', 'Em/B'),
    ('CM7', 'Cmaj7'),
    ('D#7', 'D#7'),
    ('Ebm7', 'Ebm7'),
    ('D/B', 'D/B'),
    ('AM', 'A'),
    ('Eb/F', 'Eb/F'),
    ('E9', 'E9'),
    ('Bm7b5', 'Bm7b5'),
    ('C(9)', 'Cadd9'),
    ('C#maj7', 'C#maj7'),
    ('E/F#', 'E/F#'),
    ('Fmaj', 'F'),
    ('G#7', 'G#7'),
    ('Em9', 'Em9'),
    ('Am6', 'Am6'),
    ('F6', 'F6'),
    ('F/Bb', 'F/Bb'),
    ('G2', 'Gsus2'),
    ('C#5', 'C#5'),
    ('Bm6/A', 'Bm6/A'),
    ('Dmadd9', 'Dmadd9'),
    ('Bsus2', 'Bsus2'),
    ('A#m7', 'A#m7'),
    ('Aaug', 'Aaug'),
    ('B9', 'B9'),
    ('A#m', 'A#m'),
    ('Db7', 'Db7'),
    ('Eb7', 'Eb7'),
    ('DM7', 'Dmaj7'),
    ('C/F', 'C/F'),
    ('FM7', 'Fmaj7'),
    ('Am/F#', 'Am/F#'),
    ('B/F#', 'B/F#'),
    ('E7#9', 'E7#9'),
    ('Dsus4/F#', 'Dsus4/F#'),
    ('G7sus4', 'G7sus4'),
    ('D2', 'Dsus2'),
    ('E7+9', 'E7#9'),
    ('Bb/D', 'Bb/D'),
    ('Gsus', 'Gsus4'),
    ('G7sus', 'G7sus4'),
    ('Ab5', 'Ab5'),
    ('E/D', 'E/D'),
    ('F/D', 'F/D'),
    ('Eb5/E', 'Eb5/E'),
    ('F#min', 'F#m'),
    ('Em/C#', 'Em/C#'),
    ('Gm11', 'Gm11'),
    ('Fmaj/A', 'F/A'),
    ('Gm7/C', 'Gm7/C'),
    ('A7sus', 'A7sus4'),
    ('E9sus4', 'E9sus4'),
    ('Badd4/D#', 'Badd11/D#'),
    ('G6/9', 'G69'),
    ('Fm6', 'Fm6'),
    ('Aadd9', 'Aadd9'),
    ('Gaug', 'Gaug'),
    ('A#7', 'A#7'),
    ('DmMaj7', 'Dmmaj7'),
    ('Gsus2', 'Gsus2'),
    ('Am13', 'Am13'),
    ('Dm7/C', 'Dm7/C'),
    ('Em/D', 'Em/D'),
    ('Ab/Bb', 'Ab/Bb'),
    ('C/Bb', 'C/Bb'),
    ('Fsus', 'Fsus4'),
    ('D#9', 'D#9'),
    ('Eb/Bb', 'Eb/Bb'),
    ('Dbo7', 'Dbdim7'),
    ('D#/F', 'D#/F'),
    ('C2', 'Csus2'),
    ('C7(b9)', 'C7b9'),
    ('B7sus4', 'B7sus4'),
    ('Gm/F', 'Gm/F'),
    ('D#m9', 'D#m9'),
    ('Eadd9', 'Eadd9'),
    ('Bm/D', 'Bm/D'),
    ('C#dim', 'C#dim'),
    ('B7#5', 'B7#5'),
    ('Cm7/F', 'Cm7/F'),
    ('G#/C', 'G#/C'),
    ('G13', 'G13'),
    ('B/E', 'B/E'),
    ('Cmaj7/G', 'Cmaj7/G'),
    ('G#7#9', 'G#7#9'),
    ('Dbadd9', 'Dbadd9'),
    ('F#/D#', 'F#/D#'),
    ('Fm11', 'Fm11'),
    ('A6sus2', 'A6sus2'),
    ('GbM7', 'Gbmaj7'),
    ('G7sus4/C', 'G7sus4/C'),
    ('Daug', 'Daug'),
    ('Eb6', 'Eb6'),
    ('Gb9/Ab', 'Gb9/Ab'),
    ('A(add2)', 'Aadd9'),
    ('G#7#5/B#', 'G#7#5/B#'),
    ('F(add2)', 'Fadd9'),
    ('F#9#5/A', 'F#9#5/A'),
    ('D#add9', 'D#add9'),
    ('C(add9)', 'Cadd9'),
    ('G:maj', 'G'),
    ('A:maj', 'A'),
    ('Bb:maj', 'Bb'),
    ('Eb:maj', 'Eb'),
    ('B:min', 'Bm'),
    ('A:min7', 'Am7'),
    ('G:min', 'Gm'),
    ('D:min7', 'Dm7'),
    ('F:7', 'F7'),
    ('A:7', 'A7'),
    ('B:min7', 'Bm7'),
    ('B:7', 'B7'),
    ('Eb:7', 'Eb7'),
    ('D:maj/5', 'D/A'),
    ('Db:7', 'Db7'),
    ('C#:min7', 'C#m7'),
    ('E:1', 'E5'),
    ('D:5', 'D5'),
    ('F:maj/5', 'F/C'),
    ('Eb:min', 'Ebm'),
    ('A:1', 'A5'),
    ('C:maj(9)', 'Cadd9'),
    ('C:5', 'C5'),
    ('E:min9', 'Em9'),
    ('Ab:maj7', 'Abmaj7'),
    ('F#:5', 'F#5'),
    ('G:maj/5', 'G/D'),
    ('G#:min', 'G#m'),
    ('Eb:7(#9)', 'Eb7#9'),
    ('G:1', 'G5'),
    ('G:maj/3', 'G/B'),
    ('E:maj/5', 'E/B'),
    ('Ab:min7', 'Abm7'),
    ('Ab:maj/3', 'Ab/C'),
    ('D#:min', 'D#m'),
    ('Db:maj7', 'Dbmaj7'),
    ('A:min/11', 'Am/D'),
    ('G:sus4(b7,9)', 'G9sus4'),
    ('C:7(#9)', 'C7#9'),
    ('A:maj6', 'A6'),
    ('Eb:13', 'Eb13'),
    ('C:maj9', 'Cmaj9'),
    ('Ab:min', 'Abm'),
    ('A:sus4', 'Asus4'),
    ('D:maj(9)', 'Dadd9'),
    ('G#:maj', 'G#'),
    ('Ab:sus4(b7,9)', 'Ab9sus4'),
    ('E:maj7', 'Emaj7'),
    ('A:5(b7)', 'A7'),
    ('Ab:maj/5', 'Ab/Eb'),
    ('Bb:maj6', 'Bb6'),
    ('A:maj9', 'Amaj9'),
    ('Gb:maj7', 'Gbmaj7'),
    ('C:sus4(b7)', 'C7sus4'),
    ('E:9', 'E9'),
    ('Ab:maj6', 'Ab6'),
    ('E:min/b7', 'Em/D'),
    ('Gb:maj6', 'Gb6'),
    ('Eb:min9', 'Ebm9'),
    ('G:maj9', 'Gmaj9'),
    ('D:maj/7', 'D/C#'),
    ('G:maj6', 'G6'),
    ('F#:sus4(b7)', 'F#7sus4'),
    ('E:maj/9', 'E/F#'),
    ('C:sus4(b7,9)', 'C9sus4'),
    ('A:sus2', 'Asus2'),
    ('G#:maj/5', 'G#/D#'),
    ('Gb:maj/9', 'Gb/Ab'),
    ('Db:maj(9)', 'Dbadd9'),
    ('F:min7/5', 'Fm7/C'),
    ('D#:min7', 'D#m7'),
    ('Bb:sus4', 'Bbsus4'),
    ('A:min7/13', 'Am7/F#'),
    ('Bb:min9', 'Bbm9'),
    ('D:min6', 'Dm6'),
    ('A:min(11)', 'Amadd11'),
    ('D:min6/5', 'Dm6/A'),
    ('E:maj6(9)', 'E69'),
    ('B:min7/b7', 'Bm7/A'),
    ('Bb:sus4(b7)', 'Bb7sus4'),
    ('G#:7', 'G#7'),
    ('Bb:maj9', 'Bbmaj9'),
    ('C:sus2/9', 'Csus2/D'),
    ('Db:maj6(9)', 'Db69'),
    ('F:9', 'F9'),
    ('D:sus2', 'Dsus2'),
    ('A:9', 'A9'),
    ('Bb:maj(9)', 'Bbadd9'),
    ('F#:sus4', 'F#sus4'),
    ('Db:maj/3', 'Db/F'),
    ('Bb:maj/7', 'Bb/A'),
    ('D:maj/13', 'D/B'),
    ('Gb:min', 'Gbm'),
    ('F#:hdim7', 'F#m7b5'),
    ('Eb:7/5', 'Eb7/Bb'),
    ('C#:5', 'C#5'),
    ('Db:min', 'Dbm'),
    ('C:maj13', 'Cmaj13'),
    ('Db:sus4(b7)', 'Db7sus4'),
    ('C:7/13', 'C7/A'),
    # the spellings the brief names
    ("Am7", "Am7"), ("A-7", "Am7"), ("Amin7", "Am7"), ("F#m7b5", "F#m7b5"), ("Bbmaj7", "Bbmaj7"),
    ("C/G", "C/G"), ("Gsus4", "Gsus4"), ("E7#9", "E7#9"), ("N.C.", "N.C."), ("A:min7", "Am7"),
    ("C:maj/5", "C/G"), ("H", "B"), ("Hm", "Bm"), ("H7", "B7"), ("Ho", "Bdim"),
    # more spellings of the same chords
    ("Cmi7", "Cm7"), ("C-", "Cm"), ("CΔ7", "Cmaj7"), ("Cma7", "Cmaj7"), ("C7M", "Cmaj7"), ("Cø7", "Cm7b5"),
    ("Cø", "Cm7b5"), ("Co7", "Cdim7"), ("C°", "Cdim"), ("C+", "Caug"), ("C+5", "Caug"), ("C7+", "C7#5"),
    ("C7-9", "C7b9"), ("Cm(b5)", "Cdim"), ("C6/9", "C69"), ("C6add9", "C69"), ("Cmaj", "C"), ("Cmajor", "C"),
    ("Cminor", "Cm"), ("Bb13", "Bb13"), ("C♯m", "C#m"), ("B♭", "Bb"), ("Cm(maj7)", "Cmmaj7"), ("C7(9)", "C9"),
    ("C7(b9,#11)", "C7b9#11"), ("Dm7/G", "Dm7/G"), ("G/G", "G"), ("E:hdim7", "Em7b5"), ("B:dim7", "Bdim7"),
    ("A:minmaj7", "Ammaj7"), ("C:aug", "Caug"), ("E:1(b3,b7)/b7", "Em7/D"), ("F:(3,5,b7)", "F7"), ("N", "N.C."),
]

INVALID = ["G77", "F#m4##", "[object Object]", "Fmaj7(Viii)", "Cm#", "X", "*", "", "hello", "Am7s4",
           "C:foo", "Cmm", "Csus2sus2", "C/Q", "Cb5b5", "C66", "Hb7x", "I", "Ebm7/", "C7(Q7)", "Cm7alt", "Cmaj7alt",
           "Cmaj3"]

# Lead-sheet spellings common in jazz books and guitar sites (issue 13), each with its one normal form.
LEAD_SHEET_SPELLINGS = [
    ("Co7", "Cdim7"), ("C°7", "Cdim7"), ("Cø7", "Cm7b5"), ("Cø", "Cm7b5"), ("Ch7", "Cm7b5"), ("F#h7", "F#m7b5"),
    ("Cm/maj7", "Cmmaj7"), ("CmMaj7", "Cmmaj7"), ("Cm(maj7)", "Cmmaj7"), ("Cm/M7", "Cmmaj7"),
    ("C7alt", "C7#5#9"), ("G7alt", "G7#5#9"), ("Cm+", "Cm(#5)"), ("Csus24", "Csus4add9"), ("Csus2sus4", "Csus4add9"),
    ("CMaj7", "Cmaj7"), ("C7(Gm7)", "C7"), ("Am7(D7)", "Am7"), ("A3", "A"), ("Bmsus2", "Bsus2"), ("Bmsus4", "Bsus4"),
]


@pytest.mark.parametrize("symbol,expected", LEAD_SHEET_SPELLINGS)
def test_lead_sheet_spellings_normalise(symbol, expected):
    assert normalize(symbol) == expected
    assert normalize(expected) == expected  # the normal form reads back as itself


@pytest.mark.parametrize("symbol,expected", REAL_SYMBOLS)
def test_real_symbols_normalise(symbol, expected):
    if expected is None:
        assert not is_valid(symbol)
    else:
        assert normalize(symbol) == expected
        assert normalize(expected) == expected  # the normal form is a fixed point


def test_table_is_large_and_varied():
    assert len(REAL_SYMBOLS) >= 250
    assert sum(":" in s for s, _ in REAL_SYMBOLS) >= 80  # Harte


@pytest.mark.parametrize("symbol", INVALID)
def test_invalid_symbols(symbol):
    assert not is_valid(symbol)


def test_chord_parts():
    c = parse_chord("F#m7b5/E")
    assert (c.root, c.suffix, c.bass) == ("F#", "m7b5", "E")
    assert c.root_pc == 6 and c.bass_pc == 4
    assert set(c.pitch_classes()) == {6, 9, 0, 4}
    assert parse_chord("N.C.").is_no_chord


@pytest.mark.parametrize("symbol,steps,key,expected", [
    ("Bbmaj7", 2, None, "Cmaj7"), ("C", 1, "Db", "Db"), ("C", 1, "D", "C#"), ("C#m", 1, None, "Dm"),
    ("G/B", 3, "Bb", "Bb/D"), ("Am7", -2, "G", "Gm7"), ("Eb", 12, None, "Eb"), ("F#7", -1, "F", "F7"),
])
def test_transpose(symbol, steps, key, expected):
    assert transpose(symbol, steps, key) == expected


def test_transpose_progression_spells_for_the_new_key():
    assert transpose_progression(["G", "D/F#", "Em", "C"], 3) == ["Bb", "F/A", "Gm", "Eb"]
    assert transpose_progression(["F", "Bb", "C7"], 1) == ["F#", "B", "C#7"]
    assert transpose_progression(["Am", "Dm", "E7"], 1) == ["Bbm", "Ebm", "F7"]


@pytest.mark.parametrize("prog,key", [
    ("G D Em C", "G"), ("C G Am F", "C"), ("Am Dm E7 Am", "Am"), ("D A Bm F#m", "D"), ("F Bb C F", "F"),
    ("Em C G D", "Em"), ("Bb Eb F Bb", "Bb"), ("E B C#m A", "E"), ("Dm Bb C Dm", "Dm"), ("C Am F G7", "C"),
    ("A:maj D:maj E:7 A:maj", "A"), ("Eb Ab Bb7 Eb", "Eb"),
])
def test_detect_key(prog, key):
    assert detect_key(prog.split()) == key


def test_keys():
    assert detect_key([]) is None
    assert in_key("F#m", "D") and in_key("E7", "Am") and not in_key("F", "D")
    assert key_spelling("Eb") == "flats" and key_spelling("E") == "sharps" and key_spelling("C") == "plain"
    assert transpose_key("G", 3) == "Bb" and transpose_key("Em", 2) == "F#m"
    assert canonical_shift("G") == -7 % 12 - 12 or canonical_shift("G") in (5, -7)
    assert (7 + canonical_shift("G")) % 12 == 0 and (4 + canonical_shift("Em")) % 12 == 9


@pytest.mark.parametrize("key,names", [
    ("C", "C Db D Eb E F F# G Ab A Bb B"),
    ("D", "C C# D Eb E F F# G G# A Bb B"),  # bVII C, bVI Bb, bIII F, #IV G#
    ("Eb", "C Db D Eb E F Gb G Ab A Bb B"),
    ("Am", "C C# D D# E F F# G G# A Bb B"),
    ("F#", "C C# D D# E F F# G G# A A# B"),
])
def test_spelling_in_key(key, names):
    from chords.keys import spell_in_key

    assert " ".join(spell_in_key(pc, key) for pc in range(12)) == names
    assert transpose_progression(["G", "F", "C"], 7) == ["D", "C", "G"]  # bVII stays natural
    assert transpose_progression(["C", "Ab", "Bb", "C"], 2) == ["D", "Bb", "C", "D"]
