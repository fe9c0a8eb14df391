"""Keys: detect the key of a progression, name and transpose keys, test chords against a key.

    detect_key(["G", "D", "Em", "C"])       # "G"
    detect_key(["Am", "Dm", "E7", "Am"])    # "Am"
    in_key("F#m", "D")                      # True
    key_spelling("Eb")                      # "flats"
    transpose("Bb", 2, key="D")             # "C"
    transpose_progression(["G", "D/F#", "Em"], 3)   # ["Bb", "F/A", "Gm"]: flat key, flat names

Detection correlates a pitch-class histogram of the chord tones (roots counted twice) with the
Krumhansl-Kessler major and minor key profiles, plus a small bonus when the progression starts
or ends on the key's tonic chord (songs usually do).
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from typing import Iterable

from chords.notes import FLAT_NAMES, SHARP_NAMES, Chord, ChordError, note_pc, spell, spell_degree
from chords.theory import parse_chord, transpose_chord, try_parse

MAJOR_PROFILE = (6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88)
MINOR_PROFILE = (6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17)
MAJOR_SCALE = (0, 2, 4, 5, 7, 9, 11)
MINOR_SCALE = (0, 2, 3, 5, 7, 8, 10, 11)  # natural minor plus the raised 7th of the V chord
# Key names as written on charts: Db not C#, F# not Gb, Ebm not D#m, G#m not Abm.
MAJOR_NAMES = ("C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
MINOR_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B")
FLAT_MAJOR = {5, 10, 3, 8, 1}  # F Bb Eb Ab Db (by tonic pitch class; 6 is F# unless written Gb)
FLAT_MINOR = {2, 7, 0, 5, 10, 3}  # Dm Gm Cm Fm Bbm Ebm
FIRST_BONUS = 0.2  # added to the correlation (range -1..1) when the first chord is the tonic chord
LAST_BONUS = 0.06  # ... and when the last one is (a snippet often ends away from home)

_KEY = re.compile(r"^\s*([A-G])([#b♯♭]?)\s*(m|min|minor|-|maj|major|M)?\s*$")


def parse_key(key: str) -> tuple[int, str]:
    """"G" -> (7, "major"); "Em" / "E minor" / "E:min" -> (4, "minor"). Raises ChordError."""
    m = _KEY.match(key.replace(":", " ").replace("♯", "#").replace("♭", "b"))
    if not m:
        raise ChordError(f"not a key: {key!r}")
    pc = note_pc(m.group(1) + m.group(2))
    mode = "minor" if m.group(3) in ("m", "min", "minor", "-") else "major"
    return pc, mode


def key_name(pc: int, mode: str) -> str:
    return MAJOR_NAMES[pc % 12] if mode == "major" else MINOR_NAMES[pc % 12] + "m"


def normalize_key(key: str) -> str:
    return key_name(*parse_key(key))


def transpose_key(key: str, semitones: int) -> str:
    pc, mode = parse_key(key)
    return key_name(pc + semitones, mode)


def key_spelling(key: str) -> str:
    """"flats", "sharps" or "plain" (C major / A minor: lead-sheet habit, Bb and F# alike)."""
    pc, mode = parse_key(key)
    written = key.strip()[1:2]
    if written in ("b", "♭"):  # the writer's own name wins: Gb major, Ebm
        return "flats"
    if written in ("#", "♯"):
        return "sharps"
    name = key_name(pc, mode)
    if (mode == "major" and pc == 0) or (mode == "minor" and pc == 9):
        return "plain"
    if (mode == "major" and pc in FLAT_MAJOR) or (mode == "minor" and pc in FLAT_MINOR):
        return "flats"
    return "sharps" if "#" in name or name[0] in "GDAEB" else "flats"


def canonical_shift(key: str) -> int:
    """Semitones that move `key` to C major or A minor (the model's home keys), in -5..6."""
    pc, mode = parse_key(key)
    target = 0 if mode == "major" else 9
    return (target - pc + 5) % 12 - 5


def _as_chords(chords: Iterable[Chord | str]) -> list[Chord]:
    out = []
    for c in chords:
        c = try_parse(c) if isinstance(c, str) else c
        if c is not None and not c.is_no_chord:
            out.append(c)
    return out


def _corr(a: list[float], b: tuple[float, ...]) -> float:
    ma, mb = sum(a) / 12, sum(b) / 12
    num = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    den = math.sqrt(sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b))
    return num / den if den else 0.0


