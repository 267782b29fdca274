"""Fixtures for the hardening tests: small projects to attack."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

MINI = Path(__file__).parents[1] / "engine" / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh, writable copy of the mini project inside ``tmp_path/work``."""
    target = tmp_path / "work" / "mini"
    shutil.copytree(MINI, target)
    return target
