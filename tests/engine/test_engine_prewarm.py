"""Cold builds draw missing charts on two processes; the PDF is the same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from rapport import prewarm
from rapport.build import BuildOptions, build_report


def test_prewarmed_build_matches_a_plain_one(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prewarm, "MIN_CHARTS", 1)
    plain = build_report(BuildOptions(project=mini))
    cache = tmp_path / "cache"
    warmed = build_report(BuildOptions(project=mini, cache_dir=cache))
    assert warmed.pdf == plain.pdf
    assert (warmed.charts_drawn, warmed.charts_cached) == (2, 0)
    assert plain.charts_drawn == 2
    assert len(list((cache / "charts").glob("*.entry"))) == 2
    again = build_report(BuildOptions(project=mini, cache_dir=cache))
    assert (again.charts_drawn, again.charts_cached) == (0, 2)
    assert again.pdf == plain.pdf


def test_no_fork_below_the_threshold(mini: Path, tmp_path: Path) -> None:
    result = build_report(BuildOptions(project=mini, cache_dir=tmp_path / "cache"))
    assert result.charts_drawn == 2
