"""Stage 10b: write bytes to the output path atomically.

The PDF is written to a temporary file in the same folder and renamed over the
target only when complete, so a failed build never leaves a partial PDF and an
earlier file at the path survives any failure.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import RapportError


def write_pdf(data: bytes, target: Path) -> Path:
    """Write ``data`` to ``target`` atomically; returns the resolved path."""
    target = target.resolve()
    if target.is_dir():
        raise RapportError(f"output {str(target)!r} is a folder",
                           hint="give a file name such as rapport.pdf")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise RapportError(f"cannot write to {str(target.parent)!r}: {exc.strerror}",
                           hint="choose an output folder you can write to") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
