"""What composed work depends on, as keys: so that copies and rebuilds reuse what did not change.

Composed work (a chapter's rendered Markdown, an exhibit's texts, cells and widths) is
kept in memory and in the build cache under a key over everything it depends on.
Two parts every such key shares are here:

* :func:`install_digest` — rapport's own code, bundled layouts and fonts, and the
  libraries that shape output (an edited checkout never reuses older work); made once
  per process by :mod:`rapport.outputcache`, whose key over a whole build shares it;
* :func:`data_identity` — the bytes of every data file of the project's sources and
  their settings (the sources are built from nothing else).

The rest of a key (the definition, layout, language, template context, the tailored
segment when the work read it) is named where the work is done.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .memo import Memo
from .outputcache import install_digest
from .project import Project

__all__ = ["data_identity", "file_digest", "files_stamp", "install_digest"]

_DIGESTS: Memo[tuple[str, int, int], str] = Memo("file digests", 1024)


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, remembered while its size and modification time hold."""
    info = path.stat()
    slot = (str(path), info.st_size, info.st_mtime_ns)
    known = _DIGESTS.get(slot)
    if known is None:
        known = _DIGESTS.put(slot, hashlib.sha256(path.read_bytes()).hexdigest())
    return known


def data_identity(project: Project) -> str:
    """A digest over every data source's definition and the bytes of its files."""
    parts: list[Any] = [repr(project.disclosure)]
    for ds in project.data:
        parts.append((repr(ds), [(str(p), file_digest(p)) for p in ds.files()]))
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def files_stamp(paths: Iterable[Path]) -> list[tuple[str, int, int]]:
    """(path, size, modification time) of files outside the install (e.g. a layout's fonts)."""
    out = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            out.append((str(path), -1, -1))
            continue
        out.append((str(path), info.st_size, info.st_mtime_ns))
    return out