def key_scores(chords: Iterable[Chord | str]) -> dict[str, float]:
    """Score of each of the 24 keys for a progression (higher is more likely)."""
    cs = _as_chords(chords)
    hist = [0.0] * 12
    for c in cs:
        for pc in c.pitch_classes():
            hist[pc] += 1.0
        hist[c.root_pc] += 1.0
    scores = {}
    for pc in range(12):
        for mode, prof in (("major", MAJOR_PROFILE), ("minor", MINOR_PROFILE)):
            rotated = tuple(prof[(i - pc) % 12] for i in range(12))
            s = _corr(hist, rotated)
            for end, bonus in ((cs[0], FIRST_BONUS), (cs[-1], LAST_BONUS)) if cs else ():
                minorish = end.quality.canonical().triad in ("min", "dim")
                if end.root_pc == pc and (mode == "minor") == minorish:
                    s += bonus
            scores[key_name(pc, mode)] = s
    return scores


def detect_key(chords: Iterable[Chord | str]) -> str | None:
    """The most likely key ("G", "Em"), or None when there is no chord to go by."""
    cs = _as_chords(chords)
    if not cs:
        return None
    scores = key_scores(cs)
    return max(scores, key=scores.__getitem__)


def scale(key: str) -> frozenset[int]:
    pc, mode = parse_key(key)
    return frozenset((pc + i) % 12 for i in (MAJOR_SCALE if mode == "major" else MINOR_SCALE))


def in_key(chord: Chord | str, key: str) -> bool:
    """True when the chord's triad and seventh use only notes of the key (V and V7 allowed in minor)."""
    c = parse_chord(chord) if isinstance(chord, str) else chord
    if c.is_no_chord:
        return True
    sc = scale(key)
    return all((c.root_pc + i) % 12 in sc for i in c.quality.core_tones())


def degree_names(key: str) -> list[str]:
    """Scale notes of a key spelled for it (used in help text and tests)."""
    names = FLAT_NAMES if key_spelling(key) == "flats" else SHARP_NAMES
    return [names[pc] for pc in sorted(scale(key))]


# Scale degree (number, semitones) of each pitch class above the tonic, as charts name them:
# chromatic chords borrowed from the parallel minor are flats (bIII, bVI, bVII), the raised
# fourth is sharp (#IV). In minor the natural-minor degrees plus the raised 6th and 7th.
_MAJOR_DEGREES = {0: 1, 1: 2, 2: 2, 3: 3, 4: 3, 5: 4, 6: 4, 7: 5, 8: 6, 9: 6, 10: 7, 11: 7}
_MINOR_DEGREES = {0: 1, 1: 2, 2: 2, 3: 3, 4: 3, 5: 4, 6: 4, 7: 5, 8: 6, 9: 6, 10: 7, 11: 7}


def spell_in_key(pc: int, key: str) -> str:
    """Name a pitch class as a chart in `key` would: in D major 10 is Bb (bVI), 8 is G# (#IV).

    Falls back to the key's sharp/flat habit where the degree name would be awkward
    (Cb, Fb, E#, B#, double accidentals).
    """
    tonic, mode = parse_key(key)
    tonic_name = key_name(tonic, mode).rstrip("m") if mode == "minor" else key_name(tonic, mode)
    written = key.strip()[:2].rstrip("m :")
    if written and written[0] in "ABCDEFG" and note_pc(written) == tonic:
        tonic_name = written  # keep the writer's Gb / F#
    iv = (pc - tonic) % 12
    degree = (_MAJOR_DEGREES if mode == "major" else _MINOR_DEGREES)[iv]
    name = spell_degree(tonic_name, degree, iv)
    if name in ("Cb", "Fb", "E#", "B#") or "##" in name or "bb" in name or len(name) > 2:
        return spell(pc, key_spelling(key))
    return name


def respell(chord: Chord, key: str) -> Chord:
    """The same chord with its root and bass named for `key`."""
    if chord.is_no_chord:
        return chord
    bass = None if chord.bass is None else spell_in_key(chord.bass_pc, key)
    return replace(chord, root=spell_in_key(chord.root_pc, key), bass=bass)


def transpose(symbol: str, semitones: int, key: str | None = None) -> str:
    """Transpose one symbol. `key`: the key you are moving TO, which decides sharps or flats."""
    moved = transpose_chord(parse_chord(symbol), semitones)
    return respell(moved, key).symbol if key else moved.symbol


def transpose_progression(symbols: list[str], semitones: int, key: str | None = None) -> list[str]:
    """Transpose a progression, spelled for its new key (detected from the chords if not given).

    `key` is the progression's key BEFORE moving; the target key's signature picks the names,
    so moving G D Em C up 3 gives Bb F Gm Eb, not A# F Gm D#.
    """
    parsed = [parse_chord(s) for s in symbols]
    if key is None:
        key = detect_key(parsed) or "C"
    target = transpose_key(key, semitones)
    return [respell(transpose_chord(c, semitones), target).symbol for c in parsed]
