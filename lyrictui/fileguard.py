"""Know when a file changed since it was read, and warn a second editor of the same file.

    stamp = stamp_of(path, data)          # what was read: mtime, size, content digest
    holder = take_lock(path)              # None: ours now; else who else has it open
    ...
    release_lock(path)

A `Stamp` decides by content (the digest): a `touch` is no change, a `sed -i` that keeps
size and second is. The lock is a small hidden file beside the song, like vim's swap
file: `.<name>.lyrictui-lock` holding the pid and host of the editor. It only warns; it
never stops anyone. A lock whose process is gone (same host, no such pid) is stale and
taken over silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from lyrictui import atomic

LOCK_SUFFIX = ".lyrictui-lock"


def digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


@dataclass(frozen=True)
class Stamp:
    """A file as it was read. digest None: there was no file."""

    digest: bytes | None
    size: int = 0
    mtime_ns: int = 0


def stamp_of(path: str | os.PathLike, data: bytes | None) -> Stamp:
    """The stamp of `path` whose content is `data` (already read; None = no file)."""
    if data is None:
        return Stamp(None)
    try:
        st = os.stat(path)
    except OSError:
        return Stamp(digest(data), len(data))
    return Stamp(digest(data), st.st_size, st.st_mtime_ns)


def read_stamp(path: str | os.PathLike) -> Stamp:
    try:
        return stamp_of(path, Path(path).read_bytes())
    except FileNotFoundError:
        return Stamp(None)


# ----- the lock -------------------------------------------------------------------------
@dataclass(frozen=True)
class LockHolder:
    pid: int
    host: str
    owner: str  # lyrictui.atomic.owner_tag() of the holder

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}"


def lock_path(path: str | os.PathLike) -> Path:
    real = Path(os.path.realpath(path))
    return real.with_name(f".{real.name}{LOCK_SUFFIX}")


def _read_holder(lock: Path) -> LockHolder | None:
    try:
        d = json.loads(lock.read_text("utf-8"))
        return LockHolder(int(d["pid"]), str(d["host"]), str(d["owner"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def take_lock(path: str | os.PathLike) -> LockHolder | None:
    """Lock `path` for this process; returns the live holder instead when another editor has it.

    A folder we cannot write to gets no lock (None): the lock only ever warns.
    """
    lock = lock_path(path)
    me = {"pid": os.getpid(), "host": socket.gethostname(), "owner": atomic.owner_tag()}
    try:
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        holder = _read_holder(lock)
        if holder is not None and holder.owner != me["owner"] and not atomic.owner_gone(holder.owner):
            return holder
        with contextlib.suppress(OSError):  # stale (or torn by a kill): take it over
            atomic.write_text(lock, json.dumps(me))
        return None
    except OSError:
        return None
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(json.dumps(me))
    return None


def release_lock(path: str | os.PathLike) -> None:
    """Remove the lock on `path` if this process holds it."""
    lock = lock_path(path)
    holder = _read_holder(lock)
    if holder is not None and holder.owner == atomic.owner_tag():
        with contextlib.suppress(OSError):
            lock.unlink()
