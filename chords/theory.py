"""Chord symbols: parse many spellings, write one, transpose with sensible enharmonics.

    from chords.theory import parse_chord, normalize, transpose_chord, is_valid
    parse_chord("A-7").symbol        # "Am7"
    normalize("A:min7")              # "Am7"   (Harte syntax, as in the McGill Billboard files)
    normalize("Hm")                  # "Bm"    (German H = B)
    transpose_chord(parse_chord("Bbmaj7"), 2).symbol   # "Cmaj7"
    is_valid("G77")                  # False

Layers, bottom up: `chords.notes` (Chord, note names) <- `chords.harte` <- this module <-
`chords.keys` (detect_key, in_key, and key-aware `transpose` / `transpose_progression`).
Pure Python, no torch.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from chords.harte import parse_harte
from chords.notes import NO_CHORD, NO_CHORD_VALUE, Chord, ChordError, note_pc, spell
from chords.quality import QualityError, parse_suffix

__all__ = ["NO_CHORD", "Chord", "ChordError", "is_valid", "normalize", "parse_chord", "transpose_chord", "try_parse"]

_NO_CHORD_SPELLINGS = {"N.C.", "NC", "N.C", "N/C", "N", "n.c.", "nc", "N.C.)", "(N.C.)"}
_ROOT = re.compile(r"([A-H])(♯|♭|#|b)?")
_ALTERNATE = re.compile(r"^(.+?)\s*\(([A-H][#b♯♭]?[^()]*)\)$")  # "C7(Gm7)": a chord, then an alternate
_MINOR_SLASH_MAJ7 = re.compile(r"(?<=m)/(?:maj|Maj|M)7")


def _read_root(text: str) -> tuple[str, int]:
    """(spelled root, characters used). German H is B (German "B" stays B: most sheets are English)."""
    m = _ROOT.match(text)
    if not m:
        raise ChordError(f"{text!r} does not start with a note name")
    letter, acc = m.group(1), m.group(2) or ""
    if letter == "H":
        letter = "B"
    acc = {"♯": "#", "♭": "b"}.get(acc, acc)
    return letter + acc, m.end()


def parse_chord(symbol: str) -> Chord:
    """Read one chord symbol in lead-sheet or Harte syntax. Raises ChordError."""
    return _parse_cached(symbol.strip())


@functools.lru_cache(maxsize=8192)  # corpora repeat a few hundred symbols hundreds of thousands of times
def _parse_cached(s: str) -> Chord:
    symbol = s
    if s in _NO_CHORD_SPELLINGS:
        return NO_CHORD_VALUE
    if not s:
        raise ChordError("empty chord symbol")
    if ":" in s or re.search(r"/[b#]*\d+$", s) and "6/9" not in s and not s.endswith("/9"):
        return parse_harte(s)  # Harte: A:min7, C:maj/5, C/3
    alt = _ALTERNATE.match(s)
    if alt and try_parse(alt.group(2)) is not None:
        s = alt.group(1)  # C7(Gm7): the chart offers Gm7 as an alternate; the chord is C7
    s = _MINOR_SLASH_MAJ7.sub("maj7", s)  # Cm/maj7 is not a slash chord
    root, n = _read_root(s)
    rest = s[n:]
    bass = None
    slash = rest.rfind("/")
    if slash >= 0 and rest[slash:] not in ("/9",) and not rest[slash - 1 : slash + 2] == "6/9":
        bass_text = rest[slash + 1 :]
        rest = rest[:slash]
        b, used = _read_root(bass_text) if bass_text else ("", 0)
        if not bass_text or used != len(bass_text):
            raise ChordError(f"bad slash bass in {symbol!r}")
        bass = b
    try:
        quality = parse_suffix(rest)
    except QualityError as e:
        raise ChordError(str(e)) from None
    if bass is not None and note_pc(bass) == note_pc(root):
        bass = None  # G/G is just G
    return Chord(root, quality, bass)


def try_parse(symbol: str) -> Chord | None:
    try:
        return parse_chord(symbol)
    except ChordError:
        return None


def is_valid(symbol: str) -> bool:
    return try_parse(symbol) is not None


def normalize(symbol: str) -> str:
    """The house spelling of a symbol (raises ChordError when it is not a chord)."""
    return parse_chord(symbol).symbol


def _accidental_style(name: str) -> str:
    return "flats" if "b" in name[1:] else "sharps" if "#" in name[1:] else "plain"


def transpose_chord(chord: Chord, semitones: int, prefer: str | None = None) -> Chord:
    """Move a chord; `prefer` = "flats"/"sharps"/"plain" (default: keep the root's own style)."""
    if chord.is_no_chord:
        return chord
    style = prefer or _accidental_style(chord.root)
    root = spell(chord.root_pc + semitones, style)
    bass = None if chord.bass is None else spell(chord.bass_pc + semitones, style)
    return replace(chord, root=root, bass=bass)
