"""Chart cache: (spec, drawn cells, style, width, versions) → display list on disk.

The key is a SHA-256 over everything that changes the drawing — the spec, the data
rows actually drawn (values, statuses, labels, bases, intervals), the style tokens,
the width and the rapport, matplotlib and display-list versions — never over the
report's source text. Entries are written atomically (temporary file + rename) in the
data-only format of :mod:`rapport.datacodec`: reading one never runs code, and a corrupt
one counts as a miss and is drawn again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from functools import cache
from pathlib import Path

from .. import __version__
from ..buildcache import SUFFIX, read_entry, write_entry
from ..memo import Memo
from .display import FORMAT_VERSION, DisplayList
from .frame import Cell
from .spec import ChartSpec
from .style import ChartStyle


@cache
def matplotlib_version() -> str:
    """Installed matplotlib version, read without importing matplotlib: from the name of
    its ``.dist-info`` folder beside the package (a few milliseconds), else through
    ``importlib.metadata`` (which scans every path entry: about 50 ms)."""
    found = installed_version("matplotlib")
    if found is not None:
        return found
    from importlib.metadata import version

    return version("matplotlib")


def installed_version(package: str) -> str | None:
    """The version in the one ``<package>-<version>.dist-info`` folder next to the
    installed package, or None (not installed that way, or more than one)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.origin:
        return None
    prefix, suffix = f"{package}-", ".dist-info"
    with os.scandir(Path(spec.origin).parent.parent) as entries:
        names = [e.name for e in entries if e.name.startswith(prefix) and e.name.endswith(suffix)]
    return names[0][len(prefix) : -len(suffix)] if len(names) == 1 else None


def chart_key(spec: ChartSpec, cells: tuple[Cell, ...], style: ChartStyle, width: float) -> str:
    """The cache key of one chart drawing (hex SHA-256)."""
    parts = (
        ("kind", spec.kind),
        ("spec", repr(spec)),
        ("cells", [repr(c) for c in cells]),
        ("style", style.fingerprint()),
        ("width", round(float(width), 3)),
        ("versions", __version__, matplotlib_version(), FORMAT_VERSION),
    )
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


_LOADED: Memo[tuple[str, str], DisplayList] = Memo("chart drawings", 2048)


class ChartCache:
    """A folder of ``<key>.entry`` display lists with hit and miss counters."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}{SUFFIX}"

    def has(self, key: str) -> bool:
        """Whether a drawing is stored (not counted as a hit or a miss)."""
        return self._path(key).is_file()

    def get(self, key: str) -> DisplayList | None:
        """The cached drawing, or ``None`` (counted as a miss) when absent or unreadable.

        Drawings read in this process are kept in memory as well (a watcher's rebuilds
        do not read them again); the key already covers everything that changes them."""
        slot = (str(self.folder), key)
        display = _LOADED.get(slot)
        if display is None:
            display = self._load(key)
            if isinstance(display, DisplayList):
                _LOADED.put(slot, display)
        if not isinstance(display, DisplayList):
            self.misses += 1
            return None
        self.hits += 1
        return display

    def _load(self, key: str) -> DisplayList | None:
        display = read_entry(self._path(key))
        return display if isinstance(display, DisplayList) else None

    def stored(self) -> int:
        """How many drawings the folder holds."""
        return sum(1 for _ in self.folder.glob(f"*{SUFFIX}")) if self.folder.is_dir() else 0

    def put(self, key: str, display: DisplayList) -> None:
        """Store atomically: a reader sees the old entry, the new one, or none."""
        write_entry(self._path(key), display)
