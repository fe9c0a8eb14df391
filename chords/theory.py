"""Chord symbols: parse many spellings, write one, transpose with sensible enharmonics.

    from chords.theory import parse_chord, normalize, transpose, is_valid
    parse_chord("A-7").symbol        # "Am7"
    normalize("A:min7")              # "Am7"   (Harte syntax, as in the McGill Billboard files)
    normalize("Hm")                  # "Bm"    (German H = B)
    transpose("Bbmaj7", 2)           # "Cmaj7"
    transpose_progression(["G", "D/F#", "Em"], 3)   # ["Bb", "F/A", "Gm"]: flat key, flat names
    is_valid("G77")                  # False

Keys (detect_key, in_key, key spellings) live in `chords.keys`. Pure Python, no torch.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from chords.quality import Quality, QualityError, parse_suffix

LETTER_PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
LETTERS = "CDEFGAB"
SHARP_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
FLAT_NAMES = ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")
# With no key to go by: the spelling most lead sheets use for each pitch class.
PLAIN_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
NO_CHORD = "N.C."
_NO_CHORD_SPELLINGS = {"N.C.", "NC", "N.C", "N/C", "N", "n.c.", "nc", "N.C.)", "(N.C.)"}

_ROOT = re.compile(r"([A-H])(♯|♭|#|b)?")
_ALTERNATE = re.compile(r"^(.+?)\s*\(([A-H][#b♯♭]?[^()]*)\)$")  # "C7(Gm7)": a chord, then an alternate
_MINOR_SLASH_MAJ7 = re.compile(r"(?<=m)/(?:maj|Maj|M)7")


class ChordError(ValueError):
    """A symbol that is not a chord (a typo, a scrape artefact, a lyric word)."""


@dataclass(frozen=True)
class Chord:
    root: str  # spelled note name: "C", "F#", "Bb" ("" for no chord)
    quality: Quality = Quality()
    bass: str | None = None  # spelled slash bass, None when the root is in the bass

    @property
    def is_no_chord(self) -> bool:
        return self.root == ""

    @property
    def root_pc(self) -> int:
        return note_pc(self.root)

    @property
    def bass_pc(self) -> int | None:
        return None if self.bass is None else note_pc(self.bass)

    @property
    def suffix(self) -> str:
        return self.quality.render()

    @functools.cached_property
    def symbol(self) -> str:
        """The normal spelling: root + suffix + optional "/bass"."""
        if self.is_no_chord:
            return NO_CHORD
        return self.root + self.suffix + (f"/{self.bass}" if self.bass else "")

    def pitch_classes(self) -> tuple[int, ...]:
        """Sounding pitch classes (0 = C), root first; the slash bass is included."""
        if self.is_no_chord:
            return ()
        pcs = [(self.root_pc + i) % 12 for i in self.quality.intervals()]
        if self.bass_pc is not None and self.bass_pc not in pcs:
            pcs.append(self.bass_pc)
        return tuple(pcs)

    def __str__(self) -> str:
        return self.symbol


NO_CHORD_VALUE = Chord("")


def note_pc(name: str) -> int:
    """Pitch class of a spelled note: "C" 0, "C#" 1, "Db" 1, "Cb" 11, "Fbb" 3."""
    pc = LETTER_PC[name[0]]
    for ch in name[1:]:
        pc += 1 if ch == "#" else -1 if ch == "b" else 0
    return pc % 12


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


def spell(pc: int, prefer: str = "plain") -> str:
    """A note name for a pitch class: prefer "sharps", "flats" or "plain" (lead-sheet habit)."""
    names = {"sharps": SHARP_NAMES, "flats": FLAT_NAMES}.get(prefer, PLAIN_NAMES)
    return names[pc % 12]


def spell_degree(root: str, degree: int, semitones: int) -> str:
    """Name the note `degree` steps above `root` (1 = root, 3 = third...) that lies `semitones` above it.

    Used for Harte basses: C:maj/3 is E, A:min/b3 is C, Bb:maj/b7 is Ab.
    """
    letter = LETTERS[(LETTERS.index(root[0]) + degree - 1) % 7]
    target = (note_pc(root) + semitones) % 12
    diff = (target - LETTER_PC[letter] + 6) % 12 - 6  # in -6..5
    if abs(diff) > 2:
        return spell(target)
    return letter + ("#" * diff if diff > 0 else "b" * -diff)


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
        from chords.harte import parse_harte  # Harte: A:min7, C:maj/5, C/3

        return parse_harte(s)
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


def transpose(symbol: str, semitones: int, key: str | None = None) -> str:
    """Transpose one symbol. `key`: the key you are moving TO, which decides sharps or flats."""
    from chords.keys import respell

    moved = transpose_chord(parse_chord(symbol), semitones)
    return respell(moved, key).symbol if key else moved.symbol


def transpose_progression(symbols: list[str], semitones: int, key: str | None = None) -> list[str]:
    """Transpose a progression, spelled for its new key (detected from the chords if not given).

    `key` is the progression's key BEFORE moving; the target key's signature picks the names,
    so moving G D Em C up 3 gives Bb F Gm Eb, not A# F Gm D#.
    """
    from chords.keys import detect_key, respell, transpose_key

    parsed = [parse_chord(s) for s in symbols]
    if key is None:
        key = detect_key(parsed) or "C"
    target = transpose_key(key, semitones)
    return [respell(transpose_chord(c, semitones), target).symbol for c in parsed]
