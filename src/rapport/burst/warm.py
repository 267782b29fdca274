"""Renderer warm start for tailored copies: the whole report's hint → every segment's entry.

The build cache keeps, per (report, layout, segment, parameters), the contents
entries and page total of the last render, so an unchanged copy renders in one
pass instead of two. A segment copy seen for the first time has no entry yet,
but its pagination is almost always the whole report's; offering that hint
saves a full pass per copy. The renderer verifies every hint (a wrong one only
costs the pass it would have taken anyway), so this never changes the bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

WHOLE = "Alle"


def seed_render_hints(cache_dir: Path, project_file: Path, layout: Any,
                      segments: Iterable[str], params: Mapping[str, Any]) -> int:
    """Copy the whole report's render hint to segments without one; returns how many."""
    try:
        from ..buildcache import BuildCache, cache_key
    except ImportError:  # an engine without a build cache: nothing to warm
        return 0
    store = BuildCache(cache_dir)

    def key(segment: str) -> str:
        return cache_key(str(project_file), layout, segment, dict(params))

    hint = store.get("render", key(WHOLE))
    if hint is None:
        return 0
    seeded = 0
    for segment in segments:
        if segment != WHOLE and store.get("render", key(segment)) is None:
            store.put("render", key(segment), hint)
            seeded += 1
    return seeded
