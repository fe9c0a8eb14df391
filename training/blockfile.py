"""Packed blocks on disk: a flat uint16/uint32 file read back as a numpy memmap (N, block_size).

    from training.blockfile import write_blocks, open_blocks
    n = write_blocks(pack_blocks(docs, 256, eos), "runs/x/train.bin", 256, vocab_size)
    blocks = open_blocks("runs/x/train.bin", 256, vocab_size)   # np.memmap, shape (n, 256)

Writing streams block by block, so the memory used does not grow with the corpus;
training then reads only the rows of each batch from the page cache. uint16 when the
vocabulary fits (< 65536 ids), uint32 otherwise: half the disk and page cache of int32.
The file is written to a temporary name and renamed when complete.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from lyrictui.atomic import partial_path


def dtype_for(vocab_size: int) -> np.dtype:
    return np.dtype(np.uint16 if vocab_size <= np.iinfo(np.uint16).max + 1 else np.uint32)


def write_blocks(blocks: Iterable[Sequence[int]], path: str | os.PathLike, block_size: int, vocab_size: int) -> int:
    """Write `blocks` to `path`; returns how many were written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    dt = dtype_for(vocab_size)
    tmp = partial_path(path)  # named for its writer: swept at the next start if the writer dies
    n = 0
    with open(tmp, "wb") as f:
        for b in blocks:
            if len(b) != block_size:
                raise ValueError(f"block of {len(b)} tokens, expected {block_size}")
            f.write(np.asarray(b, dtype=dt).tobytes())
            n += 1
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return n


def open_blocks(path: str | os.PathLike, block_size: int, vocab_size: int) -> np.ndarray:
    """The blocks in `path` as a read-only memmap (N, block_size); an empty array for an empty file."""
    dt = dtype_for(vocab_size)
    size = Path(path).stat().st_size
    n = size // (dt.itemsize * block_size)
    if n == 0:
        return np.zeros((0, block_size), dtype=dt)
    return np.memmap(path, dtype=dt, mode="r", shape=(n, block_size))
