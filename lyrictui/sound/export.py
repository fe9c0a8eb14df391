"""The song as audio files: the writers the export formats "midi" and "wav" use.

    from lyrictui.sound.export import song_wav, song_midi
    open("song.wav", "wb").write(song_wav(song))                 # piano, 44.1 kHz mono
    open("song.wav", "wb").write(song_wav(song, SynthConfig(instrument="guitar")))

Both sound as played with the capo (the sounding chords), at the song's tempo and time.
"""

from __future__ import annotations

from lyrictui.song.model import Song
from lyrictui.sound.arrange import arrange
from lyrictui.sound.capo import sounding_song
from lyrictui.sound.midi import song_midi
from lyrictui.sound.synth import SynthConfig, render, wav_bytes
from lyrictui.sound.timing import TimingConfig, timeline

__all__ = ["song_midi", "song_wav"]


def song_wav(song: Song, cfg: SynthConfig = SynthConfig(), timing: TimingConfig = TimingConfig()) -> bytes:
    """The whole song rendered offline as 16-bit mono WAV bytes."""
    tl = timeline(sounding_song(song), cfg=timing)
    return wav_bytes(render(arrange(tl, cfg.instrument), cfg), cfg.rate)
