"""YAML is bounded: alias bombs, huge files and deep nesting are clear errors, quickly."""

from __future__ import annotations

import shutil

import pytest
from hardening_helpers import clean_failure, run

from rapport.resources import default_project_dir


def bomb(levels: int = 9) -> str:
    """The "billion laughs": each level repeats the previous one nine times."""
    lines = ['lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        lines.append(f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _expect(result_output: str, file: str, line: int) -> None:
    assert f"{file}:{line}: the aliases (*name) expand to more than" in result_output


def test_an_alias_bomb_in_report_yaml(mini, tmp_path):
    file = mini / "report.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(
        text.replace("colophon:", "parameters:\n  " + bomb().replace("\n", "\n  ") + "\ncolophon:")
    )
    first = (
        file.read_text(encoding="utf-8")
        .splitlines()
        .index("  lol1: &a1 [" + ", ".join(["*a0"] * 9) + "]")
    )
    message = clean_failure(run("build", str(mini), "-o", str(tmp_path / "x.pdf")))
    _expect(message, "report.yaml", first + 1)


def test_an_alias_bomb_in_the_questionnaire(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(default_project_dir(), project)
    file = project / "questionnaire.yaml"
    file.write_text(bomb() + file.read_text(encoding="utf-8"), encoding="utf-8")
    message = clean_failure(run("build", str(project), "-o", str(tmp_path / "x.pdf")))
    _expect(message, "questionnaire.yaml", 2)


def test_an_alias_bomb_in_a_layout(mini, tmp_path):
    (mini / "house.yaml").write_text("extends: rapport\n" + bomb(), encoding="utf-8")
    message = clean_failure(run("layouts", "check", str(mini / "house.yaml")))
    _expect(message, "house.yaml", 3)


def test_a_few_aliases_still_work(mini, tmp_path):
    file = mini / "report.yaml"
    text = file.read_text(encoding="utf-8")
    file.write_text(
        text.replace("keywords: [test, innovation]", "keywords: &kw [test, innovation]").replace(
            "subject: En lille rapport til tests",
            "subject: En lille rapport til tests\nparameters: {ord: *kw}",
        ),
        encoding="utf-8",
    )
    result = run("build", str(mini), "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("kind", ["huge", "deep"])
def test_huge_or_deeply_nested_yaml_is_a_message(mini, tmp_path, kind):
    file = mini / "report.yaml"
    text = file.read_text(encoding="utf-8")
    extra = "x: " + ("[" * 20_000 + "]" * 20_000 if kind == "deep" else '"' + "y" * 5_000_000 + '"')
    file.write_text(text + extra + "\n", encoding="utf-8")
    message = clean_failure(run("build", str(mini), "-o", str(tmp_path / "x.pdf")))
    where = f"report.yaml:{len(text.splitlines()) + 1}:" if kind == "deep" else "report.yaml:"
    assert where in message
    assert ("nested more than 100 levels" if kind == "deep" else "characters long") in message
