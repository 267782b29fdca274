"""Stage 10b: write bytes to their path atomically — the one place that does.

Data goes to a temporary file in the same folder and is renamed over the target
only when complete, so a failed build never leaves a partial PDF and an earlier
file at the path survives any failure. Caches and manifests use the same routine.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from .csvcells import neutralise
from .errors import RapportError


def write_atomic(data: bytes, target: Path, *, sync: bool = True, mode: int = 0o644) -> Path:
    """Write ``data`` to ``target`` via a temporary file and a rename; returns ``target``.

    ``sync`` flushes to disk before the rename (outputs); caches may skip it.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_pdf(data: bytes, target: Path) -> Path:
    """Write a PDF atomically; problems with the folder become a :class:`RapportError`."""
    target = target.resolve()
    if target.is_dir():
        raise RapportError(
            f"output {str(target)!r} is a folder", hint="give a file name such as rapport.pdf"
        )
    try:
        return write_atomic(data, target)
    except OSError as exc:
        cause, hint = _WRITE_PROBLEMS.get(exc.errno or 0, (exc.strerror, _ELSEWHERE))
        raise RapportError(f"cannot write {str(target)!r}: {cause}", hint=hint) from exc


_ELSEWHERE = "write the PDF elsewhere with -o PATH, in a folder you can write to"
_WRITE_PROBLEMS = {
    errno.ENOSPC: ("the disk is full", "free some space, or " + _ELSEWHERE),
    errno.EDQUOT: ("your disk quota is used up", "free some space, or " + _ELSEWHERE),
    errno.EROFS: ("the folder is on a read-only file system", _ELSEWHERE),
    errno.EACCES: ("you may not write in that folder", _ELSEWHERE),
    errno.EPERM: ("you may not write in that folder", _ELSEWHERE),
    errno.ENOENT: ("a file cannot be created there", _ELSEWHERE),
    errno.ENOTDIR: ("part of the path is a file, not a folder", _ELSEWHERE),
}


def spreadsheet_safe(cell: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula (see
    :func:`rapport.csvcells.neutralise`)."""
    return neutralise(cell)
