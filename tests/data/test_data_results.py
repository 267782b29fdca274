"""ResultStore look-ups, Cell records and contract details of validate_results."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from rapport.data.results import Cell, ResultStore, validate_results
from rapport.errors import DataError


@pytest.fixture
def store() -> ResultStore:
    frame = pd.DataFrame(
        {
            "indicator": ["innovation"] * 4 + ["kultur"] * 2,
            "category": ["ja", "nej", "ja", "nej", "hoej", "slet"],
            "group": ["Alle", "Alle", "sektor=statslig", "sektor=statslig", "Alle", "Alle"],
            "label": ["Ja", "Nej", "Ja", "Nej", "I høj grad", "Slet ikke"],
            "value": [70.0, 30.0, np.nan, np.nan, 80.0, 20.0],
            "n": [400, 400, 4, 4, 280, 280],
            "ci_low": [65.0, 25.0, np.nan, np.nan, 75.0, 15.0],
            "ci_high": [75.0, 35.0, np.nan, np.nan, 85.0, 25.0],
            "status": ["", "", "primary", "primary", "", ""],
        }
    )
    return ResultStore(validate_results(frame), name="resultater", path="r.csv")


def test_cell(store) -> None:
    cell = store.cell("innovation", "ja")
    assert cell == Cell("innovation", "ja", "Alle", 70.0, 400, 65.0, 75.0, "", "Ja")
    assert not cell.suppressed
    hidden = store.cell("innovation", "nej", "sektor=statslig")
    assert hidden.suppressed
    assert hidden.value is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        cell.value = 1.0  # type: ignore[misc]


def test_listing(store) -> None:
    assert store.indicators() == ["innovation", "kultur"]
    assert store.categories("kultur") == ["hoej", "slet"]
    assert store.groups("innovation") == ["Alle", "sektor=statslig"]
    assert store.has("kultur")
    assert not store.has("kultuur")


def test_select(store) -> None:
    frame = store.select(["kultur", "innovation"], groups=["Alle"])
    assert list(frame["indicator"]) == ["kultur", "kultur", "innovation", "innovation"]
    frame.loc[0, "value"] = 0.0
    assert store.cell("kultur", "hoej").value == 80.0  # the store is not changed


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (
            ("innovasion", "ja"),
            ("indicator 'innovasion'", "did you mean 'innovation'", "resultater"),
        ),
        (("innovation", "jaa"), ("category 'jaa'", "did you mean 'ja'", "existing categories")),
        (
            ("innovation", "ja", "sektor=statlig"),
            ("group 'sektor=statlig'", "did you mean 'sektor=statslig'"),
        ),
    ],
)
def test_unknown_names_explain_what_exists(store, args, fragments) -> None:
    with pytest.raises(DataError) as info:
        store.cell(*args)
    for fragment in fragments:
        assert fragment in str(info.value)
    assert "existing" in info.value.hint
    assert "categorys" not in info.value.hint
    assert str(info.value.location) == "r.csv"


def test_select_unknown_group(store) -> None:
    with pytest.raises(DataError, match="group 'Alle2'"):
        store.select(["kultur"], groups=["Alle2"])


def test_store_is_read_only(store) -> None:
    with pytest.raises(AttributeError):
        store.name = "x"  # type: ignore[misc]


def test_from_file_and_optional_columns(tmp_path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "indicator,category,group,value,n\nq,a,Alle,12.5,40\nq,b,Alle,,40\n", encoding="utf-8"
    )
    store = ResultStore.from_file(path)
    assert store.name == "r"
    assert store.cell("q", "a").label == "a"  # label defaults to the category code
    assert store.cell("q", "b").value is None
    assert store.frame["n"].dtype == "Int64"


def test_suppressed_cell_may_not_keep_its_count() -> None:
    frame = pd.DataFrame(
        {
            "indicator": ["q"],
            "category": ["a"],
            "group": ["Alle"],
            "value": [np.nan],
            "n": [40],
            "count": [3],
            "status": ["primary"],
        }
    )
    with pytest.raises(DataError, match="suppressed but still has a count"):
        validate_results(frame)


# -- the store held as plain columns (as the build cache gives it back) ---------------
@pytest.fixture
def columnar(store) -> ResultStore:
    """The same results as ``store``, held as plain columns through the cache's codec."""
    from rapport.columns import Columns
    from rapport.datacodec import decode, encode

    table = decode(encode(Columns.from_frame(store.frame)))
    assert isinstance(table, Columns)
    return ResultStore(table, name="resultater", path="r.csv")


