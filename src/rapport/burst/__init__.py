"""``rapport burst``: one tailored PDF per segment value, built in parallel, with a manifest.

The click command is attached to the main CLI by :mod:`rapport.cli`; the work
is done in :mod:`rapport.burst.run` (planning in ``plan``, the worker in
``work``, the audit trail in ``manifest``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..project import project_or_cwd
from .manifest import Entry, Manifest
from .plan import DEFAULT_PATTERN, DEFAULT_WHOLE_NAME
from .run import BurstRequest, prepare, run_burst

__all__ = ["BurstOptions", "BurstRequest", "burst", "run_burst"]


@click.command()
@click.argument("project", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--by",
    required=True,
    metavar="VARIABLE",
    help="Breakdown variable, e.g. sektor, delsektor, region, kommune.",
)
@click.option(
    "--values",
    "values",
    metavar="V1,V2",
    help="Only these values (default: every value of the variable).",
)
@click.option(
    "--pattern",
    default=DEFAULT_PATTERN,
    show_default=True,
    help="File name of each copy; fields {project} {by} {value} {label}.",
)
@click.option(
    "--label",
    "label",
    metavar="PATTERN",
    help="Segment label on cover, title and headers; fields {variable} {value} "
    "{code} (default: the value's label, 'Kommunal', as build --segment gives).",
)
@click.option(
    "--whole-name",
    default=DEFAULT_WHOLE_NAME,
    show_default=True,
    help="File name of the whole-report copy (for stakeholders on 'all').",
)
@click.option("--no-whole", is_flag=True, help="Do not write the whole-report copy.")
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("kopier"),
    show_default=True,
    help="Output folder.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(0, 256),
    default=0,
    help="Worker processes (default: all cores).",
)
@click.option(
    "--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True
)
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler for --executor dask.")
@click.option(
    "--layout", "layout", metavar="NAME|FILE", help="Shipped layout name or a layout file."
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="Set a template parameter for every copy (repeatable).",
)
@click.option(
    "--verify",
    is_flag=True,
    help="Rebuild unchanged copies too and check their bytes are identical.",
)
def burst(**options: Any) -> None:
    """Build one copy of PROJECT per value of --by (default: the project in this folder,
    else the embedded report)."""
    from ..coldstart import settled_imports

    request = BurstOptions(**options).request()
    with settled_imports():  # what planning imports and reads is left out of collections,
        plan = prepare(request)  # and the whole report and copies collect less often
    with click.progressbar(
        length=len(plan.manifest.entries), label="Kopier", file=sys.stderr, show_pos=True
    ) as bar:

        def progress(entry: Entry) -> None:
            bar.update(1)
            if entry.status == "failed":
                click.echo(f"\n{entry.segment}: {entry.message}", err=True)

        try:
            manifest = run_burst(request, progress, plan)
        finally:
            bar.render_finish()
    click.echo(_summary(manifest, request.out))


@dataclass(frozen=True)
class BurstOptions:
    """The options of ``rapport burst`` as click passes them, in one record."""

    project: Path | None
    by: str
    values: str | None
    pattern: str
    label: str | None
    whole_name: str
    no_whole: bool
    out: Path
    jobs: int
    executor: str
    scheduler: str | None
    layout: str | None
    params: tuple[str, ...]
    verify: bool

    def request(self) -> BurstRequest:
        """The checked request: project resolved, lists split, parameters parsed."""
        from ..params import parse_params

        return BurstRequest(
            project=project_or_cwd(self.project),
            by=self.by,
            out=self.out,
            values=tuple(v.strip() for v in (self.values or "").split(",") if v.strip()),
            pattern=self.pattern,
            whole_name=None if self.no_whole else self.whole_name,
            layout=self.layout,
            params=parse_params(self.params),
            jobs=self.jobs,
            executor=self.executor,
            scheduler=self.scheduler,
            verify=self.verify,
            label=self.label,
        )


def _summary(manifest: Manifest, out: Path) -> str:
    s = manifest.summary()
    return (
        f"wrote {out / 'manifest.json'}: {s['copies']} copies ({s['built']} built, "
        f"{s['skipped']} skipped, {s['failed']} failed); charts drawn "
        f"{s['charts_drawn']}, from cache {s['charts_cached']}"
    )
