"""A paragraph whose line breaking came from the shared cache still splits across pages."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle

from rapport.flowables import Para


def _words(para: Para) -> list[str]:
    return [w for line in para.blPara.lines for w in line[1]]


def test_split_after_a_cached_wrap() -> None:
    style = ParagraphStyle("p", fontName="Helvetica", fontSize=10, leading=12, leftIndent=6)
    text = " ".join(["Ordene gentager sig her for at fylde flere linjer i afsnittet."] * 30)
    first = Para(text, style)
    first.wrap(200, 1000)  # breaks the lines and shares them
    second = Para(text, style)
    second.wrap(200, 1000)  # answered from the shared cache
    head, rest = second.split(200, 60)
    rest.wrap(200, 1000)
    assert len(head.blPara.lines) == 5
    assert _words(head) + _words(rest) == _words(first)
