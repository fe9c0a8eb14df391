"""Rhymes for a word: perfect, near (slant) and multi-syllable, ranked for the song at hand.

    from lyrictui.craft.rhymes import find_rhymes, rhyme_score
    r = find_rhymes("night", context_words=["dark", "road", "home"])
    r.perfect[:5]   # ['light', 'right', 'sight', 'white', 'fight']
    rhyme_score("night", "light")   # 1.0

Terms (on CMUdict phonemes, stress digits dropped when comparing):
- rhyming part: from the last stressed vowel to the end ("night" -> AY T, "better" -> EH T ER).
- perfect rhyme: same rhyming part, different word and different sound before it.
- near rhyme: same stressed vowel and a similar ending (voicing, nasal place or one extra
  consonant: "time"/"mine"/"mind"), or the same ending after a close vowel ("love"/"move").
- multi-syllable rhyme: the last two (or more) vowels match, and the final sounds too
  ("nation"/"patient", "better"/"never"): what rappers call multis.

Ranking: how common the word is (wordfreq's Zipf scale, 0-8), then fit with the song: words
already in the song are pushed down (no rhyming "love" with "love" twice), words of the
song's register (similar frequency) and of the same syllable count as the target come first.
The index over the 126k-word dictionary is built once (about a second); answers are cached.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from lyrictui.craft.pronounce import Phones, dictionary, is_vowel, phones, pronunciations

MAX_PER_LIST = 60
MIN_ZIPF = 2.3  # hides dictionary oddities (abbreviations, rare surnames) no writer wants

# Consonant classes for near rhymes: voicing pairs and nasals count as close.
_CLASS = {
    "P": "p", "B": "p", "T": "t", "D": "t", "K": "k", "G": "k", "F": "f", "V": "f", "TH": "th", "DH": "th",
    "S": "s", "Z": "s", "SH": "sh", "ZH": "sh", "CH": "ch", "JH": "ch", "M": "n", "N": "n", "NG": "n",
    "L": "l", "R": "r", "HH": "h", "W": "w", "Y": "y",
}
# Vowels close enough for a slant rhyme.
_VOWEL_GROUP = {
    "IY": "i", "IH": "i", "EY": "e", "EH": "e", "AE": "a", "AA": "o", "AO": "o", "AH": "u", "UH": "u",
    "UW": "w", "OW": "ow", "AW": "aw", "AY": "ay", "OY": "oy", "ER": "er",
}


FUNCTION_WORDS = frozenset(
    """a an the of to in on at by for from with as and or but nor so if than that this these those
    is am are was were be been being do does did has have had i me my you your he him his she her
    it its we us our they them their which who whom whose what not no can could will would shall
    should may might must just very too also then there here where when why how upon into onto""".split()
)


def strip(ph: Phones) -> Phones:
    return tuple(p[:-1] if p[-1].isdigit() else p for p in ph)


def rhyme_part(ph: Phones) -> Phones:
    """From the last stressed vowel (primary, else secondary, else any) to the end, stress kept."""
    for marks in (("1",), ("2",), ("0",)):
        for i in range(len(ph) - 1, -1, -1):
            if ph[i][-1] in marks:
                return ph[i:]
    return ph


def rhyme_key(ph: Phones) -> Phones:
    """The rhyming part with stress digits dropped: two words rhyme perfectly when keys are equal."""
    return strip(rhyme_part(ph))


def vowel_tail(ph: Phones, k: int) -> Phones:
    """From the k-th last vowel to the end, stress dropped (None-like () when fewer vowels)."""
    idx = [i for i, p in enumerate(ph) if is_vowel(p)]
    if len(idx) < k:
        return ()
    return strip(ph[idx[-k] :])


def _coda_close(a: Phones, b: Phones) -> bool:
    """Endings after the vowel: same consonant classes, or one consonant added/dropped.

    Vowels in the endings ("money" = AH + N IY) must match exactly; an open ending never
    nears a closed one ("night"/"my" is not a rhyme).
    """
    ca = tuple(_CLASS.get(p, p) for p in a)
    cb = tuple(_CLASS.get(p, p) for p in b)
    if ca == cb:
        return True
    if [p for p in ca if p.isupper()] != [p for p in cb if p.isupper()]:
        return False  # different vowels after the stressed one
    if ca and cb and abs(len(ca) - len(cb)) == 1:
        short, long_ = (ca, cb) if len(ca) < len(cb) else (cb, ca)
        return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
    return False


def _near_keys(ka: Phones, kb: Phones) -> bool:
    if not ka or not kb or ka == kb:
        return False
    va, vb = ka[0], kb[0]
    if va == vb:
        return _coda_close(ka[1:], kb[1:])
    return _VOWEL_GROUP.get(va) == _VOWEL_GROUP.get(vb) and ka[1:] == kb[1:] and len(ka) > 1


def _multi_match(a: Phones, b: Phones) -> int:
    """How many final vowels match (stress dropped) when the sounds after the last vowel are
    close too ("better"/"never" = 2); 0 when the endings differ."""
    if not _coda_close(_coda(a), _coda(b)):
        return 0
    va = [p[:-1] for p in a if is_vowel(p)]
    vb = [p[:-1] for p in b if is_vowel(p)]
    n = 0
    while n < min(len(va), len(vb)) and va[-1 - n] == vb[-1 - n]:
        n += 1
    return n


def _coda(ph: Phones) -> Phones:
    """The consonants after the last vowel."""
    i = len(ph)
    while i > 0 and not is_vowel(ph[i - 1]):
        i -= 1
    return ph[i:]


def _all_phones(word: str) -> list[Phones]:
    return pronunciations(word) or [phones(word)]


@lru_cache(maxsize=100_000)
def rhyme_score(a: str, b: str) -> float:
    """How well two words rhyme: 1 perfect, 0.9 multi, 0.6 near, 0.3 identical, 0 none."""
    a, b = a.lower().strip("'"), b.lower().strip("'")
    if not a or not b:
        return 0.0
    if a == b:
        return 0.3
    best = 0.0
    for pa in _all_phones(a):
        for pb in _all_phones(b):
            if not pa or not pb:
                continue
            if strip(pa) == strip(pb):
                best = max(best, 0.3)  # homophones ("night"/"knight") are identical rhymes
                continue
            ka, kb = rhyme_key(pa), rhyme_key(pb)
            if ka == kb:
                best = max(best, 1.0)
            elif _multi_match(pa, pb) >= 2:
                best = max(best, 0.9)
            elif _near_keys(ka, kb):
                best = max(best, 0.6)
    return best


# --- index ----------------------------------------------------------------------------------

_index_lock = threading.Lock()
_by_key: dict[Phones, list[str]] | None = None
_keys_by_vowel: dict[str, list[Phones]] = {}
_by_tail2: dict[Phones, list[str]] = {}


def _build() -> None:
    global _by_key
    if _by_key is not None:
        return
    with _index_lock:
        if _by_key is not None:
            return
        by_key: dict[Phones, list[str]] = defaultdict(list)
        by_tail2: dict[Phones, list[str]] = defaultdict(list)
        for word, prons in dictionary().items():
            if not word.isalpha() or (len(word) == 1 and word not in ("a", "i")):
                continue  # "'bout", "a.m." and friends: not suggestions
            for ph in prons[:2]:
                by_key[rhyme_key(ph)].append(word)
                vv = [p[:-1] for p in ph if is_vowel(p)]
                if len(vv) >= 2:  # multi index: last two vowels + final consonant class
                    by_tail2[(vv[-2], vv[-1], _final_class(ph))].append(word)
        keys_by_vowel: dict[str, list[Phones]] = defaultdict(list)
        for k in by_key:
            if k:
                keys_by_vowel[k[0]].append(k)
                grp = _VOWEL_GROUP.get(k[0])
                for v, g in _VOWEL_GROUP.items():
                    if g == grp and v != k[0]:
                        keys_by_vowel[v].append(k)
        _keys_by_vowel.update(keys_by_vowel)
        _by_tail2.update(by_tail2)
        _by_key = dict(by_key)


def _final_class(ph: Phones) -> str:
    tail = []
    for p in reversed(ph):
        if is_vowel(p):
            break
        tail.append(_CLASS.get(p, p))
    return "".join(reversed(tail))


def warm() -> None:
    """Build the rhyme index now (from a background thread: takes about a second)."""
    _build()


@lru_cache(maxsize=200_000)
def zipf(word: str) -> float:
    """How common a word is, Zipf scale (log10 per billion words); 0 when unknown."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency; degrade to "all equal"
        return 3.0 if pronunciations(word) else 0.0
    return zipf_frequency(word, "en")


