"""The song as audio files: the writers behind the export formats "midi" and "wav".

    from lyrictui.sound.export import song_wav, song_midi
    open("song.mid", "wb").write(song_midi(song))
    open("song.wav", "wb").write(song_wav(song))                 # piano, 44.1 kHz mono
    open("song.wav", "wb").write(song_wav(song, SynthConfig(instrument="guitar")))

Both sound as played with the capo (the sounding chords), at the song's tempo and time.
numpy and mido are imported when a writer runs, so the format registry (and
`lyrictui --help`) can name these writers without loading them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lyrictui.song.model import Song
from lyrictui.sound.timing import TimingConfig

if TYPE_CHECKING:
    from lyrictui.sound.midi import MidiConfig
    from lyrictui.sound.synth import SynthConfig


def song_midi(song: Song, cfg: "MidiConfig | None" = None, timing: TimingConfig = TimingConfig()) -> bytes:
    """The whole song as Standard MIDI File bytes (see lyrictui.sound.midi)."""
    from lyrictui.sound import midi

    return midi.song_midi(song, cfg or midi.MidiConfig(), timing)


def song_wav(song: Song, cfg: "SynthConfig | None" = None, timing: TimingConfig = TimingConfig()) -> bytes:
    """The whole song rendered offline as 16-bit mono WAV bytes."""
    from lyrictui.sound.arrange import arrange
    from lyrictui.sound.capo import sounding_song
    from lyrictui.sound.synth import SynthConfig, render, wav_bytes
    from lyrictui.sound.timing import timeline

    cfg = cfg or SynthConfig()
    tl = timeline(sounding_song(song), cfg=timing)
    return wav_bytes(render(arrange(tl, cfg.instrument), cfg), cfg.rate)
