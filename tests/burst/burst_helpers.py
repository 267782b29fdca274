"""Helpers for burst tests: the fixture folder, the CLI runner and manifest checks."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from pypdf import PdfReader

from rapport.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"


def run_cli(*args: str) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def load_manifest(out: Path) -> dict[str, Any]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def check_manifest(out: Path) -> dict[str, Any]:
    """The manifest agrees with the files: SHA-256, page counts, CSV twin."""
    manifest = load_manifest(out)
    for copy in manifest["copies"]:
        pdf = out / copy["output"]
        assert copy["status"] in ("built", "skipped"), copy
        assert hashlib.sha256(pdf.read_bytes()).hexdigest() == copy["pdf_sha256"]
        assert len(PdfReader(pdf).pages) == copy["pages"]
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["segment"] for r in rows] == [c["segment"] for c in manifest["copies"]]
    assert [r["pdf_sha256"] for r in rows] == [c["pdf_sha256"] for c in manifest["copies"]]
    return manifest


def first_pages_text(pdf: Path, count: int = 3) -> str:
    reader = PdfReader(pdf)
    return "\n".join(page.extract_text() or "" for page in reader.pages[:count])


def may_fork_alone() -> tuple[bool, bool, bool]:
    """In a pool worker: whether it may fork before, while and after building alone."""
    from rapport.coldstart import forking_in_worker, may_fork

    before = may_fork()
    with forking_in_worker():
        alone = may_fork()
    return before, alone, may_fork()
