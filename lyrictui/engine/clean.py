"""Pure checks on candidate lines: tidy them, spot degenerate ones, and deduplicate.

The engine replaces any candidate these reject by sampling again, so the panel shows K
usable, distinct lines whenever the model can make them.
"""

from __future__ import annotations

import re

from lyrictui.visible import visible

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def clean_line(text: str, special_tokens: tuple[str, ...] = ()) -> str:
    """Drop special tokens and undecodable bytes, collapse whitespace, strip the ends."""
    for tok in special_tokens:
        if tok:
            text = text.replace(tok, " ")
    text = text.replace("\ufffd", "")
    return visible(_SPACE.sub(" ", text).strip())  # a byte-level model can emit ESC


def normalize(line: str) -> str:
    """What two lines must share to count as the same suggestion: the words, lowercased."""
    return " ".join(w.lower() for w in _WORD.findall(line))


def is_degenerate(line: str) -> bool:
    """Empty, wordless, prompt structure, or a line that loops on itself."""
    words = [w.lower() for w in _WORD.findall(line)]
    if not words:
        return True
    s = line.strip()
    if (s.startswith("[") and s.endswith("]")) or s.lower().startswith("title:"):
        return True  # the model wrote a section header or a title, not a lyric line
    if any(words[i] == words[i + 1] == words[i + 2] for i in range(len(words) - 2)):
        return True  # "la la la" is a choice a writer makes, not a suggestion
    if len(words) >= 4 and len(set(words)) * 2 < len(words):
        return True
    return False


def accept(line: str, taken: set[str], recent: set[str]) -> bool:
    """True if `line` is usable and new: not degenerate, not a duplicate, not a copy of a recent line."""
    key = normalize(line)
    return not is_degenerate(line) and key not in taken and key not in recent
