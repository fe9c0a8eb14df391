"""Held-out songs for `lyrictui eval`: the training corpus reader and the training split, nothing of its own.

    from lyrictui.evaluation.data import read_corpus, split_songs
    songs, report = read_corpus("../shared/data/lyrics/songdata.csv")   # report.summary(): what was read
    train, held = split_songs(songs, 0.1, seed=0)

Imports go one way: `lyrictui.evaluation` uses `training` (its reader, training/lyrics_data.py,
and its split, training/heldout.py); `training` never imports `lyrictui.evaluation`. So eval
reads every shape training reads, the same way, and holds out exactly the songs a
`lyrictui train lyrics` run with the same seed and fraction never trained on.
"""

from __future__ import annotations

from pathlib import Path

from lyrictui.song.model import Song
from training.heldout import split_songs  # noqa: F401 - re-exported: eval's split is training's
from training.lyrics_data import DataError, IngestReport, read_songs


def read_corpus(path: str | Path) -> tuple[list[Song], IngestReport]:
    """Every usable song under `path` and the reader's report; ValueError when there is none."""
    report = IngestReport()
    try:
        songs = list(read_songs(path, report))
    except DataError as e:
        raise ValueError(str(e)) from e
    return songs, report
