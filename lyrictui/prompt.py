"""The one prompt format, shared by `lyrictui train lyrics` and the suggestion engine.

A song becomes training text like this (an end-of-song token follows it in training):

    Title: Harbour Lights
    [Verse]
    the boats come in at evening
    with salt upon their sails

    [Chorus]
    ...

Section headers name the kind, never the number ("[Verse]", not "[Verse 2]"), so the
model learns what a chorus sounds like rather than counting. Blank lines inside a
section (stanza breaks) are kept. The prompt for the next line is the same text cut
right after the newline that ends the previous line, so generation stops at the next
newline; "complete this line" cuts after the typed part instead.
"""

from __future__ import annotations

from typing import Callable

from lyrictui.song.model import Song

TITLE_PREFIX = "Title: "


def section_header(kind: str) -> str:
    return "[" + "-".join(p.title() for p in kind.split("-")) + "]"


def _head(song: Song) -> str:
    return f"{TITLE_PREFIX}{song.title.strip() or 'Untitled'}\n"


def song_lines(song: Song, upto: tuple[int, int] | None = None) -> list[str]:
    """The body of the format as a list of lines (each without newline).

    `upto=(section_index, line_index)` stops before that line (its section header included).
    """
    out: list[str] = []
    for si, sec in enumerate(song.sections):
        if upto is not None and si > upto[0]:
            break
        if out and out[-1] != "":
            out.append("")  # a blank line between sections
        out.append(section_header(sec.kind))
        for li, line in enumerate(sec.lines):
            if upto is not None and (si, li) >= upto:
                break
            if line.is_lyric:  # a comment or chorus recall is not part of the lyric
                out.append(line.text.rstrip())
    return out


def song_text(song: Song) -> str:
    """Training text for one whole song (no end-of-song token: the tokenizer's EOS is appended)."""
    return _head(song) + "\n".join(song_lines(song)) + "\n"


def build_prompt(
    song: Song,
    section_index: int,
    line_index: int,
    partial: str = "",
    count_tokens: Callable[[str], int] | None = None,
    max_tokens: int | None = None,
) -> str:
    """The text the model continues to write line (section_index, line_index).

    With `count_tokens` and `max_tokens`, the oldest lines are dropped (whole lines, never
    cut mid-line) until the prompt fits; the title line is always kept.
    """
    head = _head(song)
    body = song_lines(song, upto=(section_index, line_index))
    if section_index >= len(song.sections):  # a section about to be created
        body.append(section_header("verse"))
    tail = partial
    if count_tokens is None or max_tokens is None:
        return head + "".join(ln + "\n" for ln in body) + tail
    budget = max_tokens - count_tokens(head) - (count_tokens(tail) if tail else 0)
    kept: list[str] = []
    used = 0
    for ln in reversed(body):
        cost = count_tokens(ln + "\n")
        if used + cost > budget:
            break
        kept.append(ln)
        used += cost
    kept.reverse()
    return head + "".join(ln + "\n" for ln in kept) + tail
