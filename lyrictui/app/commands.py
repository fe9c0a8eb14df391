"""Commands for Textual's command palette (ctrl+p): export, sections, transpose, settings, models.

`editor_commands(editor)` yields them; LyricApp.get_system_commands adds them to the
palette. Each command is a small function of the editor screen, so the screen stays short.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from textual.app import SystemCommand

from lyrictui.app import services
from lyrictui.app.playback import RENDERED
from lyrictui.app.sound_commands import sound_commands
from lyrictui.app.screens.modals import ChoiceModal, FormModal, TextPrompt
from lyrictui.config import save_config
from lyrictui.engine.settings import SamplingSettings
from lyrictui.song.formats import FORMATS, NATIVE, export_song, strip_song_suffix

if TYPE_CHECKING:
    from lyrictui.app.screens.editor import EditorScreen
    from lyrictui.providers import LyricProvider

# Shown in the settings form when the config says nothing: the engine's own defaults (torch-free module).
SAMPLING_DEFAULTS = SamplingSettings.defaults()
SAMPLING_FIELDS = [  # (name, label, type, low, high)
    ("temperature", "Temperature", float, 0.01, 5.0),
    ("top_k", "Top-k (0 = off)", int, 0, 1000),
    ("top_p", "Top-p", float, 0.01, 1.0),
    ("repetition_penalty", "Repetition penalty", float, 0.5, 3.0),
    ("max_new_tokens", "Max tokens per line", int, 1, 256),
]


def editor_commands(editor: "EditorScreen") -> Iterable[SystemCommand]:
    for fmt in (f for f in FORMATS.values() if f.name != NATIVE):  # the native file is Save as
        yield SystemCommand(f"Export as {fmt.label}", f"Write the song as {fmt.label} (asks where; never replaces a file unasked)",
                            lambda fmt=fmt.name: export(editor, fmt))
    yield from sound_commands(editor)
    yield SystemCommand("New section", "Add a section after the current one (ctrl+n)", editor.action_new_section)
    yield SystemCommand("Rename section", "Change the current section's kind or label (F2)", editor.action_rename_section)
    yield SystemCommand("Move section up", "Reorder: swap with the section above (alt+up)",
                        lambda: editor.action_reorder_section(-1))
    yield SystemCommand("Move section down", "Reorder: swap with the section below (alt+down)",
                        lambda: editor.action_reorder_section(1))
    yield SystemCommand("Delete section", "Remove the current section (ctrl+z brings it back)",
                        lambda: delete_section(editor))
    yield SystemCommand("Transpose up a semitone", "Every chord and the key", lambda: transpose(editor, 1))
    yield SystemCommand("Transpose down a semitone", "Every chord and the key", lambda: transpose(editor, -1))
    yield SystemCommand("Transpose by…", "Any number of semitones", lambda: ask_transpose(editor))
    yield SystemCommand("Rhyme target…", "Rhyme with a line, a word or the scheme; a syllable range (ctrl+t)",
                        editor.action_rhyme_target)
    yield SystemCommand("Rhyme target: follow the section's scheme",
                        "Suggested lines rhyme where the scheme (AABB, ABAB…) says", lambda: rhyme_target(editor, "scheme"))
    yield SystemCommand("Rhyme target: rhyme with the line above",
                        "Suggested lines rhyme with the previous line", lambda: rhyme_target(editor, "above"))
    yield SystemCommand("Rhyme target: off", "No rhyme or syllable target", lambda: rhyme_target(editor, "none"))
    yield SystemCommand("Settings", "Sampling settings and how many candidates to ask for",
                        lambda: open_settings(editor))
    yield SystemCommand("Song info", "Title, artist, key, capo, tempo, time, composer, album, year…",
                        lambda: edit_details(editor))
    yield SystemCommand("Switch lyric model", "Choose the lyric adapter/model the suggestions use",
                        lambda: switch_lyric_model(editor))
    yield SystemCommand("Switch chord model", "Choose the chord model that proposes progressions (ctrl+o)",
                        lambda: switch_chord_model(editor))
    yield SystemCommand("Save as", "Save the song under a new name", lambda: save_as(editor))
    yield SystemCommand("Keys", "Every key and its config id (F1)", editor.action_help)


def export_path(editor: "EditorScreen", fmt: str) -> Path:
    """<song>.txt / .cho / .md … next to the song file (in the current folder for an unsaved
    song); never the open song's own file, nor by default the file it was imported from."""
    from lyrictui.app.screens.editor import default_file_name

    path = editor.path or Path.cwd() / default_file_name(editor.doc.song.title)
    name = strip_song_suffix(path.name)
    ext = FORMATS[fmt].extensions[0]
    target = path.with_name(name + ext)
    if any(p is not None and target.resolve() == p.resolve() for p in (editor.path, editor.source)):
        target = path.with_name(name + ".export" + ext)
    return target


