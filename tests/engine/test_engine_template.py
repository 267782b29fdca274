"""Sandboxed templates: data access, formatting, escaping, errors with locations."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pandas as pd
import pytest

from rapport.data.results import ResultStore
from rapport.errors import DisclosureError, Location, TemplateError
from rapport.formatting import Formatter
from rapport.markdown import parse_chapter
from rapport.memo import clear_all
from rapport.template import TemplateContext, TemplateEngine, compile_ahead, escape_markdown

FRAME = pd.DataFrame(
    {
        "indicator": ["x", "x", "x", "navn"],
        "category": ["ja", "nej", "ja", "a"],
        "group": ["Alle", "Alle", "sektor=kommunal", "Alle"],
        "value": [73.2, 26.8, None, 10.0],
        "n": [1093, 1093, 3, 1093],
        "label": ["Ja", "Nej", "Ja", "<b>&{{ y }}*"],
        "status": ["", "", "primary", ""],
    }
)
WHERE = Location(Path("kapitel.md"), 1, None)


def engine(on_suppressed: str = "symbol") -> TemplateEngine:
    ctx = TemplateContext(
        {"res": ResultStore(FRAME, name="res")},
        {"title": "T"},
        {"p": 2},
        "sektor=kommunal",
        on_suppressed,
    )
    return TemplateEngine(ctx, Formatter())


def test_cells_format_in_house_style() -> None:
    e = engine()
    assert e.render("{{ res.x.ja }}", WHERE) == "73\u00a0\\%"
    assert e.render("{{ res.x.ja | frac }}", WHERE) == "tre ud af fire"
    assert e.render("{{ res.x.ja | Frac }}", WHERE) == "Tre ud af fire"
    assert e.render("{{ res.x.ja | n }}", WHERE) == "n\\=1\\.093"
    assert e.render("{{ res.x.ja.n }}", WHERE) == "1\\.093"
    assert e.render("{{ res.x.ja | pct1 }}", WHERE) == "73,2\u00a0\\%"
    assert e.render('{{ res.x["nej"] | pct(style="procent") }}', WHERE) == "27 procent"


def test_data_strings_are_markdown_escaped_and_render_literally() -> None:
    text = engine().render("# T\n\nNavn: {{ res.navn.a.label }}", WHERE)
    chapter = parse_chapter(text, Path("k.md"))
    runs = chapter.blocks[1].runs  # type: ignore[attr-defined]
    assert "".join(r.text for r in runs) == "Navn: <b>&{{ y }}*"
    assert not any(r.bold or r.italic for r in runs)


def test_escape_markdown_covers_markup_characters() -> None:
    assert escape_markdown("*a* _b_ [c](d) @fig:x") == r"\*a\* \_b\_ \[c\]\(d\) \@fig\:x"


def test_suppressed_cell_prints_symbol_or_fails() -> None:
    assert engine().render('{{ res.x.ja.at("sektor=kommunal") }}', WHERE) == r"\.\."
    with pytest.raises(DisclosureError, match="suppressed"):
        engine("fail").render("{{ res.x.ja.at(segment) }}", WHERE)


def test_empty_group_prints_a_dash_and_value_explains() -> None:
    store = ResultStore(FRAME.assign(status=["", "", "", ""]), name="res")
    e = TemplateEngine(TemplateContext({"res": store}, {}, {}), Formatter())
    assert e.render('{{ res.x.ja.at("sektor=kommunal") }}', WHERE) == "–"
    with pytest.raises(TemplateError, match="nobody answered"):
        e.render('{{ res.x.ja.at("sektor=kommunal").value }}', WHERE)


def test_undefined_name_names_file_and_line() -> None:
    with pytest.raises(TemplateError) as info:
        engine().render("linje 1\nlinje 2 {{ nothere }}", Location(Path("k.md"), 1, None))
    assert info.value.location is not None
    assert (info.value.location.file, info.value.location.line) == (Path("k.md"), 2)
    assert "nothere" in str(info.value)


def test_unknown_indicator_is_reported_with_location() -> None:
    with pytest.raises(TemplateError) as info:
        engine().render("\n\n{{ res.mangler.ja }}", Location(Path("k.md"), 10, None))
    assert info.value.location.line == 12  # type: ignore[union-attr]
    assert "mangler" in str(info.value)


@pytest.mark.parametrize(
    "expr",
    [
        "{{ res.__class__ }}",
        "{{ res._ctx }}",
        "{{ ''.__class__.__mro__ }}",
        "{{ res.x.ja._cell }}",
        "{{ cycler.__init__.__globals__ }}",
    ],
)
def test_sandbox_blocks_internals(expr: str) -> None:
    with pytest.raises(TemplateError):
        engine().render(expr, WHERE)


def test_syntax_error_is_located() -> None:
    with pytest.raises(TemplateError, match="syntax") as info:
        engine().render("a\nb {{ res.x.ja ", Location(Path("k.md"), 5, None))
    assert info.value.location.line is not None  # type: ignore[union-attr]


def test_significance_phrases_from_the_comparison_table() -> None:
    tests = pd.DataFrame(
        {
            "indicator": ["x", "x"],
            "category": ["ja", "ja"],
            "group": ["sektor=statslig", "sektor=regional"],
            "difference": [6.5, -1.0],
            "p_value": [0.01, 0.40],
            "significant": [True, False],
        }
    )
    frame = FRAME.assign(
        status="", value=[73.2, 26.8, 70.0, 10.0], group=["Alle", "Alle", "sektor=statslig", "Alle"]
    )
    extra = frame.iloc[[2]].assign(group="sektor=regional")
    store = ResultStore(pd.concat([frame, extra], ignore_index=True), name="res")
    ctx = TemplateContext({"res": store}, {}, {}, compare=lambda source, variable: tests)
    e = TemplateEngine(ctx, Formatter())
    assert e.render('{{ res.x.ja.at("sektor=statslig").sig() }}', WHERE) == (
        "signifikant højere end"
    )
    assert e.render('{{ res.x.ja.at("sektor=regional").sig() }}', WHERE) == (
        "ikke signifikant forskellig fra"
    )
    assert e.render('{{ res.x.ja.at("sektor=statslig").sig().difference | pp }}', WHERE) == (
        "7\u00a0procentpoint"
    )
    english = TemplateEngine(ctx, Formatter().with_locale("en_GB"))
    assert english.render('{{ res.x.ja.at("sektor=statslig").sig() }}', WHERE) == (
        "significantly higher than"
    )
    with pytest.raises(TemplateError, match="no significance test"):
        e.render("{{ res.x.ja.sig() }}", WHERE)


def test_diff_is_computed_from_the_values_as_shown() -> None:
    """52 % and 28 % on the page differ by 24 points, not by the unrounded 23,2."""
    frame = pd.DataFrame(
        {
            "indicator": ["x", "x"],
            "category": ["høj", "lav"],
            "group": ["Alle", "Alle"],
            "value": [51.6, 28.4],
            "n": [944, 944],
            "status": ["", ""],
            "label": ["Høj", "Lav"],
        }
    )
    ctx = TemplateContext({"r": ResultStore(frame, name="r")}, {}, {})
    e = TemplateEngine(ctx, Formatter())
    text = "{{ r.x.høj }} og {{ r.x.lav }}: {{ diff(r.x.høj, r.x.lav) | pp }}"
    assert e.render(text, WHERE) == "52\u00a0\\% og 28\u00a0\\%: 24\u00a0procentpoint"
    one = "{{ r.x.høj | pct1 }} og {{ r.x.lav | pct1 }}: {{ diff(r.x.høj, r.x.lav, 1) | pp(1) }}"
    assert e.render(one, WHERE) == "51,6\u00a0\\% og 28,4\u00a0\\%: 23,2\u00a0procentpoint"


@pytest.mark.parametrize(
    ("text", "reads"),
    [
        ("Ingen skabeloner her.", False),
        ("{{ res.x.ja }} og {{ report.title }} ({{ report['title'] | upper }})", False),
        ("{{ params.p }} {% set s = 'segment' %}{{ s }}", False),
        ("{{ res.x.ja.at(segment) }}", True),
        ("{{ report.segment_label }}", True),
        ("{{ report['segment_label'] }}", True),
        ("{{ report }}", True),
        ("{{ report.items() | list }}", True),
        ("{{ report['items'] }}", True),
        ("{% set r = report %}{{ r.title }}", True),
        ("{{ report | attr('title') }}", True),
        ("{% for k in report %}{{ report[k] }}{% endfor %}", True),
        ("{{ ｓegment }}", True),  # a name the same once normalised
        ("{{ report.title", True),  # does not parse: counted as reading it
    ],
)
def test_a_template_reads_the_segment_only_through_the_names_that_hold_it(
    text: str, reads: bool
) -> None:
    e = engine()
    assert e.reads_segment(text) is reads
    before = e.scope.context.reads.segment
    with contextlib.suppress(TemplateError):
        e.render(text, WHERE)
    assert e.scope.context.reads.segment - before == int(reads)


def test_templates_compiled_ahead_render_as_those_compiled_when_rendered() -> None:
    """A cold build compiles its templates before the data is at hand, without data;
    what they print, and how a broken one fails, are the same."""
    good = (
        "{{ res.x.ja | Frac }} ({{ res.x.ja | n }})"
        "{% if params.p > 1 %} og {{ report.title }}{% endif %}"
    )
    broken = "Tekst\n\n{{ res.x.ja | Frac }"
    clear_all()
    fresh = engine().render(good, WHERE)
    with pytest.raises(TemplateError) as before:
        engine().render(broken, WHERE)
    clear_all()
    compile_ahead([good, broken, "{{ undefined_name.x }}"], Formatter())
    assert engine().render(good, WHERE) == fresh == "Tre ud af fire (n\\=1\\.093) og T"
    with pytest.raises(TemplateError) as after:
        engine().render(broken, WHERE)
    assert (after.value.message, after.value.location) == (
        before.value.message,
        before.value.location,
    )
