"""Rhyme-aware suggestions: over-generate from any lyric provider, rerank by the writer's target.

    from lyrictui.craft.rerank import RhymeAwareProvider, FOLLOW_SCHEME
    p = RhymeAwareProvider(engine_provider, oversample=4)
    lines = p.suggest(LyricRequest(song, 0, 3, n=4, rhyme_with="night", syllables=(6, 8)))
    p.explain(lines[0])   # "rhymes with 'night' (perfect: light); 7 syllables (want 6-8); model pick 3/16"

Targets come from the request: `rhyme_with` a word (the editor passes the last word of
"line N"), or `FOLLOW_SCHEME` ("@scheme") to rhyme where the section's scheme says the next
line should (ABAB -> the line two up; see scheme.predict_rhyme_line); `syllables` an
inclusive range. With `follow_scheme=True` the scheme is followed whenever no word is given.

The inner provider is asked for `n * oversample` candidates; each gets
    score = 2.0 * rhyme (1 perfect, 0.9 multi, 0.6 near, 0.3 same word, 0 none)
          + 1.0 * syllable fit (1 inside the range, minus 1/3 per syllable outside)
          + 0.3 * model order (1 for the inner provider's first candidate ... 0 for its last)
and the best n distinct lines are returned. `last_explanations` (same order as the
result) and `explain(line)` say why each ranks where it does.

With `steer=` (an ending scorer, e.g. `steer.LMEndingScorer(lm)`), returned lines that still
miss the rhyme get their last word swapped for the rhyme the model finds most likely there
(see steer.py); their explanation says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import re

from lyrictui.craft.rhymes import find_rhymes, rhyme_score
from lyrictui.craft.scheme import last_word, predict_rhyme_line
from lyrictui.craft.syllables import count_syllables
from lyrictui.craft.lexicon import common_word
from lyrictui.providers import Cancelled, LyricProvider, LyricRequest, OnUpdate, never

FOLLOW_SCHEME = "@scheme"
W_RHYME, W_SYLL, W_ORDER = 2.0, 1.0, 0.3
_KIND = {1.0: "perfect", 0.9: "multi-syllable", 0.6: "near", 0.3: "same word"}


@dataclass(frozen=True)
class Target:
    rhyme_with: str | None = None  # the word to rhyme with
    syllables: tuple[int, int] | None = None
    source: str = ""  # "asked" or "scheme: rhymes with line 2"


@dataclass
class Ranked:
    text: str
    score: float
    rhyme: float
    syllables: int
    syllable_fit: float
    order: int  # 0-based position among the inner provider's candidates
    explanation: str


def target_for(req: LyricRequest, follow_scheme: bool = False) -> Target:
    """The rhyme word and syllable range a request asks for (resolving '@scheme')."""
    word = req.rhyme_with
    source = "asked" if word and word != FOLLOW_SCHEME else ""
    if word == FOLLOW_SCHEME or (word is None and follow_scheme):
        word, source = None, ""
        if 0 <= req.section_index < len(req.song.sections):
            lines = [ln.text for ln in req.song.sections[req.section_index].lines[: req.line_index]]
            j = predict_rhyme_line(lines)
            if j is not None:
                word = last_word(lines[j])
                source = f"scheme: rhymes with line {j + 1}"
    return Target(rhyme_with=word or None, syllables=req.syllables, source=source)


def syllable_fit(n: int, want: tuple[int, int] | None) -> float:
    if want is None:
        return 1.0
    lo, hi = want
    miss = lo - n if n < lo else (n - hi if n > hi else 0)
    return max(0.0, 1.0 - miss / 3)


def meets(text: str, target: Target) -> bool:
    """Does a line hit the target? Rhyme: perfect, multi or near (not the same word)."""
    ok = True
    if target.rhyme_with:
        ok = rhyme_score(last_word(text), target.rhyme_with) >= 0.6
    if target.syllables:
        lo, hi = target.syllables
        ok = ok and lo <= count_syllables(text) <= hi
    return ok


def rank(candidates: list[str], target: Target) -> list[Ranked]:
    """Score and sort candidate lines for a target (stable: ties keep the model's order)."""
    out: list[Ranked] = []
    total = max(1, len(candidates) - 1)
    for i, text in enumerate(candidates):
        lw = last_word(text)
        r = rhyme_score(lw, target.rhyme_with) if (target.rhyme_with and lw) else 0.0
        n = count_syllables(text)
        sf = syllable_fit(n, target.syllables)
        order = 1.0 - i / total if len(candidates) > 1 else 1.0
        score = (W_RHYME * r if target.rhyme_with else 0.0) + (W_SYLL * sf if target.syllables else 0.0) + W_ORDER * order
        parts = []
        if target.rhyme_with:
            parts.append(f"rhymes with '{target.rhyme_with}' ({_KIND[r]}: {lw})" if r else f"'{lw or '-'}' does not rhyme with '{target.rhyme_with}'")
        if target.syllables:
            lo, hi = target.syllables
            want = f"{lo}" if lo == hi else f"{lo}-{hi}"
            parts.append(f"{n} syllables (want {want})")
        parts.append(f"model pick {i + 1}/{len(candidates)}")
        if target.source and target.source != "asked":
            parts.append(target.source)
        out.append(Ranked(text, score, r, n, sf, i, "; ".join(parts)))
    out.sort(key=lambda x: (-x.score, x.order))
    return out


class RhymeAwareProvider:
    """A LyricProvider wrapping another; honours `rhyme_with` / `syllables` by reranking."""

    def __init__(
        self,
        inner: LyricProvider,
        oversample: int = 4,
        follow_scheme: bool = False,
        steer=None,  # steer.EndingScorer: swap a missing line's last word for a likely rhyme
        min_logp: float = -7.0,  # mean log-prob per token an ending must reach to be swapped in
    ):
        self.inner = inner
        self.steer = steer
        self.min_logp = min_logp
        self.oversample = max(1, oversample)
        self.follow_scheme = follow_scheme
        self.name = f"{getattr(inner, 'name', 'model')} + rhyme"
        self.last_ranked: list[Ranked] = []
        self.last_target: Target | None = None

    def set_sampling(self, values: dict) -> None:
        self.inner.set_sampling(values)

    @property
    def last_explanations(self) -> list[str]:
        return [r.explanation for r in self.last_ranked]

    def explain(self, candidate: str) -> str:
        for r in self.last_ranked:
            if r.text == candidate:
                return r.explanation
        return ""

    def suggest(self, req: LyricRequest, on_update: OnUpdate | None = None, cancelled: Cancelled = never) -> list[str]:
        target = target_for(req, self.follow_scheme)
        self.last_target = target
        if not target.rhyme_with and not target.syllables:
            got = self.inner.suggest(req, on_update, cancelled)  # nothing to aim for: pass through
            self.last_ranked = rank(got, target)
            return got

        def forward(i: int, text: str) -> None:
            if on_update is not None and i < req.n:  # stream the first n so the panel is alive
                on_update(i, text)

        from dataclasses import replace

        wide = replace(req, n=req.n * self.oversample)
        cands = self.inner.suggest(wide, forward, cancelled)
        if cancelled():
            return []
        seen: set[str] = set()
        uniq = []
        for c in cands:
            k = " ".join(c.split()).lower()
            if k and k not in seen:
                seen.add(k)
                uniq.append(c)
        ranked = rank(uniq, target)[: req.n]
        if self.steer is not None and target.rhyme_with:
            ranked = self._steer(req, target, ranked, cancelled)
        self.last_ranked = ranked
        if on_update is not None:
            for i, r in enumerate(ranked):
                on_update(i, r.text)
        return [r.text for r in ranked]

    def _steer(self, req: LyricRequest, target: Target, ranked: list[Ranked], cancelled: Cancelled) -> list[Ranked]:
        from lyrictui.prompt import build_prompt

        r = find_rhymes(target.rhyme_with or "")
        # only common words: a rhyme hit with "jerome" or "shalom" is not a line a writer keeps
        words = [w for w in r.perfect if common_word(w)][:16] + [w for w in r.multi if common_word(w)][:4] \
            + [w for w in r.near if common_word(w)][:6]
        if not words:
            return ranked
        prompt = build_prompt(req.song, req.section_index, req.line_index)
        out = []
        for item in ranked:
            if item.rhyme >= 0.6 or cancelled():
                out.append(item)
                continue
            m = re.match(r"^(.*\S)\s+\S+?([.,!?;:'\")]*)$", item.text.strip())
            if not m:
                out.append(item)
                continue
            head, punct = m.group(1), m.group(2)
            fits = [w for w in words if syllable_fit(count_syllables(head + " " + w), target.syllables) >= 1.0] or words
            scores = self.steer(prompt + head, [f" {w}{punct}\n" for w in fits])
            best = max(range(len(fits)), key=lambda i: scores[i])
            if scores[best] < self.min_logp:
                out.append(item)
                continue
            text = f"{head} {fits[best]}{punct}"
            again = rank([text], target)[0]
            again.order = item.order
            again.score = again.score - W_ORDER * 1.0 + W_ORDER * (1.0 - item.order / max(1, len(ranked)))
            again.explanation = again.explanation.replace("model pick 1/1", f"model pick {item.order + 1}") + (
                f"; last word steered to a rhyme (was '{last_word(item.text)}', log-prob {scores[best]:.1f}/token)"
            )
            out.append(again)
        out.sort(key=lambda x: (-x.score, x.order))
        return out
