"""Burst of the miniature project: copies, manifest, reruns, verification and failures."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from burst_helpers import FIXTURES, check_manifest, first_pages_text, load_manifest, run_cli


@pytest.fixture(scope="module")
def by_kommune(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """One burst of every municipality (98) plus the whole report, shared by the tests."""
    root = tmp_path_factory.mktemp("kommune")
    project = Path(shutil.copytree(FIXTURES / "mini", root / "mini"))
    out = root / "out"
    result = run_cli("burst", project, "--by", "kommune", "--out", out, "--jobs", 2)
    return project, out, result.output


def test_every_municipality_gets_a_verified_copy(by_kommune: tuple[Path, Path, str]) -> None:
    _, out, output = by_kommune
    manifest = check_manifest(out)
    segments = [c["segment"] for c in manifest["copies"]]
    assert segments[0] == "Alle"
    kommuner = [s for s in segments if s.startswith("kommune=")]
    assert len(kommuner) == 98
    assert len(list(out.glob("mini-kommune-*.pdf"))) == 98
    assert manifest["summary"]["built"] == 99
    assert "99 copies (99 built, 0 skipped, 0 failed)" in output


def test_each_copy_names_its_municipality(by_kommune: tuple[Path, Path, str]) -> None:
    _, out, _ = by_kommune
    for copy in load_manifest(out)["copies"][1:4]:
        assert copy["label"] == copy["value"], "the value label, as build --segment gives it"
        assert f"Særudgave: {copy['value']}" in first_pages_text(out / copy["output"])


def test_file_names_are_ascii_and_the_manifest_keeps_the_label(
    by_kommune: tuple[Path, Path, str],
) -> None:
    _, out, _ = by_kommune
    copies = {c["value"]: c for c in load_manifest(out)["copies"]}
    assert all(c["output"].isascii() for c in copies.values())
    assert copies["Brøndby"]["output"] == "mini-kommune-Broendby.pdf"
    assert copies["Brøndby"]["label"] == "Brøndby"
    assert "Særudgave: Brøndby" in first_pages_text(out / "mini-kommune-Broendby.pdf")
    assert copies["Allerød"]["output"] == "mini-kommune-Alleroed.pdf"


def test_shared_charts_are_drawn_once(by_kommune: tuple[Path, Path, str]) -> None:
    _, out, _ = by_kommune
    copies = load_manifest(out)["copies"]
    # the whole report draws both charts; each municipality redraws only its own chart
    assert copies[0]["charts_drawn"] == 2
    assert all(c["charts_drawn"] == 1 and c["charts_cached"] == 1 for c in copies[1:])


def test_rerun_does_no_work(by_kommune: tuple[Path, Path, str]) -> None:
    project, out, _ = by_kommune
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}
    result = run_cli("burst", project, "--by", "kommune", "--out", out, "--jobs", 2)
    assert result.exit_code == 0, result.output
    manifest = check_manifest(out)
    assert {c["status"] for c in manifest["copies"]} == {"skipped"}
    assert manifest["summary"]["charts_drawn"] == 0
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")} == before


def test_by_sector_with_values_and_pattern(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli(
        "burst",
        mini,
        "--by",
        "sektor",
        "--values",
        "regional,kommunal",
        "--pattern",
        "{by}/{value}.pdf",
        "--no-whole",
        "--out",
        out,
    )
    assert result.exit_code == 0, result.output
    manifest = check_manifest(out)
    assert [c["output"] for c in manifest["copies"]] == [
        "sektor/regional.pdf",
        "sektor/kommunal.pdf",
    ]
    text = first_pages_text(out / "sektor/regional.pdf")
    assert "Særudgave: Regional" in text, "the value label, as build --segment gives it"
    assert "Sektor: Regional" not in text
    assert manifest["copies"][0]["input_sha256"] == manifest["copies"][1]["input_sha256"]


def test_label_pattern(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli(
        "burst",
        mini,
        "--by",
        "sektor",
        "--values",
        "kommunal",
        "--no-whole",
        "--label",
        "{value}e arbejdspladser",
        "--out",
        out,
    )
    assert result.exit_code == 0, result.output
    copy = check_manifest(out)["copies"][0]
    assert copy["label"] == "Kommunale arbejdspladser"
    assert "Kommunale arbejdspladser" in first_pages_text(out / copy["output"])


def test_changed_chapter_rebuilds_only_then(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("burst", mini, "--by", "sektor", "--values", "statslig", "--out", out)
    first = run_cli(*args)
    assert first.exit_code == 0, first.output
    old = load_manifest(out)["copies"]
    chapter = mini / "chapters" / "01.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nEn ny sætning.\n", encoding="utf-8")
    second = run_cli(*args)
    assert second.exit_code == 0, second.output
    new = load_manifest(out)["copies"]
    assert [c["status"] for c in new] == ["built", "built"]
    assert all(a["input_sha256"] != b["input_sha256"] for a, b in zip(old, new, strict=True))
    check_manifest(out)


def test_changed_parameters_rebuild(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("burst", mini, "--by", "sektor", "--values", "statslig", "--no-whole", "--out", out)
    assert run_cli(*args).exit_code == 0
    result = run_cli(*args, "--param", "x=1")
    assert result.exit_code == 0, result.output
    copy = load_manifest(out)["copies"][0]
    assert (copy["status"], copy["params"]) == ("built", {"x": "1"})


def test_verify_rebuilds_identical_bytes(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("burst", mini, "--by", "sektor", "--out", out)
    assert run_cli(*args).exit_code == 0
    before = load_manifest(out)["copies"]
    result = run_cli(*args, "--verify")
    assert result.exit_code == 0, result.output
    after = check_manifest(out)["copies"]
    assert [c["pdf_sha256"] for c in after] == [c["pdf_sha256"] for c in before]
    assert {c["message"] for c in after} == {"verified: identical bytes"}


def test_verify_reports_bytes_that_differ(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("burst", mini, "--by", "sektor", "--values", "regional", "--no-whole", "--out", out)
    assert run_cli(*args).exit_code == 0
    # pretend an earlier build produced other bytes from the very same inputs
    manifest = load_manifest(out)
    pdf = out / manifest["copies"][0]["output"]
    pdf.write_bytes(pdf.read_bytes() + b"\n% tampered\n")
    import hashlib

    manifest["copies"][0]["pdf_sha256"] = hashlib.sha256(pdf.read_bytes()).hexdigest()
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = run_cli(*args, "--verify")
    assert result.exit_code == 1
    assert "not reproducible" in result.output
    assert pdf.read_bytes().endswith(b"% tampered\n")  # the earlier file is kept


def test_one_failing_copy_does_not_stop_the_others(mini: Path, tmp_path: Path) -> None:
    chapter = mini / "chapters" / "01.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8")
        + '\n{% if segment == "sektor=regional" %}{{ survey.findes_ikke.ja }}'
        "{% endif %}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("burst", mini, "--by", "sektor", "--out", out)
    assert result.exit_code == 1
    assert "1 of 4 copies failed" in result.output
    assert "sektor=regional" in result.output
    assert "findes_ikke" in result.output
    status = {c["segment"]: c["status"] for c in load_manifest(out)["copies"]}
    assert status == {
        "Alle": "built",
        "sektor=kommunal": "built",
        "sektor=regional": "failed",
        "sektor=statslig": "built",
    }
    assert (out / "mini-sektor-statslig.pdf").is_file()
    assert not (out / "mini-sektor-regional.pdf").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--by", "farve"), "no data source in the project breaks results down by 'farve'"),
        (("--by", "sektor", "--values", "kommunale"), "did you mean 'kommunal'?"),
        (("--by", "sektor", "--pattern", "kopi.pdf"), "gives every copy the same file name"),
        (("--by", "sektor", "--pattern", "{value}-{aar}.pdf"), "unknown field {aar}"),
        (("--by", "sektor", "--pattern", "../{value}.pdf"), "would leave the output folder"),
        (("--by", "sektor", "--label", "{navn}"), "--label '{navn}' uses unknown field {navn}"),
    ],
)
def test_user_mistakes_are_clear_errors(
    mini: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run_cli("burst", mini, *args, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_file_names_are_ascii_and_csv_cells_cannot_be_formulas(mini: Path, tmp_path: Path) -> None:
    data = mini / "respondents.csv"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace(",Aabenraa,", ",=Ærøskøbing+Å,"), encoding="utf-8")
    out = tmp_path / "out"
    value = "=Ærøskøbing+Å"
    result = run_cli(
        "burst", mini, "--by", "kommune", "--values", value, "--no-whole", "--out", out
    )
    assert result.exit_code == 0, result.output
    copy = check_manifest(out)["copies"][0]
    assert copy["output"] == "mini-kommune-Aeroeskoebing+Aa.pdf"
    assert copy["value"] == value  # the real label in the manifest …
    assert f"Særudgave: {value}" in first_pages_text(out / copy["output"])  # … and in the PDF
    rows = (out / "manifest.csv").read_text(encoding="utf-8").splitlines()
    cells = next(csv.reader(rows[1:2]))
    assert cells[1] == "'" + value
    assert not any(c.startswith(("=", "+", "-", "@")) for r in csv.reader(rows) for c in r)
