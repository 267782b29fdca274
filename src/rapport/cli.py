"""The ``rapport`` command: a thin click layer over the library. Only this module prints.

Library code raises :class:`~rapport.errors.RapportError`; here each one becomes
a single ``Error: …`` message on stderr with exit code 1 (2 for usage errors).
Tracebacks are shown only with ``--debug``.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import RapportError
from .groups import TOTAL_GROUP
from .outputcache import Finished
from .params import parse_params
from .resources import EXAMPLES


class _Failure(click.ClickException):
    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it per class; a failure carries its error's code


class RapportGroup(click.Group):
    """Turns library errors from any subcommand into one clean message (exit 1 or 2), and
    loads the subcommands other packages define when they are named (click's lazy group
    pattern: a subcommand that fails to import is an error, never a missing command)."""

    def __init__(
        self, *args: Any, lazy_subcommands: Mapping[str, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_subcommands = dict(lazy_subcommands or {})  # name → "module:attribute"

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy_subcommands])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.lazy_subcommands:
            return super().get_command(ctx, cmd_name)
        module, _, attribute = self.lazy_subcommands[cmd_name].partition(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{module}:{attribute} is not a click command")
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RapportError as exc:
            if _debug(ctx):
                raise
            raise _Failure(str(exc), exc.exit_code) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if _debug(ctx):
                raise
            raise _Failure(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "  hint: rerun with --debug for the traceback and report it",
                1,
            ) from None


def _debug(ctx: click.Context) -> bool:
    return bool((ctx.find_root().obj or {}).get("debug"))


def _set_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:  # noqa: FBT001 - click callback
    if value:
        root = ctx.find_root()
        root.obj = {**(root.obj or {}), "debug": True}


debug_option = click.option(
    "--debug",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_set_debug,
    help="Show tracebacks for errors.",
)


SUBCOMMANDS = {
    "layouts": "rapport.layout.cli:layouts",
    "aggregate": "rapport.data.cli:aggregate",
    "burst": "rapport.burst:burst",
    "send": "rapport.send:send",
}


@click.group(
    cls=RapportGroup,
    lazy_subcommands=SUBCOMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="rapport")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.option("-v", "--verbose", is_flag=True, help="Log each pipeline stage.")
@click.pass_context
def cli(ctx: click.Context, *, debug: bool, verbose: bool) -> None:
    """Survey results to a finished, paginated Danish background report."""
    ctx.obj = {"debug": debug}
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)


@cli.command()
@click.argument("project", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="PDF to write (default: the project's output name in this folder).",
)
@click.option(
    "--layout", "layout", metavar="NAME|FILE", help="Shipped layout name or a layout file."
)
@click.option(
    "--segment",
    default=TOTAL_GROUP,
    show_default=True,
    help="Tailor the copy to one group, e.g. sektor=kommunal.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="Set a template parameter (repeatable).",
)
@click.option("--no-cache", is_flag=True, help="Redraw every chart.")
@click.option(
    "--pdfa/--no-pdfa",
    default=True,
    show_default=True,
    help="Write one file that is PDF/A-2b (archival) as well as PDF/UA-1 (accessible); "
    "--no-pdfa leaves out the archival parts.",
)
@click.option(
    "--example",
    type=click.Choice(sorted(EXAMPLES)),
    help="Build an embedded example instead of PROJECT "
    "(innovationsbarometeret-4: 4. udgave with the development over four editions).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "png"]),
    default="pdf",
    show_default=True,
    help="png: every page as NAME-print.png (300 dpi) and NAME-screen.png (96 dpi), "
    "e.g. a key-figures sheet for a press release or the web.",
)
@debug_option
def build(
    *,
    project: Path | None,
    output: Path | None,
    layout: str | None,
    segment: str,
    params: tuple[str, ...],
    no_cache: bool,
    pdfa: bool,
    example: str | None,
    fmt: str,
) -> None:
    """Build PROJECT into a PDF (a folder or report.yaml; default: the project in this
    folder if there is one, else the embedded Innovationsbarometeret report)."""
    from .outputcache import OutputCache, build_key, slot_of
    from .project import project_or_cwd
    from .resources import default_project_dir, example_dir
    from .write import write_pdf

    if example is not None and project is not None:
        raise click.UsageError("give either PROJECT or --example, not both")
    project = example_dir(example) if example else project_or_cwd(project)
    out_dir = (output.parent if output else Path.cwd()).resolve()
    given = {"layout": layout, "segment": segment, "params": parse_params(params), "pdfa": pdfa}
    if fmt == "png":
        _build_images(project, output, given, None if no_cache else out_dir)
        return
    finished = None if no_cache else OutputCache(out_dir / ".rapport-cache")
    root = project or default_project_dir()
    key = build_key(root, given) if finished else ""
    slot = slot_of(root, given, output) if finished else ""
    hit = finished.get(slot, key) if finished else None
    reused = _reused_target(hit[1], output) if hit else None
    if hit is not None and reused is not None:  # no input changed: the earlier bytes stand
        pdf, done = hit
        target = write_pdf(pdf, reused)
        click.echo(_wrote(target, done, 0, done.charts))
        _finished()
        return
    target, done, cached, pdf = _build(project, output, given, key, None if no_cache else out_dir)
    if finished is not None:
        finished.put(slot, pdf, done)
    click.echo(_wrote(target, done, done.charts - cached, cached))
    _finished()


def _build(
    project: Path | None,
    output: Path | None,
    given: dict[str, Any],
    key: str,
    out_dir: Path | None,
) -> tuple[Path, Finished, int, bytes]:
    """Run the pipeline and write the PDF; (target, what was built, charts from the
    chart cache, bytes)."""
    from .coldstart import settled_imports, start_helper

    cache_dir = out_dir / ".rapport-cache" if out_dir else None
    # a cold build's helper loads the data and draws the charts while the pipeline imports
    helper = start_helper(project, cache_dir, given["segment"]) if cache_dir else None
    try:
        with settled_imports():  # this process builds once: collect only what it makes
            from .build import BuildOptions, build_report
            from .project import default_output
            from .write import write_pdf

        result = build_report(BuildOptions(project=project, cache_dir=cache_dir, **given), helper)
    finally:
        if helper is not None:
            helper.close()
    target = write_pdf(result.pdf, output or default_output(result.project, Path.cwd()))
    done = Finished(
        key,
        hashlib.sha256(result.pdf).hexdigest(),
        str(result.project.output),
        result.pages,
        result.figures,
        result.tables,
        result.charts_drawn + result.charts_cached,
    )
    return target, done, result.charts_cached, result.pdf


def _build_images(
    project: Path | None, output: Path | None, given: dict[str, Any], out_dir: Path | None
) -> None:
    """Run the pipeline and write every page as PNG for print and screen (``--format png``)."""
    from .build import BuildOptions, build_report
    from .preview import write_images
    from .project import default_output

    cache = out_dir / ".rapport-cache" if out_dir else None
    result = build_report(BuildOptions(project=project, cache_dir=cache, **given))
    name = (output or default_output(result.project, Path.cwd())).resolve()
    for path in write_images(result.pdf, name):
        click.echo(f"wrote {path}")


def _reused_target(done: Finished, output: Path | None) -> Path | None:
    """Where a reused build goes: ``-o``, or the project's ``output`` in this folder (None
    when that leads out through a link: the build then reports it)."""
    if output is not None:
        return output
    base = Path.cwd().resolve()
    target = base / done.output
    return target if target.resolve() == target else None


def _count(number: int, noun: str) -> str:
    """``1 page``, ``2 pages``: the CLI speaks English, with the noun in agreement."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _wrote(target: Path, done: Finished, drawn: int, cached: int) -> str:
    counts = ", ".join(
        _count(n, noun)
        for n, noun in ((done.pages, "page"), (done.figures, "figure"), (done.tables, "table"))
    )
    return f"wrote {target} ({counts}; charts drawn {drawn}, from cache {cached})"


