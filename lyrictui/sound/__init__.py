"""Hear the song and hand it to a DAW: chord playback, WAV and MIDI.

Pure cores: `timing` (when each chord sounds), `voicing` (which notes), `capo` (shapes
and sounding chords), `arrange` (notes as a piano or a strummed guitar plays them).
Shells: `synth` (numpy, offline), `midi` (mido), `export` (the writers the export formats
use), `device` (sounddevice, optional: playback says why when there is no sound here).
"""
