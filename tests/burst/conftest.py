"""Fixtures for burst tests: a miniature project with 98 municipalities."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from burst_helpers import FIXTURES


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh copy of the miniature project (safe to edit)."""
    return Path(shutil.copytree(FIXTURES / "mini", tmp_path / "mini"))
