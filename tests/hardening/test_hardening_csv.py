"""CSV outputs never hold a cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import openpyxl
import pytest
from hardening_helpers import run

from rapport.burst.manifest import Entry, Manifest, manifest_csv
from rapport.csvcells import neutralise
from rapport.resources import default_project_dir

FORMULA = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        (FORMULA, "'" + FORMULA),
        ("+1+1", "'+1+1"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("-3.5", "-3.5"),
        ("+4", "+4"),
        ("Aarhus", "Aarhus"),
        (12, 12),
    ],
)
def test_neutralise(value, safe):
    assert neutralise(value) == safe


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_manifest_csv_neutralises_a_formula_segment():
    entry = Entry(
        f"kommune={FORMULA}", FORMULA, "@label", {"p": "=1"}, "a", "b", "0", "=x.pdf",
        None, None, "failed", "-bad",
    )  # fmt: skip
    manifest = Manifest("p", "kommune", "{value}.pdf", "rapport", (entry,), "t")
    cells = _cells(manifest_csv(manifest))
    assert "'" + FORMULA in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


@pytest.fixture
def formula_respondents(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(default_project_dir(), folder)
    file = folder / "respondents.csv"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace(",Lolland,", f',"{FORMULA}",'), encoding="utf-8")
    return folder


@pytest.mark.parametrize("danish", [False, True])
def test_aggregate_results_csv_neutralises_formulas(formula_respondents, tmp_path, danish):
    target = tmp_path / "r.csv"
    args = [str(formula_respondents / "respondents.csv"), "-q"]
    args += [str(formula_respondents / "questionnaire.yaml"), "--by", "kommune", "-o", str(target)]
    result = run("aggregate", *args, *(["--danish-csv"] if danish else []))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8-sig")
    cells = [
        c for row in csv.reader(io.StringIO(text), delimiter=";" if danish else ",") for c in row
    ]
    assert any(FORMULA in cell for cell in cells)
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    assert not any(cell.startswith("-") and not cell[1:2].isdigit() for cell in cells)


def test_aggregate_results_xlsx_holds_no_formula(formula_respondents, tmp_path):
    target = tmp_path / "r.xlsx"
    args = [str(formula_respondents / "respondents.csv"), "-q"]
    args += [str(formula_respondents / "questionnaire.yaml"), "--by", "kommune", "-o", str(target)]
    assert run("aggregate", *args).exit_code == 0
    sheet = openpyxl.load_workbook(target).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert any(isinstance(v, str) and FORMULA in v for v in values)
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
