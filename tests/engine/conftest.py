"""Fixtures for engine tests: the mini project and one shared build of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rapport.build import BuildOptions, BuildResult, build_report

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh, writable copy of the mini project."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One build of the mini project, shared by the PDF-structure tests."""
    folder = tmp_path_factory.mktemp("mini") / "mini"
    shutil.copytree(FIXTURES / "mini", folder)
    return build_report(BuildOptions(project=folder))
