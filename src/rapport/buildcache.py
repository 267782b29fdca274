"""A folder of pickled intermediate results that a rebuild can reuse.

Used for what is expensive and fully determined by its inputs: aggregated,
disclosure-controlled result frames (keyed on the bytes of the respondent file
and questionnaire, the breakdowns and the rules) and the last table of contents
and page total (a warm start for the renderer, verified by the normal passes).
Charts have their own cache (``rapport.charts.cache``) in a sibling folder.
Entries are written atomically; unreadable entries count as missing.
"""

from __future__ import annotations

import copyreg
import hashlib
import pickle
import types
from pathlib import Path
from typing import Any

from . import __version__
from .write import write_atomic


def _mappingproxy(data: dict[str, Any]) -> types.MappingProxyType[Any, Any]:
    return types.MappingProxyType(data)


def _reduce_mappingproxy(proxy: types.MappingProxyType[Any, Any]) -> tuple[Any, ...]:
    return _mappingproxy, (dict(proxy),)


# Frozen records (the questionnaire) keep read-only mappings; let them be cached.
copyreg.pickle(types.MappingProxyType, _reduce_mappingproxy)


def cache_key(*parts: Any) -> str:
    """SHA-256 over the repr of the parts and rapport's version."""
    return hashlib.sha256(repr((__version__, *parts)).encode("utf-8")).hexdigest()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class BuildCache:
    """``folder/<kind>/<key>.pickle`` entries."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def get(self, kind: str, key: str) -> Any | None:
        try:
            with (self.folder / kind / f"{key}.pickle").open("rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return None

    def put(self, kind: str, key: str, value: Any) -> None:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(data, self.folder / kind / f"{key}.pickle", sync=False)
