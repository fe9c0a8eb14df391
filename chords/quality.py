"""Chord qualities: the parts of a chord above its root, read from many spellings, written one way.

    q = parse_suffix("min7b5")      # Quality(triad="min", seventh="b7", alts=("b5",))
    q.render()                      # "m7b5"
    q.intervals()                   # (0, 3, 6, 10)  semitones above the root

One spelling per chord (the common lead-sheet one): C Cm C7 Cmaj7 Cm7 Cm7b5 Cdim Cdim7 Caug
C7#5 Csus2 Csus4 C7sus4 C6 Cm6 C69 C9 Cmaj9 Cm9 C11 C13 Cadd9 Cmadd9 Cmmaj7 C5 C7b9 C7#9.
Pure Python; `chords.theory` adds roots, slash basses and keys, `chords.harte` the Harte syntax.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

TRIADS = ("maj", "min", "dim", "aug", "sus2", "sus4", "5")
ALT_ORDER = ("b5", "#5", "b9", "#9", "#11", "b13")
_TRIAD_TONES = {
    "maj": (0, 4, 7), "min": (0, 3, 7), "dim": (0, 3, 6), "aug": (0, 4, 8),
    "sus2": (0, 2, 7), "sus4": (0, 5, 7), "5": (0, 7),
}
_SEVENTH_TONE = {"b7": 10, "7": 11, "bb7": 9}
_ALT_TONE = {"b5": 6, "#5": 8, "b9": 1, "#9": 3, "#11": 6, "b13": 8}


class QualityError(ValueError):
    """The text after the root is not a chord quality we can read."""


@dataclass(frozen=True)
class Quality:
    triad: str = "maj"  # one of TRIADS
    seventh: str | None = None  # "b7" (dominant/minor 7th), "7" (major 7th), "bb7" (diminished 7th)
    ext: int | None = None  # 9, 11 or 13: the highest stacked extension (implies a seventh)
    six: bool = False
    adds: tuple[int, ...] = ()  # added tones without a seventh: 9, 11 (add2 = add9, add4 = add11)
    alts: tuple[str, ...] = ()  # altered tones, in ALT_ORDER

    @functools.lru_cache(maxsize=4096)  # noqa: B019  (frozen and hashable; a few hundred qualities)
    def canonical(self) -> "Quality":
        """The same chord with aliases folded: dim+b7 is m7b5, aug+7 is 7#5, m(b5) is dim."""
        q = self
        alts = set(q.alts)
        if q.triad == "dim" and q.seventh == "b7":
            q, alts = replace(q, triad="min"), alts | {"b5"}
        if q.triad == "aug" and q.seventh:
            q, alts = replace(q, triad="maj"), alts | {"#5"}
        if q.triad == "min" and not q.seventh and alts == {"b5"}:
            q, alts = replace(q, triad="dim"), set()
        if q.triad == "maj" and not q.seventh and alts == {"#5"}:
            q, alts = replace(q, triad="aug"), set()
        adds = set(q.adds)
        if q.seventh and 9 in adds and not q.ext:  # C7add9 is C9
            adds.discard(9)
            q = replace(q, ext=9)
        if q.six and 9 in adds:  # C6add9 is C69: keep it as the 69 chord
            adds.discard(9)
            q = replace(q, ext=9)
        return replace(q, adds=tuple(sorted(adds)), alts=tuple(a for a in ALT_ORDER if a in alts))

    @functools.lru_cache(maxsize=4096)  # noqa: B019  (frozen and hashable; a few hundred qualities)
    def render(self) -> str:
        """The suffix in the house spelling (see the module docstring)."""
        q = self.canonical()
        if q.triad == "5":
            return "5" if not q.seventh else "7"  # a power chord with a flat 7th reads as a 7
        if q.seventh == "bb7":
            s = "dim7"
        elif q.seventh:
            n = str(q.ext or 7)
            s = ("maj" + n) if q.seventh == "7" else n
            s = ("m" + s) if q.triad == "min" else s
        elif q.six:
            s = ("m" if q.triad == "min" else "") + ("69" if q.ext == 9 else "6")
        else:
            s = {"maj": "", "min": "m", "dim": "dim", "aug": "aug", "sus2": "", "sus4": ""}[q.triad]
        if q.triad in ("sus2", "sus4"):
            s += q.triad
        s += "".join(f"add{a}" for a in q.adds)
        if q.alts:
            alts = "".join(q.alts)
            # Without a seventh "Cb5" would read as a C-flat power chord: bracket the alteration.
            s += alts if (q.seventh or q.six) else f"({alts})"
        return s

    @functools.lru_cache(maxsize=4096)  # noqa: B019  (frozen and hashable; a few hundred qualities)
    def intervals(self) -> tuple[int, ...]:
        """Pitch classes above the root (0 = root), sorted; extensions folded into one octave."""
        q = self.canonical()
        tones = set(_TRIAD_TONES[q.triad])
        if q.seventh:
            tones.add(_SEVENTH_TONE[q.seventh])
        if q.six:
            tones.add(9)
        if q.ext:
            tones |= {2} | ({5} if q.ext >= 11 and q.triad != "maj" else set()) | ({9} if q.ext == 13 else set())
        tones |= {{9: 2, 11: 5, 13: 9}[a] for a in q.adds}
        for a in q.alts:
            if a in ("b5", "#5"):
                tones.discard(7)
            if a in ("b9", "#9"):
                tones.discard(2)
            tones.add(_ALT_TONE[a])
        return tuple(sorted(tones))

    @functools.lru_cache(maxsize=4096)  # noqa: B019  (frozen and hashable; a few hundred qualities)
    def core_tones(self) -> tuple[int, ...]:
        """Triad plus seventh (no extensions): what decides whether a chord belongs to a key."""
        q = self.canonical()
        tones = set(_TRIAD_TONES[q.triad])
        if q.seventh:
            tones.add(_SEVENTH_TONE[q.seventh])
        if "b5" in q.alts:
            tones = (tones - {7}) | {6}
        if "#5" in q.alts:
            tones = (tones - {7}) | {8}
        return tuple(sorted(tones))


