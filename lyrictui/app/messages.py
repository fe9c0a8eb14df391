"""Messages that carry worker results and widget events up to the editor screen.

Every provider result carries the `request_id` it answers; the editor drops any whose
id is not the current one, so a cancelled stream never leaks text into the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message


@dataclass
class LineStreamed(Message):
    """Candidate `index` of a lyric request has grown to `text` (a whole line so far)."""

    request_id: int
    index: int
    text: str


@dataclass
class LinesDone(Message):
    request_id: int
    lines: list[str]
    # With a rhyme target: why each line ranks where it does (same order), and the rhyme
    # word the reranker aimed at (the scheme's is only known once the worker read the section).
    explanations: list[str] = field(default_factory=list)
    aimed_at: str | None = None


@dataclass
class ProgressionsDone(Message):
    request_id: int
    progressions: list[list[str]]


@dataclass
class RhymesFound(Message):
    request_id: int
    word: str
    rhymes: dict[str, list[str]]


@dataclass
class ProviderReady(Message):
    """A default provider finished loading (provider None + error text when it failed)."""

    kind: str  # "lyrics" or "chords"
    provider: Any | None
    error: str | None = None


@dataclass
class LoadProgress(Message):
    text: str


@dataclass
class DocChanged(Message):
    """The song view changed the song; `committed` is True when a line was committed (Enter)."""

    typed: bool = False  # words were typed or deleted in the current line
    committed: bool = False
    structure: bool = field(default=True)


@dataclass
class Saved(Message):
    """An autosave finished: the song as of doc `version` is on disk (or `error` says why not)."""

    version: int
    path: str
    error: str | None = None
    content: dict | None = None  # the song as saved (Song.to_dict()), so undoing back to it reads as clean


@dataclass
class CraftComputed(Message):
    """Syllables and rhyme letters for one section, computed off the UI thread."""

    section: Any  # the Section object the texts came from (identity, not equality)
    info: Any  # services.CraftInfo | None


@dataclass
class CraftReady(Message):
    """Songcraft (the pronunciation dictionary) is loaded; the gutter can show it."""