def export(editor: "EditorScreen", fmt: str):
    """Ask where, showing the target; a file already there is replaced only when the writer says so."""
    default = export_path(editor, fmt)

    def named(text: str | None) -> None:
        if not text:
            return
        target = Path(text).expanduser()
        target = target if target.is_absolute() else default.parent / target
        if editor.path is not None and target.resolve() == editor.path.resolve():
            editor.notify(f"{target.name} is the song's own file; export under another name",
                          title="not exported", severity="error")
        elif target.exists():
            confirm_replace(editor, fmt, target)
        else:
            write_export(editor, fmt, target)

    hint = f"in {default.parent} · a file already there is only replaced if you say so"
    return editor.open_dialog(TextPrompt(f"Export as {FORMATS[fmt].label} to", default.name, hint), named)


def confirm_replace(editor: "EditorScreen", fmt: str, target: Path) -> None:
    imported = editor.source is not None and target.resolve() == editor.source.resolve()
    why = (" It is the file this song was imported from: what lyrictui does not keep would be lost."
           if imported else "")
    choices = [("keep", "Keep it (nothing is exported)"), ("replace", f"Replace {target.name}")]
    editor.open_dialog(ChoiceModal(f"{target} already exists.{why}", choices, current="keep"),
                       lambda answer: answer == "replace" and write_export(editor, fmt, target))


def write_export(editor: "EditorScreen", fmt: str, target: Path) -> None:
    from lyrictui.atomic import write_bytes

    if fmt in RENDERED:  # seconds of synthesis: in a worker, with the chosen playback sound
        editor.export_sound(fmt, target)
        return
    try:
        data = export_song(editor.doc.song_for_saving(), fmt)
        write_bytes(target, data.encode("utf-8") if isinstance(data, str) else data)
    except Exception as e:
        editor.notify(str(e), title="export failed", severity="error")
        return
    editor.status.set(message=f"exported {target.name}")  # the whole path is in the note
    editor.notify(str(target), title="exported")


def delete_section(editor: "EditorScreen") -> None:
    editor.doc.delete_section()
    editor.cancel_lines()
    editor.doc_changed()


def transpose(editor: "EditorScreen", semitones: int) -> None:
    song = editor.doc.song
    fn = services.transposer(semitones, song.key, [c.chord for ln in song.all_lines() for c in ln.chords])
    n = editor.doc.transpose(fn)
    editor.doc_changed()
    editor.status.set(message=f"transposed {n} chords by {semitones:+d}")


def ask_transpose(editor: "EditorScreen") -> None:
    def answered(text: str | None) -> None:
        if not text:
            return
        try:
            n = int(text.replace("+", ""))
        except ValueError:
            editor.notify(f"not a number of semitones: {text}", severity="error")
            return
        transpose(editor, n)

    editor.app.push_screen(TextPrompt("Transpose by how many semitones?", "2", "e.g. 2, -3"), answered)


def current_sampling(editor: "EditorScreen") -> dict[str, Any]:
    return {**{k: v for k, v in SAMPLING_DEFAULTS.items() if v is not None}, **editor.config.sampling}


def rhyme_target(editor: "EditorScreen", what: str) -> None:
    """Quick targets from the palette; the syllable range and steering stay as they were."""
    from dataclasses import replace

    t = editor.rhyme_target
    if what == "scheme":
        new = replace(t, kind="scheme")
    elif what == "above":
        line = editor.doc.cursor.line  # 1-based number of the line above the cursor
        if line < 1:
            editor.notify("the first line of a section has no line above", severity="warning")
            return
        new = replace(t, kind="line", line=line)
    else:
        new = replace(t, kind="none", syllables=None)
    editor.set_rhyme_target(new)


