"""Write files and folders so that a crash at any moment leaves the old or the new, never half.

    from lyrictui import atomic
    atomic.write_text("song.cho", text)        # temp file + fsync + rename; through symlinks
    with atomic.atomic_dir("models/chords/x") as tmp:   # build the folder, swapped in whole
        ...

Files: write a temporary file in the target's folder, flush and fsync, rename over the
target (atomic on POSIX), fsync the folder. A symlink is followed (its target is
replaced, the link kept); a device, FIFO or other non-regular file is written in place,
never renamed over; a read-only file is refused. Folders (trained models): build in a
temporary sibling, then swap it into place with two renames recorded in a small journal
beside it, so a kill between the renames is completed by the next `atomic_dir` or
`recover` on that folder.

Every temporary name carries its writer as `<host>.<pid>`; a leftover whose writer is
gone is provably abandoned and swept (`sweep`), never one whose writer still runs.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import socket
import stat
import tempfile
import time
from pathlib import Path
from typing import Iterator

TMP_PREFIX = ".lyrictui-tmp-"
SWAP_PREFIX = ".lyrictui-swap-"  # + folder name: the journal of a folder swap in progress
# Temp names from before the owner tag cannot say who wrote them; this old, they are abandoned.
STALE_SECONDS = 3600
# Fault-injection hook for tests: seconds to sleep between the two renames of a folder swap.
SWAP_PAUSE_ENV = "LYRICTUI_FAULT_SWAP_PAUSE"
_HOST = hashlib.blake2b(socket.gethostname().encode(), digest_size=3).hexdigest()
_OWNER_RE = re.compile(r"([0-9a-f]{6})\.(\d+)")


class Refused(OSError):
    """A write refused before anything was written; `strerror` says why in plain words."""


class Changed(OSError):
    """The target changed on disk while the new version was being written; it was left alone."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def owner_tag() -> str:
    """`<host>.<pid>` of this process, as written into temporary names."""
    return f"{_HOST}.{os.getpid()}"


def temp_prefix(name: str) -> str:
    """The start of a temporary name for `name`; a random part follows (no '-' in it)."""
    return f"{TMP_PREFIX}{name}-{owner_tag()}-"


def partial_path(path: str | os.PathLike) -> Path:
    """Where to stream a big file before renaming it to `path` (swept if its writer dies)."""
    path = Path(path)
    return path.with_name(f"{temp_prefix(path.name)}partial")


def owner_gone(tag: str) -> bool:
    """True when the process named by an owner tag is provably gone (same host, no such pid)."""
    m = _OWNER_RE.fullmatch(tag)
    if m is None or m.group(1) != _HOST:
        return False  # another machine's writer (a shared folder): we cannot tell, so keep it
    pid = int(m.group(2))
    if pid == os.getpid() or os.name == "nt":  # Windows' os.kill(pid, 0) would terminate it
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # EPERM: the process exists, owned by someone else
        return False
    return False


def _owner_of(name: str) -> str | None:
    """The owner tag in a temporary name `.lyrictui-tmp-NAME-OWNER-RAND` (None: an older name)."""
    parts = name[len(TMP_PREFIX):].rsplit("-", 2)
    return parts[1] if len(parts) == 3 and _OWNER_RE.fullmatch(parts[1]) else None


def abandoned(p: Path) -> bool:
    """A temporary file or folder whose writer is provably gone."""
    owner = _owner_of(p.name)
    if owner is not None:
        return owner_gone(owner)
    try:  # an untagged name from an older lyrictui: only age can tell
        return time.time() - p.lstat().st_mtime > STALE_SECONDS
    except OSError:
        return False


def sweep(folder: str | os.PathLike) -> int:
    """Remove the abandoned temporary files and folders in `folder`; returns how many.

    Finishes any half-done folder swap there first (its old folder is a leftover too).
    """
    folder = Path(folder)
    recover(folder)
    removed = 0
    try:
        entries = list(folder.glob(f"{TMP_PREFIX}*"))
    except OSError:
        return 0
    for p in entries:
        if not abandoned(p):
            continue
        with contextlib.suppress(OSError):
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            else:
                p.unlink()
            removed += 1
    return removed


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # e.g. Windows cannot open folders; the rename is still atomic there
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _not_a_folder(path: Path) -> OSError:
    """ENOTDIR naming the first ancestor of `path` that exists and is not a folder."""
    for anc in reversed(path.parents):
        if anc.exists() and not anc.is_dir():
            return Refused(errno.ENOTDIR, f"the parent {anc} is not a folder", str(path))
    return Refused(errno.ENOTDIR, f"the parent {path.parent} is not a folder", str(path))


