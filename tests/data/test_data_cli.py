"""``rapport aggregate`` end to end on synthetic respondents."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from datasynth import FIXTURES, respondents

from rapport.data.cli import aggregate_command
from rapport.data.results import load_results
from rapport.errors import DataError, UsageError


@pytest.fixture
def people_csv(tmp_path):
    path = tmp_path / "svar.csv"
    respondents(n=300, kommuner=8, seed=11).to_csv(path, index=False)
    return path


def _run(*args: str):
    return CliRunner().invoke(aggregate_command, list(args), catch_exceptions=True)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet"])
def test_aggregate_writes_a_protected_results_file(tmp_path, people_csv, suffix) -> None:
    out = tmp_path / f"resultater{suffix}"
    result = _run(
        str(people_csv),
        "-q",
        str(FIXTURES / "questionnaire.yaml"),
        "--by",
        "sektor",
        "--by",
        "kommune",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert "suppressed" in result.output
    frame = load_results(out)
    shown = frame[(frame["status"] == "") & frame["value"].notna()]
    assert (shown["n"] >= 5).all()
    assert set(frame["source"]) == {"synthetic"}
    assert {"Alle", "sektor=statslig"} <= set(frame["group"])


def test_danish_csv_and_threshold(tmp_path, people_csv) -> None:
    out = tmp_path / "r.csv"
    result = _run(
        str(people_csv),
        "-q",
        str(FIXTURES / "questionnaire.yaml"),
        "--by",
        "sektor",
        "--threshold",
        "10",
        "--danish-csv",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbfindicator;")
    frame = load_results(out)
    assert (frame.loc[(frame["status"] == "") & frame["value"].notna(), "n"] >= 10).all()


def test_cp1252_respondents_with_encoding_option(tmp_path) -> None:
    frame = respondents(n=120, kommuner=4, seed=2)
    frame["kommune"] = frame["kommune"].str.replace("K0", "Tårnby ")
    path = tmp_path / "svar.csv"
    frame.to_csv(path, index=False, sep=";", encoding="cp1252", decimal=",")
    out = tmp_path / "r.csv"
    for extra in ([], ["--encoding", "cp1252"]):
        result = _run(
            str(path),
            "-q",
            str(FIXTURES / "questionnaire.yaml"),
            "--by",
            "kommune",
            *extra,
            "-o",
            str(out),
        )
        assert result.exit_code == 0, result.output
        assert "kommune=Tårnby 0" in set(load_results(out)["group"])


def test_errors_are_rapport_errors(tmp_path, people_csv) -> None:
    q = str(FIXTURES / "questionnaire.yaml")
    result = _run(str(people_csv), "-q", q, "--by", "region", "-o", str(tmp_path / "r.csv"))
    assert isinstance(result.exception, DataError)
    assert "breakdown variable 'region'" in str(result.exception)
    result = _run(str(people_csv), "-q", q, "-o", str(tmp_path / "r.json"))
    assert isinstance(result.exception, UsageError)
    result = _run(str(people_csv), "-q", q, "--threshold", "0", "-o", str(tmp_path / "r.csv"))
    assert isinstance(result.exception, UsageError)
    assert not (tmp_path / "r.csv").exists()


def test_attached_to_the_main_cli(tmp_path, people_csv) -> None:
    from rapport.cli import cli

    out = tmp_path / "r.csv"
    args = [
        "aggregate",
        str(people_csv),
        "-q",
        str(FIXTURES / "questionnaire.yaml"),
        "--by",
        "sektr",
        "-o",
        str(out),
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert "did you mean 'sektor'" in result.output
    assert not out.exists()
