"""The held-out split of a lyrics corpus, said once: `lyrictui train lyrics` and `lyrictui eval` both use it.

    from training.heldout import split_songs, song_score, val_threshold
    train, held = split_songs(songs, fraction=0.1, seed=0)   # Song lists, corpus order kept

A song's score is a hash of (seed, its training text in the prompt format), and the
`fraction` of songs with the lowest scores are held out. So the split is the same for the
same songs, seed and fraction whoever computes it, does not depend on file order, and holds
whole songs (at least one held out whenever there are two songs). The training job streams
the scores (lyrics_prep.py); eval scores a list. An adapter trained with seed S and
fraction F never trained on the songs `split_songs(songs, F, S)` holds out.
"""

from __future__ import annotations

import hashlib
from typing import Iterable, Sequence

from lyrictui.prompt import song_text
from lyrictui.song.model import Song


def song_score(seed: int, text: str) -> int:
    h = hashlib.blake2b(f"{seed}\0{text}".encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(h, "big")


def val_threshold(scores: Sequence[int], fraction: float) -> int:
    """Songs with score <= this are held out (-1: none)."""
    if len(scores) < 2 or fraction <= 0:
        return -1
    k = min(len(scores) - 1, max(1, round(len(scores) * fraction)))
    return sorted(scores)[k - 1]


def split_songs(songs: Sequence[Song], fraction: float = 0.1, seed: int = 0) -> tuple[list[Song], list[Song]]:
    """(training songs, held-out songs), each in corpus order."""
    scores = [song_score(seed, song_text(s)) for s in songs]
    thr = val_threshold(scores, fraction)
    train = [s for s, sc in zip(songs, scores) if sc > thr]
    held = [s for s, sc in zip(songs, scores) if sc <= thr]
    return train, held


class CorpusHash:
    """sha256 of every kept song's training text, in order (recorded as the model's data hash)."""

    def __init__(self) -> None:
        self._h = hashlib.sha256()

    def add(self, text: str) -> None:
        self._h.update(text.encode("utf-8"))
        self._h.update(b"\0")

    def hexdigest(self) -> str:
        return self._h.hexdigest()


def corpus_hash(songs: Iterable[Song]) -> str:
    h = CorpusHash()
    for s in songs:
        h.add(song_text(s))
    return h.hexdigest()
