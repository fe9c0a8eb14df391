"""Voicing: which notes to play for each chord, as MIDI note numbers (60 = middle C).

    from lyrictui.sound.voicing import voice_progression
    [v.notes for v in voice_progression(["C", "Am", "F", "G7"])]
    # [(36, 60, 64, 67), (45, 60, 64, 69), (41, 60, 65, 69), (43, 59, 62, 65, 67)]

Each chord is a bass note (the root, or the slash bass) low down, plus every chord tone
once in close position (all within an octave) above it. Between chords the upper voices
move as little as they can (voice leading): of all inversions, within a comfortable
register, the one whose notes lie nearest the previous chord's wins. Chord tones come
from `chords.theory`; unreadable symbols and N.C. give silence.
"""

from __future__ import annotations

from dataclasses import dataclass

from chords.theory import try_parse

BASS_LOW = 36  # C2: the bass note sits in C2..B2, under a guitar's or a left hand's reach
UPPER_LOW, UPPER_HIGH = 53, 77  # F3..F5: where the close voicing may lie
HOME = 64  # E4: the first chord's voicing centres near here


@dataclass(frozen=True)
class Voicing:
    symbol: str
    bass: int | None  # MIDI note, None for silence
    upper: tuple[int, ...]  # close voicing, low to high

    @property
    def notes(self) -> tuple[int, ...]:
        return ((self.bass,) if self.bass is not None else ()) + self.upper

    @property
    def pitch_classes(self) -> frozenset[int]:
        return frozenset(n % 12 for n in self.notes)


SILENCE = Voicing("", None, ())


def _candidates(pcs: list[int]) -> list[tuple[int, ...]]:
    """Every close-position inversion of `pcs` at every octave that fits the upper register."""
    out = []
    for k in range(len(pcs)):
        order = pcs[k:] + pcs[:k]
        for base in range(12 * (UPPER_LOW // 12), UPPER_HIGH + 1, 12):  # C of each octave
            notes, last = [], None
            for pc in order:
                n = base + pc if last is None else last + ((pc - last) % 12 or 12)
                notes.append(n)
                last = n
            if notes[0] >= UPPER_LOW and notes[-1] <= UPPER_HIGH:
                out.append(tuple(notes))
    return out


def _distance(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """How far the voices move: each new note to its nearest old note, plus a pull to HOME."""
    moved = sum(min(abs(n - m) for m in b) for n in a)
    centre = sum(a) / len(a)
    return moved + 0.25 * abs(centre - HOME)


def voice(symbol: str, previous: Voicing | None = None) -> Voicing:
    """One chord, led smoothly from `previous` (or centred near HOME when there is none)."""
    chord = try_parse(symbol)
    if chord is None or chord.is_no_chord:
        return Voicing(symbol, None, ())
    root = chord.root_pc
    pcs = [(root + i) % 12 for i in chord.quality.intervals()]
    bass_pc = chord.bass_pc if chord.bass_pc is not None else root
    cands = _candidates(pcs)
    if previous is not None and previous.upper:
        upper = min(cands, key=lambda c: _distance(c, previous.upper))
    else:
        upper = min(cands, key=lambda c: (abs(sum(c) / len(c) - HOME), c))
    return Voicing(symbol, BASS_LOW + bass_pc, upper)


def voice_progression(symbols: list[str]) -> list[Voicing]:
    """Voice each chord in turn, leading from the last chord that sounded."""
    out: list[Voicing] = []
    previous: Voicing | None = None
    for s in symbols:
        v = voice(s, previous)
        out.append(v)
        if v.upper:
            previous = v
    return out
