"""The n-gram baseline: a word trigram model with interpolated Kneser-Ney smoothing.

    from lyrictui.evaluation.ngram import NgramLM, NgramProvider
    lm = NgramLM(order=3).fit([song_text(s) for s in train_songs])
    lm.bits(text)                    # -log2 P(text), a proper probability of the exact text
    lm.generate_line(prompt, rng)    # one line continuing a prompt (prompt.py format)
    NgramProvider(lm).suggest(req)   # a LyricProvider, like the neural engine

No torch: fits 800 songs in about a second. Tokens are whitespace-separated words
(case and punctuation kept) and the newline; text is normalised to single spaces, so the
tokens spell the text back exactly. A word never seen in training costs P(<unk>) times the
probability of spelling it with a character unigram model, so `bits(text) / len(text)` is
a real bits-per-character figure, comparable with a neural model's on the same text.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from lyrictui.prompt import build_prompt
from lyrictui.providers import Cancelled, LyricRequest, OnUpdate, never

BOS = "<s>"
UNK = "<unk>"
_TOKEN_RE = re.compile(r"\n|[^\s]+")


def normalise(text: str) -> str:
    """Single spaces, no trailing spaces, '\\n' line ends: the exact text both kinds of model score."""
    lines = [" ".join(ln.split()) for ln in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines)


def tokenize(text: str) -> list[str]:
    return _TOKEN_RE.findall(text)


@dataclass
class NgramConfig:
    order: int = 3  # trigram: the classic baseline (DopeLearning compares against one too)
    discount: float = 0.75  # Kneser-Ney absolute discount D


class NgramLM:
    def __init__(self, order: int = 3, discount: float = 0.75):
        self.config = NgramConfig(order, discount)
        self.n = order
        self.d = discount
        # counts[k][context] = Counter(next) for k = order (raw counts) and k < order
        # (continuation counts: how many distinct words precede context+next).
        self.counts: list[dict[tuple, Counter]] = [defaultdict(Counter) for _ in range(order + 1)]
        self.vocab: set[str] = set()
        self.char_p: dict[str, float] = {}
        self.lines: set[str] = set()  # normalised training lines, to measure copying

    # -- training --------------------------------------------------------------------------
    def fit(self, texts) -> "NgramLM":
        chars: Counter = Counter()
        top = self.counts[self.n]
        for text in texts:
            text = normalise(text)
            for ln in text.split("\n"):
                if ln.strip():
                    self.lines.add(ln.strip().lower())
            toks = [BOS] * (self.n - 1) + tokenize(text)
            for i in range(self.n - 1, len(toks)):
                top[tuple(toks[i - self.n + 1 : i])][toks[i]] += 1
                self.vocab.add(toks[i])
                if toks[i] != "\n":
                    chars.update(toks[i])
        for k in range(self.n, 1, -1):  # continuation counts for each lower order
            lower = self.counts[k - 1]
            for ctx, nxt in self.counts[k].items():
                for w in nxt:
                    lower[ctx[1:]][w] += 1
        total = sum(chars.values()) + len(chars) + 1
        self.char_p = {c: (n + 1) / total for c, n in chars.items()}
        self.char_p[""] = 1 / total  # any unseen character; also the end-of-word mark below
        self._totals = [{ctx: sum(c.values()) for ctx, c in level.items()} for level in self.counts]
        return self

    # -- probabilities ---------------------------------------------------------------------
    def _spell_logp(self, word: str) -> float:
        """log P(spelling) for an unknown word: character unigrams, geometric length."""
        unseen = self.char_p[""]
        lp = sum(math.log(self.char_p.get(c, unseen)) for c in word)
        return lp + math.log(0.2)  # P(end of word) = 0.2: mean unseen-word length ~5

    def prob(self, context: tuple, word: str) -> float:
        """Interpolated Kneser-Ney P(word | last n-1 tokens); `<unk>` for unseen words."""
        p = 1.0 / (len(self.vocab) + 1)  # uniform floor (includes <unk>)
        for k in range(1, self.n + 1):
            ctx = tuple(context[len(context) - (k - 1) :]) if k > 1 else ()
            level = self.counts[k].get(ctx)
            if not level:
                continue
            total = self._totals[k][ctx]
            c = level.get(word, 0)
            p = max(c - self.d, 0.0) / total + self.d * len(level) / total * p
        return p

    def bits(self, text: str) -> tuple[float, int, int]:
        """(-log2 P(text), tokens, characters) for the normalised text."""
        text = normalise(text)
        toks = tokenize(text)
        ctx = [BOS] * (self.n - 1)
        nll = 0.0
        for t in toks:
            if t in self.vocab:
                nll -= math.log2(self.prob(tuple(ctx), t))
            else:
                nll -= math.log2(self.prob(tuple(ctx), UNK)) + self._spell_logp(t) / math.log(2)
            ctx = ctx[1:] + [t]
        return nll, len(toks), len(text)

    # -- generation ------------------------------------------------------------------------
    def _sample(self, context: tuple, rng: random.Random, k: int | None = None) -> str:
        """Exact sample from the interpolated distribution: keep order k, or back off."""
        k = self.n if k is None else k
        if k == 0:
            return rng.choice(sorted(self.vocab - {BOS}))
        ctx = tuple(context[len(context) - (k - 1) :]) if k > 1 else ()
        level = self.counts[k].get(ctx)
        if not level:
            return self._sample(context, rng, k - 1)
        total = self._totals[k][ctx]
        backoff = self.d * len(level) / total
        if rng.random() < backoff:
            return self._sample(context, rng, k - 1)
        r = rng.random() * (total - self.d * len(level))
        for w, c in level.items():
            r -= c - self.d
            if r <= 0:
                return w
        return w

    def generate_line(self, prompt: str, rng: random.Random, max_words: int = 24) -> str:
        """One line continuing `prompt` (which ends right where the new line starts)."""
        ctx = ([BOS] * (self.n - 1) + tokenize(normalise(prompt)))[-(self.n - 1) :]
        if prompt and not prompt.endswith("\n"):
            pass  # complete mode: continue the typed words (context already ends with them)
        out: list[str] = []
        for _ in range(max_words):
            w = self._sample(tuple(ctx), rng)
            if w == "\n":
                if out:
                    break
                continue  # never an empty line
            if w.startswith("[") and w.endswith("]"):
                continue  # a section header is no lyric
            out.append(w)
            ctx = ctx[1:] + [w]
        return " ".join(out)

    def copied(self, line: str) -> bool:
        return " ".join(line.split()).lower() in self.lines


class NgramEndingScorer:
    """`craft.steer.EndingScorer` for the n-gram: mean ln P per token of an ending like " night\n"."""

    def __init__(self, lm: NgramLM):
        self.lm = lm

    def __call__(self, context: str, endings: list[str]) -> list[float]:
        lm = self.lm
        base = ([BOS] * (lm.n - 1) + tokenize(normalise(context)))[-(lm.n - 1) :]
        out = []
        for e in endings:
            ctx, lp = list(base), 0.0
            toks = tokenize(e)
            for t in toks:
                p = lm.prob(tuple(ctx), t if t in lm.vocab else UNK)
                lp += math.log(p) + (lm._spell_logp(t) if t not in lm.vocab else 0.0)
                ctx = ctx[1:] + [t]
            out.append(lp / max(1, len(toks)))
        return out


class NgramProvider:
    """The n-gram baseline as a LyricProvider (fast, no torch): `--model ngram`."""

    def __init__(self, lm: NgramLM, seed: int | None = 0, name: str = "ngram (trigram KN)"):
        self.lm = lm
        self.name = name
        self.rng = random.Random(seed)
        self.ending_scorer = NgramEndingScorer(lm)  # lets RhymeAwareProvider steer last words

    def set_sampling(self, values: dict) -> None:
        """The n-gram model samples its own way; model sampling settings do not apply."""

    def suggest(self, req: LyricRequest, on_update: OnUpdate | None = None, cancelled: Cancelled = never) -> list[str]:
        prompt = build_prompt(req.song, req.section_index, req.line_index, req.partial if req.mode == "complete" else "")
        out: list[str] = []
        for i in range(req.n):
            if cancelled():
                break
            line = self.lm.generate_line(prompt, self.rng)
            if req.mode == "complete" and req.partial:
                line = req.partial.rstrip() + " " + line
            out.append(line)
            if on_update:
                on_update(i, line)
        return out
