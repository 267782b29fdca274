"""Stakeholder list (YAML or CSV) → validated :class:`Stakeholder` records.

YAML: ``stakeholders:`` (or a top-level list) of ``{name, email, segment}``;
CSV: a header ``name,email,segment``. ``segment`` is a group such as
``sektor=kommunal`` or ``all`` for the whole report. Errors name
``file:line:column`` (YAML) or ``file:line`` (CSV).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DeliveryError, Location
from ..groups import TOTAL_GROUP
from ..yamlsrc import key_location, load_yaml, node_location, read_text, value_location

WHOLE = "all"
KEYS = ("name", "email", "segment")
_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL = re.compile(rf"^{_LOCAL}@{_LABEL}(?:\.{_LABEL})+$")
SEGMENT = re.compile(r"^[^=\s][^=]*=[^=]+$")


@dataclass(frozen=True)
class Stakeholder:
    """One recipient; ``segment`` is ``Alle`` for the whole report."""

    name: str
    email: str
    segment: str
    where: Location

    @property
    def key(self) -> str:
        return self.email.casefold()


def load_stakeholders(path: Path) -> tuple[Stakeholder, ...]:
    """Read and validate a stakeholder list; the suffix decides YAML or CSV."""
    people = _from_csv(path) if path.suffix.lower() == ".csv" else _from_yaml(path)
    if not people:
        raise DeliveryError(
            "the stakeholder list is empty",
            location=Location(path),
            hint="add entries with name, email and segment",
        )
    _check_duplicates(people)
    return tuple(people)


def check_email(text: str, where: Location) -> str:
    """The address itself, or a :class:`DeliveryError` saying what is wrong with it."""
    address = text.strip()
    if not EMAIL.match(address) or len(address) > 254:
        raise DeliveryError(
            f"{address!r} is not a valid e-mail address",
            location=where,
            hint="write it as name@domain.tld, e.g. kl@example.org",
        )
    return address


def check_segment(text: str, where: Location) -> str:
    """``all`` → ``Alle``; otherwise ``variable=value``."""
    value = text.strip()
    if value.casefold() in (WHOLE, TOTAL_GROUP.casefold()):
        return TOTAL_GROUP
    if not SEGMENT.match(value):
        raise DeliveryError(
            f"segment {value!r} is not 'all' or VARIABLE=VALUE",
            location=where,
            hint="e.g. segment: sektor=kommunal, or all",
        )
    return value


# -- YAML -------------------------------------------------------------------------------


def _from_yaml(path: Path) -> list[Stakeholder]:
    root = load_yaml(path, DeliveryError)
    items = root.get("stakeholders") if isinstance(root, Mapping) else root
    if not isinstance(items, list):
        raise DeliveryError(
            "the stakeholder list must be a list under 'stakeholders:'",
            location=node_location(root, path) if root is not None else Location(path, 1, 1),
            hint="stakeholders:\n    - {name: KL, email: kl@example.org, segment: sektor=kommunal}",
        )
    if isinstance(root, Mapping):
        for key in root:
            if key != "stakeholders":
                raise DeliveryError(
                    f"unknown key {str(key)!r}",
                    location=key_location(root, key, path),
                    hint="the file holds only 'stakeholders:'",
                )
    return [_yaml_entry(items, i, path) for i in range(len(items))]


def _yaml_entry(items: list[Any], i: int, path: Path) -> Stakeholder:
    node, where = items[i], key_location(items, i, path)
    if not isinstance(node, Mapping):
        raise DeliveryError(
            "a stakeholder must be a mapping with name, email and segment",
            location=where,
            hint="- {name: KL, email: kl@example.org, segment: sektor=kommunal}",
        )
    for key in node:
        if key not in KEYS:
            raise DeliveryError(
                f"unknown key {str(key)!r} in a stakeholder",
                location=key_location(node, key, path),
                hint="allowed keys: " + ", ".join(KEYS),
            )
    values = {k: _text(node, k, path, where) for k in KEYS}
    return Stakeholder(
        values["name"],
        check_email(values["email"], value_location(node, "email", path)),
        check_segment(values["segment"], value_location(node, "segment", path)),
        where,
    )


def _text(node: Mapping[str, Any], key: str, path: Path, where: Location) -> str:
    if key not in node:
        raise DeliveryError(f"the stakeholder has no {key!r}", location=where, hint=f"add {key}: …")
    value = node[key]
    if not isinstance(value, str) or not value.strip():
        raise DeliveryError(
            f"{key!r} must be non-empty text, not {value!r}",
            location=value_location(node, key, path),
            hint=f'write {key}: "…"',
        )
    return value.strip()


# -- CSV --------------------------------------------------------------------------------


def _from_csv(path: Path) -> list[Stakeholder]:
    text = read_text(path, DeliveryError)
    rows = list(csv.reader(io.StringIO(text), dialect=_dialect(text)))
    if not rows:
        return []
    header = [h.strip().casefold() for h in rows[0]]
    missing = [k for k in KEYS if k not in header]
    if missing:
        raise DeliveryError(
            f"the CSV header has no column {missing[0]!r}",
            location=Location(path, 1),
            hint="header: name,email,segment",
        )
    columns = {k: header.index(k) for k in KEYS}
    return [
        _csv_entry(row, columns, Location(path, line))
        for line, row in enumerate(rows[1:], start=2)
        if any(c.strip() for c in row)
    ]


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    first = text.splitlines()[0] if text else ""
    return csv.excel if first.count(",") >= first.count(";") else _Semicolon


class _Semicolon(csv.excel):
    delimiter = ";"


def _csv_entry(row: list[str], columns: Mapping[str, int], where: Location) -> Stakeholder:
    cells: dict[str, Any] = {k: row[i].strip() if i < len(row) else "" for k, i in columns.items()}
    for key in KEYS:
        if not cells[key]:
            raise DeliveryError(
                f"column {key!r} is empty",
                location=where,
                hint="every row needs name, email and segment",
            )
    return Stakeholder(
        cells["name"],
        check_email(cells["email"], where),
        check_segment(cells["segment"], where),
        where,
    )


def _check_duplicates(people: list[Stakeholder]) -> None:
    seen: dict[tuple[str, str], Stakeholder] = {}
    for person in people:
        key = (person.key, person.segment)
        if key in seen:
            raise DeliveryError(
                f"{person.email} is listed twice for {person.segment!r} "
                f"(first at {seen[key].where})",
                location=person.where,
                hint="remove the duplicate line",
            )
        seen[key] = person
