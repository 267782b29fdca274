"""Layout model → ``docs/layout-reference.md`` (every key, type, default, allowed values).

Regenerate after changing :mod:`rapport.layout.model`::

    .venv/bin/python -m rapport.layout.reference docs/layout-reference.md

A test fails when the committed file differs from what this module generates.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .convert import REQUIRED_GLYPHS, RUNNING_FIELDS, range_text
from .load import load_layout, shipped_layouts
from .validate import MIN_COLUMN, MIN_TEXT, field_docs
from .values import CSS_COLORS, format_length

COMMAND = ".venv/bin/python -m rapport.layout.reference docs/layout-reference.md"

_INTRO = f"""\
<!-- Generated from src/rapport/layout/model.py by src/rapport/layout/reference.py.
     Do not edit by hand; regenerate with:
     {COMMAND} -->

# Layout reference

A layout is a YAML file that decides how a report looks. Start from a shipped
layout (`rapport layouts list`, `rapport layouts init rapport mine.yaml`), change
what you need, and check it with `rapport layouts check mine.yaml`. Every key is
optional: a key you leave out keeps its default below.

**Inheritance.** `extends: <name>` starts from a shipped layout, `extends: <file>.yaml`
from a layout file next to this one. Sections are merged key by key; any other value
(lists such as `colors.palette` included) replaces the parent's value.
`name` defaults to the file name without `.yaml`.

**Lengths** are written `"20mm"`, `"1.5cm"`, `"12pt"` or `"0.5in"`; a bare number is
points (1 mm = 2.835 pt). A length must be greater than 0 unless its range says otherwise.

**Colours** are `"#rrggbb"` or `"#rgb"` — in quotes, because `#` starts a comment in
YAML — or one of the CSS names {", ".join(sorted(CSS_COLORS))}.

**Header and footer fields** (`running.*`): {" ".join("`{" + f + "}`" for f in RUNNING_FIELDS)};
write `{{{{` and `}}}}` for literal braces.

**Fonts** are TrueType files (`.ttf` with glyf outlines) from the bundled `fonts/`
folder or a path relative to the layout file. Each must have the glyphs
{", ".join(REQUIRED_GLYPHS[:6])}, U+00A0 (no-break space) and U+2212 (minus sign).

**Page geometry.** Margins and every template frame must leave a text area of at
least {format_length(MIN_TEXT)} each way, and columns at least {format_length(MIN_COLUMN)} wide.
With `page.size: custom`, `page.width` and `page.height` are required (and only allowed then).

Every problem in a layout is reported at once, each with file:line:column, the key,
the value found, what is expected and a hint.
"""


def generate() -> str:
    """The complete reference document as Markdown."""
    rows = field_docs()
    sections = [("", "Keys at the top of the file.", rows)]
    sections += [
        (key, meta.get("doc", ""), rows) for key, kind, _, meta in rows if kind == "section"
    ]
    parts = [_INTRO, _shipped()]
    for key, text, _ in sections:
        parts.append(_section(key, text, rows))
    return "\n".join(parts)


def _shipped() -> str:
    lines = ["## Shipped layouts", "", "| name | extends | description |", "| --- | --- | --- |"]
    for name, path in shipped_layouts().items():
        layout = load_layout(path)
        lines.append(f"| `{name}` | {layout.extends or ''} | {_escape(layout.description)} |")
    return "\n".join(lines) + "\n"


def _section(key: str, text: str, rows: list[tuple[str, str, Any, Any]]) -> str:
    title = f"`{key}`" if key else "Top level"
    lines = [
        f"## {title}",
        "",
        text,
        "",
        "| key | type | default | allowed | description |",
        "| --- | --- | --- | --- | --- |",
    ]
    depth = key.count(".") + 1 if key else 0
    for path, kind, default, meta in rows:
        inside = path.startswith(key + ".") if key else True
        if inside and path.count(".") == depth and kind != "section":
            lines.append(_row(path, kind, default, meta))
    return "\n".join(lines) + "\n"


def _row(path: str, kind: str, default: Any, meta: Mapping[str, Any]) -> str:
    cells = (f"`{path}`", kind, _default(default, meta), _allowed(kind, meta), meta.get("doc", ""))
    return "| " + " | ".join(_escape(c) for c in cells) + " |"


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _default(value: Any, meta: Mapping[str, Any]) -> str:
    if value is None:
        return "`null`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if meta.get("unit") == "length":
        return f"`{format_length(value)}`"
    if isinstance(value, tuple):
        return "`[" + ", ".join(f'"{v}"' for v in value) + "]`"
    if isinstance(value, float):
        return f"`{value:g}`"
    return f'`"{value}"`' if isinstance(value, str) else f"`{value}`"


def _allowed(kind: str, meta: Mapping[str, Any]) -> str:
    if meta.get("choices"):
        return ", ".join(f"`{c}`" for c in meta["choices"])
    base = kind.removesuffix(" or null")
    if base == "length":
        return range_text(meta, lambda v: format_length(v) if v else "0")
    if base in ("number", "whole number"):
        return range_text(meta)
    texts = {
        "true/false": "`true`, `false`",
        "colour": "`#rrggbb`, `#rgb`, CSS name",
        "list of colours": "one or more colours",
        "font file": "bundled name or path",
        "text with {fields}": "text; header/footer fields",
        "text": "any text",
    }
    allowed = texts.get(base, "")
    return allowed + ("; `null`" if kind.endswith(" or null") else "")


def main(argv: list[str] | None = None) -> int:
    """Write the reference to the path given (or print it)."""
    args = sys.argv[1:] if argv is None else argv
    text = generate()
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
