"""When each chord sounds: a song's chords laid out in time from the words and the bars.

    from lyrictui.sound.timing import timeline
    tl = timeline(song)                      # the whole song; section=, line= narrow it
    tl.chords[0].start, tl.chords[0].length  # in quarter notes (MIDI's beat)
    tl.meter.seconds(tl.length)              # how long it plays

A lyric line lasts as many bars as it has chords (at least `min_line_bars` when it has
words). Its time is shared among its chords by where they sit over the words: a chord
owns the characters from its position to the next chord's, so a chord over half the
words gets about half the line. Shares are rounded to half bars (whole bars in odd
meters such as 3/4), each chord at least one. The last chord of a line is held at
least an even share, because a sheet puts the last change near the line's end while
the singer holds it. A line with words and no chords holds the chord before it.

Tempo counts quarter notes per minute (as MIDI does); the time signature sets the bar.
Pure: no numpy, no audio.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from lyrictui.song.model import Line, Song

DEFAULT_TEMPO = 100  # quarter notes per minute when the song does not say
DEFAULT_TIME = (4, 4)
_TIME = re.compile(r"^\s*(\d{1,2})\s*/\s*(1|2|4|8|16|32)\s*$")


@dataclass(frozen=True)
class Meter:
    tempo: float = DEFAULT_TEMPO  # quarter notes per minute
    beats: int = DEFAULT_TIME[0]  # time signature numerator
    unit: int = DEFAULT_TIME[1]  # ... and denominator (4 = quarter, 8 = eighth)

    @property
    def bar(self) -> float:
        """Quarter notes in one bar: 4 in 4/4, 3 in 3/4 and in 6/8."""
        return self.beats * 4 / self.unit

    @property
    def step(self) -> float:
        """The grid chord changes are rounded to: half a bar, or a bar when the beats are odd."""
        return self.bar / 2 if self.beats % 2 == 0 else self.bar

    def seconds(self, quarters: float) -> float:
        return quarters * 60.0 / self.tempo


def meter_of(song: Song) -> Meter:
    """The song's tempo and time signature; missing or unreadable ones take the defaults."""
    tempo = song.tempo if song.tempo is not None and 20 <= song.tempo <= 400 else DEFAULT_TEMPO
    m = _TIME.match(song.time or "")
    beats, unit = (int(m.group(1)), int(m.group(2))) if m and int(m.group(1)) > 0 else DEFAULT_TIME
    return Meter(float(tempo), beats, unit)


@dataclass(frozen=True)
class TimingConfig:
    min_line_bars: int = 2  # a sung line with one chord still lasts two bars
    bare_line_bars: int = 2  # a line of words without chords holds the chord before this long


@dataclass(frozen=True)
class ChordEvent:
    start: float  # quarter notes from the start of the timeline
    length: float  # quarter notes
    symbol: str  # as written on the sheet (the shape, when there is a capo)
    words: str  # the lyric under this chord, up to the next chord
    section: int
    line: int
    index: int  # the chord's place in its line, left to right


@dataclass(frozen=True)
class LyricEvent:
    start: float  # quarter notes
    text: str


@dataclass
class Timeline:
    meter: Meter
    chords: list[ChordEvent] = field(default_factory=list)
    lyrics: list[LyricEvent] = field(default_factory=list)
    markers: list[tuple[float, str]] = field(default_factory=list)  # (start, section name)
    length: float = 0.0  # quarter notes

    @property
    def seconds(self) -> float:
        return self.meter.seconds(self.length)


def allot(weights: list[float], total: int) -> list[int]:
    """Split `total` steps in proportion to `weights`, each at least 1 (largest remainder)."""
    s = sum(weights) or 1.0
    quota = [w / s * total for w in weights]
    got = [max(1, math.floor(q)) for q in quota]
    while sum(got) > total:  # the minimum of 1 overshot: take from the most over-served
        i = max((i for i in range(len(got)) if got[i] > 1), key=lambda i: got[i] - quota[i])
        got[i] -= 1
    while sum(got) < total:
        i = max(range(len(got)), key=lambda i: quota[i] - got[i])
        got[i] += 1
    return got