@dataclass
class Rhymes:
    word: str
    perfect: list[str] = field(default_factory=list)
    near: list[str] = field(default_factory=list)
    multi: list[str] = field(default_factory=list)
    phones: Phones = ()
    known: bool = True  # False when the pronunciation was guessed (not in the dictionary)

    def all(self) -> list[str]:
        return self.perfect + self.multi + self.near


@lru_cache(maxsize=4096)
def _candidates(word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Unranked-by-context lists for one word, sorted by frequency. Cached."""
    _build()
    assert _by_key is not None
    prons = _all_phones(word)
    own = {strip(p) for p in prons}
    perfect: set[str] = set()
    near: set[str] = set()
    multi: set[str] = set()
    for ph in prons:
        if not ph:
            continue
        key = rhyme_key(ph)
        for w in _by_key.get(key, ()):
            if w != word and strip(phones(w)) not in own:
                perfect.add(w)
        for k in _keys_by_vowel.get(key[0], ()) if key else ():
            if k != key and _near_keys(key, k):
                near.update(_by_key.get(k, ()))
        vv = [p[:-1] for p in ph if is_vowel(p)]
        if len(vv) >= 2:
            for w in _by_tail2.get((vv[-2], vv[-1], _final_class(ph)), ()):
                if w != word and _multi_match(ph, phones(w)) >= 2:
                    multi.add(w)
    # "loved", "times": the same word with a suffix is no rhyme worth suggesting
    family = {w for w in perfect | near | multi if len(word) >= 3 and (w.startswith(word) or word.startswith(w))}
    perfect -= family
    near -= family
    multi -= family
    near -= perfect | {word}
    multi -= {word}
    # A perfect rhyme on a 2+ syllable rhyming part already is a multi; keep lists distinct.
    multi -= perfect
    near -= multi

    def ranked(ws: set[str]) -> tuple[str, ...]:
        scored = [(zipf(w), w) for w in ws]
        return tuple(w for z, w in sorted(scored, key=lambda t: (-t[0], t[1])) if z >= MIN_ZIPF)

    return ranked(perfect), ranked(near), ranked(multi)


def find_rhymes(word: str, context_words=(), limit: int = MAX_PER_LIST) -> Rhymes:
    """Perfect, near and multi-syllable rhymes for `word`, best first for a song using `context_words`."""
    w = word.lower().strip().strip("'\".,!?;:")
    if not w:
        return Rhymes(word=word)
    perfect, near, multi = _candidates(w)
    ctx = [c.lower() for c in context_words if c]
    ctx_set = set(ctx)
    target_syl = sum(map(is_vowel, phones(w)))
    register = sum(zipf(c) for c in ctx) / len(ctx) if ctx else None

    def score(cand: str) -> float:
        s = zipf(cand)
        if cand in FUNCTION_WORDS:
            s -= 2.5  # "of" rhymes with "love" but rarely ends a sung line
        if cand in ctx_set:
            s -= 3.0  # already in the song: a repeat, not a fresh rhyme
        if register is not None:
            s -= 0.3 * abs(zipf(cand) - register)  # plain songs get plain words
        if sum(map(is_vowel, phones(cand))) == target_syl:
            s += 0.5  # same syllable count keeps the meter
        return s

    def top(ws: tuple[str, ...]) -> list[str]:
        pool = ws[: limit * 3]  # already frequency-sorted: rerank only the head, fast
        return sorted(pool, key=lambda c: -score(c))[:limit]

    return Rhymes(
        word=w,
        perfect=top(perfect),
        near=top(near),
        multi=top(multi),
        phones=phones(w),
        known=bool(pronunciations(w)),
    )
