"""Bounded in-process memories, with one reset for all of them.

Several stages remember work for the life of the process so that ``rapport watch``
and tailored copies built one after another do not repeat it: parsed YAML, compiled
templates, loaded data, line breaking, cached chart drawings. Each is a :class:`Memo`:
a dictionary with a bound that, when full, forgets everything (the next build refills
it in order, so nothing is evicted at random). Results never depend on a memory — a
memo only saves time — and :func:`clear_all` resets every one (tests do, before each test).
"""

from __future__ import annotations

import gc
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

_ALL: dict[str, Memo[object, object]] = {}


class Memo(Generic[K, V]):
    """A named dictionary of at most ``limit`` entries."""

    def __init__(self, name: str, limit: int) -> None:
        if limit < 1:
            raise ValueError("a memo holds at least one entry")
        self.name, self.limit = name, limit
        self._data: dict[K, V] = {}
        _ALL[name] = self  # type: ignore[assignment]

    def __contains__(self, key: K) -> bool:
        return key in self._data

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __len__(self) -> int:
        return len(self._data)

    def get(self, key: K) -> V | None:
        return self._data.get(key)

    def put(self, key: K, value: V) -> V:
        """Remember ``value``; a full memo forgets everything first. Returns ``value``."""
        if key not in self._data and len(self._data) >= self.limit:
            self._data.clear()
        self._data[key] = value
        return value

    def clear(self) -> None:
        self._data.clear()


def memos() -> dict[str, Memo[object, object]]:
    """Every memo of the process, by name."""
    return dict(_ALL)


def clear_all() -> None:
    """Forget everything every memo remembers."""
    for memo in _ALL.values():
        memo.clear()


def settle() -> None:
    """After a build in a long-lived process (a watcher, a burst worker): collect the
    garbage once and leave what survives — imports and these memories — out of later
    collections, which otherwise scan it again and again (a tenth of a second every few
    builds). Objects kept this way are still freed when nothing refers to them."""
    gc.collect()
    gc.freeze()
