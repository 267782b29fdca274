"""Every mistake is a message with its place, its cause and what to do — never an
"internal error", and nothing that should be refused is silently accepted."""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hardening_helpers import clean_failure, run

from rapport.resources import default_project_dir


def _set(project: Path, key: str, value: str) -> int:
    """Put ``key: value`` on line 2 of report.yaml (replacing the key); returns 2."""
    file = project / "report.yaml"
    lines = [
        x for x in file.read_text(encoding="utf-8").splitlines() if not x.startswith(f"{key}:")
    ]
    lines.insert(1, f"{key}: {value}")
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 2


def _build(project: Path, tmp_path: Path) -> str:
    message = clean_failure(run("build", str(project), "-o", str(tmp_path / "x.pdf")))
    assert not (tmp_path / "x.pdf").exists()
    return message


# -- faults while writing -------------------------------------------------------------
@pytest.fixture
def failing_writes(monkeypatch: pytest.MonkeyPatch):
    """Make every new file under a folder fail with an errno, as a full disk would."""

    def arm(code: int, under: Path) -> None:
        real = tempfile.mkstemp

        def mkstemp(*args, **kwargs):
            if Path(kwargs.get("dir", "")).resolve().is_relative_to(under.resolve()):
                raise OSError(code, os.strerror(code))
            return real(*args, **kwargs)

        monkeypatch.setattr("rapport.write.tempfile.mkstemp", mkstemp)

    return arm


@pytest.mark.parametrize(
    ("code", "cause"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EROFS, "read-only"),
        (errno.EACCES, "you may not write"),
    ],
)
def test_a_folder_that_cannot_be_written_is_a_message(mini, tmp_path, failing_writes, code, cause):
    out = tmp_path / "out"
    out.mkdir()
    failing_writes(code, out)
    message = clean_failure(run("build", str(mini), "-o", str(out / "x.pdf")))
    assert cause in message
    assert "-o PATH" in message


def test_a_read_only_project_with_the_default_output(mini, failing_writes, monkeypatch):
    failing_writes(errno.EROFS, mini)
    monkeypatch.chdir(mini)
    message = clean_failure(run("build"))
    assert re.search(r"cannot write '.*test\.pdf': the folder is on a read-only", message)


