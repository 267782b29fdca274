"""The embedded 4th-edition example: one command builds it, and editing one edition's
published figure changes exactly the sentences, charts and table cells that use it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner
from engine_pdf import all_text, flat

from rapport.build import BuildOptions, build_report, prepare_report
from rapport.cli import cli
from rapport.resources import example_dir


def test_example_builds_with_one_command(tmp_path: Path) -> None:
    out = tmp_path / "ib4.pdf"
    result = CliRunner().invoke(
        cli, ["build", "--example", "innovationsbarometeret-4", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = flat(all_text(out.read_bytes()))
    assert "Udviklingen over fire udgaver" in text
    assert (
        "faldet fra 44 procent i 1. udgave til 39 procent i 3. udgave, "
        "et statistisk signifikant fald" in text
    )
    assert "Figur 3.3 Færre innovationer bliver evalueret" in text  # a claim the test supports
    assert text.count("Brud i serien") == 3  # medarbejdere, borgere, serviceinnovation
    assert (
        "Spørgsmålet er ændret i 3. udgave; tallene før og efter kan ikke sammenlignes direkte"
        in text
    )
    assert "n=1.093 (2013-2014), n=1.942 (2015-2016) og n=1.877 (2018-2019)" in text
    assert "syntetiske respondentdata" in text.lower()
    claims = re.findall(r"(?:steget|faldet) fra [^,]*, [^,.;]*", text)
    assert len(claims) == 2  # evaluering 1. → 3. udgave in two chapters
    assert all("statistisk signifikant" in c for c in claims)
    assert "Figur 3.1 Andelen af innovative arbejdspladser ligger på samme niveau" in text
    both = CliRunner().invoke(
        cli, ["build", str(tmp_path), "--example", "innovationsbarometeret-4"]
    )
    assert both.exit_code == 2


def _cells(project: Path) -> dict[str, tuple]:
    prepared = prepare_report(BuildOptions(project=project))
    factory = prepared.factory
    return {
        ident: factory.figures.chart_job(ident, "da", tile=ident.startswith("kf_")).cells
        for ident in prepared.project.figures
    }


def test_editing_one_figure_changes_exactly_what_uses_it(tmp_path: Path) -> None:
    before, after = tmp_path / "a", tmp_path / "b"
    shutil.copytree(example_dir("innovationsbarometeret-4"), before)
    shutil.copytree(example_dir("innovationsbarometeret-4"), after)
    path = after / "udgaver" / "udgave-2.csv"
    text = path.read_text(encoding="utf-8")
    assert ",evalueret,ja,Alle,45," not in text  # the row starts with the indicator
    edited = text.replace("evalueret,ja,Alle,45,", "evalueret,ja,Alle,52,")
    assert edited != text
    path.write_text(edited, encoding="utf-8")

    charts_a, charts_b = _cells(before), _cells(after)
    changed = [ident for ident in charts_a if charts_a[ident] != charts_b[ident]]
    assert changed == ["udv_evalueret"]

    # compared without whitespace: the edited sentence may move line breaks (and so
    # hyphenation points) further down its paragraph, which is not a change of content
    a = _dense(all_text(build_report(BuildOptions(project=before)).pdf))
    b = _dense(all_text(build_report(BuildOptions(project=after)).pdf))
    # exactly three places change: the table cell, the chart's value label and the sentence
    expected = {
        "Innovationen er evalueret 44 45 39": "Innovationen er evalueret 44 52 39",
        "44 % 45 % 39 %": "44 % 52 % 39 %",
        "andelen 45 procent i 2. udgave mod 44 procent i 1. udgave; forskellen er ikke "
        "statistisk signifikant,": "andelen steget fra 44 procent i 1. udgave til 52 procent "
        "i 2. udgave, en statistisk signifikant stigning,",
    }
    for old, new in expected.items():
        assert a.count(_dense(old)) == 1, old
        a = a.replace(_dense(old), _dense(new))
    assert a == b


def _dense(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _title(project: Path, ident: str) -> str:
    return prepare_report(BuildOptions(project=project)).factory.figures.figure(ident, "da").title


def test_titles_claim_a_change_only_when_the_test_supports_it(tmp_path: Path) -> None:
    project = tmp_path / "ib4"
    shutil.copytree(example_dir("innovationsbarometeret-4"), project)
    assert _title(project, "udv_evalueret") == "Færre innovationer bliver evalueret"
    path = project / "udgaver" / "udgave-3.csv"
    text = path.read_text(encoding="utf-8")
    for value, title in [
        ("43", "Evalueringen af innovationer ligger på samme niveau"),  # 44 → 43: p > 0,05
        ("50", "Flere innovationer bliver evalueret"),  # 44 → 50: significant
    ]:
        path.write_text(text.replace("evalueret,ja,Alle,39,", f"evalueret,ja,Alle,{value},"))
        assert _title(project, "udv_evalueret") == title
