"""Letter-to-sound: how to say a word no dictionary knows, from its spelling.

Two parts, used together by `pronounce.guess_phones`:
- `letters_to_phones(word)`: hand-written rules (longest letter group first, magic e,
  silent final e, soft c/g, -le/-es/-ed endings). Good at counting syllables.
- `SuffixRhymer`: a tiny model trained on the dictionary itself: for every spelling ending
  (2-6 letters) it remembers the most common rhyming part (from the last stressed vowel,
  see rhymes.py) among dictionary words with that ending. English spelling is far more
  regular at the end of a word than the rules can say ("-ation", "-ight", "-ough" words).
  Training takes about a second, once, and only when a word is missing.

`bench/pronounce.py` gives the accuracy on held-out dictionary words.
"""

from __future__ import annotations

from collections import Counter, defaultdict

Phones = tuple[str, ...]

# Letter-to-sound rules: longest match first; each maps a letter group to phonemes.
# "V" in an output is the vowel slot that gets a stress digit later.
_RULES: dict[str, tuple[str, ...]] = {
    "tion": ("SH", "AH", "N"), "sion": ("ZH", "AH", "N"), "cious": ("SH", "AH", "S"), "tious": ("SH", "AH", "S"),
    "ture": ("CH", "ER"), "ough": ("AO",), "augh": ("AO",), "eigh": ("EY",), "igh": ("AY",),
    "tch": ("CH",), "dge": ("JH",), "sch": ("S", "K"), "ous": ("AH", "S"), "ght": ("T",),
    "ee": ("IY",), "ea": ("IY",), "oo": ("UW",), "ai": ("EY",), "ay": ("EY",), "oa": ("OW",),
    "ou": ("AW",), "oi": ("OY",), "oy": ("OY",), "au": ("AO",), "aw": ("AO",), "ei": ("EY",),
    "ue": ("UW",), "ew": ("UW",), "ie": ("IY",), "eu": ("UW",), "ui": ("UW",),
    "ar": ("AA", "R"), "er": ("ER",), "ir": ("ER",), "ur": ("ER",), "or": ("AO", "R"),
    "ck": ("K",), "ph": ("F",), "sh": ("SH",), "ch": ("CH",), "th": ("TH",), "ng": ("NG",),
    "wh": ("W",), "qu": ("K", "W"), "gh": (), "kn": ("N",), "wr": ("R",), "mb": ("M",),
    "x": ("K", "S"), "j": ("JH",), "q": ("K",), "w": ("W",), "b": ("B",), "d": ("D",), "f": ("F",),
    "h": ("HH",), "k": ("K",), "l": ("L",), "m": ("M",), "n": ("N",), "p": ("P",), "r": ("R",),
    "s": ("S",), "t": ("T",), "v": ("V",), "z": ("Z",),
}
_SHORT = {"a": "AE", "e": "EH", "i": "IH", "o": "AA", "u": "AH", "y": "IH"}
_LONG = {"a": "EY", "e": "IY", "i": "AY", "o": "OW", "u": "UW", "y": "AY"}
_VOWELS = set("aeiouy")
_MAXLEN = max(len(k) for k in _RULES)
_STRESS_LAST = ("ee", "eer", "ade", "oon", "ique", "ette", "ese", "oo")


