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


@pytest.mark.parametrize(
    ("style", "levels"),
    [("flow", 101), ("flow", 500), ("flow", 20_000), ("block", 101), ("block", 500)],
)
def test_nesting_is_measured_by_every_parse(tmp_path, style, levels):
    """Past 100 levels the message names the line where the 101st level opens, whether
    the libyaml fast path (which measures while it converts), libyaml's own limit or
    ruamel.yaml (a merge key sends the file there) parses it."""
    from rapport.errors import ProjectError
    from rapport.yamlsrc import load_yaml

    if style == "flow":
        nested = "[" * levels + "]" * levels
        body, line = f"a: 1\nx: {nested}\n", 2
    else:
        body = (
            "a: 1\n" + "".join(f"{'  ' * k}k{k}:\n" for k in range(levels)) + "  " * levels + "v\n"
        )
        line = 2 + 99 + 1  # "a: 1", then k0 … k99 open levels 1–100 on lines 2–101
    for merge in ("", "base: &b {q: 1}\nm:\n  <<: *b\n"):
        file = tmp_path / "deep.yaml"
        file.write_text(merge + body, encoding="utf-8")
        with pytest.raises(ProjectError) as caught:
            load_yaml(file, ProjectError, fast=True)
        assert "nested more than 100 levels" in caught.value.message
        assert caught.value.location is not None
        assert caught.value.location.line == line + merge.count("\n")
