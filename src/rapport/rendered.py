"""Chapters' rendered Markdown, reused by copies and rebuilds whose inputs are the same.

Rendering a chapter's templates (stage 5) depends on its text, the language and what
the template context holds: the data (their files' bytes), the report's fields, the
parameters, the disclosure and series-break settings and the number style — and on the
tailored segment only when the text names it (``segment``, ``report.segment_label``;
see :func:`rapport.template.reads_segment`). Under a key over exactly that, the output
is kept in this process's memory and in the build cache (``chapters/``, text only), so
every tailored copy shares one rendering of an unchanged chapter and a new process
does not compile its templates again. A failing render is never kept.
"""

from __future__ import annotations

from collections.abc import Callable

from .buildcache import BuildCache, cache_key
from .errors import Location
from .memo import Memo
from .template import TemplateEngine

KIND = "chapters"
_TEXTS: Memo[str, str] = Memo("rendered chapters", 512)


class ChapterTexts:
    """Renders chapter templates through the memories (``world``: the key part every
    chapter of the build shares, computed on first use)."""

    def __init__(self, world: Callable[[], str], store: BuildCache | None = None) -> None:
        self._world_of, self.store = world, store
        self._world: str | None = None

    def world(self) -> str:
        if self._world is None:
            self._world = self._world_of()
        return self._world

    def render(self, engine: TemplateEngine, text: str, language: str, where: Location) -> str:
        key = cache_key("chapter-v1", self.world(), language, text, _particular(engine, text))
        known = _TEXTS.get(key)
        if known is None and self.store is not None:
            stored = self.store.get(KIND, key)
            known = stored if isinstance(stored, str) else None
        if known is not None:
            return _TEXTS.put(key, known)
        rendered = engine.render(text, where)
        _TEXTS.put(key, rendered)
        if self.store is not None:
            self.store.put(KIND, key, rendered)
        return rendered


def _particular(engine: TemplateEngine, text: str) -> tuple[str, str] | None:
    """The copy's segment and label when the text may read them, else nothing."""
    if not engine.reads_segment(text):
        return None
    context = engine.scope.context
    return context.segment, str(context.report.get("segment_label", ""))
