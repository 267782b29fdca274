"""Burst planning: project + breakdown variable → the list of tailored copies to build.

A copy is one segment (``sektor=kommunal``) or the whole report (``Alle``), its
label for title, cover and running headers, its output path from the file-name
pattern, and the two fingerprints (input files, resolved layout) that decide
whether an earlier build of it can be reused.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DeliveryError, Location
from ..filenames import ascii_name
from ..groups import TOTAL_GROUP
from ..project import DataSource, Project
from .manifest import Manifest
from .ship import Sources
from .work import Task

if TYPE_CHECKING:
    from ..coldstart import DataHelper

WHOLE = TOTAL_GROUP
DEFAULT_PATTERN = "{project}-{by}-{value}.pdf"
DEFAULT_WHOLE_NAME = "{project}-alle.pdf"
PATTERN_FIELDS = ("project", "by", "value", "label")
_UNSAFE = re.compile(r"[^\w.+-]+")


@dataclass(frozen=True)
class Copy:
    """One tailored copy: what to build and where its PDF goes (relative to OUT)."""

    segment: str
    value: str
    label: str
    output: str
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def whole(self) -> bool:
        return self.segment == WHOLE


@dataclass(frozen=True)
class Fingerprint:
    """What a copy's bytes depend on besides its segment and parameters."""

    input_sha256: str
    layout_sha256: str
    version: str


def segment_values(
    project: Project, by: str, label_pattern: str | None = None
) -> list[tuple[str, str]]:
    """(value code, copy label) of breakdown ``by``: declared values first, then the data's.

    The label is ``label_pattern`` filled with {variable} (the breakdown's label), {value}
    (the value's label) and {code}; by default the value's label alone ('Kommunal',
    '75 år og derover') — the same label ``rapport build --segment`` gives, so a title
    such as "Særudgave: {{ report.segment_label }}" reads the same in both and never
    names the variable twice.
    """
    source = _source_for(project, by)
    present = _present_values(source, by)
    declared, variable_label = _declared(source, by)
    ordered = [v for v in declared if v in present] + sorted(
        v for v in present if v not in declared
    )
    if not ordered:
        raise DeliveryError(
            f"breakdown {by!r} has no values in data source {source.name!r}",
            location=source.where,
            hint="check that the column is filled in the data file",
        )
    if label_pattern:
        return [
            (v, label_pattern.format(variable=variable_label, value=declared.get(v, v), code=v))
            for v in ordered
        ]
    return [(v, declared.get(v, v)) for v in ordered]


def choose_values(
    available: list[tuple[str, str]], wanted: Sequence[str], by: str
) -> list[tuple[str, str]]:
    """The ``--values`` subset (in the order given); unknown values are an error."""
    if not wanted:
        return available
    labels = dict(available)
    for value in wanted:
        if value not in labels:
            from ..data.io import did_you_mean

            raise DeliveryError(
                f"{by!r} has no value {value!r}{did_you_mean(value, list(labels))}",
                hint="values: " + ", ".join(list(labels)[:30]),
            )
    return [(v, labels[v]) for v in dict.fromkeys(wanted)]


def _source_for(project: Project, by: str) -> DataSource:
    for ds in project.data:
        if by in ds.by or (ds.results is not None and _results_groups(ds, by)):
            return ds
    offered = sorted({b for ds in project.data for b in ds.by})
    raise DeliveryError(
        f"no data source in the project breaks results down by {by!r}",
        location=Location(project.file),
        hint=("use one of: " + ", ".join(offered))
        if offered
        else "add 'by: [" + by + "]' to a respondent data source in report.yaml",
    )


def _results_groups(ds: DataSource, by: str) -> list[str]:
    from ..data.io import read_table

    assert ds.results is not None
    groups = read_table(ds.results, ds.encoding).frame.get("group")
    prefix = f"{by}="
    return [] if groups is None else [g[len(prefix) :] for g in set(groups) if g.startswith(prefix)]


def _present_values(ds: DataSource, by: str) -> set[str]:
    if ds.respondents is None:
        return set(_results_groups(ds, by))
    from ..data.io import read_table

    frame = read_table(ds.respondents, ds.encoding).frame
    if by not in frame.columns:
        raise DeliveryError(
            f"the respondent file has no column {by!r}",
            location=Location(ds.respondents, 1),
            hint="the breakdown variable must be a column of the file",
        )
    return {str(v) for v in frame[by] if str(v).strip()}


def _declared(ds: DataSource, by: str) -> tuple[dict[str, str], str]:
    if ds.questionnaire is None:
        return {}, by.capitalize()
    from ..data.questionnaire import load_questionnaire

    segment = load_questionnaire(ds.questionnaire).segments.get(by)
    if segment is None:
        return {}, by.capitalize()
    return dict(segment.values), segment.label


