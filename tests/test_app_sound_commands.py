"""The palette's sound commands: capo display and moves, MIDI and WAV export in a worker."""

from __future__ import annotations

import io
import wave

import mido

from lyrictui.app import commands, sound_commands
from tests.app_fixtures import asynctest, make_app, screen_text, wait_for
from tests.sound_fixtures import progression_song

SIZE = (100, 30)


def chords_of(app) -> list[str]:
    return [c.chord for c in app.editor.doc.song.sections[0].lines[0].chords]


@asynctest
async def test_chord_rows_show_shapes_or_sounding_chords(tmp_path):
    song = progression_song(["G", "D", "Em", "C"], key="G", capo=3)
    song.sections[0].lines.append(progression_song(["Am", "D7"]).sections[0].lines[0])
    app = make_app(tmp_path, song)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "down")  # off the first line: its row is drawn, not edited
        assert "G       D       Em      C" in screen_text(app)
        sound_commands.toggle_sounding(app.editor)
        await pilot.pause()
        assert "Bb      F       Gm      Eb" in screen_text(app)  # named for the sounding key, Bb
        assert chords_of(app) == ["G", "D", "Em", "C"]  # the song keeps its shapes
        sound_commands.toggle_sounding(app.editor)
        await pilot.pause()
        assert "G       D       Em      C" in screen_text(app)


@asynctest
async def test_capo_keeping_the_sound_reshapes_and_undo_brings_it_back(tmp_path):
    app = make_app(tmp_path, progression_song(["A", "E", "F#m", "D"], key="A"))
    async with app.run_test(size=SIZE) as pilot:
        sound_commands.set_capo(app.editor, 2, keep_sound=True)
        assert chords_of(app) == ["G", "D", "Em", "C"] and app.editor.doc.song.capo == 2
        assert app.editor.doc.song.key == "G"
        sound_commands.set_capo(app.editor, 0, keep_sound=False)  # the same shapes, no capo
        assert chords_of(app) == ["G", "D", "Em", "C"] and app.editor.doc.song.capo is None
        await pilot.press("ctrl+z")
        assert app.editor.doc.song.capo == 2
        await pilot.press("ctrl+z")
        assert chords_of(app) == ["A", "E", "F#m", "D"] and app.editor.doc.song.capo is None


@asynctest
async def test_export_midi_and_wav_next_to_the_song(tmp_path):
    app = make_app(tmp_path, progression_song(["C", "G"], tempo=120, title="Two"))
    async with app.run_test(size=SIZE) as pilot:
        for fmt in ("midi", "wav"):
            commands.write_export(app.editor, fmt, commands.export_path(app.editor, fmt))
        await wait_for(pilot, lambda: (tmp_path / "song.wav").exists() and (tmp_path / "song.mid").exists())
        await wait_for(pilot, lambda: "exported" in app.editor.status.message)
    mid = mido.MidiFile(tmp_path / "song.mid")
    assert sum(m.type == "note_on" for m in mid.tracks[1]) == 8  # two chords of bass + three
    with wave.open(io.BytesIO((tmp_path / "song.wav").read_bytes())) as w:
        assert abs(w.getnframes() / w.getframerate() - 4.0) < 0.2  # two bars at 120