def line_lengths(line: Line, meter: Meter, cfg: TimingConfig) -> list[float]:
    """Quarter notes for each chord of `line`, left to right (empty when it has none)."""
    chords = line.sorted_chords()
    n = len(chords)
    if n == 0:
        return []
    bars = max(n, cfg.min_line_bars) if line.text.strip() else n
    steps = round(bars * meter.bar / meter.step)
    end = max(len(line.text.rstrip()), chords[-1].pos + 1)
    starts = [0] + [c.pos for c in chords[1:]]
    ends = starts[1:] + [end]
    weights = [max(e - s, end / (2 * n)) for s, e in zip(starts, ends)]
    weights[-1] = max(weights[-1], end / n)
    return [k * meter.step for k in allot(weights, steps)]


def _line_words(line: Line) -> list[str]:
    """The words under each chord: from its position (the first chord from 0) to the next."""
    chords = line.sorted_chords()
    cuts = [0] + [c.pos for c in chords[1:]] + [len(line.text)]
    return [line.text[a:b].strip() for a, b in zip(cuts, cuts[1:])]


def timeline(song: Song, section: int | None = None, line: int | None = None,
             cfg: TimingConfig = TimingConfig()) -> Timeline:
    """The chords, lyrics and section markers of the song (or one section, or one line of it)."""
    tl = Timeline(meter_of(song))
    t = 0.0
    for si, sec in enumerate(song.sections):
        if section is not None and si != section:
            continue
        marked = False
        for li, ln in enumerate(sec.lines):
            if line is not None and li != line:
                continue
            if ln.is_blank:
                continue
            if not marked:
                tl.markers.append((t, song.section_label(si)))
                marked = True
            t = _add_line(tl, ln, si, li, t, cfg)
    tl.length = t
    return tl


def _add_line(tl: Timeline, ln: Line, si: int, li: int, t: float, cfg: TimingConfig) -> float:
    lengths = line_lengths(ln, tl.meter, cfg)
    if not lengths:  # words only: the chord before rings on under them
        held = cfg.bare_line_bars * tl.meter.bar
        if tl.chords:
            last = tl.chords[-1]
            tl.chords[-1] = replace(last, length=last.length + held)
        if ln.text.strip():
            tl.lyrics.append(LyricEvent(t, ln.text.strip()))
        return t + held
    for i, (c, length, words) in enumerate(zip(ln.sorted_chords(), lengths, _line_words(ln))):
        tl.chords.append(ChordEvent(t, length, c.chord, words, si, li, i))
        if words:
            tl.lyrics.append(LyricEvent(t, words))
        t += length
    return t


def chord_at(line: Line, pos: int) -> int | None:
    """Index (left to right) of the chord sounding at character `pos`: the last one at or
    before it, else the first; None when the line has no chords."""
    chords = line.sorted_chords()
    if not chords:
        return None
    before = [i for i, c in enumerate(chords) if c.pos <= pos]
    return before[-1] if before else 0


def single_chord(song: Song, section: int, line: int, index: int) -> Timeline:
    """One chord of a line on its own, one bar long (auditioning it)."""
    tl = timeline(song, section, line)
    ev = next(e for e in tl.chords if e.index == index)
    one = replace(ev, start=0.0, length=tl.meter.bar)
    return Timeline(tl.meter, [one], [], [], one.length)


def progression(chords: list[str], meter: Meter) -> Timeline:
    """A bare progression (a proposal from the chord panel), one bar per chord."""
    evs = [ChordEvent(i * meter.bar, meter.bar, c, "", 0, 0, i) for i, c in enumerate(chords)]
    return Timeline(meter, evs, [], [], len(chords) * meter.bar)
