"""Reading CSV as Danish Excel writes it, Excel and Parquet; writing results back."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from rapport.data.io import parse_numbers, read_table, sniff_separator, write_table
from rapport.data.results import load_results
from rapport.errors import DataError, UsageError

ROWS = [
    ("innovation", "ja", "Alle", "Ja, i høj grad", "69.9", "1255"),
    ("innovation", "nej", "Alle", "Nej – slet ikke", "30.1", "1255"),
    ("innovation", "ja", "kommune=Tårnby", "Ja, i høj grad", "71.25", "14"),
    ("innovation", "nej", "kommune=Tårnby", "Nej – slet ikke", "28.75", "14"),
]
HEADER = ("indicator", "category", "group", "label", "value", "n")


def _write(path: Path, sep: str, decimal: str, encoding: str, thousands: str = "") -> Path:
    lines = [sep.join(HEADER)]
    for row in ROWS:
        cells = list(row)
        cells[4] = cells[4].replace(".", decimal)
        if thousands and len(cells[5]) > 3:
            cells[5] = f"{cells[5][:-3]}{thousands}{cells[5][-3:]}"
        cells = [f'"{c}"' if sep in c else c for c in cells]
        lines.append(sep.join(cells))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _check(frame: pd.DataFrame) -> None:
    assert list(frame["value"]) == pytest.approx([69.9, 30.1, 71.25, 28.75])
    assert list(frame["n"]) == [1255, 1255, 14, 14]
    assert frame["group"].iloc[2] == "kommune=Tårnby"
    assert frame["label"].iloc[1] == "Nej – slet ikke"


VARIANTS = [
    (";", ",", "utf-8-sig", ""),  # Danish Excel "CSV UTF-8"
    (";", ",", "cp1252", ""),  # Danish Excel "CSV (semikolonsepareret)"
    (";", ",", "cp1252", "."),  # … with thousands separators: 1.255
    (";", ",", "utf-8", ""),
    (",", ".", "utf-8", ""),  # the tidy default
    (",", ".", "utf-8-sig", ""),
    ("\t", ",", "utf-8", ""),
    (";", ".", "utf-8", ""),
    ("\t", ",", "utf-16", ""),  # Excel "Unicode text": UTF-16 LE with a byte order mark
    ("\t", ",", "utf-16-le", ""),  # … and without the mark
    (";", ",", "utf-16-be", ""),
    (";", ",", "utf-32", ""),
]


@pytest.mark.parametrize(("sep", "decimal", "encoding", "thousands"), VARIANTS)
def test_csv_variants_read_the_same(tmp_path, sep, decimal, encoding, thousands) -> None:
    path = _write(tmp_path / "r.csv", sep, decimal, encoding, thousands)
    _check(load_results(path))


def test_detection_reports_what_it_found(tmp_path) -> None:
    table = read_table(_write(tmp_path / "r.csv", ";", ",", "cp1252"))
    assert (table.separator, table.decimal, table.encoding) == (";", ",", "cp1252")
    table = read_table(_write(tmp_path / "b.csv", ";", ",", "utf-8-sig"))
    assert table.encoding == "utf-8-sig"
    assert table.frame.columns[0] == "indicator"  # BOM removed


def test_explicit_encoding_wins(tmp_path) -> None:
    path = _write(tmp_path / "r.csv", ";", ",", "cp1252")
    _check(load_results(path, encoding="cp1252"))


def test_latin1_for_a_windows_1252_file_is_caught(tmp_path) -> None:
    path = _write(tmp_path / "r.csv", ";", ",", "cp1252")  # '–' is byte 0x96
    with pytest.raises(DataError, match="garbled") as info:
        load_results(path, encoding="latin-1")
    assert "cp1252" in info.value.hint


def test_wrong_explicit_encoding_is_caught_not_garbled(tmp_path) -> None:
    path = _write(tmp_path / "r.csv", ";", ",", "utf-8")
    with pytest.raises(DataError, match="garbled") as info:
        load_results(path, encoding="cp1252")
    assert "--encoding" in str(info.value)


@pytest.mark.parametrize(
    ("encoding", "found"),
    [("utf-16", "utf-16"), ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")],
)
def test_utf16_is_detected_not_read_as_nul_garbage(tmp_path, encoding, found) -> None:
    table = read_table(_write(tmp_path / "r.csv", "\t", ",", encoding))
    assert table.encoding == found
    assert list(table.frame.columns) == list(HEADER)
    assert "\x00" not in "".join(table.frame.to_numpy().ravel())


def test_every_encoding_hint_names_a_setting_that_exists(tmp_path) -> None:
    """The hint names the data source's ``encoding:`` key and ``rapport aggregate
    --encoding`` — both exist — and no option that ``rapport build`` lacks."""
    from click.testing import CliRunner

    from rapport.cli import cli as main
    from rapport.project import DATA_KEYS

    path = _write(tmp_path / "r.csv", ";", ",", "utf-8")
    with pytest.raises(DataError) as garbled:
        load_results(path, encoding="cp1252")
    path = _write(tmp_path / "r.csv", ";", ",", "cp1252")
    with pytest.raises(DataError) as undecodable:
        load_results(path, encoding="utf-8")
    build_help = CliRunner().invoke(main, ["build", "--help"]).output
    aggregate_help = CliRunner().invoke(main, ["aggregate", "--help"]).output
    for error in (garbled.value, undecodable.value):
        assert "'encoding: cp1252'" in error.hint
        assert "encoding" in DATA_KEYS
        assert "--encoding with 'rapport aggregate'" in error.hint
        assert "--encoding" in aggregate_help
        assert "--encoding" not in build_help


def test_unknown_encoding_is_a_usage_error(tmp_path) -> None:
    path = _write(tmp_path / "r.csv", ";", ",", "utf-8")
    with pytest.raises(UsageError, match="unknown encoding 'klingon'"):
        load_results(path, encoding="klingon")


def test_wrong_explicit_encoding_that_cannot_decode(tmp_path) -> None:
    path = _write(tmp_path / "r.csv", ";", ",", "cp1252")
    with pytest.raises(DataError, match="cannot decode byte 0xf8") as info:  # ø of "høj"
        load_results(path, encoding="utf-8")
    assert info.value.location.line == 2


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("a;b;c", ";"),
        ("a,b,c", ","),
        ("a\tb\tc", "\t"),
        ('"x;y",b,c', ","),
        ("a|b", "|"),
    ],
)
def test_sniff_separator(header, expected) -> None:
    assert sniff_separator(header) == expected


def test_parse_numbers_danish() -> None:
    cells = pd.Series(["1.255", "12,5", "", "-3", "1.255,75", "ja"])
    values, bad = parse_numbers(cells, ",")
    assert list(values[:2]) == [1255.0, 12.5]
    assert values[4] == pytest.approx(1255.75)
    assert list(bad) == [False, False, False, False, False, True]


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet", ".csv"])
def test_round_trip_through_every_format(tmp_path, suffix) -> None:
    frame = pd.DataFrame(ROWS, columns=HEADER).astype({"value": float, "n": int})
    frame["status"] = ""
    path = write_table(frame, tmp_path / f"r{suffix}")
    _check(load_results(path))


def test_danish_csv_output_reads_back(tmp_path) -> None:
    frame = pd.DataFrame(ROWS, columns=HEADER).astype({"value": float, "n": int})
    path = write_table(frame, tmp_path / "r.csv", danish_csv=True)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"69,9" in raw
    assert b";" in raw
    _check(load_results(path))


def test_write_refuses_unknown_suffix(tmp_path) -> None:
    with pytest.raises(UsageError, match="unknown file type"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "r.json")


def test_missing_file(tmp_path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        load_results(tmp_path / "nowhere.csv")


def test_excel_with_typed_cells(tmp_path) -> None:
    frame = pd.DataFrame(
        {
            "indicator": ["q", "q"],
            "category": ["a", "b"],
            "group": ["Alle", "Alle"],
            "value": [40, 60.5],
            "n": [12.0, 12.0],
            "ci_low": [None, 30.0],
            "ci_high": [None, 80.0],
        }
    )
    path = tmp_path / "typed.xlsx"
    frame.to_excel(path, index=False)
    out = load_results(path)
    assert list(out["n"]) == [12, 12]
    assert out["ci_low"].isna().iloc[0]
    assert out["value"].iloc[1] == 60.5
