"""The command line: one clean message per user mistake, exit codes, atomic output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from engine_pdf import page_texts

from rapport.cli import cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_build_writes_the_pdf(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "ud" / "r.pdf"
    result = runner.invoke(cli, ["build", str(mini), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    assert "pages" in result.output
    assert (tmp_path / "ud" / ".rapport-cache").is_dir()


ERRORS = [
    # (file to edit, old, new, expected fragments)
    (
        "chapters/01.md",
        "{{ res.samarbejde.ja.n }}",
        "{{ ukendt_navn }}",
        ["01.md:3", "'ukendt_navn' is undefined"],
    ),
    (
        "chapters/01.md",
        "{figure} fordeling",
        "{figure} fordelingen",
        ["01.md:", "unknown figure id 'fordelingen'", "define it under 'figures:'"],
    ),
    (
        "report.yaml",
        "  - chapters/02.md",
        "  - chapters/nope.md",
        ["report.yaml:21:5", "chapter 'chapters/nope.md' does not exist"],
    ),
    (
        "report.yaml",
        "title: Testrapport",
        "title: [Testrapport",
        ["report.yaml:", "malformed YAML"],
    ),
    ("report.yaml", "keywords:", "nøgleord:", ["report.yaml:11:1", "unknown key 'nøgleord'"]),
    (
        "chapters/01.md",
        "{{ res.samarbejde.ja }}",
        "{{ res.samarbejd.ja }}",
        ["01.md:", "samarbejd"],
    ),
    ("data/results.csv", "kanal,mail,Alle,31.0", "kanal,mail,Alle,131.0", ["results.csv", "131"]),
    (
        "report.yaml",
        "layout: rapport",
        "layout: rapprot",
        ["report.yaml:10:9", "no layout called 'rapprot'", "did you mean 'rapport'?"],
    ),
    (
        "report.yaml",
        "chart: {kind: bar,",
        "chart: {kind: barr,",
        ["report.yaml:", "unknown chart kind 'barr'", "did you mean 'bar'?"],
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "fragments"), ERRORS)
def test_user_mistakes_give_one_message_and_exit_1(
    runner: CliRunner,
    mini: Path,
    tmp_path: Path,
    file: str,
    old: str,
    new: str,
    fragments: list[str],
) -> None:
    _edit(mini / file, old, new)
    out = tmp_path / "r.pdf"
    result = runner.invoke(cli, ["build", str(mini), "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    for fragment in fragments:
        assert fragment in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_failed_build_keeps_the_earlier_pdf(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    assert runner.invoke(cli, ["build", str(mini), "-o", str(out)]).exit_code == 0
    before = out.read_bytes()
    _edit(mini / "chapters" / "01.md", "{{ res.samarbejde.ja }}", "{{ ukendt }}")
    assert runner.invoke(cli, ["build", str(mini), "-o", str(out)]).exit_code == 1
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["r.pdf"]


def test_debug_shows_the_traceback(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    _edit(mini / "chapters" / "01.md", "{{ res.samarbejde.ja }}", "{{ ukendt }}")
    result = runner.invoke(cli, ["--debug", "build", str(mini), "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 1
    assert result.exception is not None
    assert type(result.exception).__name__ == "TemplateError"


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--nope"],
        ["build", "/does/not/exist"],
        ["build", "--param", "novalue"],
        ["bygg"],
        ["preview", "--dpi", "5"],
    ],
)
def test_usage_errors_exit_2(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_new_scaffolds_a_project_that_builds(runner: CliRunner, tmp_path: Path) -> None:
    project = tmp_path / "ny"
    assert runner.invoke(cli, ["new", str(project)]).exit_code == 0
    assert (project / "report.yaml").is_file()
    result = runner.invoke(cli, ["build", str(project), "-o", str(tmp_path / "ny.pdf")])
    assert result.exit_code == 0, result.output
    assert "1 figure, 1 table;" in result.output  # counts agree with their noun
    again = runner.invoke(cli, ["new", str(project)])
    assert again.exit_code == 1
    assert "not empty" in again.output


def test_preview_writes_pngs(runner: CliRunner, mini: Path, tmp_path: Path) -> None:
    out = tmp_path / "prev"
    result = runner.invoke(
        cli, ["preview", str(mini), "--pages", "1,3-4", "--dpi", "30", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["page-01.png", "page-03.png", "page-04.png"]
    assert (out / "page-01.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("layout", ["rapport", "brief", "hovedresultater"])
def test_new_project_builds_with_every_shipped_layout(
    runner: CliRunner, tmp_path: Path, layout: str
) -> None:
    project = tmp_path / "ny"
    assert runner.invoke(cli, ["new", str(project)]).exit_code == 0
    out = tmp_path / f"{layout}.pdf"
    result = runner.invoke(cli, ["build", str(project), "--layout", layout, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")


def test_debug_after_the_subcommand_works_too(
    runner: CliRunner, mini: Path, tmp_path: Path
) -> None:
    _edit(mini / "chapters" / "01.md", "{{ res.samarbejde.ja }}", "{{ ukendt }}")
    result = runner.invoke(cli, ["build", str(mini), "--debug", "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 1
    assert type(result.exception).__name__ == "TemplateError"


def test_no_arguments_builds_the_project_in_this_folder(
    runner: CliRunner, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(mini)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    assert (mini / "test.pdf").read_bytes().startswith(b"%PDF-")


def test_no_arguments_in_an_empty_folder_builds_the_embedded_report(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "innovationsbarometeret-2015.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert (tmp_path / ".rapport-cache").is_dir()
    assert "innovationsbarometeret-2015.pdf" in result.output


def test_a_character_the_font_lacks_is_an_error(
    runner: CliRunner, mini: Path, tmp_path: Path
) -> None:
    _edit(mini / "chapters" / "02.md", "Tekst om metoden.", "Tekst om metoden 中.")
    result = runner.invoke(cli, ["build", str(mini), "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 1
    assert "02.md:3" in result.output
    assert "no glyph for '中' (U+4E2D)" in result.output


def test_a_whole_report_whose_chapters_are_all_tailored_has_no_empty_contents(
    runner: CliRunner, mini: Path, tmp_path: Path
) -> None:
    """Every chapter only in tailored copies: the whole report has no heading for the
    contents, so the contents page is left out (it used to crash); a copy lists them."""
    yaml = mini / "report.yaml"
    text = yaml.read_text(encoding="utf-8")
    text = text.replace("  - chapters/02.md", "  - {file: chapters/02.md, tailored: true}")
    text = text.replace("hovedresultater]}", "hovedresultater], tailored: true}")
    text = text.replace("language: en_GB}", "language: en_GB, tailored: true}")
    yaml.write_text(text, encoding="utf-8")
    whole, copy = tmp_path / "hele.pdf", tmp_path / "kommunal.pdf"
    result = runner.invoke(cli, ["build", str(mini), "-o", str(whole)])
    assert result.exit_code == 0, result.output
    pages = page_texts(whole.read_bytes())
    assert "Testrapport" in pages[0]  # the cover, then the colophon and the back page
    assert not any("Indhold" in page for page in pages)
    assert "Testcentret" in pages[-1]
    result = runner.invoke(
        cli, ["build", str(mini), "--segment", "sektor=kommunal", "-o", str(copy)]
    )
    assert result.exit_code == 0, result.output
    contents = next(p for p in page_texts(copy.read_bytes()) if "Indhold" in p)
    assert "1 Første kapitel" in contents
    assert "2 Metode" in contents


@pytest.mark.parametrize("again", [False, True], ids=["built", "from-the-output-cache"])
def test_the_console_entry_ends_a_finished_build_at_once_with_its_output_complete(
    mini: Path, tmp_path: Path, again: bool
) -> None:
    """``main`` skips the interpreter's teardown after a build (``os._exit``): the summary
    line still reaches stdout and the PDF on disk is whole."""
    out = tmp_path / "ud" / "r.pdf"
    command = [sys.executable, "-m", "rapport", "build", str(mini), "-o", str(out)]
    if again:
        subprocess.run(command, capture_output=True, check=True)
        out.unlink()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote {out} (")
    assert done.stdout.endswith(")\n")
    assert len(page_texts(out.read_bytes())) >= 2


def test_the_console_entry_keeps_the_exit_status_of_a_failed_build(tmp_path: Path) -> None:
    missing = tmp_path / "findes-ikke"
    done = subprocess.run(
        [sys.executable, "-m", "rapport", "build", str(missing)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "findes-ikke" in done.stderr
    assert "Traceback" not in done.stderr
