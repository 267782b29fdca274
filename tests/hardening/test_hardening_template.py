"""Bounded templates: sizes, exponents, ranges, loops and formats end in a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
from hardening_helpers import clean_failure, run

from rapport.errors import Location, TemplateError
from rapport.formatting import Formatter
from rapport.template import TemplateContext, TemplateEngine

WHERE = Location(Path("kapitel.md"), 10, None)


def engine() -> TemplateEngine:
    return TemplateEngine(TemplateContext({}, {"title": "T"}, {}), Formatter())


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{{ 'x' * 10**9 }}", "too big"),
        ("{{ [1] * 10**9 }}", "too big"),
        ("{{ 10**10**10 }}", "too large to print"),
        ("{{ 7 ** 100000 }}", "too big"),
        ("{{ 2.0 ** 100000 }}", "too big"),
        ("{{ range(10**9) | list }}", "range"),
        ("{% for i in range(10**9) %}{% endfor %}", "range"),
        ("{% for a in range(9999) %}{% for b in range(9999) %}{% endfor %}{% endfor %}", "steps"),
        ("{% macro f(n) %}{{ f(n-1) }}{{ f(n-1) }}{% endmacro %}{{ f(60) }}", "recursion"),
        (
            "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}"
            "{{ f(40) }}",
            "steps",
        ),
        ("{{ 'x' | center(10**9) }}", "too big"),
        ("{{ 'x' | indent(10**9, true) }}", "too big"),
        ("{{ 'x'.center(1000000000) }}", "not allowed"),
        ("{{ '{:>999999999}'.format(1) }}", "not allowed"),
        ("{{ '%999999999s' % 1 }}", "too big"),
        ("{{ '%999999999s' | format(1) }}", "too big"),
        ("{{ 1 | num(100000000) }}", "too big"),
        ("{% for i in range(9000) %}{{ 'y' * 9000 }}{% endfor %}", "output"),
        ("{% set ns = namespace(s='x') %}", "namespace"),
    ],
)
def test_unbounded_work_is_a_clear_error_at_its_line(text, words):
    with pytest.raises(TemplateError) as info:
        engine().render(f"\n{text}", WHERE)
    assert words in str(info.value)
    where = info.value.location
    assert where is not None
    assert where.file == WHERE.file
    assert where.line == (10 if words == "output" else 11)  # output: the template's first line


def test_ordinary_templates_still_work():
    text = "{{ 'a' ~ 'b' }} {{ 3 * 4 }} {{ 2 ** 10 }} {{ [1, 2] | join(',') }} {{ '%d' % 3 }}"
    assert engine().render(text, WHERE) == "ab 12 1\\.024 1,2 3"
    long = engine().render("{% for i in range(400) %}{{ 'y' * 1000 }}{% endfor %}", WHERE)
    assert len(long) == 400_000


@pytest.mark.parametrize("text", ["{{ 'x' * 10**9 }}", "{{ 10**10**10 }}", "{{ range(10**9) }}"])
def test_a_chapter_with_unbounded_work_fails_cleanly(mini, tmp_path, text):
    chapter = mini / "chapters" / "02.md"
    lines = chapter.read_text(encoding="utf-8").splitlines()
    chapter.write_text("\n".join([*lines[:2], text, *lines[2:]]) + "\n", encoding="utf-8")
    message = clean_failure(run("build", str(mini), "-o", str(tmp_path / "x.pdf")))
    assert "chapters/02.md:3" in message
    assert not (tmp_path / "x.pdf").exists()
