"""Write files and folders so that a crash at any moment leaves the old or the new, never half.

Files: write a temporary file in the same folder, flush and fsync, rename over the
target (atomic on POSIX), fsync the folder. Folders (trained models): build in a
temporary sibling, then swap it into place.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Iterator

TMP_PREFIX = ".lyrictui-tmp-"
# A temporary file this old beside its target was left by a writer that was killed mid-save.
STALE_SECONDS = 3600


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sweep_stale(folder: Path, name: str) -> None:
    """Remove temporary files of `name` left behind by killed writers (never the target itself)."""
    now = time.time()
    for p in folder.glob(f"{TMP_PREFIX}{name}-*"):
        try:
            if now - p.stat().st_mtime > STALE_SECONDS and p.is_file():
                p.unlink()
        except OSError:
            pass


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # e.g. Windows cannot open folders; the rename is still atomic there
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep_stale(path.parent, path.name)
    fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():  # keep the file's permissions across the replace
            shutil.copymode(path, tmp)
        else:  # mkstemp makes 0600; a new song file gets the usual 0666 & ~umask
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def write_text(path: str | os.PathLike, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


@contextlib.contextmanager
def atomic_dir(final: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary folder; on clean exit it replaces `final` whole.

    If the block raises (or the process dies), `final` is untouched and the temporary
    folder is removed (or left as a hidden `.lyrictui-tmp-*` sibling that nothing reads).
    """
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX + final.name + "-", dir=final.parent))
    os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700; a model folder is as shareable as any other
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if final.exists():
        old = final.parent / f"{TMP_PREFIX}old-{final.name}-{os.getpid()}"
        os.replace(final, old)
    os.replace(tmp, final)
    _fsync_dir(final.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
