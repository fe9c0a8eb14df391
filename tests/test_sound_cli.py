"""`lyrictui export --format midi|wav` through click's CliRunner."""

from __future__ import annotations

import io
import wave

import mido
from click.testing import CliRunner

from lyrictui.cli import cli
from lyrictui.song.chordpro import to_chordpro
from tests.sound_fixtures import lyric_song


def run(*args):
    return CliRunner().invoke(cli, ["export", *map(str, args)])


def test_midi_and_wav_from_the_extension(tmp_path):
    song = lyric_song()
    song.capo = 2
    src = tmp_path / "night.cho"
    src.write_text(to_chordpro(song), encoding="utf-8")  # capo travels through ChordPro
    for name in ("night.mid", "night.wav"):
        r = run(src, "-o", tmp_path / name)
        assert r.exit_code == 0, r.output
    mid = mido.MidiFile(tmp_path / "night.mid")
    first = {m.note % 12 for m in mid.tracks[1] if m.type == "note_on"} & {0, 2, 4, 7, 9, 11}
    texts = [m.text for m in mid.tracks[1] if m.type == "text"]
    assert texts[:2] == ["D", "A"]  # C and G shapes at the 2nd fret
    assert first  # notes were written
    with wave.open(io.BytesIO((tmp_path / "night.wav").read_bytes())) as w:
        assert w.getframerate() == 44100 and abs(w.getnframes() / 44100 - 16.0) < 0.2


def test_binary_formats_go_to_a_file_or_a_pipe(tmp_path):
    src = tmp_path / "night.cho"
    src.write_text(to_chordpro(lyric_song()), encoding="utf-8")
    r = run(src, "--format", "midi")  # CliRunner's stdout is a pipe, not a terminal
    assert r.exit_code == 0 and r.stdout_bytes[:4] == b"MThd"
    r = run(src, "--format", "wav", "-o", tmp_path / "out.wav")
    assert r.exit_code == 0 and (tmp_path / "out.wav").read_bytes()[:4] == b"RIFF"
