"""`lyrictui chords`: propose chord progressions that continue the chords you give."""

from __future__ import annotations

import click

from lyrictui.visible import visible  # chord symbols come from a model folder's vocabulary

EPILOG = """\b
Examples:
  lyrictui chords "D A Bm F#m"                 4 progressions of 4 chords that continue these
  lyrictui chords "D A Bm F#m" -n 6 --length 8
  lyrictui chords --section chorus --key Eb    a fresh chorus progression in E-flat
  lyrictui chords "Am F C G" --json            [["Am", "F", ...], ...] for scripts
  lyrictui chords "G D Em C" --model mine --temperature 0.8 --seed 1
  lyrictui chords "<verse> G D Em C <chorus> C G" --next    the likeliest next chords, with per cent
  lyrictui chords "G D Em C" --next --json     [{"chord": "G", "prob": 0.41, "source": "model"}, ...]

\b
Chords may be written as you like (Am7, A-7, Amin7, A:min7, H for B); proposals come
back in the key of your chords (or --key), spelled for it, and every chord parses.
Models: `lyrictui models list` (default: models/chords/default, bundled).
"""


@click.command("chords", epilog=EPILOG)
@click.argument("progression", required=False, default="")
@click.option("-n", "n", type=click.IntRange(1, 64), default=4, show_default=True, help="Number of progressions.")
@click.option("--length", type=click.IntRange(1, 64), default=4, show_default=True, help="Chords per progression.")
@click.option("--bars", type=click.IntRange(1, 64), help="Length in bars instead (one chord change per bar).")
@click.option("--key", help="Key of the song, e.g. G or Em (default: detected from the chords).")
@click.option("--section", help="Section being written: intro, verse, pre-chorus, chorus, bridge, outro.")
@click.option("--model", "model_name", default=None, help="Chord model name in the store, or a folder.")
@click.option("--temperature", type=float, default=1.0, show_default=True, help="Sampling temperature.")
@click.option("--top-k", type=int, default=20, show_default=True, help="Sample among the k likeliest tokens.")
@click.option("--seed", type=int, help="Random seed (repeatable proposals).")
@click.option("--next", "show_next", is_flag=True,
              help="Rank the likeliest next chords (with probabilities) instead of proposing progressions.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON: progressions as arrays of chords, or --next's list.")
def chords(progression: str, n: int, length: int, bars: int | None, key: str | None, section: str | None,
           model_name: str | None, temperature: float, top_k: int, seed: int | None, show_next: bool,
           as_json: bool) -> None:
    """Propose chord progressions that continue PROGRESSION (space-separated chords), in its key."""
    import json

    from chords.generate import ChordSampling, propose
    from chords.keys import detect_key, normalize_key
    from chords.theory import ChordError, try_parse
    from lyrictui.chord_provider import load_chord_model

    symbols = progression.replace(",", " ").split()
    bad = [s for s in symbols if not (s.startswith("<") or s == "|") and try_parse(s) is None]
    if bad:
        raise click.ClickException(f"not chord symbols: {' '.join(bad)}")
    try:
        key = normalize_key(key) if key else None
    except ChordError as e:
        raise click.ClickException(str(e)) from None
    from lyrictui.engine.errors import EngineError

    try:
        lm = load_chord_model(model_name)
    except (FileNotFoundError, EngineError) as e:
        raise click.ClickException(str(e)) from None
    if show_next:
        _show_next(lm, symbols, key, section, as_json)
        return
    sampling = ChordSampling(temperature=temperature, top_k=top_k, seed=seed)
    props = propose(lm, symbols, n=n, length=bars or length, key=key, section=section, sampling=sampling)
    if as_json:
        click.echo(json.dumps(props))
        return
    shown_key = key or detect_key([s for s in symbols if not s.startswith("<")]) or "C"
    click.echo(visible(f"# model {lm.name}, key {shown_key}"), err=True)
    for p in props:
        click.echo(visible("  ".join(p)))
    if len(props) < n:  # propose() drops repeats: say so rather than silently print fewer
        click.echo(f"# only {len(props)} distinct progression(s) of {n} asked; try a higher --temperature", err=True)


def _show_next(lm, symbols: list[str], key: str | None, section: str | None, as_json: bool) -> None:
    import json

    from chords.next_chords import NextConfig, SongFrame, next_chords

    try:
        ranked = next_chords(lm, symbols, key=key, section=section, cfg=NextConfig(k=8))
    except ValueError as e:  # a BPE model: no ranked list
        raise click.ClickException(str(e)) from None
    if as_json:
        click.echo(json.dumps([{"chord": r.chord, "prob": round(r.prob, 4), "source": r.source} for r in ranked]))
        return
    click.echo(visible(f"# model {lm.name}, key {SongFrame.from_song(symbols, key).key}"), err=True)
    width = max((len(r.chord) for r in ranked), default=1)
    for r in ranked:
        bar = "█" * max(1, round(20 * r.prob))
        note = "" if r.source == "model" else f"  (as in {r.source})"
        click.echo(visible(f"  {r.chord:<{width}}  {100 * r.prob:4.0f}%  {bar}{note}"))
