"""A cold build's data helper and chart drawer: same bytes as a plain build, and every
failure of either ends in the main process's own clear error and no PDF."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rapport import coldstart, prewarm, process
from rapport.build import BuildOptions, build_report
from rapport.buildcache import SUFFIX
from rapport.cli import cli
from rapport.errors import ChartError, DataError, RapportError


@pytest.fixture(autouse=True)
def _forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork even when an earlier test left a thread behind (the CLI forks first thing),
    and draw the mini project's two charts in the drawer too."""
    monkeypatch.setattr(coldstart, "may_fork", lambda: True)
    monkeypatch.setattr(prewarm, "may_fork", lambda: True)
    monkeypatch.setattr(prewarm, "MIN_CHARTS", 1)


BURST_MINI = Path(__file__).parents[1] / "burst" / "fixtures" / "mini"


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
    assert built.charts_drawn == 2
    assert _entries(cache / "data")  # loaded here instead
    assert len(_entries(cache / "charts")) == 2


def test_a_drawer_that_dies_changes_nothing(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = build_report(BuildOptions(project=mini))
    drawers: list[coldstart.ChartWorker] = []

    def doomed(cache: object) -> coldstart.ChartWorker:
        drawer = coldstart.fork_drawer(cache)  # type: ignore[arg-type]
        os.kill(drawer.pid, signal.SIGKILL)
        drawers.append(drawer)
        return drawer

    monkeypatch.setattr(prewarm, "fork_drawer", doomed)
    built = build_report(BuildOptions(project=mini, cache_dir=tmp_path / "cache"))
    assert built.pdf == plain.pdf
    assert [d.ok for d in drawers] == [False]
    assert drawers[0].drawn_here == 2  # drawn here instead
    assert built.charts_drawn == 2


def test_a_failed_build_stops_the_helper(mini: Path, tmp_path: Path) -> None:
    (mini / "report.yaml").write_text(
        (mini / "report.yaml")
        .read_text(encoding="utf-8")
        .replace("layout: rapport", "layout: nej"),
        encoding="utf-8",
    )
    helper = coldstart.start_helper(mini, tmp_path / "cache")
    assert helper is not None
    with pytest.raises(RapportError) as caught:
        build_report(BuildOptions(project=mini, cache_dir=tmp_path / "cache"), helper)
    assert "no layout called 'nej'" in str(caught.value)
    assert helper.ok is not None  # reaped: no process left behind
    with pytest.raises(ChildProcessError):
        os.waitpid(helper.pid, os.WNOHANG)


def test_the_helper_tests_the_breakdowns_the_text_names(tmp_path: Path) -> None:
    from rapport.project import load_project

    folder = tmp_path / "survey"
    shutil.copytree(BURST_MINI, folder)
    project = load_project(folder)
    assert coldstart.compared(project, "") == []  # no "sektor=…" or "kommune=…" in it
    assert coldstart.compared(project, "kommune=Aarhus") == [("survey", "kommune")]
    chapter = project.chapters[0].file
    chapter.write_text(chapter.read_text(encoding="utf-8") + '\n{{ x.at("sektor=a") }}\n')
    assert coldstart.compared(project, "") == [("survey", "sektor")]


def test_tests_made_ahead_are_the_tests_made_later(tmp_path: Path) -> None:
    from rapport.buildcache import BuildCache
    from rapport.project import load_project
    from rapport.sources import load_sources

    folder = tmp_path / "survey"
    shutil.copytree(BURST_MINI, folder)
    ahead = load_sources(load_project(folder), BuildCache(tmp_path / "cache"))
    made = ahead.comparisons("survey", "sektor")
    fresh = load_sources(load_project(folder), None)  # (and the process keeps only this)
    assert fresh.comparisons("survey", "sektor") == made
    again = load_sources(load_project(folder), BuildCache(tmp_path / "cache"))
    assert again is not ahead
    assert again.comparisons("survey", "sektor") == made  # read back from the cache


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


def test_a_chart_that_fails_in_the_drawer_fails_the_build_at_its_definition(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rapport.charts import figure

    def broken(spec: object, *args: object) -> object:
        raise ChartError("cannot draw this chart", hint="test")

    monkeypatch.setattr(figure, "render_cells", broken)  # in the drawer and here alike
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


def test_a_cold_cli_build_leaves_pandas_and_matplotlib_to_its_helpers(tmp_path: Path) -> None:
    """The default report, cold, in a new process: the data helper aggregates and tests,
    the drawer draws; the main process imports neither library and writes the same PDF."""
    from rapport.resources import default_project_dir

    project = tmp_path / "projekt"
    shutil.copytree(default_project_dir(), project)
    script = (
        "import sys\n"
        "sys.argv = ['rapport', 'build', sys.argv[1], '-o', sys.argv[2]]\n"
        "try:\n    from rapport.cli import cli; cli(prog_name='rapport')\n"
        "except SystemExit:\n    pass\n"
        "heavy = ('pandas', 'pyarrow', 'matplotlib')\n"
        "print('loaded:', sorted(m for m in heavy if m in sys.modules))\n"
    )
    pdfs = []
    for name in ("cold", "plain"):
        out = tmp_path / name / "r.pdf"
        args = [str(project), str(out)]
        if name == "plain":  # no cache, no helpers: everything in one process
            script = script.replace("'-o', sys.argv[2]]", "'-o', sys.argv[2], '--no-cache']")
        done = subprocess.run(
            [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
        )
        pdfs.append(out.read_bytes())
        if name == "cold":
            assert "charts drawn 41, from cache 0" in done.stdout
            assert "loaded: []" in done.stdout
            assert len(_entries(tmp_path / "cold" / ".rapport-cache" / "tests")) >= 2
    assert pdfs[0] == pdfs[1]


def test_the_helper_writes_the_respondents_after_the_data(tmp_path: Path) -> None:
    """The helper signals once the results and tests are in the cache; the respondents,
    which only a later build's new test reads, follow before it exits."""
    folder = tmp_path / "survey"
    shutil.copytree(BURST_MINI, folder)
    cache = tmp_path / "cache"
    helper = coldstart.start_helper(folder, cache, "kommune=Aarhus")
    assert helper is not None
    helper.await_data()
    assert _entries(cache / "data")
    assert _entries(cache / "tests")
    helper.close()
    assert helper.ok is True
    assert len(_entries(cache / "respondents")) == 1
    plain = build_report(BuildOptions(project=folder))
    built = build_report(BuildOptions(project=folder, cache_dir=cache))
    assert built.pdf == plain.pdf


@pytest.mark.skipif(sys.platform != "linux", reason="pipe sizes are set on Linux only")
def test_the_drawer_pipe_holds_a_large_reports_jobs(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sending the jobs never waits for the drawer (it reads between drawings): the
    pipe holds 1 MiB, several times the default report's 41 jobs."""
    import fcntl

    sizes: list[int] = []

    def measured(cache: object) -> coldstart.ChartWorker:
        drawer = coldstart.fork_drawer(cache)  # type: ignore[arg-type]
        sizes.append(fcntl.fcntl(drawer.pipe, fcntl.F_GETPIPE_SZ))  # type: ignore[attr-defined,arg-type]
        return drawer

    monkeypatch.setattr(prewarm, "fork_drawer", measured)
    built = build_report(BuildOptions(project=mini, cache_dir=tmp_path / "cache"))
    assert sizes == [1 << 20]
    assert built.pdf == build_report(BuildOptions(project=mini)).pdf


def test_a_pool_worker_is_told_apart_without_importing_multiprocessing() -> None:
    from concurrent.futures import ProcessPoolExecutor

    assert not process.pool_worker()  # the test process itself
    with ProcessPoolExecutor(1) as pool:
        assert pool.submit(process.pool_worker).result()
    fresh = (
        "import sys, rapport.process as c;print(c.pool_worker(), 'multiprocessing' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", fresh], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
