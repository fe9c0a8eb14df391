"""Palette commands for sound: play and stop, the playback sound, capo.

`sound_commands(editor)` yields them; lyrictui/app/commands.py adds them to the palette
(beside "Export as MIDI" and "Export as WAV", which come from the format registry).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from textual.app import SystemCommand

from lyrictui.app import services
from lyrictui.app.screens.modals import TextPrompt
from lyrictui.sound.capo import capo_of, sounding, sounding_key
from lyrictui.sound.arrange import PLAYERS

if TYPE_CHECKING:
    from lyrictui.app.screens.editor import EditorScreen


def sound_commands(editor: "EditorScreen") -> Iterable[SystemCommand]:
    yield SystemCommand("Play the song", "From the top at the song's tempo (F8; Esc stops)",
                        lambda: editor.action_play("song"))
    yield SystemCommand("Play the section", "The section the cursor is in (F7)", lambda: editor.action_play("section"))
    yield SystemCommand("Stop playback", "Esc stops too", editor.stop_playback)
    for name in PLAYERS:
        yield SystemCommand(f"Playback sound: {name}", f"Play chords as a {name} (also for Export as WAV)",
                            lambda name=name: editor.set_play_sound(name))
    yield SystemCommand("Capo: show sounding chords or shapes", "Toggle the chord rows between the shapes "
                        "played and the chords that sound with the capo", lambda: toggle_sounding(editor))
    yield SystemCommand("Capo… (keep the sound)", "Set the capo's fret; the chords become the shapes "
                        "that sound the same", lambda: ask_capo(editor, keep_sound=True))
    yield SystemCommand("Capo… (keep the shapes)", "Set the capo's fret; the same shapes sound higher or lower",
                        lambda: ask_capo(editor, keep_sound=False))


def shown_sounding(editor: "EditorScreen") -> bool:
    return editor.view.show_chord is not None


def sounding_now(editor: "EditorScreen", chord: str) -> str:
    song = editor.doc.song  # looked up each time: undo replaces the song's capo and key
    return sounding(chord, capo_of(song), sounding_key(song))


def toggle_sounding(editor: "EditorScreen", on: bool | None = None) -> None:
    """Chord rows show the sounding chords (on) or the shapes as written (off)."""
    on = not shown_sounding(editor) if on is None else on
    song = editor.doc.song
    if on and not capo_of(song):
        editor.status.set(message="no capo: the chords sound as written (Capo… sets one)")
        on = False
    editor.view.show_chord = (lambda ch: sounding_now(editor, ch)) if on else None
    editor.view.refresh()
    if capo_of(song):
        editor.status.set(message=f"chord rows: {'sounding chords' if on else 'shapes'} (capo {capo_of(song)})")


def set_capo(editor: "EditorScreen", fret: int, keep_sound: bool) -> None:
    """Move the capo; keeping the sound re-shapes every chord (and the key) the other way."""
    song = editor.doc.song
    old = capo_of(song)
    shift = old - fret if keep_sound else 0
    chords = [c.chord for ln in song.all_lines() for c in ln.chords]
    editor.doc.transpose(services.transposer(shift, song.key, chords) if shift else (lambda ch: ch))
    song.capo = fret or None  # inside the undo step transpose just opened
    editor.doc_changed()
    if shown_sounding(editor):
        toggle_sounding(editor, on=bool(fret))
    editor.status.set(message=f"capo {fret or 'off'}" + (" · same sound, new shapes" if shift else ""))


def ask_capo(editor: "EditorScreen", keep_sound: bool) -> None:
    def answered(text: str | None) -> None:
        if text is None:
            return
        try:
            fret = int(text.strip() or "0")
            if not 0 <= fret < 12:
                raise ValueError
        except ValueError:
            editor.notify(f"a capo goes on fret 0 (none) to 11, not {text!r}", severity="error")
            return
        set_capo(editor, fret, keep_sound)

    hint = "0 = no capo; the chords change to keep the sound" if keep_sound else "0 = no capo; the shapes stay"
    editor.app.push_screen(TextPrompt("Capo on fret", str(capo_of(editor.doc.song)), hint), answered)