@cli.command()
@click.argument("project", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--layout", "layout", metavar="NAME|FILE")
@click.option("--segment", default=TOTAL_GROUP, show_default=True)
@click.option(
    "--poll",
    default=0.3,
    show_default=True,
    type=click.FloatRange(0.05, 10),
    help="Seconds between checks for changed files.",
)
def watch(
    project: Path | None, output: Path | None, layout: str | None, segment: str, poll: float
) -> None:
    """Rebuild PROJECT whenever one of its files changes (Ctrl-C to stop)."""
    from .build import BuildOptions
    from .project import project_or_cwd

    project = project_or_cwd(project)
    from .watch import WatchEvent
    from .watch import watch as run

    target = (output or Path.cwd() / "rapport.pdf").resolve()
    options = BuildOptions(
        project=project, layout=layout, segment=segment, cache_dir=target.parent / ".rapport-cache"
    )
    if output is None:
        from .project import default_output, load_project
        from .resources import default_project_dir

        target = default_output(load_project(project or default_project_dir()), Path.cwd())

    def report(event: WatchEvent) -> None:
        if event.error is not None:
            click.echo(f"Error: {event.error}", err=True)
        elif event.result is not None:
            click.echo(
                f"built {target.name} in {event.seconds:.2f} s "
                f"({event.result.pages} pages); watching for changes …"
            )

    try:
        run(options, target, report, poll=poll)
    except KeyboardInterrupt:
        click.echo("stopped")


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--from",
    "previous",
    type=click.Path(exists=True, path_type=Path),
    help="Start the next survey round of this project (its data kept as the comparison).",
)
@debug_option
def new(directory: Path, previous: Path | None) -> None:
    """Create a new report project in DIRECTORY from the bundled template, or with
    --from PROJECT the next round of PROJECT."""
    from .resources import data_dir

    if previous is not None:
        _next_round(previous, directory)
        return
    if directory.exists() and any(directory.iterdir()):
        raise RapportError(
            f"folder {str(directory)!r} is not empty", hint="choose a new folder name"
        )
    shutil.copytree(data_dir() / "skabelon", directory, dirs_exist_ok=True)
    click.echo(
        f"created {directory}/ — edit report.yaml and chapters/, then run "
        f"'rapport build {directory}'"
    )