# -- output names -----------------------------------------------------------------------


def check_label_pattern(pattern: str) -> None:
    """``--label`` may use {variable}, {value} and {code} only."""
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None}
    except ValueError as exc:
        raise DeliveryError(
            f"--label {pattern!r} is not a valid pattern: {exc}",
            hint="e.g. --label '{value} ({variable})'",
        ) from exc
    unknown = sorted(names - {"variable", "value", "code"})
    if unknown:
        raise DeliveryError(
            f"--label {pattern!r} uses unknown field {{{unknown[0]}}}",
            hint="fields: {variable} {value} {code}",
        )


def check_pattern(pattern: str, option: str, *, needs_value: bool) -> None:
    """Reject patterns with unknown fields, absolute paths, or no ``{value}`` to vary on."""
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None}
    except ValueError as exc:
        raise DeliveryError(
            f"{option} {pattern!r} is not a valid pattern: {exc}",
            hint="use fields in braces, e.g. {project}-{by}-{value}.pdf",
        ) from exc
    unknown = sorted(names - set(PATTERN_FIELDS))
    if unknown:
        raise DeliveryError(
            f"{option} {pattern!r} uses unknown field {{{unknown[0]}}}",
            hint="fields: " + ", ".join("{" + f + "}" for f in PATTERN_FIELDS),
        )
    if needs_value and not names & {"value", "label"}:
        raise DeliveryError(
            f"{option} {pattern!r} gives every copy the same file name",
            hint="include {value} in the pattern",
        )


def output_name(pattern: str, fields: Mapping[str, str], *, ascii_only: bool = True) -> str:
    """Fill the pattern with file-name-safe fields; the result stays inside OUT.

    Fields are spelt in ASCII by default (æ → ae, ø → oe, å → aa, see
    :func:`rapport.filenames.ascii_name`); the label itself stays in the manifest.
    """
    if ascii_only:
        safe = {k: ascii_name(v) for k, v in fields.items()}
    else:
        safe = {k: _UNSAFE.sub("_", v).strip("._") or "_" for k, v in fields.items()}
    name = pattern.format(**safe)
    parts = Path(name).parts
    if Path(name).is_absolute() or ".." in parts or not parts:
        raise DeliveryError(
            f"output name {name!r} would leave the output folder",
            hint="use a relative pattern without '..'",
        )
    return Path(*parts).as_posix()


def plan_copies(
    project: Project,
    by: str,
    values: list[tuple[str, str]],
    *,
    pattern: str,
    whole_name: str | None,
    params: Mapping[str, str],
) -> list[Copy]:
    """The copies in build order: the whole report first (it warms the chart cache)."""
    name = project.root.name
    copies = []
    if whole_name:
        copies.append(
            Copy(
                WHOLE,
                "alle",
                "",
                output_name(
                    whole_name, {"project": name, "by": by, "value": "alle", "label": "alle"}
                ),
                dict(params),
            )
        )
    for value, label in values:
        out = output_name(pattern, {"project": name, "by": by, "value": value, "label": label})
        copies.append(Copy(f"{by}={value}", value, label, out, dict(params)))
    seen: dict[str, str] = {}
    for copy in copies:
        if copy.output in seen:
            raise DeliveryError(
                f"copies {seen[copy.output]!r} and {copy.segment!r} would both "
                f"be written to {copy.output!r}",
                hint="make the pattern distinguish them, e.g. with {value}",
            )
        seen[copy.output] = copy.segment
    return copies


# -- fingerprints -----------------------------------------------------------------------


def project_files(project: Project) -> list[Path]:
    """The files a build reads: the definition, the chapters and every data file."""
    files = {project.file, *(c.file for c in project.chapters)}
    for ds in project.data:
        files.update(ds.files())
    return sorted(files)


def input_hash(project: Project) -> str:
    """SHA-256 over (relative path, bytes) of :func:`project_files`, in sorted order."""
    digest = hashlib.sha256()
    for path in project_files(project):
        rel = (
            path.relative_to(project.root).as_posix()
            if path.is_relative_to(project.root)
            else path.name
        )
        data = path.read_bytes()
        digest.update(f"{rel}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def layout_hash(layout: Any) -> str:
    """SHA-256 of the resolved layout record as canonical JSON."""
    is_record = dataclasses.is_dataclass(layout) and not isinstance(layout, type)
    record = dataclasses.asdict(layout) if is_record else repr(layout)
    text = json.dumps(record, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Plan:
    """The manifest-to-be (pending entries), the tasks, and what runs before them."""

    manifest: Manifest
    tasks: tuple[Task, ...]
    first: Task | None
    sources: Sources | None = None  # the files a cluster gets (executor dask)
    layout: str | None = None  # a shipped layout's name, as a remote worker names it
    helper: DataHelper | None = field(default=None, compare=False)  # loading the data already
