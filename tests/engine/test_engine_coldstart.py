"""A cold build's helper process loads the data and draws the charts: same bytes, and
every failure of the helper ends in the main process's own clear error."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from rapport import coldstart
from rapport.build import BuildOptions, build_report
from rapport.buildcache import SUFFIX
from rapport.cli import cli
from rapport.errors import ChartError, DataError


@pytest.fixture(autouse=True)
def _forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork even when an earlier test left a thread behind (the CLI forks first thing)."""
    monkeypatch.setattr(coldstart, "may_fork", lambda: True)


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{SUFFIX}"))


def test_the_helper_draws_the_same_bytes_as_a_plain_build(mini: Path, tmp_path: Path) -> None:
    plain = build_report(BuildOptions(project=mini))
    cache = tmp_path / "cache"
    helper = coldstart.start_helper(mini, cache)
    assert helper is not None
    built = build_report(BuildOptions(project=mini, cache_dir=cache), helper)
    assert built.pdf == plain.pdf
    assert (built.charts_drawn, built.charts_cached) == (2, 0)
    assert helper.ok is True  # reaped, and it exited cleanly
    assert helper.drawn_here == 0  # both charts came from the helper
    assert len(_entries(cache / "charts")) == 2
    assert _entries(cache / "data")  # the helper aggregated the data into the cache
    again = build_report(BuildOptions(project=mini, cache_dir=cache))
    assert (again.charts_drawn, again.charts_cached, again.pdf) == (0, 2, plain.pdf)


def test_no_helper_once_a_chart_is_cached(mini: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build_report(BuildOptions(project=mini, cache_dir=cache))
    assert coldstart.start_helper(mini, cache) is None


def test_a_helper_that_dies_changes_nothing(mini: Path, tmp_path: Path) -> None:
    plain = build_report(BuildOptions(project=mini))
    cache = tmp_path / "cache"
    helper = coldstart.start_helper(mini, cache)
    assert helper is not None
    os.kill(helper.pid, signal.SIGKILL)
    built = build_report(BuildOptions(project=mini, cache_dir=cache), helper)
    assert built.pdf == plain.pdf
    assert helper.ok is False
    assert built.charts_drawn == 2  # drawn here instead
    assert len(_entries(cache / "charts")) == 2


def test_bad_data_is_reported_once_by_the_main_process(mini: Path, tmp_path: Path) -> None:
    data = mini / "data" / "results.csv"
    data.write_text(data.read_text(encoding="utf-8") + "kanal,fax,Alle,tolv,1255,Fax\n")
    helper = coldstart.start_helper(mini, tmp_path / "cache")
    assert helper is not None
    with pytest.raises(DataError) as caught:
        build_report(BuildOptions(project=mini, cache_dir=tmp_path / "cache"), helper)
    assert "results.csv" in str(caught.value.location)
    assert "tolv" in caught.value.message
    assert helper.ok is not None  # reaped: no process left behind


def test_a_chart_that_fails_in_the_helper_fails_the_build_at_its_definition(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rapport.charts import figure

    def broken(spec: object, *args: object) -> object:
        raise ChartError("cannot draw this chart", hint="test")

    monkeypatch.setattr(figure, "render_cells", broken)  # in the helper and here alike
    target = tmp_path / "out" / "r.pdf"
    target.parent.mkdir()
    result = CliRunner().invoke(cli, ["build", str(mini), "-o", str(target)])
    assert result.exit_code == 1
    assert "cannot draw this chart" in result.output
    assert "report.yaml:" in result.output  # the figure's chart definition
    assert "Traceback" not in result.output
    assert not target.exists()  # no partial PDF
    assert not _entries(tmp_path / "out" / ".rapport-cache" / "charts")


def test_the_cold_cli_build_matches_a_plain_build(mini: Path, tmp_path: Path) -> None:
    plain = build_report(BuildOptions(project=mini))
    target = tmp_path / "out" / "r.pdf"
    target.parent.mkdir()
    result = CliRunner().invoke(cli, ["build", str(mini), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "charts drawn 2, from cache 0" in result.output
    assert target.read_bytes() == plain.pdf


def test_the_entry_suffix_is_the_caches() -> None:
    assert coldstart.ENTRY_SUFFIX == SUFFIX