def writable_target(path: str | os.PathLike) -> tuple[Path, os.stat_result | None]:
    """The file a write to `path` lands in (symlinks followed) and its stat (None: new file).

    Raises Refused for a folder, a read-only file, or a parent that is a file.
    """
    target = Path(os.path.realpath(path))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        return target, None
    except NotADirectoryError:
        raise _not_a_folder(target) from None
    if stat.S_ISDIR(st.st_mode):
        raise Refused(errno.EISDIR, "is a folder, not a file", str(path))
    if stat.S_ISREG(st.st_mode) and (not os.access(target, os.W_OK) or not st.st_mode & 0o222):
        # root may write anything; a file with no write bit at all is still meant read-only
        raise Refused(errno.EACCES, "is read-only; it was not replaced", str(path))
    return target, st


def write_bytes(path: str | os.PathLike, data: bytes, if_unchanged: os.stat_result | None = None) -> None:
    """Replace `path` with `data`. With `if_unchanged` (a stat taken when the caller read the
    file), raise Changed instead if the file was replaced or rewritten since (checked last,
    just before the rename, so a write during our fsync is not silently lost)."""
    target, st = writable_target(path)
    if st is not None and not stat.S_ISREG(st.st_mode):
        # /dev/null, a FIFO, a terminal: write into it; renaming over it would replace the node
        with open(target, "wb") as f:
            f.write(data)
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise _not_a_folder(target) from None
    sweep(target.parent)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(target.name), dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if st is not None:  # keep the file's permissions across the replace
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
        else:  # mkstemp makes 0600; a new song file gets the usual 0666 & ~umask
            os.chmod(tmp, 0o666 & ~_umask())
        if if_unchanged is not None:
            _check_unchanged(target, if_unchanged)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


def _check_unchanged(target: Path, before: os.stat_result) -> None:
    try:
        now = os.stat(target)
    except FileNotFoundError:
        now = None
    if now is None or (now.st_ino, now.st_size, now.st_mtime_ns) != (before.st_ino, before.st_size, before.st_mtime_ns):
        raise Changed(errno.EAGAIN, "changed on disk while saving; not overwritten", str(target))


def write_text(path: str | os.PathLike, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


# ----- folders ---------------------------------------------------------------------------
def _journal(final: Path) -> Path:
    return final.parent / f"{SWAP_PREFIX}{final.name}"


def recover(folder: str | os.PathLike) -> None:
    """Complete every folder swap in `folder` whose writer was killed between its renames.

    A journal exists only while a complete new folder is being swapped in, so the swap is
    always rolled forward: the new folder takes the name, the old one is removed.
    """
    folder = Path(folder)
    try:
        journals = list(folder.glob(f"{SWAP_PREFIX}*"))
    except OSError:
        return
    for journal in journals:
        try:
            j = json.loads(journal.read_text("utf-8"))
            owner, new, old = j["owner"], folder / j["new"], folder / j["old"]
        except FileNotFoundError:
            continue
        except (OSError, ValueError, KeyError, TypeError):
            continue  # unreadable: leave it for a person rather than guess
        if not owner_gone(owner):
            continue
        final = folder / journal.name[len(SWAP_PREFIX):]
        with contextlib.suppress(OSError):  # another process may be recovering the same swap
            if new.is_dir():
                if os.path.lexists(final) and not os.path.lexists(old):
                    os.replace(final, old)
                os.replace(new, final)
                _fsync_dir(folder)
            shutil.rmtree(old, ignore_errors=True)
            journal.unlink()


@contextlib.contextmanager
def atomic_dir(final: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary folder; on clean exit it replaces `final` whole.

    If the block raises, `final` is untouched and the temporary folder is removed; if the
    process dies, it is left as a hidden `.lyrictui-tmp-*` sibling that the next `sweep`
    removes, and a swap cut between its renames is completed by the next `recover`.
    """
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    sweep(final.parent)
    tmp = Path(tempfile.mkdtemp(prefix=temp_prefix(final.name), dir=final.parent))
    os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes 0700; a model folder is as shareable as any other
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if not os.path.lexists(final):
        os.replace(tmp, final)  # one rename: nothing to journal
        _fsync_dir(final.parent)
        return
    old = final.parent / f"{temp_prefix('old-' + final.name)}{tmp.name.rsplit('-', 1)[1]}"
    journal = _journal(final)
    write_text(journal, json.dumps({"owner": owner_tag(), "new": tmp.name, "old": old.name}))
    os.replace(final, old)
    pause = os.environ.get(SWAP_PAUSE_ENV)
    if pause:
        time.sleep(float(pause))
    os.replace(tmp, final)
    _fsync_dir(final.parent)
    journal.unlink()
    shutil.rmtree(old, ignore_errors=True)
