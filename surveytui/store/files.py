"""Durable, private file operations: 0600 files, atomic replace, fsync of the directory,
and the lock beside a results file that every writer of it takes."""

from __future__ import annotations

import errno
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from surveytui.errors import Problem, SurveyError
from surveytui.results_files import ResultsFiles

FILE_MODE = 0o600
DIR_MODE = 0o700
O_BINARY = getattr(os, "O_BINARY", 0)  # Windows would otherwise turn \n into \r\n
LOCK_TIMEOUT = 30.0

_HINTS = {
    errno.ENOSPC: "free some disk space; everything saved before is intact",
    errno.EDQUOT: "free some disk space; everything saved before is intact",
    errno.EACCES: "check that you may write to this folder",
    errno.EPERM: "check that you may write to this folder",
    errno.EROFS: "the disk is read-only: save to another folder",
}


def os_problem(path: Path, err: OSError, doing: str) -> SurveyError:
    """A SurveyError naming the file and what failed, for an OSError the user can act on."""
    reason = err.strerror or str(err)
    return SurveyError(
        Problem(f"cannot {doing}: {reason}", str(path), hint=_HINTS.get(err.errno or 0))
    )


def make_dir(path: Path) -> None:
    """Create a folder and its missing parents, each readable by the owner only.

    Path.mkdir(parents=True) gives the parents the umask's mode (0777 under umask 000).
    """
    for folder in [*reversed(path.parents), path]:
        if folder.is_dir():
            continue
        try:
            folder.mkdir(mode=DIR_MODE, exist_ok=True)
        except OSError as err:
            raise os_problem(folder, err, "create the folder") from None


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in `path` durable (a no-op where folders cannot be opened)."""
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes) -> None:
    """Write every byte, retrying short writes, as os.write may stop early."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def temporaries(path: Path) -> list[Path]:
    """The temporary files `write_atomic` leaves beside `path` when it is killed mid-way."""
    return list(path.parent.glob(f".{path.name}.*.tmp"))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves the old or the new file, never a mix.

    The data goes to a temporary file in the same folder (mode 0600), is fsync'd, renamed
    over `path`, and the folder is fsync'd so that the rename itself survives a power cut.
    """
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | O_BINARY, FILE_MODE)
        try:
            write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
        fsync_dir(path.parent)
    except OSError as err:
        temporary.unlink(missing_ok=True)
        raise os_problem(path, err, "save the file") from None


def results_lock(path: Path) -> FileLock:
    """The lock of a results file (`ResultsFiles.lock`), held while its rows change."""
    return FileLock(str(ResultsFiles(path).lock), timeout=LOCK_TIMEOUT, mode=FILE_MODE)


@contextmanager
def locked(lock: FileLock, path: Path, doing: str) -> Iterator[None]:
    """Hold `lock`; a lock another program holds too long, or an OSError, is a SurveyError."""
    make_dir(path.parent)
    try:
        with lock:
            yield
    except Timeout:
        raise SurveyError(
            Problem(
                f"another program has held the lock {ResultsFiles(path).lock.name} for "
                f"{LOCK_TIMEOUT:.0f} s",
                str(path),
                hint="close it, or wait and try again",
            )
        ) from None
    except OSError as err:
        raise os_problem(path, err, doing) from None
