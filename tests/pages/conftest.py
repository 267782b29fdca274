"""Fixtures for the page checks: every shipped layout × the projects and tailored copies,
each PDF built once per session (charts and data shared through one cache folder)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from page_cases import SECOND, Built, Case

from rapport.build import BuildOptions, build_report
from rapport.charts.style import ChartStyle
from rapport.fonts import register_family
from rapport.formatting import Formatter
from rapport.layout.model import Layout
from rapport.resources import data_dir, default_project_dir


@pytest.fixture(scope="session")
def page_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Built lazily, once: ``page_builds`` is filled by :func:`built`."""
    return {}


@pytest.fixture(scope="session")
def project_folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("page-projects")
    template = root / "template"
    shutil.copytree(data_dir() / "skabelon", template)
    return {"default": default_project_dir(), "template": template, "second": SECOND}


@pytest.fixture
def built(
    request: pytest.FixtureRequest,
    page_builds: dict[str, Built],
    project_folders: dict[str, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Built:
    case: Case = request.param
    if case.id not in page_builds:
        cache = tmp_path_factory.getbasetemp() / "page-cache" / case.project
        options = BuildOptions(
            project=project_folders[case.project],
            layout=case.layout,
            segment=case.segment,
            cache_dir=cache,
        )
        page_builds[case.id] = Built(case, build_report(options), project_folders[case.project])
    return page_builds[case.id]


@pytest.fixture(scope="session")
def chart_style() -> ChartStyle:
    layout = Layout()
    return ChartStyle.from_layout(layout, register_family(layout.typography.heading), Formatter())
