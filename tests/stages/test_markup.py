"""Stage 8 helper, markup: attributed runs → reportlab paragraph markup, always escaped."""

from __future__ import annotations

import pytest

from rapport.markdown import Run
from rapport.markup import inline_markup, plain_text, runs_to_markup


def _resolve(ref: str) -> tuple[str, str]:
    return {"fig:a": ("figur 1.1", "fig-a"), "sec:b": ("kapitel 2", "")}[ref]


def test_text_that_looks_like_markup_stays_literal() -> None:
    out = runs_to_markup([Run("<b>5 & 6</b>"), Run("fed", bold=True), Run("skrå", italic=True)])
    assert out == "&lt;b&gt;5 &amp; 6&lt;/b&gt;<b>fed</b><i>skrå</i>"


def test_references_become_linked_text_or_plain_text_without_a_target() -> None:
    runs = [Run("Se "), Run("", ref="fig:a"), Run(" og "), Run("", ref="sec:b")]
    assert runs_to_markup(runs, _resolve) == 'Se <a href="#fig-a">figur 1.1</a> og kapitel 2'
    assert runs_to_markup([Run("", ref="fig:a")]) == "fig:a"  # no resolver: the ref itself


def test_links_notes_and_line_breaks() -> None:
    runs = [Run("dst", href='https://dst.dk/?a="1"'), Run("", note=3), Run("a\nb")]
    out = runs_to_markup(runs)
    assert out == "<a href='https://dst.dk/?a=\"1\"'>dst</a><super>3</super>a<br/>b"


def test_a_line_of_markdown_to_markup_and_to_plain_text() -> None:
    assert inline_markup("  **Hele** sektoren <i>  ") == "<b>Hele</b> sektoren &lt;i&gt;"
    assert inline_markup("Se @fig:a", _resolve) == 'Se <a href="#fig-a">figur 1.1</a>'
    assert plain_text("**Hele** *den* sektor @fig:a") == "Hele den sektor fig:a"
    assert inline_markup("") == ""


@pytest.mark.parametrize(
    "text",
    ["a&b<c>d", '"x\'y"', "it's", 'say "hi"', "tab\there\nnl\rcr", "", "&amp;", "<a href='x'>"],
)
def test_escape_and_quoteattr_do_what_the_standard_library_does(text: str) -> None:
    from xml.sax.saxutils import escape as sax_escape
    from xml.sax.saxutils import quoteattr as sax_quoteattr

    from rapport.markup import escape, quoteattr

    assert escape(text) == sax_escape(text)
    assert quoteattr(text) == sax_quoteattr(text)