def _next_round(previous: Path, directory: Path) -> None:
    from .nextround import start_next_round

    made = start_next_round(previous, directory)
    click.echo(
        f"created {directory}/ — {made.edition} of the report; {made.previous} is kept as "
        "the comparison"
    )
    for path, columns in made.expected:
        click.echo(f"missing: the {made.edition} respondent file {path}")
        click.echo(f"  it needs the columns: {', '.join(columns)}")
    click.echo(
        f"then set period, date and subtitle in report.yaml and run 'rapport build {directory}'"
    )


@cli.command()
@click.argument("project", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--layout", "layout", metavar="NAME|FILE")
@click.option("--pages", default="1-4", show_default=True, help="Pages, e.g. 1-3,7.")
@click.option("--dpi", default=60, show_default=True, type=click.IntRange(20, 300))
@click.option(
    "-o",
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("preview"),
    show_default=True,
)
def preview(project: Path | None, layout: str | None, pages: str, dpi: int, out: Path) -> None:
    """Render chosen pages to PNG, to see a layout change in seconds."""
    from .build import BuildOptions, build_report
    from .preview import render_pages
    from .project import project_or_cwd

    project = project_or_cwd(project)
    result = build_report(
        BuildOptions(project=project, layout=layout, cache_dir=Path.cwd() / ".rapport-cache")
    )
    for path in render_pages(result.pdf, pages, dpi, out):
        click.echo(str(path))


def main() -> None:
    """Console-script entry point (and ``python -m rapport``).

    A process whose build succeeded ends at once, its output flushed and every file it
    wrote closed: tearing the interpreter down, module by module and object by object,
    takes about 60 ms of a cold build that nobody needs (the build's helpers were reaped
    before). Any other outcome exits as usual. matplotlib, when a build needs it, is
    imported without its documentation (:mod:`rapport.charts.lean`)."""
    from .process import only_building

    only_building()
    try:
        cli(prog_name="rapport")
    except SystemExit as exc:
        if exc.code in (0, None) and _FINISHED:
            sys.stdout.flush()
            sys.stderr.flush()
            logging.shutdown()
            os._exit(0)
        raise


_FINISHED: list[bool] = []  # a build of this process has written its output


def _finished() -> None:
    _FINISHED.append(True)
