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
