"""Same inputs, same bytes — across processes with different hash seeds, too."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pikepdf

SCRIPT = (
    "import sys, hashlib; from pathlib import Path; "
    "from rapport.build import BuildOptions, build_report; "
    "r = build_report(BuildOptions(project=Path(sys.argv[1]))); "
    "print(hashlib.sha256(r.pdf).hexdigest())"
)


def _digest(project: Path, seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(project)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_builds_in_separate_processes_are_identical(mini: Path) -> None:
    first, second = _digest(mini, "1"), _digest(mini, "4242")
    assert len(first) == 64
    assert first == second


def test_pdf_structure_passes_qpdf_checks(mini: Path) -> None:
    from rapport.build import BuildOptions, build_report

    pdf = build_report(BuildOptions(project=mini)).pdf
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert doc.check_pdf_syntax() == []
        assert len(doc.pages) >= 6
    assert hashlib.sha256(pdf).hexdigest() == _digest(mini, "7")


def test_bytes_do_not_depend_on_where_the_project_lives(mini: Path, tmp_path: Path) -> None:
    import shutil

    from rapport.build import BuildOptions, build_report

    elsewhere = tmp_path / "a" / "much" / "deeper" / "folder"
    shutil.copytree(mini, elsewhere)
    first = build_report(BuildOptions(project=mini)).pdf
    assert build_report(BuildOptions(project=elsewhere)).pdf == first