def test_columns_answer_as_the_frame_does(store, columnar) -> None:
    for indicator in store.indicators():
        for category in store.categories(indicator):
            for group in store.groups(indicator):
                assert columnar.cell(indicator, category, group) == store.cell(
                    indicator, category, group
                )
    assert columnar.indicators() == store.indicators()
    assert [columnar.has(i) for i in ("kultur", "kultuur")] == [True, False]
    assert columnar.categories("innovation") == store.categories("innovation")
    assert columnar.groups("innovation") == store.groups("innovation")
    assert columnar.group_labels() == store.group_labels()
    pd.testing.assert_frame_equal(columnar.frame, store.frame)
    for groups in (None, ["Alle"]):
        wanted = ["kultur", "innovation"]
        pd.testing.assert_frame_equal(
            columnar.select(wanted, groups=groups), store.select(wanted, groups=groups)
        )
        rows = columnar.rows(wanted, groups=groups)
        pd.testing.assert_frame_equal(rows.to_frame(), store.select(wanted, groups=groups))


@pytest.mark.parametrize(
    "args",
    [("innovasion", "ja"), ("innovation", "jaa"), ("innovation", "ja", "sektor=statlig")],
)
def test_columns_explain_missing_names_as_the_frame_does(store, columnar, args) -> None:
    errors = []
    for held in (store, columnar):
        with pytest.raises(DataError) as info:
            held.cell(*args)
        errors.append((str(info.value), info.value.hint, str(info.value.location)))
    assert errors[0] == errors[1]
    with pytest.raises(DataError, match="did you mean 'innovation'"):
        columnar.rows(["innovasion"])
    with pytest.raises(DataError, match="did you mean 'sektor=statslig'"):
        columnar.rows(["innovation"], groups=["sektor=statlig"])


def test_group_labels_from_columns() -> None:
    from rapport.columns import Columns

    names = ("indicator", "category", "group", "value", "n", "status", "label", "group_label")
    dtypes = ("str", "str", "str", "float64", "Int64", "object", "str", "str")
    rows = [
        ("bog", "ja", "Alle", 60.0, 10, "", "Ja", ""),
        ("bog", "ja", "alder=16-29", float("nan"), 3, "primary", "Ja", "16-29 år"),
    ]
    table = Columns(names, dtypes, tuple(zip(*rows, strict=True)))
    held = ResultStore(table, name="svar")
    assert held.group_labels() == {"alder=16-29": "16-29 år"}
    assert held.cell("bog", "ja", "alder=16-29").value is None
    assert held.cell("bog", "ja", "alder=16-29").suppressed
    assert held.cell("bog", "ja").n == 10


def test_a_store_of_columns_answers_without_pandas() -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from rapport.columns import Columns\n"
        "from rapport.data.results import ResultStore\n"
        "table = Columns(('indicator', 'category', 'group', 'value', 'n', 'status', 'label'),"
        " ('str', 'str', 'str', 'float64', 'Int64', 'object', 'str'),"
        " (('a', 'a'), ('ja', 'nej'), ('Alle', 'Alle'), (60.0, 40.0), (5, 5), ('', ''),"
        " ('Ja', 'Nej')))\n"
        "store = ResultStore(table)\n"
        "print(store.cell('a', 'nej').value, store.categories('a'), store.rows(['a']).names[0])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'numpy')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == ["40.0 ['ja', 'nej'] indicator", "[]"]
