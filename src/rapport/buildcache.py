"""A folder of intermediate results that a rebuild can reuse, stored as plain data.

Used for what is expensive and fully determined by its inputs: aggregated,
disclosure-controlled result frames (keyed on the bytes of the respondent file
and questionnaire, the breakdowns and the rules) and the last table of contents
and page total (a warm start for the renderer, verified by the normal passes).
Charts have their own cache (``rapport.charts.cache``) in a sibling folder.
Entries are written atomically in :mod:`rapport.datacodec`'s data-only format, so
reading one never runs code; unreadable or corrupt entries count as missing. A
cache folder is only used when it belongs to the user building and nobody else
may write to it (see :func:`trusted_folder`).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Collection
from pathlib import Path
from typing import Any

from . import __version__
from .cachefolder import trusted_folder
from .datacodec import CorruptEntry, decode, encode
from .write import write_atomic

__all__ = ["BuildCache", "cache_key", "file_digest", "read_entry", "trusted_folder", "write_entry"]

LOG = logging.getLogger("rapport.progress")
SUFFIX = ".entry"


def cache_key(*parts: Any) -> str:
    """SHA-256 over the repr of the parts and rapport's version."""
    return hashlib.sha256(repr((__version__, *parts)).encode("utf-8")).hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_entry(path: Path) -> Any | None:
    """The value stored at ``path``, or ``None`` when absent, unreadable or corrupt."""
    try:
        return decode(path.read_bytes())
    except (OSError, CorruptEntry):
        return None


def write_entry(path: Path, value: Any) -> None:
    """Store ``value`` atomically; a value the format cannot hold is simply not cached."""
    try:
        data = encode(value)
    except (TypeError, ValueError) as exc:
        LOG.info("not cached (%s): %s", path.name, exc)
        return
    try:
        write_atomic(data, path, sync=False, mode=0o600)
    except OSError as exc:  # a full disk or a read-only folder: the build goes on uncached
        LOG.info("not cached (%s): %s", path.name, exc.strerror)


class BuildCache:
    """``folder/<kind>/<key>.entry`` entries. Entries of a kind in ``defer`` are held
    back until :meth:`put_deferred` (and are not found before)."""

    def __init__(self, folder: Path, defer: Collection[str] = ()) -> None:
        self.folder = Path(folder)
        self.defer = frozenset(defer)
        self._later: list[tuple[str, str, Any]] = []

    def get(self, kind: str, key: str) -> Any | None:
        return read_entry(self.folder / kind / f"{key}{SUFFIX}")

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry is there (it may still turn out corrupt when read)."""
        return (self.folder / kind / f"{key}{SUFFIX}").is_file()

    def put(self, kind: str, key: str, value: Any) -> None:
        if kind in self.defer:
            self._later.append((kind, key, value))
            return
        write_entry(self.folder / kind / f"{key}{SUFFIX}", value)

    def put_deferred(self) -> None:
        """Write the entries held back (see ``defer``)."""
        later, self._later = self._later, []
        for kind, key, value in later:
            write_entry(self.folder / kind / f"{key}{SUFFIX}", value)
