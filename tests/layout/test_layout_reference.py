"""The committed layout reference is generated from the model and up to date."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from pathlib import Path

from rapport.layout.model import Layout
from rapport.layout.reference import COMMAND, generate
from rapport.layout.validate import field_docs

REFERENCE = Path(__file__).parents[2] / "docs" / "layout-reference.md"


def test_committed_reference_is_fresh() -> None:
    assert REFERENCE.read_text(encoding="utf-8") == generate(), (
        f"docs/layout-reference.md is stale; regenerate it with: {COMMAND}")


def test_reference_documents_every_key() -> None:
    text = generate()
    for key, kind, _, meta in field_docs():
        if kind != "section":
            assert f"| `{key}` |" in text
        assert meta.get("doc"), f"{key} has no documentation"


def test_every_model_field_has_documentation() -> None:
    def walk(cls: type) -> list[str]:
        missing = []
        for f in fields(cls):
            if "doc" not in f.metadata:
                missing.append(f"{cls.__name__}.{f.name}")
            if is_dataclass(f.type) or f.default_factory is not type(None):
                value = getattr(cls(), f.name)
                if is_dataclass(value):
                    missing += walk(type(value))
        return missing

    assert walk(Layout) == []


def test_reference_shows_defaults_in_the_users_units() -> None:
    text = generate()
    assert "| `page.margins.top` | length | `25mm` | at least 0 |" in text
    assert "| `page.size` | choice | `\"A4\"` | `A4`, `A5`, `Letter`, `custom` |" in text
    assert COMMAND in text.splitlines()[2]
