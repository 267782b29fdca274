"""The committed layout reference is generated from the model and up to date."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from rapport.layout.model import Layout
from rapport.layout.reference import COMMAND, generate
from rapport.layout.validate import field_docs

REFERENCE = Path(__file__).parents[2] / "docs" / "layout-reference.md"


def test_committed_reference_is_fresh() -> None:
    assert REFERENCE.read_text(encoding="utf-8") == generate(), (
        f"docs/layout-reference.md is stale; regenerate it with: {COMMAND}"
    )


def test_reference_documents_every_key() -> None:
    text = generate()
    for key, kind, _, meta in field_docs():
        if kind != "section":
            assert f"| `{key}` |" in text
        assert meta.get("doc"), f"{key} has no documentation"


def test_sections_of_the_model_are_headed() -> None:
    text = generate()
    for record in ("page.margins", "typography.body", "templates.chapter.frame", "numbers"):
        assert f"## `{record}`" in text
    assert fields(Layout)[0].name == "name"


def test_reference_shows_defaults_in_the_users_units() -> None:
    text = generate()
    assert "| `page.margins.top` | length | `25mm` | at least 0 |" in text
    assert '| `page.size` | choice | `"A4"` | `A4`, `A5`, `Letter`, `custom` |' in text
    assert COMMAND in text.splitlines()[2]
