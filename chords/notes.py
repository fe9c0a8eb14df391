"""Notes and the Chord value: pitch classes, spellings, and the Chord dataclass every chord module shares.

    note_pc("Db")              # 1
    spell(10, "flats")         # "Bb"
    spell_degree("C", 3, 4)    # "E"

The bottom of `chords`: parsing (`chords.theory`, `chords.harte`) and keys (`chords.keys`)
build on this module, which imports nothing of theirs. Pure Python, no torch.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from chords.quality import Quality

LETTER_PC = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
LETTERS = "CDEFGAB"
SHARP_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
FLAT_NAMES = ("C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B")
# With no key to go by: the spelling most lead sheets use for each pitch class.
PLAIN_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
NO_CHORD = "N.C."



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
