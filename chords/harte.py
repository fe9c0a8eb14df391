"""Harte chord syntax (Harte et al., ISMIR 2005), as written in the McGill Billboard annotations.

    parse_harte("A:min7").symbol          # "Am7"
    parse_harte("C:maj/5").symbol         # "C/G"
    parse_harte("G:sus4(b7,9)").symbol    # "G9sus4"
    parse_harte("E:1(b3,b7)/b7").symbol   # "Em7/D"

`root:shorthand(degree,degree,*omitted)/bass-degree`; a bare root is a major triad; `N` is
no chord and `X` unknown (not a chord).
"""

from __future__ import annotations

import re
from dataclasses import replace

from chords.notes import NO_CHORD_VALUE, Chord, ChordError, note_pc, spell_degree
from chords.quality import ALT_ORDER, Quality

# Shorthand -> quality. "1" (root only) is kept as a power chord: the nearest thing a player reads.
SHORTHANDS: dict[str, Quality] = {
    "maj": Quality(),
    "min": Quality("min"),
    "dim": Quality("dim"),
    "aug": Quality("aug"),
    "maj7": Quality(seventh="7"),
    "min7": Quality("min", "b7"),
    "7": Quality(seventh="b7"),
    "dim7": Quality("dim", "bb7"),
    "hdim7": Quality("dim", "b7"),
    "minmaj7": Quality("min", "7"),
    "maj6": Quality(six=True),
    "min6": Quality("min", six=True),
    "9": Quality(seventh="b7", ext=9),
    "maj9": Quality(seventh="7", ext=9),
    "min9": Quality("min", "b7", 9),
    "11": Quality(seventh="b7", ext=11),
    "min11": Quality("min", "b7", 11),
    "13": Quality(seventh="b7", ext=13),
    "maj13": Quality(seventh="7", ext=13),
    "min13": Quality("min", "b7", 13),
    "sus2": Quality("sus2"),
    "sus4": Quality("sus4"),
    "5": Quality("5"),
    "1": Quality("5"),
}
# Major-scale semitones of each degree.
DEGREE_SEMITONES = {1: 0, 2: 2, 3: 4, 4: 5, 5: 7, 6: 9, 7: 11, 8: 0, 9: 2, 10: 4, 11: 5, 12: 7, 13: 9}
_HARTE = re.compile(r"^([A-G][#b]*)(?::([A-Za-z0-9]*))?(?:\(([^)]*)\))?(?:/([#b]*\d+))?$")
_DEGREE = re.compile(r"^(\*)?([#b]*)(\d+)$")


def _degree(text: str) -> tuple[int, int, bool]:
    """'b7' -> (7, 10, False); '*3' -> (3, 4, True) (an omitted degree)."""
    m = _DEGREE.match(text.strip())
    if not m or int(m.group(3)) not in DEGREE_SEMITONES:
        raise ChordError(f"bad Harte degree {text!r}")
    n = int(m.group(3))
    shift = m.group(2).count("#") - m.group(2).count("b")
    return n, DEGREE_SEMITONES[n] + shift, bool(m.group(1))


def _add_degree(q: Quality, n: int, semis: int) -> Quality:
    """Fold one added Harte degree into a quality (the common cases; others are ignored)."""
    semis %= 12
    if n == 3:  # "1(3)" / "5(b3)": the third decides major or minor
        if q.triad == "5":
            return replace(q, triad="min" if semis == 3 else "maj")
        return q
    if n == 7:
        if q.seventh:
            return q
        return replace(q, seventh={10: "b7", 11: "7", 9: "bb7"}.get(semis, "b7"))
    if n == 6:
        return replace(q, six=True) if semis == 9 else replace(q, alts=q.alts + ("b13",))
    if n == 5:
        alt = {6: "b5", 8: "#5"}.get(semis)
        return replace(q, alts=q.alts + (alt,)) if alt else q
    if n in (2, 9, 4, 11, 13):
        natural = DEGREE_SEMITONES[n] % 12
        if semis != natural:
            alt = {1: "b9", 3: "#9", 6: "#11", 8: "b13"}.get(semis)
            return replace(q, alts=q.alts + (alt,)) if alt and alt not in q.alts else q
        ext = {2: 9, 9: 9, 4: 11, 11: 11, 13: 13}[n]
        if q.seventh and n >= 9:
            return replace(q, ext=max(q.ext or 0, ext))
        if ext not in q.adds:
            return replace(q, adds=q.adds + (ext,))
    return q


def parse_harte(text: str) -> Chord:
    s = text.strip()
    if s == "N":
        return NO_CHORD_VALUE
    m = _HARTE.match(s)
    if not m:
        raise ChordError(f"not a Harte chord: {text!r}")
    root, short, degrees, bass = m.groups()
    if len(root) > 2:
        raise ChordError(f"double accidental root in {text!r}")
    if short is None or short == "":
        q = Quality() if degrees is None else Quality("5")
    elif short in SHORTHANDS:
        q = SHORTHANDS[short]
    else:
        raise ChordError(f"unknown Harte shorthand {short!r} in {text!r}")
    omitted_third = False
    for d in (degrees or "").split(","):
        if not d.strip():
            continue
        n, semis, omit = _degree(d)
        if omit:
            omitted_third |= n == 3
            continue
        q = _add_degree(q, n, semis)
    if omitted_third and q.triad in ("maj", "min") and not q.seventh and not q.six:
        q = Quality("5")
    if short is None and degrees and q.triad == "5" and (q.seventh or q.adds):
        q = replace(q, triad="maj")  # "C:(3,5,b7)" spelled without a shorthand
    q = replace(q, alts=tuple(a for a in ALT_ORDER if a in q.alts)).canonical()
    bass_name = None
    if bass:
        n, semis, _ = _degree(bass)
        if semis % 12 != 0:
            bass_name = spell_degree(root, n, semis)
    chord = Chord(root, q, bass_name)
    note_pc(root)  # validates the letter
    return chord
