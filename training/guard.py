"""Before a training result replaces a model: garbage data is refused, a clearly worse model asks first.

    check_chord_corpus(corpus.stats)                 # ValueError: too few real chords to learn from
    final = destination(root, name, metrics, confirm, log)   # root/name, or root/name-candidate

A folder of random binary files once trained a chord "model" with 0% top-1 that replaced
the good model of that name. Binary files are skipped by the readers (with a reason);
`check_chord_corpus` refuses what is left when it holds too few real chords; `destination`
compares the new model's held-out metrics with those the old one recorded. The two were
measured on their own held-out songs, so only a large gap counts as clearly worse; then
`confirm(message)` decides (the CLI asks on a terminal, or takes --force), and a refused
model is saved beside the old one as NAME-candidate instead of replacing it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

MIN_CHORDS = 100  # fewer is not enough to learn a progression from
MIN_CHORDS_PER_SONG = 4.0  # a "song" of one or two chords is a stray match in text, not a chart
# metric -> (better is "higher" | "lower", factor past which the new model is clearly worse)
CLEARLY_WORSE = {"top1": ("higher", 0.5), "val_ppl": ("lower", 2.0)}
CANDIDATE_SUFFIX = "-candidate"


def check_chord_corpus(stats: Any) -> None:
    """Raise ValueError when a read chord corpus (chords.corpus.CorpusStats) is not chord data."""
    junk = sum(n for reason, n in stats.skipped.items() if "not chords" in reason)  # tokens that are no chord
    per_song = stats.chords / max(1, stats.songs)
    if stats.chords >= MIN_CHORDS and per_song >= MIN_CHORDS_PER_SONG and junk <= stats.chords:
        return
    raise ValueError(
        f"too few real chords to train on: {stats.chords} chords in {stats.songs} songs "
        f"({per_song:.1f} a song), {junk} words that are not chords. A chord model needs at least "
        f"{MIN_CHORDS} chords, {MIN_CHORDS_PER_SONG:.0f} or more a song, and more chords than other words; "
        f"is this the right folder? No model was changed."
    )


def clearly_worse(old: dict, new: dict) -> str | None:
    """Why `new` metrics are clearly worse than `old` ones, or None."""
    for key, (better, factor) in CLEARLY_WORSE.items():
        a, b = old.get(key), new.get(key)
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or a != a or b != b:
            continue
        if better == "higher" and a > 0 and b < a * factor:
            return f"{key} {b:.3g} against {a:.3g} for the model it would replace"
        if better == "lower" and b > a * factor:
            return f"{key} {b:.3g} against {a:.3g} for the model it would replace"
    return None


def destination(root: Path, name: str, metrics: dict, confirm: Callable[[str], bool] | None,
                log: Callable[[str], None]) -> Path:
    """Where a finished model is saved: root/name, unless it is clearly worse than the model there
    and `confirm` (None: nobody to ask) says no; then root/name-candidate."""
    from lyrictui.catalog import read_meta

    final = root / name
    old = read_meta(final).get("metrics") if final.is_dir() else None
    why = clearly_worse(old, metrics) if isinstance(old, dict) else None
    if why is None:
        return final
    message = f"The new {name} is clearly worse than the one it would replace: {why}."
    if confirm is not None and confirm(message):
        return final
    cand = root / f"{name}{CANDIDATE_SUFFIX}"
    log(f"{message} Kept the existing {name}; saved the new model as {cand.name} "
        f"(rerun with --force to replace, or use it by that name).")
    return cand
