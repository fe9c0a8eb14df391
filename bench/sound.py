"""Sound benchmark: voice leading against block chords, and how fast audio and MIDI are made.

    .venv/bin/python bench/sound.py                                            # built-in progressions
    .venv/bin/python bench/sound.py --data ../shared/data/chords/mcgill-billboard --songs 200

Figures (n = chord changes, or songs, as shown):
- movement: mean semitones the upper voices move per chord change (each new note to the
  nearest old note), lyrictui's voice-led close voicing against the baseline of every
  chord in root position from the same octave (what a naive player does); lower is smoother;
- leap > 4: share of changes where some upper voice jumps more than a major third;
- render x real time: seconds of audio per second of compute, piano and guitar at 44.1 kHz,
  with the note cache (as shipped) and without it (every note synthesised afresh);
- first block: milliseconds from "play the song" to the first block of sound (playback
  latency before the device's own buffer);
- MIDI: milliseconds to write the whole song.
Every chord is played one bar at 100 bpm in 4/4.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chords.theory import try_parse  # noqa: E402

from lyrictui.song.model import ChordPlacement, Line, Section, Song  # noqa: E402
from lyrictui.sound import synth  # noqa: E402
from lyrictui.sound.arrange import arrange  # noqa: E402
from lyrictui.sound.export import song_midi  # noqa: E402
from lyrictui.sound.timing import timeline  # noqa: E402
from lyrictui.sound.voicing import Voicing, voice, voice_progression  # noqa: E402

BUILT_IN = [
    ["C", "G", "Am", "F"] * 4, ["G", "D", "Em", "C"] * 4, ["Am", "F", "C", "G"] * 4,
    ["Dm7", "G7", "Cmaj7", "A7"] * 4, ["E", "B", "C#m", "A"] * 4, ["F", "Bb", "C7", "F"] * 4,
    ["C", "Am", "Dm", "G7"] * 4, ["Em", "C", "G", "D"] * 4,
]


def block_chord(symbol: str) -> Voicing:
    """The baseline: root position, the root between C4 and B4."""
    c = try_parse(symbol)
    if c is None or c.is_no_chord:
        return Voicing(symbol, None, ())
    return Voicing(symbol, 36 + c.root_pc, tuple(60 + c.root_pc + i for i in c.quality.intervals()))


def moves(voicings: list[Voicing]) -> list[int]:
    """Per change: the largest and the total movement of the upper voices."""
    out = []
    played = [v for v in voicings if v.upper]
    for a, b in zip(played, played[1:]):
        out.append([min(abs(n - m) for m in a.upper) for n in b.upper])
    return out


def song_of(progressions: list[list[str]]) -> Song:
    lines = [Line("", [ChordPlacement(c, 8 * i) for i, c in enumerate(p)]) for p in progressions]
    return Song(tempo=100, sections=[Section("verse", lines=lines)])


def progressions_from(data: str, n_songs: int) -> list[list[str]]:
    from chords.corpus import read_corpus

    songs = read_corpus(data).songs[:n_songs]
    return [[c for c in s.chords() if try_parse(c) is not None][:64] for s in songs]


def timed(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", help="a chord corpus (as chords.corpus reads); default: built-in progressions")
    ap.add_argument("--songs", type=int, default=100, help="how many songs of --data")
    args = ap.parse_args()
    progs = progressions_from(args.data, args.songs) if args.data else BUILT_IN
    progs = [p for p in progs if len(p) > 1]

    led = [m for p in progs for m in moves(voice_progression(p))]
    naive = [m for p in progs for m in moves([block_chord(c) for c in p])]
    print(f"voice leading over {len(led)} chord changes in {len(progs)} progressions")
    print(f"{'voicing':<28}{'movement/change':>16}{'leap > 4':>10}")
    for name, ms in (("root position (baseline)", naive), ("voice-led close (lyrictui)", led)):
        mean = statistics.mean(sum(m) for m in ms)
        leaps = sum(max(m) > 4 for m in ms) / len(ms)
        print(f"{name:<28}{mean:>16.2f}{leaps:>10.1%}")

    song = song_of(progs[:8])
    tl = timeline(song)
    print(f"\nrendering {tl.seconds:.0f} s of song ({len(tl.chords)} chords, n=1 song, best of 2)")
    print(f"{'sound':<10}{'cached x rt':>12}{'uncached x rt':>14}{'first block ms':>16}")
    for sound in ("piano", "guitar"):
        notes = arrange(tl, sound)
        cfg = synth.SynthConfig(instrument=sound)

        def uncached():
            synth.tone.cache_clear()
            for block in synth.render_blocks(notes, cfg):
                synth.tone.cache_clear()

        synth.tone.cache_clear()
        cached_s = timed(lambda: synth.render(notes, cfg), 2)
        uncached_s = timed(uncached, 1)
        synth.tone.cache_clear()
        first = timed(lambda: next(iter(synth.render_blocks(arrange(timeline(song), sound), cfg))), 1)
        print(f"{sound:<10}{tl.seconds / cached_s:>12.1f}{tl.seconds / uncached_s:>14.1f}{first * 1000:>16.1f}")
    midi_s = timed(lambda: song_midi(song), 3)
    print(f"\nMIDI for the same song: {midi_s * 1000:.1f} ms (best of 3)")


if __name__ == "__main__":
    main()
