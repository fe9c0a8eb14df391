"""Sound out: the system's audio device through sounddevice (PortAudio), or a clear reason why not.

    from lyrictui.sound.device import AudioUnavailable, open_output, play
    try:
        out = open_output(44100)
    except AudioUnavailable as e:
        print(e)                              # one line: what is missing and what to do instead
    else:
        play(render_blocks(notes), out, cancelled=lambda: False)

sounddevice is an external package that needs the PortAudio library at import time; on a
server, over SSH or in CI either may be missing, or there is no output device. Each case
becomes AudioUnavailable with a one-line reason, never a traceback. `play` is the loop a
thread worker runs: it writes a block at a time (the device paces it in real time) and
checks `cancelled` between blocks, so Esc stops within a block (~50 ms).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Protocol

if TYPE_CHECKING:
    import numpy as np

INSTEAD = "export the song as WAV instead (ctrl+p, Export as WAV; or lyrictui export SONG -o song.wav)"


class AudioUnavailable(RuntimeError):
    """No sound can be played here; str() is one line saying why."""


class Output(Protocol):
    def write(self, block: "np.ndarray") -> None:
        """Queue float32 mono samples; returns when the device has room for more."""

    def close(self, drain: bool) -> None:
        """Stop: `drain` plays what is queued first, else it is dropped at once."""


class _DeviceOutput:
    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, block: "np.ndarray") -> None:
        self._stream.write(block.astype("float32", copy=False).reshape(-1, 1))

    def close(self, drain: bool) -> None:
        try:
            self._stream.stop() if drain else self._stream.abort()
        finally:
            self._stream.close()


def _sounddevice():
    """The sounddevice module, or AudioUnavailable saying which piece is missing."""
    try:
        import sounddevice
    except ImportError:
        raise AudioUnavailable("playback needs the sounddevice package (pip install sounddevice)") from None
    except OSError:  # the package is there but the PortAudio C library is not
        raise AudioUnavailable("no PortAudio library on this system (e.g. apt install libportaudio2)") from None
    return sounddevice


def open_output(rate: int) -> Output:
    """A started mono output stream on the default device (AudioUnavailable when there is none)."""
    sd = _sounddevice()
    try:
        sd.query_devices(kind="output")  # raises when there is no default output device
        # the default (high) latency survives a busy machine; Esc aborts, dropping what is queued
        stream = sd.OutputStream(samplerate=rate, channels=1, dtype="float32")
        stream.start()
    except Exception as e:  # PortAudioError, ValueError: every way a device can be absent or busy
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise AudioUnavailable(f"no audio output device ({reason})") from None
    return _DeviceOutput(stream)


def play(blocks: Iterable["np.ndarray"], out: Output, cancelled: Callable[[], bool]) -> bool:
    """Play `blocks` on `out`; True when it played to the end, False when cancelled."""
    finished = False
    try:
        for block in blocks:
            if cancelled():
                return False
            out.write(block)
        finished = True
        return True
    finally:
        out.close(drain=finished)
