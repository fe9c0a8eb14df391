"""From a timeline to notes: the voiced chords, played the way each sound is played.

    from lyrictui.sound.arrange import arrange
    notes = arrange(timeline(song), "guitar")      # Note(start s, length s, pitch, velocity)

- piano: each chord struck on its first beat and again at every bar line it lasts
  through (a held piano chord fades), bass and close voicing together;
- guitar: strummed on every beat, strings a few milliseconds apart: down strums (low to
  high, all strings) on the strong beats, lighter up strums (high to low, the upper
  voices) between (down-up in 4/4, down-down-up in 6/8); each strum rings until the next.
Times are seconds at the timeline's tempo. Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass

from lyrictui.sound.timing import Timeline
from lyrictui.sound.voicing import Voicing, voice_progression

STRUM_GAP = 0.012  # seconds between strings in a strum
DOWN, UP = 96, 70  # velocities: down strums carry the beat, up strums fill


@dataclass(frozen=True)
class Note:
    start: float  # seconds
    length: float  # seconds
    pitch: int  # MIDI note number
    velocity: int = 90  # 1..127


def _struck(v: Voicing, start: float, length: float, velocity: int) -> list[Note]:
    return [Note(start, length, p, velocity) for p in v.notes]


def _piano(v: Voicing, t0: float, beats: float, tl: Timeline) -> list[Note]:
    out, q, bar = [], 0.0, tl.meter.bar
    while q < beats - 1e-9:
        step = min(bar, beats - q)
        out += _struck(v, tl.meter.seconds(t0 + q), tl.meter.seconds(step), 88 if q == 0 else 76)
        q += step
    return out


def _guitar(v: Voicing, t0: float, beats: float, tl: Timeline) -> list[Note]:
    """One strum per beat of the time signature (a quarter in 4/4, an eighth in 6/8)."""
    beat = 4 / tl.meter.unit
    out, q, i = [], 0.0, 0
    while q < beats - 1e-9:
        step = min(beat, beats - q)
        down = i % 3 != 2 if tl.meter.unit == 8 else i % 2 == 0  # 6/8: down down up; 4/4: down up
        strings = list(v.notes) if down else list(reversed(v.upper))
        start, length = tl.meter.seconds(t0 + q), tl.meter.seconds(step)
        for k, p in enumerate(strings):
            lag = k * STRUM_GAP
            out.append(Note(start + lag, max(0.01, length - lag), p, DOWN if down else UP))
        q, i = q + step, i + 1
    return out


PLAYERS = {"piano": _piano, "guitar": _guitar}


def arrange(tl: Timeline, instrument: str = "piano") -> list[Note]:
    """Every note of the timeline's chords, sorted by start."""
    play = PLAYERS[instrument]
    voicings = voice_progression([e.symbol for e in tl.chords])
    notes: list[Note] = []
    for ev, v in zip(tl.chords, voicings):
        if v.notes:
            notes += play(v, ev.start, ev.length, tl)
    return sorted(notes, key=lambda n: (n.start, n.pitch))
