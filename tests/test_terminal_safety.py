"""No control character from a file reaches the terminal: the editor, CLI output, error messages.

Hostile text in every field of a song (title, facts, extra, section kind and label, line,
chord) in every file format; a model folder named with an OSC title sequence; a binary
.txt; UTF-16/32 files with a byte-order mark.
"""

from __future__ import annotations

import codecs
import json
import random

import pytest
from click.testing import CliRunner

from lyrictui.cli import cli
from lyrictui.song.io import SongFileError, load_song, save_song
from lyrictui.song.model import FACTS, ChordPlacement, Line, Section, Song
from lyrictui.visible import has_control, visible
from song_fixtures import sample_song
from tests.app_fixtures import asynctest, make_app, screen_text

CLEAR = "\x1b[2J"
OSC_TITLE = "\x1b]0;pwned\x07"
CSI8 = "\x9b2J"  # the one-byte CSI that 8-bit terminals obey
RESET = "\x1bc"
FORMATS = ("s.song.json", "s.cho", "s.txt")


def hostile_song() -> Song:
    song = Song(
        title=f"Title{CLEAR}{OSC_TITLE}", artist=f"Artist{CSI8}",
        sections=[
            Section(f"verse{RESET}", f"Label{OSC_TITLE}", [
                Line(f"words {CLEAR} more {OSC_TITLE} end {CSI8}", [ChordPlacement(f"Am{RESET}", 0)]),
                Line("a\x01b\x08c\x7fd\re")  # a NUL in a text file is refused as binary,
            ]),
        ],
    )
    for name in FACTS:
        if name not in ("tempo", "capo"):
            setattr(song, name, f"{name}{CLEAR}")
    song.extra = {f"k{RESET}": f"v{OSC_TITLE}"}
    return song


def clean(text: str) -> bool:
    return not has_control(text)


def test_visible_rule():
    assert visible(CLEAR + OSC_TITLE + CSI8 + "\x7f") == "␛[2J␛]0;pwned␇\ufffd2J␡"
    assert visible("tab\tand\nnewline") == "tab\tand\nnewline"
    assert len(visible("\x00\x1f")) == 2  # one symbol per character: chord columns stay put


@pytest.mark.parametrize("name", FORMATS)
def test_every_field_is_shown_visibly_after_import(tmp_path, name):
    path = tmp_path / name
    save_song(hostile_song(), path)  # the file itself holds the raw bytes
    assert any(esc in path.read_text("utf-8") for esc in ("\x1b", "\\u001b"))
    song = load_song(path)
    assert clean(json.dumps(song.to_dict(), ensure_ascii=False))
    assert song.title.startswith("Title␛[2J␛]0;pwned␇")


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("fmt", ["txt", "chordpro", "md", "json"])
def test_export_to_the_terminal_is_clean(tmp_path, name, fmt):
    path = tmp_path / name
    save_song(hostile_song(), path)
    r = CliRunner().invoke(cli, ["export", str(path), "--format", fmt])
    assert r.exit_code == 0, r.output
    assert clean(r.output) and "␛" in r.output


@pytest.mark.parametrize("name", FORMATS)
def test_analyze_is_clean(tmp_path, name):
    path = tmp_path / name
    save_song(hostile_song(), path)
    for args in ([], ["--json"]):
        r = CliRunner().invoke(cli, ["analyze", str(path), *args])
        assert r.exit_code == 0, r.output
        assert clean(r.output)


def test_error_messages_show_controls_visibly(tmp_path):
    bad = tmp_path / f"bad{OSC_TITLE}.song.json"
    bad.write_text('{"title": "x", "sections": 7 ' + CLEAR)
    for cmd in (["export", str(bad)], ["analyze", str(bad)], ["edit", str(bad)]):
        r = CliRunner().invoke(cli, cmd)
        assert r.exit_code != 0 and "Traceback" not in r.output
        assert clean(r.output) and "␛]0;pwned␇" in r.output, cmd
    r = CliRunner().invoke(cli, ["chords", f"C G {CLEAR}"])
    assert r.exit_code != 0 and clean(r.output)
    r = CliRunner().invoke(cli, ["export", str(tmp_path / f"none{CLEAR}.cho")])
    assert r.exit_code != 0 and clean(r.output)


