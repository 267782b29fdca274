"""``rapport build`` twice: an unchanged build reuses its bytes, any change rebuilds."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import rapport.build
from rapport.cli import cli
from rapport.outputcache import FOLDER


def _build(mini: Path, out: Path, *extra: str) -> str:
    result = CliRunner().invoke(cli, ["build", str(mini), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result.output


def _no_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the pipeline ran")

    monkeypatch.setattr(rapport.build, "build_report", refuse)


def test_unchanged_build_reuses_its_bytes(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "ud" / "r.pdf"
    first = _build(mini, out)
    before = out.read_bytes()
    out.unlink()
    _no_pipeline(monkeypatch)

    again = _build(mini, out)

    assert out.read_bytes() == before
    assert again.split("(", 1)[1].split(";")[0] == first.split("(", 1)[1].split(";")[0]
    assert "charts drawn 0" in again


def test_an_edited_chapter_rebuilds(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "ud" / "r.pdf"
    _build(mini, out)
    chapter = sorted((mini / "chapters").glob("*.md"))[0]
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + "\nEn helt ny sætning om kaffe.\n", encoding="utf-8"
    )

    _build(mini, out)

    text = "".join(page.extract_text() or "" for page in PdfReader(out).pages)
    assert "En helt ny sætning om kaffe." in text


def test_other_options_and_tampered_entries_rebuild(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "ud" / "r.pdf"
    _build(mini, out)
    original = out.read_bytes()
    for entry in (tmp_path / "ud" / ".rapport-cache" / FOLDER).glob("*.pdf"):
        entry.write_bytes(b"%PDF-1.7 not what was recorded")

    _build(mini, out)
    assert out.read_bytes() == original  # rebuilt, not read from the tampered entry

    _build(mini, out, "--segment", "sektor=regional")
    tailored = out.read_bytes()
    assert hashlib.sha256(tailored).digest() != hashlib.sha256(original).digest()
    assert "Særudgave: regional" in PdfReader(out).pages[0].extract_text()


def test_no_cache_always_builds(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "ud" / "r.pdf"
    _build(mini, out, "--no-cache")
    _no_pipeline(monkeypatch)
    result = CliRunner().invoke(cli, ["build", str(mini), "-o", str(out), "--no-cache"])
    assert result.exit_code != 0
    assert not (tmp_path / "ud" / ".rapport-cache").exists()


def test_unchanged_build_loads_no_pipeline_library(mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "ud" / "r.pdf"
    _build(mini, out)
    script = (
        "import sys\n"
        "sys.argv = ['rapport', 'build', sys.argv[1], '-o', sys.argv[2]]\n"
        "try:\n    from rapport.cli import cli; cli(prog_name='rapport')\n"
        "except SystemExit:\n    pass\n"
        "heavy = ('pandas', 'numpy', 'pyarrow', 'matplotlib', 'reportlab', 'pikepdf')\n"
        "print('loaded:', sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(mini), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "charts drawn 0" in done.stdout
    assert "loaded: []" in done.stdout
