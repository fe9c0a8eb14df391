"""The writer's rhyme target for suggested lines: rhyme with line N / a word / the scheme, a syllable range.

Pure: the editor keeps one `RhymeTarget` per session (it applies to whichever section the
cursor is in; "line N" counts from the top of that section), turns it into the request's
`rhyme_with` / `syllables` with `request_fields`, and in the lines worker wraps the provider
with `aware_provider` (lyrictui.craft.rerank.RhymeAwareProvider: over-generate, rerank,
explain; optionally steer the last word with the model). Nothing here runs a model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from lyrictui.app.services import last_word

# lyrictui.craft.rerank.FOLLOW_SCHEME; copied so the UI thread imports nothing of songcraft
# (the test checks they agree).
FOLLOW_SCHEME = "@scheme"
OVERSAMPLE = 4  # candidates asked of the model per candidate shown

Kind = Literal["none", "scheme", "line", "word"]


@dataclass(frozen=True)
class RhymeTarget:
    kind: Kind = "none"
    line: int = 0  # 1-based line of the current section (kind "line")
    word: str = ""  # kind "word"
    syllables: tuple[int, int] | None = None  # inclusive
    steer: bool = True  # swap a missing rhyme for the one the model likes (needs provider.lm)

    @property
    def active(self) -> bool:
        return self.kind != "none" or self.syllables is not None


def rhyme_with(target: RhymeTarget, song: Any, section_index: int) -> str | None:
    """The request's rhyme_with: a word, FOLLOW_SCHEME, or None (no target, or line N is empty)."""
    if target.kind == "scheme":
        return FOLLOW_SCHEME
    if target.kind == "word":
        return target.word or None
    if target.kind == "line" and 0 <= section_index < len(song.sections):
        lines = song.sections[section_index].lines
        if 1 <= target.line <= len(lines):
            return last_word(lines[target.line - 1].text)
    return None


def request_fields(target: RhymeTarget, song: Any, section_index: int) -> dict[str, Any]:
    """rhyme_with / syllables for a LyricRequest (both None when there is no target)."""
    return {"rhyme_with": rhyme_with(target, song, section_index), "syllables": target.syllables}


def describe(target: RhymeTarget, word: str | None = None, resolved: bool = False) -> str:
    """Short text for the lines panel title, e.g. "rhyme with 'night', 6-8 syl".

    `word` is the rhyme the request aims at; for the scheme it is known once the worker has
    read the section (`resolved`), and None then means the next line starts a new sound."""
    parts = []
    if target.kind == "scheme":
        parts.append(f"scheme: '{word}'" if word else ("scheme: new sound" if resolved else "follow scheme"))
    elif target.kind == "line":
        parts.append(f"rhyme with '{word}'" if word else f"rhyme with line {target.line} (empty)")
    elif target.kind == "word":
        parts.append(f"rhyme with '{target.word}'")
    if target.syllables is not None:
        lo, hi = target.syllables
        parts.append(f"{lo} syl" if lo == hi else f"{lo}-{hi} syl")
    return ", ".join(parts)


# ----- the form (ctrl+t) ---------------------------------------------------------------------
FORM_HINT = (
    "Rhyme with: blank = no rhyme · scheme = follow the section's scheme · a number = that "
    "line of the section · or a word.  Syllables: 6-8, 7 or blank.  Steer: on/off (swap a "
    "missing rhyme for the one the model finds likeliest)."
)


def form_values(target: RhymeTarget) -> dict[str, str]:
    rhyme = {"none": "", "scheme": "scheme", "line": str(target.line), "word": target.word}[target.kind]
    syl = ""
    if target.syllables is not None:
        lo, hi = target.syllables
        syl = str(lo) if lo == hi else f"{lo}-{hi}"
    return {"rhyme": rhyme, "syllables": syl, "steer": "on" if target.steer else "off"}


def parse_form(values: dict[str, str]) -> RhymeTarget:
    """The form's text back into a target; ValueError says what is wrong."""
    rhyme = values.get("rhyme", "").strip()
    kind: Kind = "none"
    line, word = 0, ""
    if rhyme.lower() in ("", "none", "-", "off"):
        pass
    elif rhyme.lower() in ("scheme", "@scheme", "follow", "follow scheme"):
        kind = "scheme"
    elif rhyme.isdigit():
        kind, line = "line", int(rhyme)
        if line < 1:
            raise ValueError("line numbers start at 1")
    elif re.fullmatch(r"[\w']+", rhyme, re.UNICODE):
        kind, word = "word", rhyme
    else:
        raise ValueError(f"rhyme with: one word, a line number or 'scheme', not {rhyme!r}")
    syllables = parse_syllables(values.get("syllables", ""))
    steer_text = values.get("steer", "on").strip().lower()
    if steer_text not in ("on", "off", "yes", "no", "true", "false", "1", "0", ""):
        raise ValueError(f"steer: on or off, not {steer_text!r}")
    steer = steer_text in ("on", "yes", "true", "1", "")
    return RhymeTarget(kind, line, word, syllables, steer)


def parse_syllables(text: str) -> tuple[int, int] | None:
    text = text.strip().replace(" ", "")
    if not text:
        return None
    m = re.fullmatch(r"(\d+)(?:-(\d+))?", text)
    if not m:
        raise ValueError(f"syllables: a number or a range like 6-8, not {text!r}")
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) else lo
    if lo < 1 or hi < lo:
        raise ValueError(f"syllables: {text} is not a range from low to high")
    return lo, hi


def completed(partial: str, text: str) -> str:
    """The whole line for a 'complete' candidate, whether the provider returned the whole
    line or only its continuation (GPT-2 continuations carry their own leading space)."""
    if not partial or text.startswith(partial):
        return text
    return partial + text


# ----- wrapping the provider (called in the lines worker, off the UI thread) ------------------
class WholeLines:
    """Hands the reranker whole lines in complete mode, so syllables count the typed part too."""

    def __init__(self, inner: Any, partial: str) -> None:
        self.inner = inner
        self.partial = partial
        self.name = getattr(inner, "name", "model")

    def _whole(self, text: str) -> str:
        return completed(self.partial, text)

    def suggest(self, req: Any, on_update: Any = None, cancelled: Any = None) -> list[str]:
        def forward(i: int, text: str) -> None:
            if on_update is not None:
                on_update(i, self._whole(text))

        kwargs = {} if cancelled is None else {"cancelled": cancelled}
        return [self._whole(t) for t in self.inner.suggest(req, forward, **kwargs)]


def aware_provider(provider: Any, req: Any, steer: bool) -> Any:
    """RhymeAwareProvider around `provider` for this request (with LMEndingScorer when it can steer)."""
    from lyrictui.craft.rerank import RhymeAwareProvider

    scorer = None
    if steer and getattr(provider, "lm", None) is not None:
        from lyrictui.craft.steer import LMEndingScorer

        scorer = LMEndingScorer(provider.lm)
    inner = WholeLines(provider, req.partial) if req.mode == "complete" and req.partial else provider
    return RhymeAwareProvider(inner, oversample=OVERSAMPLE, steer=scorer)