def test_models_list_shows_hostile_names_visibly(models_dir):
    folder = models_dir / "lyrics" / f"evil{OSC_TITLE}"
    folder.mkdir()
    (folder / "lyrictui.json").write_text(json.dumps({"type": f"lyrics-adapter{CLEAR}", "base": f"b{CSI8}"}))
    r = CliRunner().invoke(cli, ["models", "list"])
    assert r.exit_code == 0, r.output
    assert clean(r.output) and "evil␛]0;pwned␇" in r.output


def test_a_model_that_emits_escapes_is_cleaned():
    from lyrictui.engine.clean import clean_line

    assert clean(clean_line(f"the night {CLEAR}{OSC_TITLE} comes"))


@asynctest
async def test_editor_shows_every_field_visibly(tmp_path):
    path = tmp_path / "s.song.json"
    save_song(hostile_song(), path)
    app = make_app(tmp_path, load_song(path), name="s.song.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert clean(shown) and "␛[2J" in shown
        await pilot.press("f2")  # the rename dialog, filled with the hostile label
        await pilot.pause()
        assert clean(screen_text(app))


# ----- binary files and byte-order marks -----------------------------------------------------
def binary_txt(tmp_path):
    p = tmp_path / "blob.txt"
    rng = random.Random(3)
    p.write_bytes(bytes(rng.randrange(256) for _ in range(3000)))
    return p


def test_binary_txt_is_refused_with_a_clear_message(tmp_path):
    p = binary_txt(tmp_path)
    with pytest.raises(SongFileError, match="binary file"):
        load_song(p)
    for cmd in (["export", str(p)], ["analyze", str(p)], ["edit", str(p)], ["suggest", str(p)]):
        r = CliRunner().invoke(cli, cmd)
        assert r.exit_code != 0 and "binary file" in r.output and "Traceback" not in r.output, (cmd, r.output)
        assert clean(r.output)


def test_control_heavy_bytes_that_are_not_utf8_are_binary(tmp_path):
    p = tmp_path / "ctl.txt"
    p.write_bytes(bytes(range(1, 32)) * 4 + b"\xff\xfe ab")
    with pytest.raises(SongFileError, match="binary file"):
        load_song(p)


@pytest.mark.parametrize("codec, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                        ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE),
                                        ("utf-8", codecs.BOM_UTF8)])
@pytest.mark.parametrize("name", FORMATS)
def test_utf16_and_utf32_are_decoded_by_their_bom(tmp_path, codec, bom, name):
    ref = tmp_path / f"ref-{name}"
    save_song(sample_song(), ref)
    path = tmp_path / name
    path.write_bytes(bom + ref.read_text("utf-8").encode(codec))
    assert load_song(path) == load_song(ref)


def test_utf16_without_bom_is_refused_and_says_why(tmp_path):
    p = tmp_path / "s.txt"
    p.write_bytes("Title\n\nhello there\n".encode("utf-16-le"))
    with pytest.raises(SongFileError, match="byte-order mark"):
        load_song(p)


@asynctest
async def test_editor_paste_status_and_notifications_are_visible(tmp_path):
    from textual import events

    app = make_app(tmp_path, Song(title="t", sections=[Section("verse", None, [Line("")])]))
    async with app.run_test(size=(100, 30)) as pilot:
        app.editor.view.post_message(events.Paste(f"pasted {CLEAR}{OSC_TITLE}"))
        app.editor.status.set(message=f"error {CLEAR}")
        app.notify(f"note {OSC_TITLE}", title=f"t{RESET}")
        await pilot.pause(0.2)
        assert texts_clean(app.editor.doc.song)
        assert clean(screen_text(app)) and "pasted ␛[2J" in screen_text(app)
        assert all(clean(n.message + n.title) for n in app._notifications)


def texts_clean(song: Song) -> bool:
    return clean(json.dumps(song.to_dict(), ensure_ascii=False))


def test_toasts_show_brackets_as_text_not_markup(tmp_path):
    """A chord '[C]' or a header '[Chorus]' quoted in a toast is text, not Textual markup."""
    app = make_app(tmp_path)

    @asynctest
    async def run():
        async with app.run_test(size=(100, 30)) as pilot:
            app.notify("[bold]Chorus[/bold] [C]")
            await pilot.pause()
            note = list(app._notifications)[-1]
            assert note.markup is False and note.message == "[bold]Chorus[/bold] [C]"

    run()
