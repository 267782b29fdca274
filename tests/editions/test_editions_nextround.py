"""``rapport new --from``: the next round builds once its respondent file is there, and
says what is missing until then."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from engine_pdf import all_text

from rapport.build import BuildOptions, build_report
from rapport.cli import cli
from rapport.project import load_project
from rapport.resources import default_project_dir


def test_next_round_of_the_default_project(tmp_path: Path) -> None:
    target = tmp_path / "runde2"
    runner = CliRunner()
    made = runner.invoke(cli, ["new", str(target), "--from", str(default_project_dir())])
    assert made.exit_code == 0, made.output
    assert "2. udgave" in made.output
    assert f"missing: the 2. udgave respondent file {target / 'respondents.csv'}" in made.output
    assert "genbrug" in made.output  # the columns the new file needs
    kept = target / "udgave-1" / "respondents.csv"
    assert kept.read_bytes() == (default_project_dir() / "respondents.csv").read_bytes()

    failed = runner.invoke(cli, ["build", str(target), "-o", str(tmp_path / "x.pdf")])
    assert failed.exit_code == 1
    assert "respondent file of 2. udgave for data source 'survey' is missing" in failed.output
    assert "udgave-1/respondents.csv" in failed.output
    assert "Traceback" not in failed.output
    assert not (tmp_path / "x.pdf").exists()

    lines = kept.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    drop = header.index("genbrug")
    partial = [",".join(v for i, v in enumerate(line.split(",")) if i != drop) for line in lines]
    (target / "respondents.csv").write_text("\n".join(partial) + "\n", encoding="utf-8")
    lacking = runner.invoke(cli, ["build", str(target), "-o", str(tmp_path / "x.pdf")])
    assert lacking.exit_code == 1
    assert "lacks 1 questionnaire item(s): genbrug" in lacking.output

    shutil.copy(kept, target / "respondents.csv")
    project = load_project(target)
    survey = project.source("survey")
    assert survey.edition == "2. udgave"
    assert [e.label for e in survey.earlier] == ["1. udgave"]
    assert project.edition.startswith("2. udgave")
    assert [c.file.name for c in project.chapters] == [
        c.file.name for c in load_project(default_project_dir()).chapters
    ]
    result = build_report(BuildOptions(project=target))
    assert result.pages > 40
    assert "2. udgave" in all_text(result.pdf)
