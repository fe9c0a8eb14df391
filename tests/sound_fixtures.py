"""Songs and a spectrum reader shared by the sound tests."""

from __future__ import annotations

import numpy as np

from lyrictui.song.model import ChordPlacement, Line, Section, Song

PROGRESSION = ["C", "Am", "F", "G7", "C/E", "Dm7", "Bb", "E7#9", "F#m7b5"]


def chord_line(chords: list[str], text: str = "", spacing: int = 8) -> Line:
    return Line(text, [ChordPlacement(c, spacing * i) for i, c in enumerate(chords)])


def progression_song(chords: list[str], **facts) -> Song:
    """A song of one chord-only line: one bar per chord."""
    return Song(sections=[Section("verse", lines=[chord_line(chords)])], **facts)


def lyric_song() -> Song:
    """Two sections with words, a pickup, a bare line and a blank line."""
    verse = Section("verse", lines=[
        Line("Hello there my friend", [ChordPlacement("C", 0), ChordPlacement("G", 15)]),
        Line("where are you now", [ChordPlacement("Am", 0), ChordPlacement("F", 10)]),
        Line("and the night goes on"),
        Line(""),
    ])
    chorus = Section("chorus", lines=[Line("oh la la", [ChordPlacement("F", 3), ChordPlacement("C", 6)])])
    return Song(title="Night Drive", tempo=120, time="4/4", key="C", sections=[verse, chorus])


def pitch_classes_heard(x: np.ndarray, rate: int, threshold: float = 0.1) -> set[int]:
    """Pitch classes whose spectral peaks carry at least `threshold` of the strongest one's power.

    Peaks (local maxima of a Hann-windowed power spectrum), not bins, so the window's
    leakage does not spill into neighbouring semitones; each peak's frequency names its
    pitch class. Harmonics add to their own pitch class (octaves) or stay far below the
    threshold (a fifth, a third above), which is what a chord made of these tones sounds like.
    """
    power = np.abs(np.fft.rfft(x * np.hanning(len(x)))) ** 2
    freq = np.fft.rfftfreq(len(x), 1 / rate)
    idx = np.nonzero((power[1:-1] > power[:-2]) & (power[1:-1] >= power[2:]))[0] + 1
    idx = idx[(freq[idx] > 30) & (freq[idx] < 5000)]
    chroma = np.zeros(12)
    for i in idx:
        chroma[int(round(69 + 12 * np.log2(freq[i] / 440))) % 12] += power[i]
    return {pc for pc in range(12) if chroma[pc] > threshold * chroma.max()}
