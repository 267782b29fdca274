"""The command group: subcommands of other packages load when named, and loudly."""

from __future__ import annotations

import click
from click.testing import CliRunner

from rapport.cli import SUBCOMMANDS, RapportGroup, cli


def test_every_lazy_subcommand_loads_and_is_listed() -> None:
    ctx = click.Context(cli)
    listed = cli.list_commands(ctx)
    assert listed == sorted(listed)
    for name in SUBCOMMANDS:
        assert name in listed
        assert isinstance(cli.get_command(ctx, name), click.Command)
    assert {"build", "new", "preview", "watch"} <= set(listed)


def test_help_lists_the_lazy_subcommands() -> None:
    out = CliRunner().invoke(cli, ["--help"]).output
    for name in SUBCOMMANDS:
        assert f"  {name} " in out


def _group(target: str) -> click.Group:
    @click.group(cls=RapportGroup, lazy_subcommands={"broken": target})
    def top() -> None:
        """A group with one lazy subcommand."""

    return top


def test_a_subcommand_that_fails_to_import_is_an_error_not_a_missing_command() -> None:
    result = CliRunner().invoke(_group("rapport.no_such_module:command"), ["broken"])
    assert result.exit_code == 1
    assert "internal error: ModuleNotFoundError" in result.output
    assert "rapport.no_such_module" in result.output
    assert "No such command" not in result.output


def test_a_lazy_target_that_is_no_command_is_an_error() -> None:
    result = CliRunner().invoke(_group("rapport.groups:TOTAL_GROUP"), ["broken"])
    assert result.exit_code == 1
    assert "rapport.groups:TOTAL_GROUP is not a click command" in result.output
