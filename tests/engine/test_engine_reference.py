"""The committed project reference is generated from the validators' keys and up to date."""

from __future__ import annotations

from pathlib import Path

from rapport.charts.spec import KINDS, chart_fields
from rapport.reference import COMMAND, SECTIONS, generate

REFERENCE = Path(__file__).parents[2] / "docs" / "project-reference.md"


def test_committed_reference_is_fresh() -> None:
    assert REFERENCE.read_text(encoding="utf-8") == generate(), (
        f"docs/project-reference.md is stale; regenerate it with: {COMMAND}"
    )


def test_every_key_a_validator_accepts_is_documented() -> None:
    text = generate()
    for title, _, docs, keys in SECTIONS:
        assert set(docs) == set(keys), (title, set(keys) ^ set(docs))
        for key in keys:
            assert f"| `{key}` |" in text


def test_every_chart_kind_and_field_is_documented() -> None:
    text = generate()
    for kind in KINDS:
        assert f"### `kind: {kind}`" in text
        for key, *_ in chart_fields(kind):
            assert f"| `{key}` |" in text
    assert "| `indicators` | list | (required) |" in text  # stacked needs no categories
