"""Ranked next chords with probabilities, conditioned on the whole song so far and its section.

    lm = load_chord_lm("models/chords/default")
    next_chords(lm, ["<verse>", "G", "D", "Em", "C", "<chorus>"], key="G")
    # [NextChord("G", 0.41), NextChord("C", 0.22), ...]     (k=8 by default)

How: the song's chords and section markers are moved to C major / A minor (the model's home
keys), chords the model does not know are folded to the nearest known one, and one forward
pass gives P(next chord) over the chord vocabulary (a one-token-per-chord model). Then, with
`NextConfig` weights: the chord the repeated section had at this point (`section_weight`) and
the song's own earlier continuations (`copy_weight`, `chords.song_memory.copy_distribution`)
are mixed in; chords a player would not write there are dropped (`chords.playable`); the
rest are renormalised, moved back to the song's key and spelled for it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Sequence

from chords.keys import canonical_shift, detect_key, normalize_key, respell, transpose_key
from chords.playable import CHROMATIC_MIN_P, Playable
from chords.song_memory import copy_distribution, section_repeat_next
from chords.theory import ChordError, parse_chord, transpose_chord, try_parse
from chords.tokenizer import SPACE, encode_song, is_chord_level, tokenizer_chords
from chords.vocab import ChordIndex

CANDIDATES = 60  # chords considered before filtering (far more than any list shows)


@dataclass(frozen=True)
class NextChord:
    chord: str  # spelled for the song's key
    prob: float  # 0..1, renormalised over the chords offered
    source: str = "model"  # "model", or the earlier section it repeats ("chorus 1")


@dataclass
class NextConfig:
    k: int = 8  # chords returned
    section_weight: float = 0.5  # probability moved to the chord a repeated section had here
    copy_weight: float = 0.5  # probability moved to the song's own earlier continuations (bench/chords.py chose 0.5)
    playable: bool = True  # drop wrong slash basses and unlikely chromatic chords
    chromatic_min_p: float = CHROMATIC_MIN_P


MODEL_ONLY = NextConfig(section_weight=0.0, copy_weight=0.0, playable=False)


@dataclass
class SongFrame:
    """A song so far, moved to the model's home key."""

    key: str  # the song's key ("Eb")
    shift: int  # semitones from the song's key to home
    home: str  # "C" or "Am"
    tokens: list[str]  # markers and home-key chords, most recent last
    rules: Playable = field(init=False)

    def __post_init__(self) -> None:
        self.rules = Playable(self.home, [t for t in self.tokens if not t.startswith("<")])

    @classmethod
    def from_song(cls, previous: Sequence[str], key: str | None = None, section: str | None = None) -> "SongFrame":
        """`previous`: chord symbols (any spelling) and markers; `key` given, else detected, else C."""
        toks: list[str] = []
        for t in previous:
            if t.startswith("<") and t.endswith(">"):
                toks.append(t)
            elif (c := try_parse(t)) is not None and not c.is_no_chord:
                toks.append(c.symbol)
        try:
            key = normalize_key(key) if key else None
        except ChordError:  # "G mixolydian", a typo: go by the chords
            key = None
        key = key or detect_key([t for t in toks if not t.startswith("<")]) or "C"
        shift = canonical_shift(key)
        home = transpose_key(key, shift)
        toks = [t if t.startswith("<") else _move(t, shift, home) for t in toks]
        if section:
            from chords.corpus import section_marker

            marker = section_marker(section)
            if next((t for t in reversed(toks) if t.startswith("<")), None) != marker:
                toks.append(marker)
        return cls(key, shift, home, toks)

    def chords(self) -> list[str]:
        return [t for t in self.tokens if not t.startswith("<")]


@functools.lru_cache(maxsize=65536)
def _move(symbol: str, shift: int, key: str) -> str:
    return respell(transpose_chord(parse_chord(symbol), shift), key).symbol


class ChordTable:
    """A chord-level model's chord tokens: ids, symbols and the folding index (built once per model)."""

    def __init__(self, lm):
        import torch

        tok = lm.tokenizer
        if not is_chord_level(tok):
            raise ValueError(f"chord model {lm.name!r} spells chords in pieces (BPE); ranked next chords need a "
                             "one-token-per-chord model (`lyrictui train chords --tokenizer chord`)")
        self.index = ChordIndex(tokenizer_chords(tok))
        self.symbols = self.index.symbols
        self.ids = torch.tensor([tok.convert_tokens_to_ids(SPACE + c) for c in self.symbols])

    @classmethod
    def of(cls, lm) -> "ChordTable":
        if "table" not in lm.cache:
            lm.cache["table"] = cls(lm)
        return lm.cache["table"]

    def encode(self, lm, tokens: Sequence[str]) -> list[int]:
        """<s> + tokens (chords folded to known ones), cropped to the block keeping <s>."""
        folded = [t if t.startswith("<") or t == "|" else (self.index.fold(t) or t) for t in tokens]
        ids = encode_song(lm.tokenizer, folded, bos=True, eos=False)
        room = lm.block_size - 1
        return ids if len(ids) <= lm.block_size else ids[:1] + ids[-room:]


def rank(table: ChordTable, logprobs, frame: SongFrame, cfg: NextConfig) -> list[NextChord]:
    """Ranked next chords from the model's log-probabilities (V,) at the end of `frame`."""
    import torch

    p = torch.softmax(logprobs[table.ids], 0)
    top = torch.topk(p, min(CANDIDATES, len(p)))
    q = {table.symbols[i]: float(v) for v, i in zip(top.values.tolist(), top.indices.tolist())}
    source: dict[str, str] = {}
    keep = 1.0
    rep = section_repeat_next(frame.tokens) if cfg.section_weight else None
    copy = copy_distribution(frame.chords()) if cfg.copy_weight else {}
    mixes = ([(dict([(rep[0], 1.0)]), cfg.section_weight, rep[1])] if rep else []) + \
            ([(copy, cfg.copy_weight, "")] if copy else [])
    for _, w, _ in mixes:
        keep -= w
    q = {c: v * keep for c, v in q.items()}
    for dist, w, label in mixes:
        for c, v in dist.items():
            q[c] = q.get(c, 0.0) + w * v
            if label:
                source[c] = label
    if cfg.playable:
        frame.rules.chromatic_min_p = cfg.chromatic_min_p
        q = {c: v for c, v in q.items() if frame.rules.allows(c, v)}
    total = sum(q.values()) or 1.0
    best = sorted(q.items(), key=lambda cv: -cv[1])[: cfg.k]
    return [NextChord(_move(c, -frame.shift, frame.key), v / total, source.get(c, "model")) for c, v in best]


def next_chords(lm, previous: Sequence[str] = (), key: str | None = None, section: str | None = None,
                cfg: NextConfig | None = None) -> list[NextChord]:
    """The likeliest next chords after `previous` (chords and "<verse>" markers, most recent last).

    `section`: the kind of section being written ("chorus"), added as a marker when the context
    does not end in it already. Raises ValueError for a model that is not chord-level.
    """
    import torch

    cfg = cfg or NextConfig()
    table = ChordTable.of(lm)
    frame = SongFrame.from_song(previous, key, section)
    ids = table.encode(lm, frame.tokens)
    device = next(lm.model.parameters()).device
    with torch.no_grad():
        logits = lm.model(input_ids=torch.tensor([ids], device=device)).logits[0, -1].float().cpu()
    return rank(table, torch.log_softmax(logits, -1), frame, cfg)
