"""Playback in the editor, driven with the Pilot: keys play, Esc stops, typing never waits,
and where there is no sound the editor says so once.

The audio device is the one thing replaced: `Output` below takes the blocks a sound card
would and, when paced, blocks for each block's duration as a full sound-card buffer does.
"""

from __future__ import annotations

import sys
import threading
import time

import numpy as np
import pytest

from lyrictui.sound import device
from lyrictui.sound.synth import SynthConfig
from tests.app_fixtures import ScriptedChords, asynctest, make_app, wait_for
from tests.sound_fixtures import lyric_song, pitch_classes_heard

SIZE = (100, 30)


class Output:
    def __init__(self, rate: int, log: list, paced: bool) -> None:
        self.rate, self.log, self.paced = rate, log, paced
        self.blocks: list[np.ndarray] = []
        self.closed = threading.Event()
        self.drained: bool | None = None

    def write(self, block: np.ndarray) -> None:
        if self.paced:
            time.sleep(len(block) / self.rate)
        self.blocks.append(block.copy())
        self.log.append("block")

    def close(self, drain: bool) -> None:
        self.drained = drain
        self.closed.set()

    def samples(self) -> np.ndarray:
        return np.concatenate(self.blocks)


def with_output(app, paced: bool):
    log: list[str] = []
    outputs: list[Output] = []

    def open_audio(rate: int) -> Output:
        outputs.append(Output(rate, log, paced))
        return outputs[-1]

    app.editor.open_audio = open_audio
    return outputs, log


@asynctest
async def test_play_the_song_type_while_it_plays_and_esc_stops_it(tmp_path):
    app = make_app(tmp_path, lyric_song())
    outputs, log = with_output(app, paced=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await wait_for(pilot, lambda: len(log) >= 3)  # sound is coming out
        for ch in "abc":
            await pilot.press(ch)
            log.append(f"key {ch}")
        assert app.editor.doc.line.text.startswith("abc")  # every key handled ...
        await wait_for(pilot, lambda: log[-1] == "block")  # ... and the song plays on after them
        assert not outputs[0].closed.is_set() and app.editor.playing == "the song"
        keys = [i for i, e in enumerate(log) if e.startswith("key")]
        assert log[:keys[0]].count("block") >= 3 and "block" in log[keys[-1]:]
        await pilot.press("escape")
        await wait_for(pilot, outputs[0].closed.is_set)
        assert outputs[0].drained is False  # stopped, not played out
        song_blocks = 16 * SynthConfig().rate / SynthConfig().block  # 16 s of song
        assert len(outputs[0].blocks) < song_blocks
        assert app.editor.playing is None and "stopped" in app.editor.status.message
        await pilot.press("escape")  # nothing playing: Esc is back to dismissing
        assert app.editor.status.message.startswith("■ stopped")


@asynctest
async def test_the_chord_under_the_cursor_sounds_its_tones_with_the_capo(tmp_path):
    song = lyric_song()
    song.capo = 2
    app = make_app(tmp_path, song)
    outputs, _ = with_output(app, paced=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["right"] * 16, "f5")  # on "friend": the G shape, sounding A
        await wait_for(pilot, lambda: outputs and outputs[0].closed.is_set())
        out = outputs[0]
        assert out.drained is True
        assert "played A" in app.editor.status.message
        x = out.samples()
        assert len(x) / out.rate == pytest.approx(2.0 + 0.08, abs=0.05)  # one bar at 120 bpm, plus release
        assert pitch_classes_heard(x[int(0.2 * out.rate): int(1.9 * out.rate)], out.rate) == {9, 1, 4}  # A C# E


@asynctest
async def test_audition_proposals_in_turn(tmp_path):
    chords = ScriptedChords([["Am", "F"], ["D", "G"]])
    app = make_app(tmp_path, progression_provider=chords)
    outputs, _ = with_output(app, paced=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        assert "nothing to audition" in app.editor.status.message and not outputs
        await pilot.press(*"we sail", "ctrl+o")
        await wait_for(pilot, lambda: len(app.editor.chords_panel.items) == 2)
        for n, first in ((1, {9, 0, 4}), (2, {2, 6, 9})):
            await pilot.press("f9")
            await wait_for(pilot, lambda: len(outputs) == n and outputs[-1].closed.is_set())
            x, rate = outputs[-1].samples(), outputs[-1].rate
            assert pitch_classes_heard(x[int(0.2 * rate): int(2.2 * rate)], rate) == first
        assert app.editor.doc.song.sections[0].lines[0].chords == []  # heard, not taken


@asynctest
async def test_no_sound_here_is_said_once_with_the_wav_export(tmp_path):
    app = make_app(tmp_path, lyric_song())
    tries = []

    def no_device(rate):
        tries.append(rate)
        raise device.AudioUnavailable("no audio output device (none found)")

    app.editor.open_audio = no_device
    notes: list[tuple[str, str]] = []
    notify = app.notify
    app.notify = lambda message, **kw: (notes.append((kw.get("title"), message)), notify(message, **kw))[1]
    async with app.run_test(size=SIZE) as pilot:
        for key in ("f5", "f8", "f6"):
            await pilot.press(key)
            await wait_for(pilot, lambda: app.editor.playing is None)
        await pilot.pause()
        told = [message for title, message in notes if title == "no sound here"]
        assert len(tries) == 3 and len(told) == 1
        assert "WAV" in told[0] and "no audio output device" in told[0]
        assert app.editor.status.message.startswith("no sound here")
        await pilot.press(*"still typing")
        assert app.editor.doc.line.text.startswith("still typing")


def test_missing_sounddevice_or_portaudio_is_a_reason_not_a_traceback(monkeypatch):
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # import fails as if not installed
    with pytest.raises(device.AudioUnavailable, match="pip install sounddevice"):
        device.open_output(44100)


@asynctest
async def test_a_device_that_fails_mid_song_is_an_error_message_and_playback_resets(tmp_path):
    app = make_app(tmp_path, lyric_song())
    log: list[str] = []

    class Unplugged(Output):
        def write(self, block):
            if len(self.blocks) == 2:
                raise OSError("device unplugged")
            super().write(block)

    app.editor.open_audio = lambda rate: Unplugged(rate, log, paced=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f8")
        await wait_for(pilot, lambda: app.editor.playing is None)
        await wait_for(pilot, lambda: "device unplugged" in app.editor.status.message)
        assert log == ["block", "block"]
        await pilot.press("escape")  # nothing playing any more: Esc is not swallowed by a dead worker
        assert "stopped" not in app.editor.status.message
