"""Nothing loaded from a cache can run code; a corrupt entry is rebuilt with the same bytes."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from rapport.build import BuildOptions, BuildResult, build_report
from rapport.buildcache import read_entry, trusted_folder
from rapport.datacodec import CorruptEntry, decode, encode


class _Payload:
    """Unpickling this creates a file: proof that code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return (open, (str(self.marker), "w"))


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """A cache filled by a build of the default report (data, tests, charts, render)."""
    folder = tmp_path_factory.mktemp("warm") / "cache"
    return folder, build_report(BuildOptions(cache_dir=folder))


def _entries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def _planted(warm: tuple[Path, BuildResult], tmp_path: Path, data: bytes) -> Path:
    """A copy of the warm cache (a new folder, so nothing is remembered in memory) with
    every entry replaced by ``data``."""
    copy = tmp_path / "cache"
    shutil.copytree(warm[0], copy)
    entries = _entries(copy)
    assert {p.parent.name for p in entries} >= {"data", "tests", "charts", "render"}
    for entry in entries:
        entry.write_bytes(data)
    return copy


def test_a_planted_pickle_runs_nothing_and_the_bytes_stay(warm, tmp_path):
    marker = tmp_path / "pwned"
    folder = _planted(warm, tmp_path, pickle.dumps(_Payload(marker)))
    result = build_report(BuildOptions(cache_dir=folder))
    assert not marker.exists()
    assert result.pdf == warm[1].pdf
    assert all(read_entry(p) is not None for p in _entries(folder))  # rebuilt


def test_a_truncated_pickle_frame_is_ignored_and_rebuilt(warm, tmp_path):
    folder = _planted(warm, tmp_path, b"\x80\x04\x95" + b"\xff" * 8)
    result = build_report(BuildOptions(cache_dir=folder))
    assert result.pdf == warm[1].pdf
    assert result.charts_cached == 0
    assert all(read_entry(p) is not None for p in _entries(folder))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"rapport-cache 1\n",
        b"rapport-cache 1\n{",
        b'rapport-cache 1\n{"r":"os.system"}',
        b'rapport-cache 1\n{"x":1}',
        b"rapport-cache 1\n\xff\xfe",
    ],
)
def test_the_codec_refuses_anything_it_did_not_write(data):
    with pytest.raises(CorruptEntry):
        decode(data)


def test_the_codec_keeps_frames_and_records_exactly(warm):
    import pandas as pd

    from rapport.data.questionnaire import load_questionnaire
    from rapport.resources import default_project_dir

    q = load_questionnaire(default_project_dir() / "questionnaire.yaml")
    assert decode(encode(q)) == q
    frame = pd.DataFrame(
        {"a": [1.5, float("nan")], "b": pd.Categorical(["x", "y"]), "c": ["t", None]}
    )
    back = decode(encode(frame))
    pd.testing.assert_frame_equal(back, frame)
    with pytest.raises(TypeError):
        encode(_Payload(Path("x")))


def test_a_cache_folder_others_may_write_to_is_not_used(warm, tmp_path):
    folder = _planted(warm, tmp_path, b"\x80\x04\x95" + b"\xff" * 8)
    os.chmod(folder, 0o777)
    assert not trusted_folder(folder)
    result = build_report(BuildOptions(cache_dir=folder))
    assert result.pdf == warm[1].pdf
    assert all(p.read_bytes().startswith(b"\x80") for p in _entries(folder))  # untouched
    assert trusted_folder(tmp_path / "new")
    assert (os.stat(tmp_path / "new").st_mode & 0o777) == 0o700


# -- result and test tables stored as plain columns -----------------------------------
@pytest.mark.parametrize(
    "body",
    [
        '{"C":[["a"],["float64"],[[1.0],[2.0]]]}',  # more columns of data than names
        '{"C":[["a","b"],["str","str"],[["x"],["y","z"]]]}',  # columns differ in length
        '{"C":[["a"],["datetime64[ns]"],[[1]]]}',  # a type it does not hold
        '{"C":[[1],["str"],[["x"]]]}',  # a name that is not text
        '{"C":[["a","a"],["str","str"],[["x"],["y"]]]}',  # the same name twice
        '{"C":[["a"],["object"],[[{"r":"os.system","f":[]}]]]}',  # a tagged value inside
        '{"C":[["a"],["object"],[[["nested"]]]]}',  # a list inside a column
        '{"C":[["a"],["str"],"x"]}',
        '{"C":[["a"],["str"]]}',
    ],
)
def test_the_codec_refuses_a_malformed_table(body):
    with pytest.raises(CorruptEntry):
        decode(b"rapport-cache 1\n" + body.encode())


def test_the_codec_keeps_tables_exactly(warm):
    import pandas as pd

    from rapport.columns import Columns

    frame = pd.DataFrame(
        {
            "indicator": pd.array(["a", "b"], dtype="str"),
            "value": [1.5, float("nan")],
            "n": pd.array([3, None], dtype="Int64"),
            "status": pd.Series(["", "primary"], dtype=object),
            "significant": [True, False],
        }
    )
    table = Columns.from_frame(frame)
    back = decode(encode(table))
    assert isinstance(back, Columns)
    assert back == table
    assert back["n"] == (3, None)
    pd.testing.assert_frame_equal(back.to_frame(), frame)


