"""The import-graph check in ``tools/``: the real package passes, a bad one fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
SCRIPT = ROOT / "tools" / "importgraph.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False
    )


def test_rapport_has_no_cycles_and_no_private_imports() -> None:
    done = run()
    assert done.returncode == 0, done.stdout
    assert "no cycles, no private imports across modules" in done.stdout
    edges = dict(line.split(" -> ") for line in done.stdout.splitlines() if " -> " in line)
    assert "rapport.compose" in edges["rapport.build"].split(", ")
    assert "rapport.build" not in edges["rapport.exhibits.figures"]
    assert "rapport.cli" not in edges["rapport.burst"]


def test_a_cycle_and_a_private_import_fail(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import thing\n")
    (pkg / "b.py").write_text("def f():\n    from . import a\n\nthing = 1\n")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "c.py").write_text("from ..b import _hidden, thing\n")
    done = run(str(pkg))
    assert done.returncode == 1
    assert "cycle: pkg.a <-> pkg.b" in done.stdout
    assert "private import across modules: pkg.sub.c: from pkg.b import _hidden" in done.stdout
    assert "pkg.sub.c -> pkg.b" in done.stdout


def test_own_and_dunder_names_are_not_private(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("__version__ = '1'\n")
    (pkg / "a.py").write_text("from . import __version__\n")
    done = run(str(pkg))
    assert done.returncode == 0, done.stdout
    assert "pkg.a -> pkg\n" in done.stdout


def test_quiet_prints_only_the_verdict() -> None:
    done = run("--quiet")
    assert done.returncode == 0
    assert " -> " not in done.stdout
    assert "modules" in done.stdout
