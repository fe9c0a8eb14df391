"""Fit a song into the model's window so the prompt prefix stays stable across requests.

`lyrictui.prompt.build_prompt` drops the oldest lines one at a time until the prompt fits.
Used as is, a long song would lose one line at its head for every line written, every
prompt would differ from the previous one at its start, and prefix reuse would never hit.
So the engine drops lines in coarse steps aligned to absolute line numbers: the kept
window starts at a multiple of `step` lines. Writing more lines leaves the head unchanged
until the window overflows, then it jumps `step` lines at once: one full prefill every
`step` lines, reuse (only the new line's tokens) for all the others. The prompt is a pure
function of the song, so the same song always gives the same prompt.
"""

from __future__ import annotations

import math
from typing import Callable

from lyrictui.prompt import build_prompt
from lyrictui.song.model import Song

TRIM_STEP_LINES = 16


def fit_song_prompt(
    song: Song,
    section_index: int,
    line_index: int,
    partial: str,
    count_tokens: Callable[[str], int],
    max_tokens: int,
    step: int = TRIM_STEP_LINES,
) -> str:
    full = build_prompt(song, section_index, line_index, partial)
    if count_tokens(full) <= max_tokens:
        return full
    fitted = build_prompt(song, section_index, line_index, partial, count_tokens, max_tokens)
    head = full[: full.index("\n") + 1]  # the title line, always kept
    body = full[len(head) : len(full) - len(partial)].split("\n")[:-1]
    kept = fitted[len(head) : len(fitted) - len(partial)].count("\n")
    dropped = len(body) - kept
    start = min(len(body), math.ceil(dropped / step) * step)
    return head + "".join(ln + "\n" for ln in body[start:]) + partial


def fit_text_prompt(text: str, count_tokens: Callable[[str], int], max_tokens: int) -> str:
    """A raw prompt (`suggest --prompt`): drop whole leading lines until it fits."""
    lines = text.split("\n")
    while len(lines) > 1 and count_tokens("\n".join(lines)) > max_tokens:
        lines = lines[max(1, len(lines) // 8) :]  # coarse steps, for the same reason as above
    return "\n".join(lines)
