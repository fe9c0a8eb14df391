"""Options both `lyrictui train lyrics` and `lyrictui train chords` take: the fields of
`training.loop.TrainConfig` and how the run is driven. One list, so the two commands cannot drift."""

from __future__ import annotations

from typing import Callable

import click


def _stack(*options: Callable) -> Callable:
    """One decorator applying `options` in the order listed (top to bottom in --help)."""

    def apply(f: Callable) -> Callable:
        for opt in reversed(options):
            f = opt(f)
        return f

    return apply


# The schedule: unset options keep the preset's value.
schedule_options = _stack(
    click.option("--max-steps", type=int, help="Optimizer steps (overrides --epochs)."),
    click.option("--epochs", type=float, help="Passes over the training data."),
    click.option("--batch-size", type=int, help="Blocks per micro-batch (per process)."),
    click.option("--grad-accum", type=int, help="Micro-batches per optimizer step."),
    click.option("--lr", type=float, help="Peak learning rate."),
    click.option("--warmup", "warmup_steps", type=int, help="Warmup steps."),
    click.option("--eval-every", type=int, help="Steps between validation passes."),
    click.option("--patience", "early_stopping_patience", type=int,
                 help="Evaluations without improvement before stopping early (0 = never)."),
    click.option("--precision", type=click.Choice(["auto", "fp32", "bf16", "fp16"]),
                 help="Autocast precision (bf16/fp16 on GPUs that support it)."),
    click.option("--compile", "compile_", is_flag=True, default=None, help="torch.compile the model (CUDA)."),
    click.option("--seed", type=int, default=0, show_default=True),
)

# Driving the run: resume, threads, progress.
run_options = _stack(
    click.option("--resume", is_flag=True, help="Continue the interrupted run of this name from its checkpoint."),
    click.option("--threads", type=int, help="CPU threads for torch."),
    click.option("--no-progress", is_flag=True, help="No progress bar (logs, CI)."),
    click.option("--force", is_flag=True,
                 help="Replace a model of this name even when the new one is clearly worse (else: asked, or saved as NAME-candidate)."),
)


def confirm_replace(force: bool) -> Callable[[str], bool]:
    """training.guard's question, answered: --force says yes, a terminal asks, anything else says no."""
    import sys

    def ask(message: str) -> bool:
        if force:
            click.echo(f"{message} Replacing it (--force).", err=True)
            return True
        if sys.stdin.isatty():
            return click.confirm(f"{message} Replace it anyway?", default=False, err=True)
        return False

    return ask
