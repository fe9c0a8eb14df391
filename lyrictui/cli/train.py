"""`lyrictui train lyrics|chords`: build the two models from your own data."""

import click

from lyrictui.cli.train_chords import chords
from lyrictui.cli.train_lyrics import lyrics


@click.group("train")
def train() -> None:
    """Train a lyric model (LoRA on GPT-2) or a chord model (from scratch) on your data.

    Models land in the model store (`lyrictui models path`) and the editor can use them at once.
    """


train.add_command(lyrics)
train.add_command(chords)
