"""The song-info dialog's fields: the song's facts as form text and back (pure).

Title and artist, then the facts of lyrictui.song.model.FACTS (the ChordPro 6 metadata),
each with the label the dialog shows. Key and chords are written as played (shapes);
the capo says where, so transposing moves the key with the chords and keeps the capo.
"""

from __future__ import annotations

import re
from typing import Any

from chords.keys import transpose_key
from chords.theory import ChordError

from lyrictui.song.model import FACTS, Song

LABELS = {
    "title": "Title", "artist": "Artist", "subtitle": "Subtitle", "key": "Key (as played: G, Em)",
    "capo": "Capo (fret, 0 = none)", "tempo": "Tempo (bpm)", "time": "Time (4/4, 6/8)",
    "composer": "Composer", "lyricist": "Lyricist", "album": "Album", "year": "Year", "copyright": "Copyright",
}
NAMES = ("title", "artist", *FACTS)
HINT = "Enter: next field · ctrl+s: done · Esc keeps them as they were. Saved in the song, written by every export."


def form_fields(song: Song) -> list[tuple[str, str, str]]:
    """(name, label, current text) for FormModal, in NAMES order."""
    return [(n, LABELS[n], "" if getattr(song, n) is None else str(getattr(song, n))) for n in NAMES]


def parse(values: dict[str, str]) -> dict[str, Any]:
    """Form text -> Song field values (empty = none). Raises ValueError saying what is wrong."""
    out: dict[str, Any] = {n: (values.get(n, "").strip() or None) for n in NAMES}
    out["title"] = out["title"] or "Untitled"
    if out["key"] is not None:
        try:
            transpose_key(out["key"], 0)
        except (ChordError, ValueError):
            raise ValueError(f"not a key: {out['key']!r} (e.g. G, Em, Bb)") from None
    for name, lo, hi, what in (("capo", 0, 11, "a capo goes on fret 0 (none) to 11"),
                               ("tempo", 1, 400, "tempo is beats per minute, 1 to 400")):
        text = out[name]
        if text is None:
            continue
        if not re.fullmatch(r"\d+", text) or not lo <= int(text) <= hi:
            raise ValueError(f"{what}, not {text!r}")
        out[name] = int(text) or None
    if out["time"] is not None and not re.fullmatch(r"[1-9]\d?/(1|2|4|8|16|32)", out["time"]):
        raise ValueError(f"time is beats/note, e.g. 4/4, 3/4, 6/8; not {out['time']!r}")
    return out
