"""The song: pure dataclasses plus the files they live in (no Textual, no torch)."""

from lyrictui.song.model import SECTION_KINDS, ChordPlacement, Line, Section, Song

__all__ = ["SECTION_KINDS", "ChordPlacement", "Line", "Section", "Song"]
