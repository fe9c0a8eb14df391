"""`SamplingSettings`: the one source of the lyric engine's sampling defaults and their help text.

    from lyrictui.engine.settings import SamplingSettings
    SamplingSettings.help_text("top_k")   # "Sample among the k most likely tokens (0 = no limit). (default 50)"

Torch-free, so the editor's settings form, the CLI's --help and the config read it without
loading a model; `engine.sampling` holds the processors that apply it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


def _opt(default, help: str):
    """A settings field with the help text the CLI and the settings dialog show."""
    return field(default=default, metadata={"help": help})


@dataclass
class SamplingSettings:
    """The only source of sampling defaults: the CLI options, the settings dialog and the config
    file take their defaults and help text from here (`help_text`, `defaults`)."""

    temperature: float = _opt(0.9, "Sampling temperature: below 1 sharper, above 1 wilder; 0 = greedy.")
    top_k: int = _opt(50, "Sample among the k most likely tokens (0 = no limit).")
    top_p: float = _opt(0.9, "Then keep the smallest set of tokens whose probability reaches top-p.")
    repetition_penalty: float = _opt(1.2, "Above 1 discourages tokens already in the song or the line.")
    # Scoped to the line, not the song: a song repeats its hook on purpose, a single line repeating is degenerate.
    no_repeat_ngram_size: int = _opt(3, "Ban any n-gram of this size from repeating inside one line (0 = off).")
    max_new_tokens: int = _opt(24, "Tokens per candidate line before it is cut off.")
    # Rows ride in the same decode batch; past ~12 the wait for the slowest rows grows (bench/lyric_quality.py).
    pool: int = _opt(12, "Lines sampled per request; the best are shown (0 = show the first ones sampled, unchosen).")
    seed: int | None = _opt(None, "Random seed (none = a fresh seed per request).")

    @classmethod
    def help_text(cls, name: str) -> str:
        """'<help> (default <value>)' for a field: one wording everywhere."""
        f = next(f for f in fields(cls) if f.name == name)
        return f"{f.metadata['help']} (default {f.default})"

    @classmethod
    def defaults(cls) -> dict:
        return cls().to_dict()

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict | None) -> "SamplingSettings":
        """Unknown keys are ignored and bad values fall back to the default, so an old config loads."""
        out = cls()
        for f in fields(cls):
            if not d or f.name not in d:
                continue
            v = d[f.name]
            try:
                if f.name == "seed":
                    v = None if v is None else int(v)
                elif f.name in ("temperature", "top_p", "repetition_penalty"):
                    v = float(v)
                else:
                    v = int(v)
            except (TypeError, ValueError):
                continue
            setattr(out, f.name, v)
        out.top_k = max(0, out.top_k)
        out.top_p = min(max(out.top_p, 0.0), 1.0)
        out.max_new_tokens = max(1, out.max_new_tokens)
        out.no_repeat_ngram_size = max(0, out.no_repeat_ngram_size)
        out.pool = max(0, min(out.pool, 64))
        return out
