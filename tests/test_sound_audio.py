"""Rendered audio: the spectrum of each chord's stretch is exactly that chord's tones."""

from __future__ import annotations

import io
import wave

import numpy as np
import pytest
from chords.theory import parse_chord

from lyrictui.sound.arrange import arrange
from lyrictui.sound.capo import sounding_song
from lyrictui.sound.export import song_wav
from lyrictui.sound.synth import SynthConfig, render, render_blocks
from lyrictui.sound.timing import timeline
from tests.sound_fixtures import PROGRESSION, lyric_song, pitch_classes_heard, progression_song

RATE = 22050  # enough for every chord tone's first harmonics; half the work of 44.1 kHz


def heard_per_chord(song, instrument):
    """(chord as it sounds, pitch classes heard over its bar), in order, from the rendered WAV."""
    tl = timeline(sounding_song(song))
    data = song_wav(song, SynthConfig(rate=RATE, instrument=instrument))
    with wave.open(io.BytesIO(data)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, RATE)
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
    assert len(x) / RATE == pytest.approx(tl.seconds, abs=0.2)  # the song's length, plus a release
    out = []
    for ev in tl.chords:  # skip the onset and the release: the steady middle of the chord
        a = int((tl.meter.seconds(ev.start) + 0.2) * RATE)
        b = int((tl.meter.seconds(ev.start + ev.length) - 0.1) * RATE)
        out.append((ev.symbol, pitch_classes_heard(x[a:b], RATE)))
    return out


@pytest.mark.parametrize("instrument", ["piano", "guitar"])
def test_each_chord_sounds_exactly_its_tones_in_order_and_in_time(instrument):
    song = progression_song(PROGRESSION, tempo=120)  # one bar (2 s) a chord
    heard = heard_per_chord(song, instrument)
    assert [s for s, _ in heard] == PROGRESSION
    for symbol, pcs in heard:
        assert pcs == set(parse_chord(symbol).pitch_classes()), symbol


def test_capo_sounds_the_chords_up_the_neck():
    song = progression_song(["G", "D", "Em", "C"], tempo=120, key="G", capo=2)
    heard = heard_per_chord(song, "piano")
    assert [s for s, _ in heard] == ["A", "E", "F#m", "D"]
    for symbol, pcs in heard:
        assert pcs == set(parse_chord(symbol).pitch_classes())


def test_blocks_are_the_same_mix_as_one_render():
    cfg = SynthConfig(rate=RATE, block=1000)
    notes = arrange(timeline(lyric_song()), "guitar")
    blocks = list(render_blocks(notes, cfg))
    assert all(len(b) == 1000 for b in blocks[:-1]) and 0 < len(blocks[-1]) <= 1000
    whole = render(notes, SynthConfig(rate=RATE, block=4096))
    assert np.allclose(np.concatenate(blocks), whole, atol=1e-6)


def test_an_empty_song_is_a_valid_empty_wav():
    with wave.open(io.BytesIO(song_wav(progression_song([])))) as w:
        assert w.getnframes() == 0
