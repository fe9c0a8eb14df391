"""A small offline synthesiser: notes in, mono float samples out, and WAV bytes.

    from lyrictui.sound.synth import SynthConfig, render, wav_bytes
    samples = render(notes, SynthConfig(instrument="guitar"))   # float32, -1..1
    open("song.wav", "wb").write(wav_bytes(samples, 44100))

Two sounds, both additive (a sum of harmonics, each fading at its own rate):
- "piano": a struck string, bright at first, the upper harmonics dying fastest;
- "guitar": a string plucked a fifth of the way along (so its 5th harmonic is missing,
  as on a real guitar plucked near the bridge), shorter, brighter, strummed by `arrange`.
Additive synthesis keeps each note's spectrum exactly its harmonics, which is what the
spectrum tests rely on. Notes repeat a lot in songs, so rendered notes are cached.
`render_blocks` yields the mix a block at a time so playback can start at once.
"""

from __future__ import annotations

import functools
import io
import math
import wave
from dataclasses import dataclass
from typing import Iterable, Iterator

import numpy as np

from lyrictui.sound.arrange import Note


@dataclass(frozen=True)
class Instrument:
    name: str
    partials: tuple[float, ...]  # amplitude of harmonic 1, 2, 3, ...
    decay: float  # seconds for the fundamental to fall to 1/e (at A4; lower notes ring longer)
    damping: float  # harmonic n decays (1 + damping * (n - 1)) times faster than the fundamental
    attack: float  # seconds of linear rise (a click-free onset)
    release: float  # seconds of fade after the note ends (a damper, a muted string)


def _plucked(at: float, n: int) -> tuple[float, ...]:
    """Harmonic amplitudes of a string plucked at fraction `at` of its length: sin(n·π·at)/n²."""
    amps = [abs(math.sin(k * math.pi * at)) / k**2 for k in range(1, n + 1)]
    return tuple(a / amps[0] if a > 1e-9 else 0.0 for a in amps)


PIANO = Instrument("piano", (1.0, 0.45, 0.25, 0.12, 0.08, 0.05, 0.03), decay=1.6, damping=0.6,
                   attack=0.004, release=0.08)
GUITAR = Instrument("guitar", _plucked(0.2, 8), decay=0.9, damping=0.9, attack=0.002, release=0.05)
INSTRUMENTS = {"piano": PIANO, "guitar": GUITAR}


@dataclass(frozen=True)
class SynthConfig:
    rate: int = 44100  # samples per second (CD rate; DAWs take it as is)
    instrument: str = "piano"  # a key of INSTRUMENTS
    level: float = 0.12  # peak of one note at full velocity; a 6-note chord stays under 1
    block: int = 2048  # samples per block when streaming (about 46 ms at 44.1 kHz)


def midi_hz(pitch: int) -> float:
    return 440.0 * 2 ** ((pitch - 69) / 12)


@functools.lru_cache(maxsize=512)
def tone(pitch: int, n: int, inst: Instrument, rate: int) -> np.ndarray:
    """One note of `n` samples plus its release, at amplitude 1 (read-only, cached)."""
    f0 = midi_hz(pitch)
    total = n + int(inst.release * rate)
    t = np.arange(total, dtype=np.float64) / rate
    decay = inst.decay * (440.0 / f0) ** 0.4  # low strings ring longer
    out = np.zeros(total)
    for k, amp in enumerate(inst.partials, start=1):
        if amp == 0.0 or f0 * k > rate * 0.45:  # nothing near Nyquist: no aliasing
            continue
        rate_k = (1 + inst.damping * (k - 1)) / decay
        out += amp * np.sin(2 * np.pi * f0 * k * t) * np.exp(-rate_k * t)
    env = np.ones(total)
    a = max(1, int(inst.attack * rate))
    env[:a] = np.linspace(0.0, 1.0, a, endpoint=False)
    if total > n:
        env[n:] = np.linspace(1.0, 0.0, total - n)
    out *= env / max(1e-9, np.abs(out).max())
    out = out.astype(np.float32)
    out.flags.writeable = False
    return out


def render_blocks(notes: Iterable[Note], cfg: SynthConfig = SynthConfig()) -> Iterator[np.ndarray]:
    """The mix, `cfg.block` samples at a time, rendering each note only when its block comes.

    `notes` must be sorted by start. The last block may be shorter.
    """
    inst = INSTRUMENTS[cfg.instrument]
    rate, block = cfg.rate, cfg.block
    buf = np.zeros(0, dtype=np.float32)  # mix from sample `offset` on
    offset = 0
    pending = iter(sorted(notes, key=lambda n: n.start))
    nxt = next(pending, None)
    while nxt is not None or len(buf):
        horizon = offset + block
        while nxt is not None and int(nxt.start * rate) < horizon:
            start = int(nxt.start * rate)
            wav = tone(nxt.pitch, max(1, int(nxt.length * rate)), inst, rate)
            end = start + len(wav) - offset
            if end > len(buf):
                buf = np.concatenate([buf, np.zeros(end - len(buf), dtype=np.float32)])
            buf[start - offset : end] += wav * (cfg.level * nxt.velocity / 127)
            nxt = next(pending, None)
        if nxt is not None and len(buf) < block:  # a rest before the next note
            buf = np.concatenate([buf, np.zeros(block - len(buf), dtype=np.float32)])
        out, buf = buf[:block], buf[block:]
        offset += len(out)
        yield np.clip(out, -1.0, 1.0)


def render(notes: Iterable[Note], cfg: SynthConfig = SynthConfig()) -> np.ndarray:
    """All of it at once (float32 mono)."""
    blocks = list(render_blocks(notes, cfg))
    return np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.float32)


def wav_bytes(samples: np.ndarray, rate: int) -> bytes:
    """16-bit mono PCM WAV, peak-normalised to -1 dBFS when louder than that."""
    peak = float(np.abs(samples).max()) if len(samples) else 0.0
    scale = min(1.0, 0.89 / peak) if peak > 0 else 1.0
    pcm = (np.asarray(samples) * scale * 32767).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())
    return buf.getvalue()
