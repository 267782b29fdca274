"""One build of the embedded default report, shared by the flagship tests."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from rapport.build import BuildOptions, BuildResult, build_report
from rapport.resources import default_project_dir

sys.path.insert(0, str(Path(__file__).parents[1] / "engine"))


@pytest.fixture(scope="session")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    cache = tmp_path_factory.mktemp("cache")
    return build_report(BuildOptions(cache_dir=cache))


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    target = tmp_path / "projekt"
    shutil.copytree(default_project_dir(), target)
    return target