def test_result_tables_in_the_cache_are_plain_columns(warm):
    from rapport.columns import Columns

    data = [read_entry(p) for p in (warm[0] / "data").iterdir()]
    assert data
    assert all(isinstance(entry[0], Columns) for entry in data)
    tests = [read_entry(p) for p in (warm[0] / "tests").iterdir()]
    assert tests
    assert all(isinstance(entry, Columns) for entry in tests)


@pytest.mark.parametrize("kinds", [("data",), ("tests",), ("tests", "respondents")])
def test_a_wrongly_shaped_entry_is_rebuilt_with_the_same_bytes(warm, tmp_path, kinds):
    """Also the respondents, read from the file again when a test must be recomputed."""
    copy = tmp_path / "cache"
    shutil.copytree(warm[0], copy)
    shutil.rmtree(copy / "exhibits", ignore_errors=True)  # titles calling .sig() run again
    planted = encode((1, None, True))
    entries = [p for kind in kinds for p in (copy / kind).iterdir()]
    assert {p.parent.name for p in entries} == set(kinds)
    for entry in entries:
        entry.write_bytes(planted)
    result = build_report(BuildOptions(cache_dir=copy))
    assert result.pdf == warm[1].pdf
    assert all(p.read_bytes() != planted and read_entry(p) is not None for p in entries)


@pytest.mark.parametrize(
    "column",
    [
        '{"k":["a"],"i":[1]}',  # a place past the texts
        '{"k":["a"],"i":[-1]}',  # a place counted from the end
        '{"k":["a"],"i":[true]}',  # a truth value for a place
        '{"k":["a"],"i":[0.0]}',
        '{"k":[1],"i":[0]}',  # coded text that is not text
        '{"k":["a"],"i":[0],"x":1}',
        '{"k":"a","i":[0]}',
    ],
)
def test_the_codec_refuses_malformed_coded_text(column):
    body = '{"C":[["a"],["str"],[' + column + "]]}"
    with pytest.raises(CorruptEntry):
        decode(b"rapport-cache 1\n" + body.encode())


def test_repeated_text_is_stored_once():
    from rapport.columns import Columns

    groups = tuple(["Alle", "sektor=kommunal", "sektor=statslig", "sektor=regional"] * 50)
    table = Columns(("group", "value"), ("str", "float64"), (groups, tuple([1.5] * 200)))
    data = encode(table)
    assert data.count(b"sektor=kommunal") == 1
    assert decode(data) == table


def test_numbers_are_stored_as_exact_binary():
    import struct

    from rapport.columns import Columns

    doubles = (0.1, -0.0, float("inf"), float("nan"), 1e-300, 2.5, 1 / 3) * 4
    counts = (0, 1255, 2**40, -7) * 7
    table = Columns(("value", "n"), ("float64", "int64"), (doubles, counts))
    data = encode(table)
    assert b'"f":["d",' in data
    assert b'"i":["q",' in data  # 2**40 needs eight bytes
    assert b"0.1" not in data  # not written as decimals
    back = decode(data)
    assert all(type(v) is float for v in back["value"])
    assert struct.pack("<28d", *back["value"]) == struct.pack("<28d", *doubles)  # to the bit
    assert back["n"] == counts
    assert all(type(v) is int for v in back["n"])


def test_places_and_small_counts_take_the_fewest_bytes():
    from rapport.columns import Columns

    groups = tuple(f"g{i % 300}" for i in range(1200))  # 300 texts: two bytes a place
    table = Columns(("group", "n"), ("str", "Int64"), (groups, tuple(range(1200, 0, -1))))
    data = encode(table)
    assert b'"p":["H",' in data
    assert b'"i":["H",' in data
    assert decode(data) == table


def test_numbers_with_a_gap_stay_a_plain_list():
    from rapport.columns import Columns

    values = (1.5,) * 20 + (None,)
    data = encode(Columns(("value",), ("float64",), (values,)))
    assert b'"f":' not in data
    assert decode(data)["value"] == values


@pytest.mark.parametrize(
    "column",
    [
        '{"f":1}',  # not a packed array
        '{"f":["d"]}',
        '{"f":["x","AAAAAAAAAAA="]}',  # an unknown type code
        '{"f":["q","AAAAAAAAAAA="]}',  # integers where numbers with a fraction belong
        '{"i":["d","AAAAAAAAAAA="]}',  # and the other way round
        '{"f":["d","AAAA"]}',  # three bytes: no whole double
        '{"f":["d","not base64!"]}',
        '{"f":["d",7]}',
        '{"k":["a"],"p":["B","AQ=="]}',  # a place past the texts
        '{"k":["a"],"p":["i","/////w=="]}',  # a place counted from the end
        '{"k":["a"],"p":["d","AAAAAAAAAAA="]}',
    ],
)
def test_the_codec_refuses_malformed_numbers(column):
    body = '{"C":[["a"],["float64"],[' + column + "]]}"
    with pytest.raises(CorruptEntry):
        decode(b"rapport-cache 1\n" + body.encode())
