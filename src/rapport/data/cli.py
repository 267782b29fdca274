"""``rapport aggregate``: respondent file + questionnaire → disclosure-controlled results file."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from .aggregate import aggregate_disclosed
from .disclosure import DisclosureRules
from .io import write_table
from .questionnaire import group_labels, load_questionnaire
from .respondents import load_respondents

OUTPUT_SUFFIXES = (".csv", ".xlsx", ".parquet")


@click.command("aggregate")
@click.argument("respondents", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-q",
    "--questionnaire",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="questionnaire.yaml describing items, bases and segments.",
)
@click.option(
    "--by",
    multiple=True,
    metavar="VARIABLE",
    help="Breakdown variable (repeatable), e.g. --by sektor --by kommune.",
)
@click.option(
    "--threshold",
    type=int,
    default=5,
    show_default=True,
    help="Smallest unweighted group base n that is shown.",
)
@click.option(
    "--min-count",
    type=int,
    default=None,
    help="Smallest number of respondents in (and outside) a shown category "
    "[default: the threshold].",
)
@click.option(
    "--dominance",
    type=float,
    default=0.5,
    show_default=True,
    help="Largest share of a category's weighted total one respondent may carry.",
)
@click.option(
    "--encoding",
    default=None,
    help="Encoding of a CSV respondent file (default: detect UTF-8/Windows-1252).",
)
@click.option(
    "--danish-csv",
    is_flag=True,
    help="Write CSV as Danish Excel reads it: ';', decimal comma, UTF-8 with BOM.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Output file: .csv, .xlsx or .parquet.",
)
def aggregate_command(
    *,
    respondents: Path,
    questionnaire: Path,
    by: tuple[str, ...],
    threshold: int,
    min_count: int | None,
    dominance: float,
    encoding: str | None,
    danish_csv: bool,
    output: Path,
) -> None:
    """Aggregate RESPONDENTS to weighted shares with 95 % intervals, disclosure-controlled."""
    if output.suffix.lower() not in OUTPUT_SUFFIXES:
        raise UsageError(
            f"cannot write {output.name!r}: unknown file type",
            hint="name the output .csv, .xlsx or .parquet",
        )
    rules = DisclosureRules(threshold, min_count, dominance)
    meta = load_questionnaire(questionnaire)
    frame = load_respondents(respondents, meta, by=by, encoding=encoding)
    results = aggregate_disclosed(frame, meta, by, rules)
    if meta.survey.synthetic:
        results["source"] = "synthetic"
    named = results["group"].map(group_labels(meta)).fillna("")
    results.insert(list(results.columns).index("label") + 1, "group_label", named)
    write_table(results, output, danish_csv=danish_csv)
    hidden = int(results["status"].isin(["primary", "secondary"]).sum())
    click.echo(f"{output}: {len(results)} cells, {hidden} suppressed (threshold {rules.threshold})")


aggregate = aggregate_command  # the name rapport.cli attaches
