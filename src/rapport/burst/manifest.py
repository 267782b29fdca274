"""Burst manifest: one record per copy ↔ ``manifest.json`` and ``manifest.csv`` (atomic).

The manifest is the audit trail of a burst and the input of ``rapport send``.
It holds no wall-clock time, so an unchanged rerun writes the same records
apart from each copy's status.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import DeliveryError, Location
from ..write import spreadsheet_safe, write_atomic

FORMAT = "rapport-burst-manifest/1"
JSON_NAME = "manifest.json"
CSV_NAME = "manifest.csv"
JOURNAL_NAME = "manifest.journal"
STATUSES = ("built", "skipped", "failed")


@dataclass(frozen=True)
class Entry:
    """The manifest record of one copy (``output`` is relative to the manifest's folder)."""

    segment: str
    value: str
    label: str
    params: Mapping[str, str]
    input_sha256: str
    layout_sha256: str
    rapport_version: str
    output: str
    pdf_sha256: str | None
    pages: int | None
    status: str
    message: str = ""
    charts_drawn: int = 0
    charts_cached: int = 0

    def same_inputs(self, other: Entry) -> bool:
        """True when ``other`` was built from the same inputs into the same file."""
        return (
            self.segment,
            self.input_sha256,
            self.layout_sha256,
            self.rapport_version,
            dict(self.params),
            self.output,
        ) == (
            other.segment,
            other.input_sha256,
            other.layout_sha256,
            other.rapport_version,
            dict(other.params),
            other.output,
        )


@dataclass(frozen=True)
class Manifest:
    project: str
    by: str
    pattern: str
    layout: str
    entries: tuple[Entry, ...] = ()
    title: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def entry(self, segment: str) -> Entry | None:
        return next((e for e in self.entries if e.segment == segment), None)

    def summary(self) -> dict[str, int]:
        counts = {s: sum(e.status == s for e in self.entries) for s in STATUSES}
        return {
            "copies": len(self.entries),
            **counts,
            "pages": sum(e.pages or 0 for e in self.entries),
            "charts_drawn": sum(e.charts_drawn for e in self.entries),
            "charts_cached": sum(e.charts_cached for e in self.entries),
        }


def sha256_file(path: Path) -> str | None:
    """Hex SHA-256 of a file, or None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def reusable(old: Entry | None, new: Entry, folder: Path) -> bool:
    """An earlier build can stand: same inputs, and its file still has the recorded bytes."""
    if old is None or old.status == "failed" or not old.pdf_sha256 or not old.same_inputs(new):
        return False
    return sha256_file(folder / old.output) == old.pdf_sha256


# -- reading ----------------------------------------------------------------------------


def read_manifest(path: Path) -> Manifest:
    """Read ``manifest.json`` (a folder means ``<folder>/manifest.json``)."""
    path = path / JSON_NAME if path.is_dir() else path
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DeliveryError(
            f"manifest {str(path)!r} does not exist",
            hint="run 'rapport burst' first, or pass its manifest.json",
        ) from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DeliveryError(
            f"manifest {str(path)!r} cannot be read: {exc}",
            location=Location(path),
            hint="rerun 'rapport burst' to write a fresh manifest",
        ) from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise DeliveryError(
            f"{str(path)!r} is not a rapport burst manifest",
            location=Location(path),
            hint=f"expected format {FORMAT!r}",
        )
    return _manifest(raw, path)


def _manifest(raw: dict[str, Any], path: Path) -> Manifest:
    names = {f for f in Entry.__dataclass_fields__}
    entries = []
    for i, item in enumerate(raw.get("copies") or [], start=1):
        try:
            entries.append(Entry(**{k: v for k, v in item.items() if k in names}))
        except TypeError as exc:
            raise DeliveryError(
                f"copy {i} of the manifest is incomplete: {exc}",
                location=Location(path),
                hint="rerun 'rapport burst' to rewrite the manifest",
            ) from exc
    return Manifest(
        str(raw.get("project", "")),
        str(raw.get("by", "")),
        str(raw.get("pattern", "")),
        str(raw.get("layout", "")),
        tuple(entries),
        str(raw.get("title", "")),
    )


def load_previous(folder: Path) -> Manifest | None:
    """The manifest of an earlier run in ``folder`` with the journal of an interrupted run
    laid over it (its records are newer), or None (unreadable counts as none)."""
    try:
        manifest = read_manifest(folder / JSON_NAME)
    except DeliveryError:
        manifest = None
    journal = read_journal(folder / JOURNAL_NAME)
    if not journal:
        return manifest
    base = manifest or Manifest("", "", "", "")
    newer = {e.segment: e for e in journal}
    kept = tuple(newer.pop(e.segment, e) for e in base.entries)
    return replace(base, entries=kept + tuple(newer.values()))


# -- the journal: one JSON line per finished copy, appended as the burst goes ------------


class Journal:
    """``manifest.journal``: each finished copy's record appended in one ``write`` and
    flushed to disk, so a run killed at any moment leaves every finished copy on record
    (a torn last line is ignored when read)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / JOURNAL_NAME

    def append(self, entry: Entry) -> None:
        record = asdict(entry)
        record["params"] = dict(entry.params)
        line = json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def read_journal(path: Path) -> list[Entry]:
    """The complete records of a journal (torn or foreign lines skipped)."""
    try:
        lines = path.read_bytes().split(b"\n")
    except OSError:
        return []
    names = set(Entry.__dataclass_fields__)
    entries = []
    for line in lines:
        try:
            item = json.loads(line)
            entries.append(Entry(**{k: v for k, v in item.items() if k in names}))
        except (ValueError, TypeError, AttributeError):
            continue
    return entries


# -- writing ----------------------------------------------------------------------------


def manifest_json(manifest: Manifest) -> str:
    body = {
        "format": FORMAT,
        "title": manifest.title,
        "project": manifest.project,
        "by": manifest.by,
        "pattern": manifest.pattern,
        "layout": manifest.layout,
        **manifest.extra,
        "summary": manifest.summary(),
        "copies": [asdict(e) for e in manifest.entries],
    }
    for copy in body["copies"]:
        copy["params"] = dict(copy["params"])
    return json.dumps(body, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


CSV_COLUMNS = (
    "segment",
    "value",
    "label",
    "params",
    "input_sha256",
    "layout_sha256",
    "rapport_version",
    "output",
    "pdf_sha256",
    "pages",
    "status",
    "message",
    "charts_drawn",
    "charts_cached",
)


def manifest_csv(manifest: Manifest) -> str:
    """The manifest as a spreadsheet: one row per copy, formula-like cells neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in manifest.entries:
        row = asdict(entry)
        row["params"] = json.dumps(dict(entry.params), sort_keys=True, ensure_ascii=False)
        writer.writerow(["" if row[c] is None else spreadsheet_safe(row[c]) for c in CSV_COLUMNS])
    return out.getvalue()


def write_manifest(manifest: Manifest, folder: Path) -> Path:
    """Write ``manifest.json`` and ``manifest.csv`` atomically; returns the JSON path."""
    write_text_atomic(folder / CSV_NAME, manifest_csv(manifest))
    return write_text_atomic(folder / JSON_NAME, manifest_json(manifest))


def write_text_atomic(target: Path, text: str) -> Path:
    """UTF-8 text written atomically (see :func:`rapport.write.write_atomic`)."""
    return write_atomic(text.encode("utf-8"), target)


def with_status(entry: Entry, status: str, message: str = "", **changes: Any) -> Entry:
    return replace(entry, status=status, message=message, **changes)


def failures(entries: Sequence[Entry]) -> list[Entry]:
    return [e for e in entries if e.status == "failed"]
