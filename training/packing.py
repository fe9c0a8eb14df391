"""Packing token streams into fixed-size training blocks (pure; no torch).

    from training.packing import pack_blocks
    blocks = list(pack_blocks([[5, 6, 7], [8, 9]], block_size=4, eos_id=0))
    # -> [[5, 6, 7, 0]]  (documents joined with EOS after each, cut every 4 tokens)

This is `run_clm.py`'s `group_texts`, but streaming: documents arrive one at a time
(a generator over a corpus of any size) and blocks leave as soon as they are full, so
memory holds at most one document plus one block. Deterministic: the same documents
in the same order give the same blocks.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Sequence


def pack_blocks(
    docs: Iterable[Sequence[int]],
    block_size: int,
    eos_id: int | None,
    drop_last: bool = True,
) -> Iterator[list[int]]:
    """Concatenate `docs` (token id lists), each followed by `eos_id`, and cut into blocks.

    `drop_last=True` drops the leftover tokens shorter than a block (as run_clm does).
    `drop_last=False` instead emits one last block made of the final `block_size` tokens
    of the stream, which overlaps the block before it: every token is scored at least
    once, which matters for small validation sets. Nothing is emitted when the whole
    stream is shorter than one block.
    """
    if block_size < 2:
        raise ValueError("block_size must be at least 2")
    buf: list[int] = []
    tail: list[int] = []  # the last block emitted, to build the overlapping final block
    for doc in docs:
        buf.extend(doc)
        if eos_id is not None:
            buf.append(eos_id)
        while len(buf) >= block_size:
            tail = buf[:block_size]
            yield tail
            del buf[:block_size]
    if buf and not drop_last and tail:
        yield (tail + buf)[-block_size:]


def count_blocks(n_tokens: int, block_size: int, drop_last: bool = True) -> int:
    """How many blocks `pack_blocks` makes from a stream of `n_tokens` tokens (EOS included)."""
    full = n_tokens // block_size
    return full + (1 if not drop_last and full and n_tokens % block_size else 0)
