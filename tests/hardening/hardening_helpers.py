"""Helpers of the hardening tests: run the CLI, expect a clean failure."""

from __future__ import annotations

from click.testing import CliRunner, Result

from rapport.cli import cli


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
