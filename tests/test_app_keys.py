"""Keys and pastes that arrive together are applied in arrival order (issue 10 item 11, 12).

A terminal delivers a fast typist's keys, or a tmux `send-keys`, in one burst. These
tests post a whole burst to the app before it handles any of it, as a terminal does.
"""

from __future__ import annotations

from textual import events

from lyrictui.app.screens.candidates import PICK_HINT
from lyrictui.config import Config
from lyrictui.song.model import Line, Section, Song
from tests.app_fixtures import ScriptedChords, ScriptedLyrics, asynctest, make_app, wait_for

SIZE = (100, 30)


def lines_of(app, si=0):
    return [ln.text for ln in app.editor.doc.song.sections[si].lines]


def burst(app, *keys: str) -> None:
    """Post keys to the app in one go (no waiting between them), like a terminal burst."""
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key("space" if key == " " else key, key))
        else:
            app.post_message(events.Key(key, "\r" if key == "enter" else None))


@asynctest
async def test_a_burst_with_enters_makes_lines_in_order(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, *"three four", "enter", *"five six", "enter", *"seven")
        await pilot.pause(0.3)
        assert lines_of(app) == ["three four", "five six", "seven"]


@asynctest
async def test_keys_after_f2_rename_the_section_every_time(tmp_path):
    """The keys after F2 go to the prompt (not the song), and replace the old label."""
    song = Song(sections=[Section("verse", None, [Line("the boats come in")])])
    app = make_app(tmp_path, song)
    async with app.run_test(size=SIZE) as pilot:
        for name, kind, label in (("Refrain", "refrain", None), ("Chorus", "chorus", None), ("Hook 2", "hook 2", None)):
            burst(app, "f2", *name, "enter")
            await wait_for(pilot, lambda: app.screen is app.editor and app.editor.doc.section.kind == kind)
            assert app.editor.doc.song.section_label(0) == name
        assert lines_of(app) == ["the boats come in"]


@asynctest
async def test_keys_after_ctrl_n_choose_the_section_then_type_into_it(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, *"one", "ctrl+n", "down", "enter")  # the list opens on chorus; down: bridge
        await wait_for(pilot, lambda: len(app.editor.doc.song.sections) == 2 and app.screen is app.editor)
        burst(app, *"two")
        await pilot.pause(0.2)
        assert [s.kind for s in app.editor.doc.song.sections] == ["verse", "bridge"]
        assert lines_of(app, 0) == ["one"] and lines_of(app, 1) == ["two"]


@asynctest
async def test_a_paste_between_keys_keeps_its_place(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, *"one ")
        app.post_message(events.Paste("two\nthree"))
        burst(app, *" four", "enter", *"five")
        await pilot.pause(0.3)
        assert lines_of(app) == ["one two", "three four", "five"]


@asynctest
async def test_pasting_a_song_reads_headers_and_chord_lines(tmp_path):
    app = make_app(tmp_path)
    text = "G         D\nthe boats come in\nwith salt\n\n[Chorus]\nC          G\noh harbour lights\n"
    async with app.run_test(size=SIZE) as pilot:
        app.post_message(events.Paste(text))
        await pilot.pause(0.2)
        verse, chorus = app.editor.doc.song.sections
        assert [ln.text for ln in verse.lines] == ["the boats come in", "with salt"]
        assert [(c.chord, c.pos) for c in verse.lines[0].chords] == [("G", 0), ("D", 10)]
        assert chorus.kind == "chorus" and chorus.lines[0].text == "oh harbour lights"
        assert [(c.chord, c.pos) for c in chorus.lines[0].chords] == [("C", 0), ("G", 11)]
        c = app.editor.doc.cursor
        assert (c.section, c.line) == (1, 0)  # at the end of what was pasted
        await pilot.press("ctrl+z")  # one paste, one undo
        assert lines_of(app) == [""] and len(app.editor.doc.song.sections) == 1


@asynctest
async def test_keys_after_enter_in_a_dialog_wait_for_it_to_close(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, *"one", "f2", *"Chorus", "enter", *" two", "enter", *"three")
        await wait_for(pilot, lambda: lines_of(app) == ["one two", "three"])
        assert app.editor.doc.section.kind == "chorus"
        app.post_message(events.Key("f2", None))
        app.post_message(events.Paste("Bridge"))
        burst(app, "enter")
        app.post_message(events.Paste("four\nfive"))
        await wait_for(pilot, lambda: lines_of(app) == ["one two", "threefour", "five"])
        assert app.editor.doc.section.kind == "bridge"


@asynctest
async def test_enter_in_a_form_moves_to_the_next_field_and_keys_follow(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "ctrl+t", "backspace", "backspace", *"7-8", "enter")  # rhyme field, then syllables
        await wait_for(pilot, lambda: app.screen is not app.editor)
        await pilot.pause(0.2)
        field = app.screen.focused
        assert field is not None and field.id == "field-syllables"


# ----- taking candidates with keys that never type (item 2) -------------------------------
LINES = ["the harbour lights are low", "a gull cries out", "we row", "home", "and then", "the sea"]