def open_settings(editor: "EditorScreen") -> None:
    sampling = current_sampling(editor)
    fields = [(name, label, str(sampling.get(name, ""))) for name, label, *_ in SAMPLING_FIELDS]
    fields.append(("candidates", "Candidates (1-9)", str(editor.config.candidates)))

    def answered(values: dict[str, str] | None) -> None:
        if values is None:
            return
        new: dict[str, Any] = {}
        try:
            for name, label, typ, lo, hi in SAMPLING_FIELDS:
                v = typ(values[name])
                if not lo <= v <= hi:
                    raise ValueError(f"{label} must be between {lo} and {hi}")
                new[name] = v
            candidates = int(values["candidates"])
            if not 1 <= candidates <= 9:
                raise ValueError("Candidates must be between 1 and 9")
        except ValueError as e:
            editor.notify(str(e), title="settings not saved", severity="error")
            return
        cfg = editor.config
        cfg.sampling = {**cfg.sampling, **new}
        cfg.candidates = candidates
        apply_sampling(editor.lyric_provider, cfg.sampling)
        try:
            path = save_config(cfg)
        except OSError as e:
            editor.notify(str(e), title="settings not saved", severity="error")
            return
        editor.status.set(message=f"settings saved to {path}")

    editor.app.push_screen(FormModal("Settings", fields, "Saved to the config file; used from the next request."), answered)


def apply_sampling(provider: "LyricProvider | None", sampling: dict[str, Any]) -> None:
    """Hand new sampling settings to the lyric provider (it keeps them for every request)."""
    if provider is not None:
        provider.set_sampling(dict(sampling))


def edit_details(editor: "EditorScreen"):
    """The song-info dialog: title, artist and every fact (lyrictui.app.songinfo)."""
    from lyrictui.app import songinfo

    def answered(values: dict[str, str] | None) -> None:
        if values is None:
            return
        try:
            facts = songinfo.parse(values)
        except ValueError as e:
            editor.notify(str(e), title="song info not changed", severity="error")
            return
        editor.doc.set_facts(facts)
        editor.doc_changed()
        editor.status.set(message=f"song info: {facts['title']}" + (f", key {facts['key']}" if facts["key"] else ""))

    return editor.open_dialog(FormModal("Song info", songinfo.form_fields(editor.doc.song), songinfo.HINT), answered)


def switch_lyric_model(editor: "EditorScreen") -> None:
    from lyrictui import store

    names = services.lyric_model_names()
    if not names:
        editor.notify(f"no lyric models in {store.lyrics_dir()}; train one with `lyrictui train lyrics`",
                      severity="warning")
        return

    def chosen(name: str | None) -> None:
        if not name:
            return
        editor.config.lyrics_model = name
        _save_config(editor)
        editor.cancel_lines()
        editor.status.set(lyrics=f"loading {name}…")
        editor.reload_lyric_provider(name)

    editor.app.push_screen(ChoiceModal("Lyric model", [(n, n) for n in names], editor.config.lyrics_model), chosen)


def _save_config(editor: "EditorScreen") -> None:
    """Keep a model choice for the next start; a config that cannot be written is said, not fatal."""
    try:
        save_config(editor.config)
    except OSError as e:
        editor.notify(str(e), title="config not saved", severity="error")


def switch_chord_model(editor: "EditorScreen"):
    from lyrictui import store

    names = services.chord_model_names()
    if not names:
        editor.notify(f"no chord models in {store.chords_dir()}; train one with `lyrictui train chords`",
                      severity="warning")
        return None

    def chosen(name: str | None) -> None:
        if not name:
            return
        editor.config.chords_model = name
        _save_config(editor)
        editor.cancel_progressions()
        editor.status.set(chords=f"loading {name}…")
        editor.load_progression_provider(name)

    provider = editor.progression_provider
    current = editor.config.chords_model or (provider.name if provider is not None else None)
    return editor.open_dialog(ChoiceModal("Chord model", [(n, n) for n in names], current), chosen)


def save_as(editor: "EditorScreen") -> None:
    editor.save(ask=True)