def test_output_into_proc_is_a_message(mini, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    message = clean_failure(run("build", str(mini), "-o", "/proc/x.pdf"))
    assert "cannot write '/proc/x.pdf'" in message


# -- respondent data ------------------------------------------------------------------
@pytest.fixture
def survey(tmp_path: Path) -> Path:
    target = tmp_path / "projekt"
    shutil.copytree(default_project_dir(), target)
    return target


def _no_respondents(project: Path) -> None:
    file = project / "respondents.csv"
    file.write_text(file.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def test_a_respondent_file_without_rows_in_build(survey, tmp_path):
    _no_respondents(survey)
    message = _build(survey, tmp_path)
    assert "respondents.csv:2: the respondent file has a header line but no respondents" in message


def test_a_respondent_file_without_rows_in_aggregate(survey, tmp_path):
    _no_respondents(survey)
    args = [str(survey / "respondents.csv"), "-q", str(survey / "questionnaire.yaml")]
    message = clean_failure(
        run("aggregate", *args, "--by", "sektor", "-o", str(tmp_path / "r.csv"))
    )
    assert "no respondents" in message
    assert not (tmp_path / "r.csv").exists()


# -- report.yaml ----------------------------------------------------------------------
def test_an_astronomical_threshold_is_refused_at_its_line(mini, tmp_path):
    line = _set(mini, "disclosure", "{threshold: 1000000000000000000000000000000}")
    message = _build(mini, tmp_path)
    assert f"report.yaml:{line}:" in message
    assert "'disclosure.threshold'" in message


def test_a_megabyte_title_is_refused_at_its_line(mini, tmp_path):
    line = _set(mini, "title", "T" * 1_000_000)
    message = _build(mini, tmp_path)
    assert f"report.yaml:{line}:8: 'title' is 1,000,000 characters long" in message


def test_a_megabyte_subtitle_is_refused_at_its_line(mini, tmp_path):
    line = _set(mini, "subtitle", "ord " * 60_000)
    assert f"report.yaml:{line}:11: 'subtitle' is 239,999 characters long" in _build(mini, tmp_path)


def test_a_megabyte_figure_title_is_refused_at_its_line(mini, tmp_path):
    file = mini / "report.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace('title: "Kanaler efter sektor"', f'title: "{"x" * 10**6}"', 1))
    line = text[: text.index('title: "Kanaler efter sektor"')].count("\n") + 1
    assert f"report.yaml:{line}:" in _build(mini, tmp_path)


def test_a_heading_taller_than_a_page_is_a_message(mini, tmp_path):
    chapter = mini / "chapters" / "02.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text + "\n## " + "ord " * 30_000 + "\n\nTekst.\n", encoding="utf-8")
    assert "too large for a page" in _build(mini, tmp_path)


@pytest.mark.parametrize("value", ['""', "", "'   '"])
def test_an_empty_title_is_refused(mini, tmp_path, value):
    line = _set(mini, "title", value)
    assert f"report.yaml:{line}:" in _build(mini, tmp_path)


@pytest.mark.parametrize("value", ["20260115", "2026-13-45", "15-01-2026"])
def test_a_date_not_written_yyyy_mm_dd_is_refused_at_its_line(mini, tmp_path, value):
    line = _set(mini, "date", value)
    message = _build(mini, tmp_path)
    assert f"report.yaml:{line}:7: 'date' has value" in message
    assert "YYYY-MM-DD" in message


def test_an_unknown_language_names_file_and_line(mini, tmp_path):
    line = _set(mini, "language", "xx_XX")
    result = run("build", str(mini), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert f"report.yaml:{line}:11: unknown language/locale 'xx_XX'" in clean_failure(result)


def test_an_unknown_chapter_language_names_its_line(mini, tmp_path):
    file = mini / "report.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace("language: en_GB", "language: zz_ZZ"), encoding="utf-8")
    line = (
        file.read_text(encoding="utf-8")
        .splitlines()
        .index("  - {file: chapters/03.md, language: zz_ZZ}")
    )
    assert f"report.yaml:{line + 1}:" in _build(mini, tmp_path)


def test_figures_given_as_a_list_has_a_hint(mini, tmp_path):
    file = mini / "report.yaml"
    text = file.read_text(encoding="utf-8")
    start, end = text.index("figures:"), text.index("tables:")
    file.write_text(text[:start] + "figures:\n  - fordeling\n  - grupper\n" + text[end:])
    message = _build(mini, tmp_path)
    assert "'figures' must map ids to definitions, not be a list" in message
    assert "without '- '" in message


@pytest.mark.parametrize("where", ["report.yaml", "chapters/02.md"])
def test_a_nul_byte_is_reported_as_nul_at_its_place(mini, tmp_path, where):
    file = mini / where
    lines = file.read_text(encoding="utf-8").splitlines()
    lines[2] = "ab\x00cd"
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = _build(mini, tmp_path)
    assert f"{where}:3:3: the file contains a NUL character (U+0000)" in message
    assert "U+FFFD" not in message


def test_a_duplicate_anchor_is_refused(mini, tmp_path):
    chapter = mini / "chapters" / "02.md"
    text = chapter.read_text(encoding="utf-8")
    chapter.write_text(text + "\n## To {#metode}\n\nTekst.\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    message = _build(mini, tmp_path)
    assert f"chapters/02.md:{line}:1: the anchor {{#metode}} is used twice" in message


def test_a_hundred_metre_page_is_refused_at_its_line(mini, tmp_path):
    (mini / "big.yaml").write_text(
        "extends: rapport\npage:\n  size: custom\n  width: 100000mm\n  height: 100000mm\n",
        encoding="utf-8",
    )
    _set(mini, "layout", "big.yaml")
    message = _build(mini, tmp_path)
    assert re.search(r"big\.yaml:4:\d+", message)
    assert "page.width: '100000mm'; expected a length greater than 0 and at most 5080mm" in message
