"""Capo: chords are written as shapes; what sounds is each shape moved up by the capo's fret.

    sounding("G", 3)                 # "Bb"  (a G shape at the 3rd fret)
    sounding_song(song)              # a copy whose chords and key are the sounding ones
    shape_for("Bb", 3)               # "G"   (the way back, for a sheet that shows sounding chords)

ChordPro's convention (and lyrictui's): `{key}` and the chords are as played; the capo
says how far up the neck. Transposing moves the shapes and keeps the capo, so what
sounds moves by the same interval. Names follow the sounding key's signature.
"""

from __future__ import annotations

from chords.keys import transpose, transpose_key
from chords.theory import ChordError

from lyrictui.song.model import ChordPlacement, Song


def capo_of(song: Song) -> int:
    """The capo's fret, 0 when there is none (or a nonsense value)."""
    return song.capo if song.capo is not None and 0 < song.capo < 12 else 0


def sounding_key(song: Song) -> str | None:
    if not song.key:
        return None
    try:
        return transpose_key(song.key, capo_of(song))
    except ChordError:
        return None


def sounding(symbol: str, capo: int, key: str | None = None) -> str:
    """The chord that sounds when `symbol` is played with a capo at `capo`; unreadable
    symbols come back unchanged. `key`: the sounding key, which picks sharps or flats."""
    if not capo:
        return symbol
    try:
        return transpose(symbol, capo, key)
    except ChordError:
        return symbol


def shape_for(symbol: str, capo: int, key: str | None = None) -> str:
    """The shape to play for a sounding chord (`key`: the key of the shapes)."""
    return sounding(symbol, -capo, key) if capo else symbol


def sounding_song(song: Song) -> Song:
    """A copy of `song` as it sounds: chords and key moved up by the capo, no capo."""
    capo = capo_of(song)
    out = Song.from_dict(song.to_dict())
    if not capo:
        return out
    key = sounding_key(song)
    for ln in out.all_lines():
        ln.chords = [ChordPlacement(sounding(c.chord, capo, key), c.pos) for c in ln.chords]
    out.key, out.capo = key, None
    return out
