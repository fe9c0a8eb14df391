"""The two suggestion interfaces the editor talks to, and the requests it sends them.

The editor calls providers from Textual thread workers, never on the UI thread.
A provider must poll `cancelled()` often (after every generated token) and return
promptly once it is true; the editor then discards whatever it returned.
Implementations: `lyrictui.engine` (GPT-2 + LoRA lines), `chords` via
`lyrictui.chord_provider` (progressions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal, Protocol, runtime_checkable

from lyrictui.song.model import Song

Cancelled = Callable[[], bool]
# on_update(candidate_index, text_so_far): the whole text of one candidate so far,
# so a panel can re-render it without reassembling token pieces.
OnUpdate = Callable[[int, str], None]


def never() -> bool:
    return False


@dataclass(frozen=True)
class LyricRequest:
    song: Song  # a snapshot: the editor never mutates it after sending
    section_index: int  # the section being written
    line_index: int  # the position of the line being written; lines before it are context
    n: int = 4  # number of candidate lines
    mode: Literal["next", "complete"] = "next"  # "complete" continues `partial`
    partial: str = ""  # what is already typed in the line (complete mode)
    rhyme_with: str | None = None  # a word the line should end in a rhyme with (songcraft)
    syllables: tuple[int, int] | None = None  # inclusive syllable range wanted (songcraft)


@runtime_checkable
class LyricProvider(Protocol):
    name: str  # shown in the status bar, e.g. "gpt2 + demo" or "verse (small offline model)"

    def suggest(self, req: LyricRequest, on_update: OnUpdate | None = None, cancelled: Cancelled = never) -> list[str]:
        """Return up to req.n candidate lines (one line each, no newline)."""
        ...

    def set_sampling(self, values: dict) -> None:
        """Take new sampling settings (names of `lyrictui.engine.sampling.SamplingSettings`)."""
        ...


@dataclass(frozen=True)
class ProgressionRequest:
    song: Song
    section_index: int
    line_index: int
    n: int = 4  # number of progressions
    length: int = 4  # chords per progression
    key: str | None = None  # the song's key if known, e.g. "G" or "Em"; None = detect
    previous: tuple[str, ...] = ()  # chords earlier in the song, most recent last


@runtime_checkable
class ProgressionProvider(Protocol):
    name: str

    def propose(self, req: ProgressionRequest, cancelled: Cancelled = never) -> list[list[str]]:
        """Return up to req.n progressions, each a list of chord symbols that parse."""
        ...