def letters_to_phones(w: str) -> Phones:
    """Spell out a word by rule (the last resort). Stress: first syllable, or the last for -ee, -oon..."""
    w = w.lower()
    out: list[str] = []
    i, n = 0, len(w)
    has_other_vowel = len([c for c in w if c in "aeiou"]) > 1
    while i < n:
        c = w[i]
        rest = w[i:]
        # silent final e (not "be", "the"), and syllabic "-le" after a consonant ("bottle")
        if rest == "e" and out and has_other_vowel:
            break
        if rest == "le" and i > 0 and w[i - 1] not in _VOWELS:
            out += ["AH", "L"]
            break
        if rest in ("es", "ed") and i > 1 and has_other_vowel:
            prev = w[i - 1]
            if (rest == "es" and prev in "sxzh") or (rest == "ed" and prev in "td"):
                out += ["IH", "Z" if rest == "es" else "D"]
            else:
                out += ["Z" if rest == "es" else ("T" if prev in "pkfsxh" else "D")]
            break
        if c in _VOWELS and not (c == "y" and i == 0):
            if c == "y" and i > 0 and w[i - 1] in _VOWELS:  # "ay", "oy" handled as digraphs; else glide
                i += 1
                continue
            two = w[i : i + 2]
            if two in _RULES and (two[1] != "r" or i + 2 >= n or w[i + 2] not in _VOWELS):
                out += _RULES[two]
                i += 2
                continue
            for k in (4, 3):
                if w[i : i + k] in _RULES:
                    out += _RULES[w[i : i + k]]
                    i += k
                    break
            else:
                # magic e: vowel + one consonant + e at the end ("hope", "shine")
                magic = i + 2 < n and w[i + 1] not in _VOWELS and w[i + 2] == "e" and i + 3 == n
                if c == "y":
                    out.append("IY" if i == n - 1 and has_other_vowel else ("AY" if i == n - 1 else "IH"))
                elif magic or (i == n - 1 and c in "eo" and not has_other_vowel):
                    out.append(_LONG[c])
                elif i == n - 1 and c == "o":
                    out.append("OW")
                elif i == n - 1 and c == "a" and has_other_vowel:
                    out.append("AH")  # "tryna", "mama"
                else:
                    out.append(_SHORT[c])
                i += 1
            continue
        if c == "y":
            out.append("Y")
            i += 1
            continue
        if c in "cg":
            nxt = w[i + 1 : i + 2]
            if w[i : i + 2] in _RULES:
                out += _RULES[w[i : i + 2]]
                i += 2
                continue
            soft = nxt in ("e", "i", "y")
            out.append(("S" if soft else "K") if c == "c" else ("JH" if soft else "G"))
            i += 1 + (1 if w[i + 1 : i + 2] == c else 0)
            continue
        for k in range(min(_MAXLEN, n - i), 0, -1):
            chunk = w[i : i + k]
            if chunk in _RULES and not (chunk in ("kn", "wr") and i > 0):
                out += _RULES[chunk]
                i += k
                if k == 1 and i < n and w[i] == chunk:  # double consonant: one sound
                    i += 1
                break
        else:
            i += 1
    # place stress digits on vowels
    vidx = [j for j, p in enumerate(out) if p in _VOWEL_SET]
    if not vidx:
        return tuple(out)
    stressed = vidx[-1] if w.endswith(_STRESS_LAST) else vidx[0]
    return tuple(p + ("1" if j == stressed else "0") if p in _VOWEL_SET else p for j, p in enumerate(out))


_VOWEL_SET = {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"}



def _key(ph: Phones) -> Phones:
    """Rhyming part, stress dropped (same as rhymes.rhyme_key; repeated to keep lts import-free)."""
    for marks in ("1", "2", "0"):
        for i in range(len(ph) - 1, -1, -1):
            if ph[i][-1] == marks:
                return tuple(p.rstrip("012") for p in ph[i:])
    return tuple(p.rstrip("012") for p in ph)


class SuffixRhymer:
    """Spelling ending -> most common rhyming part, learned from (word, phones) pairs.

    Prediction uses the longest ending seen at least `min_count` times whose majority
    answer covers at least `min_share` of its words; shorter endings are less sure.
    """

    MIN_LEN, MAX_LEN = 2, 6

    def __init__(self, min_count: int = 2, min_share: float = 0.5):
        self.min_count = min_count
        self.min_share = min_share
        self.table: dict[str, tuple[Phones, int, int]] = {}  # ending -> (key, votes, total)

    def fit(self, pairs) -> "SuffixRhymer":
        counts: dict[str, Counter] = defaultdict(Counter)
        for word, ph in pairs:
            k = _key(ph)
            for n in range(self.MIN_LEN, min(self.MAX_LEN, len(word)) + 1):
                counts[word[-n:]][k] += 1
        for end, c in counts.items():
            total = sum(c.values())
            key, votes = c.most_common(1)[0]
            if total >= self.min_count and votes / total >= self.min_share:
                self.table[end] = (key, votes, total)
        return self

    def predict(self, word: str) -> Phones | None:
        for n in range(min(self.MAX_LEN, len(word)), self.MIN_LEN - 1, -1):
            hit = self.table.get(word[-n:])
            if hit is None or n >= len(word):  # the whole word is no "ending"
                continue
            # the ending must spell every vowel it claims: "rping" cannot know the vowel of
            # "chirping"'s ER, so a shorter ending ("ing") is asked instead
            if _vowel_groups(word[-n:]) >= sum(1 for p in hit[0] if p in _VOWEL_SET):
                return hit[0]
        return None


def _vowel_groups(s: str) -> int:
    groups, prev = 0, False
    for c in s:
        v = c in "aeiouy"
        groups += v and not prev
        prev = v
    return groups


def splice(rule_ph: Phones, key: Phones) -> Phones:
    """Replace the ruled tail by a learned rhyming part with the same number of vowels.

    Keeps the rules' syllable count (they count well) and the model's rhyme (it rhymes well).
    """
    kv = sum(1 for p in key if p in _VOWEL_SET)
    vidx = [i for i, p in enumerate(rule_ph) if p[-1].isdigit()]
    if kv == 0 or len(vidx) < kv:
        return rule_ph
    head = tuple(p[:-1] + "0" if p[-1] == "1" else p for p in rule_ph[: vidx[-kv]])
    tail, first = [], True
    for p in key:
        if p in _VOWEL_SET:
            tail.append(p + ("1" if first else "0"))
            first = False
        else:
            tail.append(p)
    return head + tuple(tail)