# Pieces of a lead-sheet suffix, tried in order at each position. Case matters: M7 is maj7.
_PIECES = [
    ("skip", re.compile(r"[(),\s]|\.(?=$)")),
    ("six_nine", re.compile(r"6/9|69")),
    ("majn", re.compile(r"(?:maj|Maj|MAJ|ma|Ma|M|Δ|△|j)(7|9|11|13)")),
    ("n_maj", re.compile(r"7(?:M|maj|Maj)")),  # F7M = Fmaj7 (Latin/French usage)
    ("major", re.compile(r"major|maj|Maj|M(?![a-z])|Δ|△")),
    ("minor", re.compile(r"minor|min|mi|m")),
    ("omit", re.compile(r"no3|no5|omit3|omit5")),
    ("hdim", re.compile(r"(?:ø|Ø|hdim|h)(7)?")),  # Ch7 (German and jazz-book half-diminished)
    ("dim", re.compile(r"(?:dim|o|°)(7)?")),
    ("alt", re.compile(r"(b|-|#|\+)(5|9|11|13)")),
    ("altered", re.compile(r"alt")),  # C7alt: a dominant with altered fifth and ninth, written 7#5#9
    ("aug", re.compile(r"aug|Aug|\+")),
    ("sus24", re.compile(r"sus(?:24|42|2sus4|4sus2)")),  # both suspensions: written sus4add9
    ("sus", re.compile(r"sus(2|4|9)?")),
    ("add", re.compile(r"add(2|4|6|9|11|13)")),
    ("num", re.compile(r"13|11|9|7|6|5|4|3|2|1")),
]
_MINUS = re.compile(r"-")


