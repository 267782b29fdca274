"""ASCII-safe file names: Danish letters spelt out, everything else made safe."""

from __future__ import annotations

import pytest

from rapport.burst.plan import output_name
from rapport.filenames import ascii_name


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Brøndby", "Broendby"),
        ("Høje-Taastrup", "Hoeje-Taastrup"),
        ("Ærø", "Aeroe"),
        ("Århus Å", "Aarhus_Aa"),
        ("Café Müller", "Cafe_Mueller"),
        ("60.000 dollar og derover", "60.000_dollar_og_derover"),
        ("../etc", "etc"),
        ("øøø"[:0], "_"),
    ],
)
def test_ascii_name(label: str, expected: str) -> None:
    assert ascii_name(label) == expected
    assert ascii_name(label).isascii()


def test_output_name_is_ascii_by_default_and_unicode_on_request() -> None:
    fields = {"project": "mini", "by": "kommune", "value": "Tårnby", "label": "Tårnby"}
    assert output_name("{project}-{by}-{value}.pdf", fields) == "mini-kommune-Taarnby.pdf"
    kept = output_name("{project}-{by}-{value}.pdf", fields, ascii_only=False)
    assert kept == "mini-kommune-Tårnby.pdf"
