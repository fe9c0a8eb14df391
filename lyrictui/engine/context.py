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


# characters per token that no real window exceeds (English BPE: ~4). Only the tail of a song
# this many characters per token of the window is ever tokenised, so a 50 MB song costs what
# its last few kilobytes cost, not gigabytes of token ids.
MAX_CHARS_PER_TOKEN = 16


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
    limit = max_tokens * MAX_CHARS_PER_TOKEN
    if len(full) <= limit and count_tokens(full) <= max_tokens:
        return full
    head = full[: full.index("\n") + 1]  # the title line, always kept
    body = full[len(head) : len(full) - len(partial)].split("\n")[:-1]
    budget = max_tokens - count_tokens(head[:limit]) - (count_tokens(partial[-limit:]) if partial else 0)
    first, used, chars = len(body), 0, 0  # the oldest line kept, counted from the newest back
    for i in range(len(body) - 1, -1, -1):
        chars += len(body[i]) + 1
        cost = count_tokens(body[i] + "\n") if chars <= limit else budget + 1
        if used + cost > budget:
            break
        first, used = i, used + cost
    start = min(len(body), math.ceil(first / step) * step)
    return head + "".join(ln + "\n" for ln in body[start:]) + partial


def fit_text_prompt(text: str, count_tokens: Callable[[str], int], max_tokens: int) -> str:
    """A raw prompt (`suggest --prompt`): drop whole leading lines until it fits."""
    limit = max_tokens * MAX_CHARS_PER_TOKEN
    if len(text) > limit:  # only a tail can fit: never tokenise the rest
        cut = text.find("\n", len(text) - limit)
        text = text[cut + 1 :] if 0 <= cut < len(text) - 1 else text[-limit:]
    lines = text.split("\n")
    while len(lines) > 1 and count_tokens("\n".join(lines)) > max_tokens:
        lines = lines[max(1, len(lines) // 8) :]  # coarse steps, for the same reason as above
    return "\n".join(lines)
