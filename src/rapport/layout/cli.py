"""``rapport layouts list | init | check``: the shipped layouts, copying one, checking a file.

Errors are raised as :class:`~rapport.errors.RapportError` subclasses; the main
CLI prints them as ``Error: …`` with their exit code (usage 2, invalid layout 1).
:func:`make_layouts` builds a fresh command group (the main CLI decorates the
commands of the module-level :data:`layouts` group in place).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import click

from ..errors import UsageError
from .convert import suggest
from .load import load_layout, shipped_layouts


def list_layouts() -> None:
    """Show the shipped layouts, one line each."""
    for name, path in shipped_layouts().items():
        click.echo(f"{name} — {load_layout(path).description}")


def init(name: str, dest: Path | None, *, force: bool) -> None:
    """Copy the shipped layout NAME to DEST (default ./NAME.yaml) to edit it."""
    written = init_layout(name, dest, force=force)
    click.echo(f"wrote {written}; check it with: rapport layouts check {written}")


def check(file: str) -> None:
    """Validate the layout FILE (no data needed); every problem is listed."""
    load_layout(file)
    click.echo(f"ok: {file}")


def make_layouts() -> click.Group:
    """A new ``layouts`` command group."""
    group = click.Group(
        "layouts", help="Shipped layouts: list them, copy one to edit, check a layout file."
    )
    dest = click.Argument(["dest"], required=False, type=click.Path(path_type=Path))
    force = click.Option(["--force"], is_flag=True, help="Overwrite DEST if it exists.")
    commands: tuple[tuple[str, Callable[..., None], list[click.Parameter]], ...] = (
        ("list", list_layouts, []),
        ("init", init, [click.Argument(["name"]), dest, force]),
        ("check", check, [click.Argument(["file"])]),
    )
    for name, callback, params in commands:
        group.add_command(
            click.Command(name, callback=callback, params=params, help=callback.__doc__)
        )
    return group


def init_layout(name: str, dest: Path | None = None, *, force: bool = False) -> Path:
    """Copy shipped layout ``name`` to ``dest`` (a file or folder); return the new file."""
    shipped = shipped_layouts()
    if name not in shipped:
        names = list(shipped)
        raise UsageError(
            f"there is no shipped layout called {name!r}",
            hint=suggest(name, names) or "shipped layouts: " + ", ".join(names),
        )
    target = Path(f"{name}.yaml") if dest is None else dest
    if target.is_dir():
        target = target / f"{name}.yaml"
    if target.exists() and not force:
        raise UsageError(
            f"{str(target)!r} already exists",
            hint="choose another destination, or add --force to overwrite it",
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shipped[name], target)
    return target


#: The group the main ``rapport`` CLI attaches.
layouts = make_layouts()
