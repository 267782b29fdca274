"""Burst of the embedded default report by sector, and a burst on a Dask LocalCluster."""

from __future__ import annotations

import io
import logging
import sys
from pathlib import Path

import pytest
from burst_helpers import check_manifest, first_pages_text, run_cli
from pypdf import PdfReader

SECTORS = {
    "sektor=kommunal": "Kommunal",
    "sektor=regional": "Regional",
    "sektor=statslig": "Statslig",
}


def test_default_report_by_sector(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_cli("burst", "--by", "sektor", "--out", out)
    assert result.exit_code == 0, result.output
    manifest = check_manifest(out)
    copies = {c["segment"]: c for c in manifest["copies"]}
    assert set(copies) == {"Alle", *SECTORS}
    assert len(list(out.glob("innovationsbarometeret-sektor-*.pdf"))) == 3
    for segment, label in SECTORS.items():
        copy = copies[segment]
        assert copy["label"] == label
        title = PdfReader(out / copy["output"]).metadata.title
        assert title.endswith(f"– {label}")
        assert label in first_pages_text(out / copy["output"], 3)  # on the cover
    assert len({c["pdf_sha256"] for c in copies.values()}) == 4
    # the segment-independent charts came from the cache warmed by the whole report
    assert all(copies[s]["charts_cached"] > 0 for s in SECTORS)
    assert manifest["summary"]["charts_cached"] == sum(c["charts_cached"] for c in copies.values())


def test_default_report_names_its_sector_in_the_headers(tmp_path: Path) -> None:
    # a layout whose running header carries {segment} (the shipped one shows the chapter)
    layout = tmp_path / "segment.yaml"
    layout.write_text('extends: rapport\nrunning:\n  header_right: "{segment}"\n', encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(
        "burst",
        "--by",
        "sektor",
        "--values",
        "regional",
        "--no-whole",
        "--layout",
        layout,
        "--out",
        out,
    )
    assert result.exit_code == 0, result.output
    copy = check_manifest(out)["copies"][0]
    assert "Særudgave: Regional" in first_pages_text(out / copy["output"], 8)


@pytest.mark.filterwarnings(
    "ignore::DeprecationWarning",
    "ignore::ResourceWarning",
    "ignore::UserWarning",
    "ignore::RuntimeWarning",
)
def test_burst_on_a_dask_cluster(mini: Path, tmp_path: Path) -> None:
    from dask.distributed import LocalCluster

    out = tmp_path / "out"
    with LocalCluster(
        processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        result = run_cli(
            "burst",
            mini,
            "--by",
            "sektor",
            "--out",
            out,
            "--executor",
            "dask",
            "--scheduler",
            cluster.scheduler_address,
        )
    assert result.exit_code == 0, result.output
    manifest = check_manifest(out)
    assert [c["status"] for c in manifest["copies"]] == ["built"] * 4
    assert "Statslig" in first_pages_text(out / "mini-sektor-statslig.pdf")


def test_dask_needs_a_scheduler(mini: Path, tmp_path: Path) -> None:
    result = run_cli(
        "burst", mini, "--by", "sektor", "--out", tmp_path / "out", "--executor", "dask"
    )
    assert result.exit_code == 1
    assert "--executor dask needs --scheduler ADDRESS" in result.output
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_dask_missing_is_a_clear_error(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # as if not installed
    result = run_cli(
        "burst",
        mini,
        "--by",
        "sektor",
        "--out",
        tmp_path / "out",
        "--executor",
        "dask",
        "--scheduler",
        "tcp://127.0.0.1:8786",
    )
    assert result.exit_code == 1
    assert "needs the optional Dask support" in result.output
    assert "pip install 'rapport[dask]'" in result.output


def test_a_copy_starts_from_the_previous_copys_pagination(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The second municipal copy takes the first one's contents and page total as its warm
    start (its headings name another municipality), lays out in one pass, and its bytes
    are those of a build without any cache."""
    from rapport.build import BuildOptions, build_report

    cache = tmp_path / "cache"
    build_report(BuildOptions(segment="kommune=Aarhus", cache_dir=cache))
    with caplog.at_level(logging.INFO, logger="rapport.progress"):
        warm = build_report(BuildOptions(segment="kommune=Odense", cache_dir=cache))
    cold = build_report(BuildOptions(segment="kommune=Odense"))

    assert any("in 1 pass(es)" in r.getMessage() for r in caplog.records)
    assert warm.pdf == cold.pdf
    assert "Særudgave: Odense" in PdfReader(io.BytesIO(warm.pdf)).pages[0].extract_text()
