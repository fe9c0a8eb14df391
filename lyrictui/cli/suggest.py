"""`lyrictui suggest`: candidate next lines for a song file or a prompt, without the TUI."""

from __future__ import annotations

import click

from lyrictui.engine.settings import SamplingSettings  # torch-free: the options take their help from it
from lyrictui.visible import visible  # model text is shown, never obeyed


@click.command(
    "suggest",
    epilog="""\b
Examples:
  lyrictui suggest my-song.song.json               4 candidates for the line after the last one
  lyrictui suggest my-song.song.json -n 8 --seed 1
  lyrictui suggest --prompt $'Title: Rain\\n[Verse]\\nthe river knows my name\\n'
  lyrictui suggest my-song.song.json --complete "and the"   finish a line already begun
  lyrictui suggest my-song.song.json --adapter mine --json  JSON array, for scripts
  lyrictui suggest song.txt --base verse                    the bundled model, no network

\b
Without --base/--adapter it uses the model chosen in the editor's config, else gpt2,
else (offline, gpt2 not cached) the bundled model, and says so on stderr.
A prompt that does not end in a newline is completed as a partial line.
""",
)
@click.argument("song", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--prompt", "prompt_text", help="Raw prompt text instead of a song (see the prompt format in lyrictui/prompt.py).")
@click.option("-n", "n", default=4, show_default=True, type=click.IntRange(1, 32), help="Number of candidate lines.")
@click.option("--section", type=int, help="Section number (1-based) to write in; default: the last.")
@click.option("--line", "line_no", type=int, help="Line number (1-based) in that section to write; default: after its last.")
@click.option("--complete", "partial", help="Complete this partial line instead of proposing a new one.")
@click.option("--adapter", help="A LoRA adapter: a name in the model store or a folder.")
@click.option("--base", help="Base model: hub id (gpt2), local folder, or store model (verse).")
@click.option("--seed", type=int, help=SamplingSettings.help_text("seed"))
@click.option("--temperature", type=float, help=SamplingSettings.help_text("temperature"))
@click.option("--top-k", type=int, help=SamplingSettings.help_text("top_k"))
@click.option("--top-p", type=float, help=SamplingSettings.help_text("top_p"))
@click.option("--repetition-penalty", type=float, help=SamplingSettings.help_text("repetition_penalty"))
@click.option("--max-tokens", type=int, help=SamplingSettings.help_text("max_new_tokens"))
@click.option("--pool", type=int, help=SamplingSettings.help_text("pool"))
@click.option("--device", help="cpu, cuda, mps (default: the best available).")
@click.option("--dtype", type=click.Choice(["auto", "fp32", "bf16", "fp16", "int8"]), default="auto", show_default=True, help="Precision of generation.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of the candidate lines.")
def suggest(song, prompt_text, n, section, line_no, partial, adapter, base, seed, temperature, top_k, top_p,
            repetition_penalty, max_tokens, pool, device, dtype, as_json) -> None:
    """Print candidate next lines for a song file (native, ChordPro or text) or a prompt."""
    import json
    import sys

    if (song is None) == (prompt_text is None):
        raise click.UsageError("give a SONG file or --prompt TEXT (one of them)")
    from lyrictui.engine.errors import EngineError
    overrides = {k: v for k, v in (("seed", seed), ("temperature", temperature), ("top_k", top_k), ("top_p", top_p),
                                   ("repetition_penalty", repetition_penalty), ("max_new_tokens", max_tokens),
                                   ("pool", pool)) if v is not None}
    loaded = _read_song(song) if song is not None else None  # a bad file fails before a model loads
    quiet = lambda msg, frac: None  # noqa: E731  (hub downloads still show tqdm on stderr)
    try:
        provider = _provider(adapter, base, device, dtype, quiet)
    except EngineError as e:
        raise click.ClickException(str(e)) from e
    if getattr(provider, "note", None):
        click.echo(f"note: using {provider.name}: {provider.note.splitlines()[0]}", err=True)
    provider.settings = SamplingSettings.from_dict({**provider.settings.to_dict(), **overrides})

    if loaded is not None:
        prompt = _song_prompt(provider, loaded, section, line_no, partial)
    else:
        from lyrictui.engine.context import fit_text_prompt

        prompt = prompt_text + (partial or "")
        budget = min(provider.lm.n_positions, provider.context_tokens + provider.settings.max_new_tokens) - provider.settings.max_new_tokens
        prompt = fit_text_prompt(prompt, provider.lm.count_tokens, budget)

    from lyrictui.engine.generate import generate_lines

    stream = sys.stdout.isatty() and not as_json
    live = _Live(n) if stream else None
    lines = generate_lines(provider.lm, prompt, n, provider.settings, on_update=live.update if live else None)
    if as_json:
        click.echo(visible(json.dumps(lines, ensure_ascii=False)))  # JSON leaves U+0080-9F raw
    elif live:
        live.finish(lines)
    else:
        for ln in lines:
            click.echo(visible(ln))


def _provider(adapter, base, device, dtype, progress):
    from lyrictui.engine.load import load_lm
    from lyrictui.config import load_config
    from lyrictui.engine.provider import EngineProvider, default_lyric_provider
    from lyrictui.engine.sampling import SamplingSettings

    dt = None if dtype == "auto" else dtype
    if adapter or base or device or dt:
        settings = SamplingSettings.from_dict(load_config().sampling)
        return EngineProvider(load_lm(base, adapter=adapter, device=device, dtype=dt, progress=progress), settings)
    return default_lyric_provider(progress=progress)


def _read_song(path):
    from lyrictui.song.io import SongFileError, load_song

    try:
        return load_song(path)
    except SongFileError as e:
        raise click.ClickException(str(e)) from e


def _song_prompt(provider, s, section, line_no, partial) -> str:
    from lyrictui.providers import LyricRequest

    if not s.sections:
        si, li = 0, 0
    else:
        si = (section - 1) if section else len(s.sections) - 1
        if not 0 <= si < len(s.sections):
            raise click.BadParameter(f"the song has {len(s.sections)} sections", param_hint="--section")
        li = (line_no - 1) if line_no else len(s.sections[si].lines)
        li = max(0, min(li, len(s.sections[si].lines)))
    req = LyricRequest(song=s, section_index=si, line_index=li, mode="complete" if partial else "next", partial=partial or "")
    return provider.prompt_for(req)


class _Live:
    """Redraw n numbered lines in place as candidates stream in (TTY only)."""

    def __init__(self, n: int):
        import sys

        self.n, self.out, self.text = n, sys.stdout, [""] * n
        self.out.write("\n" * n)

    def update(self, i: int, text: str) -> None:
        if i >= self.n:
            return
        text = self.text[i] = visible(text)
        up = self.n - i
        self.out.write(f"\x1b[{up}A\r\x1b[2K{i + 1}. {text}\x1b[{up}B\r")
        self.out.flush()

    def finish(self, lines: list[str]) -> None:
        self.out.write(f"\x1b[{self.n}A")
        for i in range(self.n):
            self.out.write("\r\x1b[2K" + (f"{i + 1}. {visible(lines[i])}" if i < len(lines) else "") + "\n")
        self.out.flush()