@asynctest
async def test_down_chooses_enter_takes_and_digits_type_outside_the_list(tmp_path):
    provider = ScriptedLyrics(LINES)
    app = make_app(tmp_path, lyric_provider=provider, config=Config(autosave_seconds=0, candidates=6))
    async with app.run_test(size=SIZE) as pilot:
        panel = app.editor.lines_panel
        await pilot.press(*"the boats come in", "enter")
        await wait_for(pilot, lambda: len(panel.items) == 6 and all(panel.items) and panel.border_subtitle)
        await pilot.press("down", "down", "down", "up")
        assert panel.highlight == 1
        await pilot.press("enter")
        assert lines_of(app) == ["the boats come in", "a gull cries out"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(panel.items) == 6 and all(panel.items) and panel.border_subtitle)
        await pilot.press(*"5 6 more times")  # not in the list: digits type, a line may start with one
        assert lines_of(app)[-1] == "5 6 more times"
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(panel.items) == 6 and all(panel.items) and panel.border_subtitle)
        await pilot.press("down", "6")  # in the list a digit takes that candidate
        assert lines_of(app)[-1] == "the sea"
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(panel.items) == 6 and all(panel.items) and panel.border_subtitle)
        await pilot.press("down", "up", "up")  # ↑ from the first leaves the list, then moves up
        assert panel.highlight is None and app.editor.doc.cursor.line == 3
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: len(panel.items) == 6 and all(panel.items) and panel.border_subtitle)
        await pilot.press("alt+5")  # alt+digit takes at any time, even into a line with words
        assert lines_of(app)[3] == "and then"


@asynctest
async def test_enter_with_nothing_chosen_commits_and_esc_leaves_the_list(tmp_path):
    provider = ScriptedLyrics(LINES)
    app = make_app(tmp_path, lyric_provider=provider)
    async with app.run_test(size=SIZE) as pilot:
        panel = app.editor.lines_panel
        await pilot.press(*"one", "enter")
        await wait_for(pilot, lambda: len(panel.items) == 4 and all(panel.items) and panel.border_subtitle)
        await pilot.press(*"two", "enter")  # typing cleared the list; Enter commits as always
        assert lines_of(app) == ["one", "two", ""]
        await wait_for(pilot, lambda: len(panel.items) == 4 and all(panel.items) and panel.border_subtitle)
        await pilot.press("down", "escape")
        assert panel.highlight is None and panel.items  # Esc left the list; the list stays
        await pilot.press("enter")
        assert lines_of(app) == ["one", "two", "", ""]


@asynctest
async def test_a_completion_asked_for_mid_song_is_taken_with_down_and_enter(tmp_path):
    provider = ScriptedLyrics([" upon the tide", " in the rain"])
    song = Song(sections=[Section("verse", None, [Line("we sail"), Line("the end")])])
    cfg = Config(autosave_seconds=0, auto_suggest=False)
    app = make_app(tmp_path, song, lyric_provider=provider, config=cfg)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("end", "down")  # nothing shown: ↓ moves down a line
        assert app.editor.doc.cursor.line == 1
        await pilot.press("up", "end", "ctrl+l")
        await wait_for(pilot, lambda: app.editor.lines_panel.border_subtitle == PICK_HINT)
        await pilot.press("down", "down", "enter")
        assert lines_of(app) == ["we sail in the rain", "the end"]


@asynctest
async def test_a_progression_is_taken_with_down_and_enter(tmp_path):
    chords = ScriptedChords([["G", "D"], ["Am", "F", "C"]])
    app = make_app(tmp_path, progression_provider=chords)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"we sail at dawn", "ctrl+o")
        await wait_for(pilot, lambda: len(app.editor.chords_panel.items) == 2)
        await pilot.press("down", "down", "enter")
        line = app.editor.doc.song.sections[0].lines[0]
        assert [c.chord for c in line.chords] == ["Am", "F", "C"]


def test_esc_digit_from_tmux_reads_as_alt_digit():
    from textual._xterm_parser import XTermParser

    from lyrictui.app.keyorder import read_esc_digits_as_alt

    read_esc_digits_as_alt()
    keys = [(e.key, e.character) for e in XTermParser().feed("\x1b1ab\x1b9")]
    assert keys == [("alt+1", None), ("a", "a"), ("b", "b"), ("alt+9", None)]


# ----- editing traps (item 12) ------------------------------------------------------------
@asynctest
async def test_enter_then_new_section_leaves_no_invisible_line(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, *"one line", "enter", "ctrl+n", "enter")  # chorus
        await wait_for(pilot, lambda: len(app.editor.doc.song.sections) == 2 and app.screen is app.editor)
        assert lines_of(app, 0) == ["one line"]
        await pilot.press("up")  # straight back to the verse's last line, not to a hidden blank one
        c = app.editor.doc.cursor
        assert (c.section, c.line) == (0, 0)
        await pilot.press("down", *"x", "enter", "ctrl+up")  # the same when jumping to another section
        assert lines_of(app, 1) == ["x"]


@asynctest
async def test_a_dialog_binding_runs_between_the_letters_around_it(tmp_path):
    """ctrl+u (clear the field) then a new title, sent at once: the title is the new one."""
    from lyrictui.app.commands import edit_details

    app = make_app(tmp_path)
    async with app.run_test(size=(100, 45)) as pilot:
        await edit_details(app.editor)
        burst(app, "ctrl+u", *"Harbour", "enter", *"Ann", "ctrl+u", *"Bob")
        await wait_for(pilot, lambda: app.screen.query_one("#field-artist").value == "Bob")
        assert app.screen.query_one("#field-title").value == "Harbour"


@asynctest
async def test_tab_in_a_form_moves_on_before_the_letters_after_it(tmp_path):
    """Tab then letters in a burst: the letters go to the next field, not the one Tab left."""
    app = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "ctrl+t")
        await wait_for(pilot, lambda: app.screen is not app.editor and app.screen.focused is not None)
        form = app.screen
        rhyme_before = form.query_one("#field-rhyme").value
        burst(app, "tab", *"7-8")
        await pilot.pause(0.3)
        assert form.query_one("#field-rhyme").value == rhyme_before
        assert form.query_one("#field-syllables").value.endswith("7-8")
