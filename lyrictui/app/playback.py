"""Playback in the editor: hear the chord under the cursor, the line, the section, the song.

    F5 chord · F6 line · F7 section · F8 song · F9 audition, one per press, the ranked next
    chords (on a chord row) or else the chord panel's proposals · Esc stops (ids play_chord, play_line, ... in [keys] rebind them)

A mixin of EditorScreen. What to play is decided on the UI thread from a snapshot of the
song (cheap: a timeline of a few hundred chords); rendering and sound out run in one
exclusive thread worker (group "playback") that renders a block, writes it, and checks
`is_cancelled` between blocks, so a new play or Esc stops the old one within ~50 ms and
typing never waits. Where there is no sound (no sounddevice, no PortAudio, no device)
the editor says so once, with the WAV export to use instead, then only in the status bar.
Pitches sound as played with the capo.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from textual import work
from textual.binding import Binding
from textual.message import Message
from textual.worker import get_current_worker

from lyrictui.app import chordrow
from lyrictui.song.model import Song
from lyrictui.sound import device
from lyrictui.sound.arrange import PLAYERS, arrange
from lyrictui.sound.capo import capo_of, sounding, sounding_key, sounding_song
from lyrictui.sound.export import song_midi, song_wav
from lyrictui.sound.timing import Timeline, chord_at, meter_of, progression, single_chord, timeline

if TYPE_CHECKING:
    from lyrictui.app.document import SongDoc
    from lyrictui.app.widgets.next_chords import NextChordsPanel

PLAY_BINDINGS = [
    Binding("f5", "play('chord')", "Play the chord under the cursor", show=False, id="play_chord"),
    Binding("f6", "play('line')", "Play the line's chords", show=False, id="play_line"),
    Binding("f7", "play('section')", "Play the section", show=False, id="play_section"),
    Binding("f8", "play('song')", "Play the whole song", show=False, id="play_song"),
    Binding("f9", "audition", "Audition the next chords or proposals in turn", show=False, id="audition"),
]


RENDERED = ("midi", "wav")  # export formats the palette writes in a worker, with the playback sound


@dataclass
class NoAudio(Message):
    reason: str


@dataclass
class PlaybackEnded(Message):
    what: str
    finished: bool  # False when stopped


@dataclass
class SoundExported(Message):
    path: str
    error: str | None = None


def plan(song: Song, scope: str, section: int, line: int, pos: int) -> tuple[Timeline, str]:
    """What `scope` ("chord", "line", "section", "song") at the cursor plays, as it sounds."""
    heard = sounding_song(song)
    if scope == "chord":
        index = chord_at(heard.sections[section].lines[line], pos)
        if index is None:
            return Timeline(meter_of(heard)), "no chord on this line"
        chord = heard.sections[section].lines[line].sorted_chords()[index].chord
        return single_chord(heard, section, line, index), chord
    if scope == "line":
        return timeline(heard, section, line), f"line {line + 1}"
    if scope == "section":
        return timeline(heard, section), heard.section_label(section)
    return timeline(heard), "the song"


class PlaybackMixin:
    """The host screen provides doc, status, notify, _progressions, chords_panel and next_chords_panel."""

    doc: "SongDoc"
    _progressions: list[list[str]]
    next_chords_panel: "NextChordsPanel"

    def _init_playback(self) -> None:
        self.open_audio: Callable[[int], device.Output] = device.open_output  # tests pass their own
        self.play_sound = "piano"  # a key of arrange.PLAYERS; the palette switches it
        self._told_no_audio = False
        self._audition = -1  # which proposal F9 played last
        self.playing: str | None = None  # what is playing now, for the status bar and Esc

    def action_play(self, scope: str) -> None:
        c = self.doc.cursor
        pos = chordrow.char_pos(self.doc.line.text, c.col) if c.on_chords else c.col
        tl, what = plan(self.doc.snapshot(), scope, c.section, c.line, pos)
        self.start_playback(tl, what)

    def action_audition(self) -> None:
        """Play, one per press, what could come next, as it would sound in this song.

        On a chord row with ranked next chords: the row's last chord, then candidate N.
        Elsewhere: the chord panel's proposed progressions.
        """
        ranked = self.next_chords_panel.chords if self.doc.cursor.on_chords else []
        row = [c.chord for c in self.doc.line.sorted_chords()[-1:]]
        options = [[*row, ch] for ch in ranked] if ranked else self._progressions
        if not options:
            self.status.set(message="nothing to audition · ctrl+o proposes progressions; a chord row ranks next chords")
            return
        self._audition = (self._audition + 1) % len(options)
        song = self.doc.song
        capo, key = capo_of(song), sounding_key(song)
        chords = [sounding(ch, capo, key) for ch in options[self._audition]]
        what = f"next chord {self._audition + 1}" if ranked else f"proposal {self._audition + 1}"
        self.start_playback(progression(chords, meter_of(song)), f"{what}: {' '.join(chords)}")

    def start_playback(self, tl: Timeline, what: str) -> None:
        if not tl.chords:
            self.status.set(message=f"nothing to play: {what}" if what.startswith("no ") else f"no chords in {what}")
            return
        self.playing = what
        self.status.set(message=f"▶ {what} ({self.play_sound}) · Esc stops")
        self._play_worker(tl, what, self.play_sound, self.open_audio)

    def stop_playback(self) -> bool:
        """Esc: stop what is playing; False when nothing was (so Esc does its other jobs)."""
        if self.playing is None:
            return False
        self.workers.cancel_group(self, "playback")
        self.status.set(message=f"■ stopped {self.playing}")
        self.playing = None
        return True

    @work(thread=True, exclusive=True, group="playback", exit_on_error=False)
    def _play_worker(self, tl: Timeline, what: str, sound: str, open_audio: Callable[[int], Any]) -> None:
        from lyrictui.sound.synth import SynthConfig, render_blocks  # numpy: loaded on the first play

        worker = get_current_worker()
        cfg = SynthConfig(instrument=sound)
        try:
            out = open_audio(cfg.rate)
        except device.AudioUnavailable as e:
            self.post_message(NoAudio(str(e)))
            return
        finished = False
        try:  # a device error mid-song is shown by the screen's worker-error handler
            finished = device.play(render_blocks(arrange(tl, cfg.instrument), cfg), out, lambda: worker.is_cancelled)
        finally:
            if not worker.is_cancelled:
                self.post_message(PlaybackEnded(what, finished))

    def on_no_audio(self, msg: NoAudio) -> None:
        self.playing = None
        if not self._told_no_audio:
            self._told_no_audio = True
            self.notify(f"{msg.reason}. To hear the song, {device.INSTEAD}.", title="no sound here",
                        severity="warning", timeout=12)
        self.status.set(message=f"no sound here: {msg.reason}", message_error=True)

    def on_playback_ended(self, msg: PlaybackEnded) -> None:
        if self.playing == msg.what:
            self.playing = None
            if msg.finished:
                self.status.set(message=f"played {msg.what}")

    def set_play_sound(self, name: str) -> None:
        self.play_sound = name if name in PLAYERS else "piano"
        self.status.set(message=f"playback sound: {self.play_sound}")

    # ----- MIDI and WAV from the palette: rendering a song takes seconds, so in a worker ----
    def export_sound(self, fmt: str, target: Path) -> None:
        self.status.set(message=f"exporting {target.name}…")
        self._export_worker(self.doc.song_for_saving(), fmt, target, self.play_sound)

    @work(thread=True, group="export", exit_on_error=False)
    def _export_worker(self, song: Song, fmt: str, target: Path, sound: str) -> None:
        from lyrictui.atomic import write_bytes
        from lyrictui.sound.midi import MidiConfig
        from lyrictui.sound.synth import SynthConfig

        if fmt == "wav":
            data = song_wav(song, SynthConfig(instrument=sound))
        else:
            data = song_midi(song, MidiConfig(instrument=sound))
        try:
            write_bytes(target, data)
        except OSError as e:
            self.post_message(SoundExported(str(target), e.strerror or str(e)))
            return
        self.post_message(SoundExported(str(target)))

    def on_sound_exported(self, msg: SoundExported) -> None:
        name = Path(msg.path).name
        if msg.error:
            self.notify(f"{name}: {msg.error}", title="export failed", severity="error")
            self.status.set(message=f"not exported: {msg.error}", message_error=True)
            return
        self.status.set(message=f"exported {name}")
        self.notify(msg.path, title="exported")
