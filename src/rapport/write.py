"""Stage 10b: write bytes to their path atomically — the one place that does.

Data goes to a temporary file in the same folder and is renamed over the target
only when complete, so a failed build never leaves a partial PDF and an earlier
file at the path survives any failure. Caches and manifests use the same routine.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import RapportError


def write_atomic(data: bytes, target: Path, *, sync: bool = True) -> Path:
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
        os.chmod(tmp, 0o644)
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
        raise RapportError(
            f"cannot write {str(target)!r}: {exc.strerror}",
            hint="choose an output folder you can write to",
        ) from exc


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: object) -> object:
    """A CSV cell that a spreadsheet will not run as a formula: text starting with
    ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) gets a leading ``'``."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell
