"""What a song already says about its next chord: repeated sections and its own progressions.

    toks = ["<verse>", "C", "G", "Am", "F", "<chorus>", "F", "G", "C", "<verse>", "C", "G"]
    section_repeat_next(toks)        # ("Am", "verse 1"): verse 2 follows verse 1 so far
    copy_distribution(["C", "G", "Am", "F", "C", "G"])    # {"Am": 1.0}: what followed "C G" before
    recent_history(["C", "G", "Am", "F", "C"], k=3)       # ["F", "Am", "G"]

Songs repeat themselves; these are the song-local predictors that the benchmark compares the
model with, and that the editor's ranking mixes in (`chords.next_chords`). Pure Python.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

MAX_MATCH = 4  # longest run of earlier chords matched when copying


def _is_marker(t: str) -> bool:
    return t.startswith("<") and t.endswith(">")


def sections(tokens: Sequence[str]) -> list[tuple[str, list[str]]]:
    """(marker, chords) per section, in order; chords before any marker belong to ("", ...)."""
    out: list[tuple[str, list[str]]] = []
    for t in tokens:
        if _is_marker(t):
            out.append((t, []))
        elif t != "|":
            if not out:
                out.append(("", []))
            out[-1][1].append(t)
    return out


def section_repeat_next(tokens: Sequence[str]) -> tuple[str, str] | None:
    """(next chord, "chorus 1") when the section being written repeats an earlier one of its kind.

    The most recent earlier section with the same marker whose chords begin with the current
    section's chords so far gives its next chord; None when there is none, or it has ended.
    """
    secs = sections(tokens)
    if len(secs) < 2 or not secs[-1][0]:
        return None
    marker, now = secs[-1]
    same = [(i, ch) for i, (m, ch) in enumerate(secs[:-1]) if m == marker]
    for n, (_, chords) in reversed(list(enumerate(same, start=1))):
        if len(chords) > len(now) and chords[: len(now)] == now:
            return chords[len(now)], f"{marker.strip('<>')} {n}"
    return None


def copy_distribution(chords: Sequence[str]) -> dict[str, float]:
    """P(next chord) from what followed the song's most recent chords earlier in the same song.

    Every earlier occurrence of the last chord votes for its successor, weighted by how many
    chords before it also match (1 + matched run, up to MAX_MATCH): "induction" by counting.
    """
    if len(chords) < 2:
        return {}
    last = len(chords) - 1
    votes: dict[str, float] = defaultdict(float)
    for j in range(last - 1, -1, -1):
        if chords[j] != chords[last]:
            continue
        m = 1
        while m < MAX_MATCH and j - m >= 0 and chords[j - m] == chords[last - m]:
            m += 1
        votes[chords[j + 1]] += m * m
    total = sum(votes.values())
    return {c: v / total for c, v in votes.items()} if total else {}


def recent_history(chords: Sequence[str], k: int = 5) -> list[str]:
    """The last k distinct chords of the song, most recent first, without the current chord
    (repeats are collapsed, so the next chord differs from the one before it)."""
    out: list[str] = []
    for c in reversed(chords[:-1]):
        if c != chords[-1] and c not in out:
            out.append(c)
            if len(out) == k:
                break
    return out
