"""Fixtures for the hardening tests: small projects to attack, and a CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rapport.cli import cli

MINI = Path(__file__).parents[1] / "engine" / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh, writable copy of the mini project inside ``tmp_path/work``."""
    target = tmp_path / "work" / "mini"
    shutil.copytree(MINI, target)
    return target


def run(*args: str) -> Result:
    """``rapport ARGS`` in-process (exceptions are not swallowed by the runner)."""
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def clean_failure(result: Result) -> str:
    """The message of a clean failure: exit 1 or 2, no traceback, no internal error."""
    out = result.output
    assert result.exit_code in (1, 2), out
    assert "Traceback" not in out
    assert "internal error" not in out
    return out