def parse_suffix(text: str) -> Quality:
    """Read a lead-sheet suffix ("m7", "-7", "min7", "maj7", "7#9", "sus4", "add9"...).

    Raises QualityError on anything else, including doubled parts such as "77" or "m4##":
    the invalid chords melodyGPT's tokenizer produced must not parse.
    """
    triad, seventh, ext, six = "maj", None, None, False
    adds: list[int] = []
    alts: list[str] = []
    quality_set = False  # a triad word (m, dim, aug, maj) may come only first
    in_paren = False  # "C(9)" is Cadd9 on guitar charts; "C7(9)" is C9
    i = 0
    while i < len(text):
        first = i == 0
        if first and text[0] == "-":  # C-7: a leading minus is minor, later ones flatten (C7-9)
            kind, m = "minor", _MINUS.match(text)
        else:
            for kind, rx in _PIECES:
                m = rx.match(text, i)
                if m:
                    break
            else:
                raise QualityError(f"cannot read {text[i:]!r} in chord suffix {text!r}")
        i = m.end()
        if kind in ("skip", "omit"):
            in_paren = m.group(0) == "(" or (in_paren and m.group(0) not in ")")
            continue
        if kind == "aug" and not first and (seventh or triad == "min") and m.group(0) == "+" and "#5" not in alts:
            alts.append("#5")  # C7+ = C7#5; Cm+ = Cm(#5)
            continue
        if kind == "altered":
            if seventh not in (None, "b7") or triad != "maj":
                raise QualityError(f"'alt' on a chord that is not a dominant in {text!r}")
            seventh = "b7"
            alts += [a for a in ("#5", "#9") if a not in alts]
            continue
        if kind in ("sus", "sus24") and triad == "min" and not seventh and alts == []:
            triad, quality_set = "maj", False  # Bmsus2: the sus replaces the third, so the m says nothing
        if kind == "sus24":
            if triad != "maj" or 9 in adds:
                raise QualityError(f"sus24 on a {triad} chord in {text!r}")
            triad = "sus4"
            adds.append(9)
            continue
        if kind in ("minor", "dim", "hdim", "aug", "major") and (quality_set or not first):
            if kind == "major" and triad == "min" and not seventh:
                continue  # "mMaj" without a number: let a following 7 decide
            raise QualityError(f"second triad word in {text!r}")
        if kind == "minor":
            triad, quality_set = "min", True
        elif kind == "major":
            quality_set = True
        elif kind == "dim":
            triad, quality_set = "dim", True
            seventh = "bb7" if m.group(1) else None
        elif kind == "hdim":
            triad, seventh, quality_set = "dim", "b7", True
        elif kind == "aug":
            if not first:
                raise QualityError(f"'aug' after other parts in {text!r}")
            triad, quality_set = "aug", True
        elif kind in ("majn", "n_maj"):
            if seventh:
                raise QualityError(f"two sevenths in {text!r}")
            n = int(m.group(1)) if kind == "majn" else 7
            seventh, ext = "7", (n if n > 7 else None)
        elif kind == "six_nine":
            if six or seventh:
                raise QualityError(f"6/9 after a 6th or 7th in {text!r}")
            six, ext = True, 9
        elif kind == "alt":
            a = ("b" if m.group(1) in "b-" else "#") + m.group(2)
            if a not in ALT_ORDER or a in alts:
                raise QualityError(f"unknown or repeated alteration {a!r} in {text!r}")
            alts.append(a)
        elif kind == "sus":
            if triad not in ("maj",) or triad == "maj" and quality_set and not first:
                raise QualityError(f"sus on a {triad} chord in {text!r}")
            triad = "sus2" if m.group(1) in ("2", "9") else "sus4"
        elif kind == "add":
            a = {"2": 9, "4": 11, "9": 9, "11": 11, "13": 13, "6": 6}[m.group(1)]
            if a == 6:
                six = True
            elif a in adds:
                raise QualityError(f"repeated add in {text!r}")
            else:
                adds.append(a)
        elif kind == "num":
            n = int(m.group(0))
            if n in (9, 11, 13) and in_paren and not seventh and n not in adds:
                adds.append(n)
            elif n in (9, 11, 13) and in_paren and seventh and (ext or 7) < n:
                ext = n  # C7(9), C7(13): extensions of a seventh chord written in brackets
            elif n in (7, 9, 11, 13):
                if seventh:
                    raise QualityError(f"two sevenths/extensions in {text!r}")
                if triad == "dim" and n == 7:
                    seventh = "bb7"
                else:
                    seventh, ext = "b7", (n if n > 7 else None)
            elif n == 6:
                if six or seventh:
                    raise QualityError(f"repeated 6 in {text!r}")
                six = True
            elif n == 3:  # A3: the major third named, i.e. the plain triad
                if not first:
                    raise QualityError(f"stray 3 in {text!r}")
            elif n in (5, 1):
                if not first:
                    raise QualityError(f"stray {n} in {text!r}")
                triad, quality_set = "5", True
            elif n in (2, 4):  # guitar shorthand: C2 = Csus2, C4 = Csus4
                if triad != "maj" or (quality_set and not first):
                    raise QualityError(f"{n} on a {triad} chord in {text!r}")
                triad = "sus2" if n == 2 else "sus4"
    if triad == "5" and (six or adds or alts or ext):
        raise QualityError(f"a power chord with extensions in {text!r}")
    return Quality(triad, seventh, ext, six, tuple(adds), tuple(alts)).canonical()
