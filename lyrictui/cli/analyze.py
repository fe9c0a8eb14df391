"""`lyrictui analyze SONG`: rhyme scheme, syllables per line and rhyme density, per section."""

from __future__ import annotations

import click


@click.command(
    "analyze",
    epilog="""\b
Examples:
  lyrictui analyze my-song.song.json
  lyrictui analyze lyrics.txt --json
""",
)
@click.argument("song", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON.")
def analyze(song: str, as_json: bool) -> None:
    """Print each section's rhyme scheme, the syllables and rhyme letter of each line,
    rhyme density (Malmi et al. 2016: mean longest vowel match per word, so only rhymes
    of two or more vowel sounds count) and how many lines rhyme (any rhyme)."""
    import json

    from lyrictui.craft.analysis import analyze_song, format_analysis
    from lyrictui.song.io import SongFileError, load_song

    try:
        s = load_song(song)
    except SongFileError as e:
        raise click.ClickException(str(e)) from e
    result = analyze_song(s)
    click.echo(json.dumps(result, indent=2) if as_json else format_analysis(result))
