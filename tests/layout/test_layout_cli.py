"""``layouts list | init | check`` through click's test runner."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from rapport.errors import LayoutError, RapportError, UsageError
from rapport.layout.cli import make_layouts
from rapport.layout.load import load_layout, shipped_layouts


@click.group()
def main() -> None:
    """Stand-in for the rapport CLI: prints RapportErrors as 'Error: …' with their code."""


# a fresh group: the real rapport CLI decorates the module-level one in place
layouts = make_layouts()
main.add_command(layouts)


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    stdout: str


def run(*args: str) -> Outcome:
    """Invoke like the real CLI does: a RapportError becomes 'Error: …' and its exit code."""
    result = CliRunner().invoke(main, ["layouts", *args], standalone_mode=False)
    error = result.exception
    if isinstance(error, RapportError):
        return Outcome(error.exit_code, result.output + f"Error: {error}\n")
    assert error is None, repr(error)
    return Outcome(0, result.output)


def test_list_shows_each_shipped_layout_on_one_line() -> None:
    result = CliRunner().invoke(layouts, ["list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(shipped_layouts())
    assert "rapport — A4 background report with cover, colophon and contents." in lines
    assert any(line.startswith("hovedresultater — ") for line in lines)
    assert any(line.startswith("brief — ") for line in lines)


def test_init_copies_and_the_copy_checks(tmp_path: Path) -> None:
    dest = tmp_path / "mine.yaml"
    result = CliRunner().invoke(layouts, ["init", "hovedresultater", str(dest)])
    assert result.exit_code == 0, result.output
    assert dest.read_text(encoding="utf-8") == (
        shipped_layouts()["hovedresultater"].read_text(encoding="utf-8")
    )
    check = CliRunner().invoke(layouts, ["check", str(dest)])
    assert check.output == f"ok: {dest}\n"
    assert load_layout(dest).name == "mine"


def test_init_defaults_to_name_yaml_in_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(layouts, ["init", "brief"])
    assert result.exit_code == 0
    assert (tmp_path / "brief.yaml").is_file()


def test_init_into_a_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(layouts, ["init", "rapport", str(tmp_path)])
    assert result.exit_code == 0
    assert (tmp_path / "rapport.yaml").is_file()


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    dest = tmp_path / "x.yaml"
    dest.write_text("mine\n", encoding="utf-8")
    result = run("init", "rapport", str(dest))
    assert result.exit_code == 2
    assert "already exists" in result.stdout
    assert "--force" in result.stdout
    assert dest.read_text(encoding="utf-8") == "mine\n"
    forced = run("init", "rapport", str(dest), "--force")
    assert forced.exit_code == 0
    assert "description:" in dest.read_text(encoding="utf-8")


def test_init_unknown_layout_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        layouts, ["init", "rapprot", str(tmp_path / "a.yaml")], standalone_mode=False
    )
    assert isinstance(result.exception, UsageError)
    assert "did you mean 'rapport'?" in str(result.exception)
    assert not (tmp_path / "a.yaml").exists()


def test_missing_argument_exits_2() -> None:
    result = CliRunner().invoke(layouts, ["init"])
    assert result.exit_code == 2
    assert "Missing argument 'NAME'" in result.output


def test_check_invalid_layout_exits_1_with_located_problems(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("extends: rapport\npage:\n  sise: A5\n", encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 1
    assert result.stdout.startswith("Error: layout ")
    assert f"{path.resolve()}:3:3: page.sise: unknown key 'sise'" in result.stdout
    assert "hint: did you mean 'size'?" in result.stdout
    assert "Traceback" not in result.stdout


def test_check_reports_missing_file() -> None:
    result = CliRunner().invoke(layouts, ["check", "missing.yaml"], standalone_mode=False)
    assert isinstance(result.exception, LayoutError)
    assert "does not exist" in str(result.exception)


@pytest.mark.parametrize("name", sorted(shipped_layouts()))
def test_check_accepts_every_shipped_layout(name: str) -> None:
    path = shipped_layouts()[name]
    result = CliRunner().invoke(layouts, ["check", str(path)])
    assert result.output == f"ok: {path}\n"


def test_through_the_rapport_command(tmp_path: Path) -> None:
    from rapport.cli import cli

    path = tmp_path / "bad.yaml"
    path.write_text("colors: {accent: '#12'}\n", encoding="utf-8")
    bad = CliRunner().invoke(cli, ["layouts", "check", str(path)])
    assert bad.exit_code == 1
    assert "Error: layout " in bad.output
    assert f"{path.resolve()}:1:18: colors.accent: '#12'" in bad.output
    usage = CliRunner().invoke(cli, ["layouts", "init", "nope", str(tmp_path / "n.yaml")])
    assert usage.exit_code == 2
    assert "Error: there is no shipped layout called 'nope'" in usage.output
