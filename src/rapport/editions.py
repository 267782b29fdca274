"""Editions of a source: this round against earlier rounds, tested, with series breaks.

A data source may hold several editions (``earlier:`` in the report definition,
oldest first, this round last). Each edition is its own disclosure-controlled
result store. Across them:

* **Edition as a group.** Every edition's whole-population cells are added to the
  current store as the group ``udgave=<label>``, so tables take editions as
  columns and templates write ``.at("udgave=1. udgave")`` like any other group.
* **Change, tested.** :func:`compare_editions` tests this round's share against an
  earlier one: the two-sided two-proportion z test with pooled variance on each
  edition's Kish effective sample size (``n_eff``, from the respondent file), or —
  when an edition is only published aggregates — on the published n; 5 % level.
  The samples of two rounds are independent.
* **Series breaks.** An item whose questionnaire entry lists the edition in
  ``changed_in`` cannot be compared across that edition: the comparison reports
  ``break`` with the edition, and never a direction.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from .data.questionnaire import Questionnaire
from .data.results import ResultStore
from .data.stats import two_proportion_z
from .errors import DataError
from .groups import TOTAL_GROUP

if TYPE_CHECKING:
    import pandas as pd

EDITION_VARIABLE = "udgave"
LEVEL = 0.05

Status = Literal["up", "down", "same", "not_significant", "break", "missing", "hidden"]


@dataclass(frozen=True)
class EditionData:
    """One edition of a source: label, period, its results and its bases for tests."""

    label: str
    period: str
    store: ResultStore
    # (indicator, group) → Kish effective n of the item's base; empty for published results
    n_eff: Mapping[tuple[str, str], float] = field(default_factory=dict)
    respondents: int | None = None  # number of respondents (respondent files only)

    @property
    def published(self) -> bool:
        """True when the edition is only published aggregates (tests use the published n)."""
        return not self.n_eff

    @property
    def group(self) -> str:
        return f"{EDITION_VARIABLE}={self.label}"

    def has(self, indicator: str, category: str, group: str = TOTAL_GROUP) -> bool:
        try:
            self.store.cell(indicator, category, group)
        except DataError:
            return False
        return True

    def base(self, indicator: str, category: str, group: str = TOTAL_GROUP) -> float:
        """The sample size a test uses: Kish n_eff, else the published n."""
        if (indicator, group) in self.n_eff:
            return float(self.n_eff[(indicator, group)])
        return float(self.store.cell(indicator, category, group).n)


@dataclass(frozen=True)
class EditionSeries:
    """All editions of one source, oldest first; the last is this round."""

    source: str
    editions: tuple[EditionData, ...]
    questionnaire: Questionnaire | None = None

    @property
    def current(self) -> EditionData:
        return self.editions[-1]

    def labels(self) -> list[str]:
        return [e.label for e in self.editions]

    def find(self, label: str) -> EditionData:
        for edition in self.editions:
            if edition.label == label:
                return edition
        close = difflib.get_close_matches(label, self.labels(), n=1, cutoff=0.5)
        raise DataError(
            f"data source {self.source!r} has no edition {label!r}"
            + (f"; did you mean {close[0]!r}?" if close else ""),
            hint="editions: " + ", ".join(repr(x) for x in self.labels()),
        )

    def position(self, label: str) -> int:
        return self.labels().index(self.find(label).label)

    def changes(self, indicator: str) -> tuple[str, ...]:
        """Editions in which the item's question was changed (from the questionnaire)."""
        q = self.questionnaire
        if q is None or indicator not in q.items:
            return ()
        return tuple(c for c in q.items[indicator].changed_in if c in self.labels())

    def break_between(self, indicator: str, first: str, second: str) -> str | None:
        """The edition where the question changed between ``first`` and ``second``."""
        a, b = sorted((self.position(first), self.position(second)))
        for label in self.changes(indicator):
            if a < self.position(label) <= b:
                return label
        return None

    def label(self, indicator: str, category: str) -> str:
        """The category's display label from the latest edition that has it."""
        for edition in reversed(self.editions):
            if edition.has(indicator, category):
                return edition.store.cell(indicator, category).label or category
        return category

    def wording(self, indicator: str, label: str) -> str:
        q = self.questionnaire
        if q is None or indicator not in q.items:
            return ""
        item = q.items[indicator]
        return item.wording.get(label, item.text)


@dataclass(frozen=True)
class EditionChange:
    """This round against an earlier edition: values, bases, test and verdict."""

    status: Status
    indicator: str
    category: str
    group: str
    earlier: str  # the earlier edition's label
    current: str
    before: float | None = None
    after: float | None = None
    n_before: float | None = None
    n_after: float | None = None
    z: float | None = None
    p_value: float | None = None
    changed_in: str | None = None  # the edition of a series break
    absent: str | None = None  # the edition without a value, when one is missing
    named: bool = False  # the later edition was named (not this round): phrases say which

    @property
    def significant(self) -> bool:
        return self.status in ("up", "down")

    @property
    def difference(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def change_significance(
    before: float, n_before: float, after: float, n_after: float, level: float = LEVEL
) -> tuple[float, float, bool]:
    """z, two-sided p and significance of a change between two independent editions
    (shares in percent, sizes effective or published)."""
    import numpy as np

    z, p = two_proportion_z(
        np.array([after / 100]), np.array([n_after]), np.array([before / 100]), np.array([n_before])
    )
    z_value, p_value = float(z[0]), float(p[0])
    return z_value, p_value, bool(p_value == p_value and p_value < level)


def compare_editions(
    series: EditionSeries,
    indicator: str,
    category: str,
    group: str,
    earlier: str,
    later: str | None = None,
    digits: int = 0,
) -> EditionChange:
    """Test the cell of ``later`` (default: this round) against the same cell in ``earlier``."""
    old = series.find(earlier)
    new = series.find(later) if later else series.current
    key = dict(
        indicator=indicator,
        category=category,
        group=group,
        earlier=old.label,
        current=new.label,
        named=later is not None and new.label != series.current.label,
    )
    if series.position(old.label) >= series.position(new.label):
        raise DataError(
            f"cannot compare {new.label!r} with {old.label!r}: name an earlier edition first",
            hint="editions, oldest first: " + ", ".join(series.labels()),
        )
    if not any(e.has(indicator, category, group) for e in series.editions):
        series.current.store.cell(indicator, category, group)  # raises, naming what exists
    changed = series.break_between(indicator, old.label, new.label)
    if changed is not None:
        return EditionChange("break", changed_in=changed, **key)  # type: ignore[arg-type]
    cells = [
        e.store.cell(indicator, category, group) if e.has(indicator, category, group) else None
        for e in (old, new)
    ]
    for edition, cell in zip((old, new), cells, strict=True):
        if cell is None or cell.value is None:
            hidden = cell is not None and cell.suppressed
            status: Status = "hidden" if hidden else "missing"
            return EditionChange(status, absent=edition.label, **key)  # type: ignore[arg-type]
    before, after = float(cells[0].value), float(cells[1].value)  # type: ignore[union-attr,arg-type]
    n_before = old.base(indicator, category, group)
    n_after = new.base(indicator, category, group)
    z, p, significant = change_significance(before, n_before, after, n_after)
    if significant:
        status = "up" if after > before else "down"
    elif _shown(after, digits) == _shown(before, digits):
        status = "same"  # printed alike, so the sentence says "uændret"
    else:
        status = "not_significant"
    return EditionChange(
        status,
        before=before,
        after=after,
        n_before=n_before,
        n_after=n_after,
        z=z,
        p_value=p,
        **key,  # type: ignore[arg-type]
    )


def _shown(value: float, digits: int) -> float:
    """A share as printed: rounded half away from zero, like the formatter."""
    scale = 10.0**digits
    return float(math.floor(value * scale + 0.5)) / scale


def edition_rows(series: EditionSeries) -> pd.DataFrame:
    """Every edition's whole-population cells as group ``udgave=<label>``; a cell an
    edition lacks is an empty row (value missing, n 0), so it prints as missing."""
    import pandas as pd

    parts = []
    for edition in series.editions:
        frame = edition.store.frame
        frame = frame[frame["group"] == TOTAL_GROUP].copy()
        frame["group"] = edition.group
        parts.append(frame)
    rows = pd.concat(parts, ignore_index=True)
    keys = rows[["indicator", "category", "label"]].drop_duplicates(["indicator", "category"])
    full = keys.merge(pd.Series([e.group for e in series.editions], name="group"), how="cross")
    merged = full.merge(
        rows.drop(columns=["label"]), on=["indicator", "category", "group"], how="left"
    )
    merged["status"] = merged["status"].fillna("")
    merged["n"] = merged["n"].fillna(0).astype("Int64")
    return merged[[c for c in rows.columns if c in merged.columns]]


def with_editions(current: pd.DataFrame, series: EditionSeries) -> pd.DataFrame:
    """The current edition's frame plus the edition groups."""
    import pandas as pd

    extra = edition_rows(series)
    return pd.concat([current, extra[[c for c in extra.columns]]], ignore_index=True)


def timeseries_frame(
    series: EditionSeries, indicator: str, categories: Sequence[str]
) -> pd.DataFrame:
    """Rows for a chart over editions: category = edition label (tick: its period),
    group = the followed category. An edition without the cell is left out."""
    import numpy as np
    import pandas as pd

    rows = []
    for edition in series.editions:
        for category in categories:
            if not edition.has(indicator, category):
                continue
            cell = edition.store.cell(indicator, category)
            rows.append(
                {
                    "indicator": indicator,
                    "category": edition.label,
                    "group": category,
                    "label": edition.period or edition.label,
                    "value": np.nan if cell.value is None else cell.value,
                    "n": cell.n,
                    "status": cell.status,
                }
            )
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame["n"] = frame["n"].astype("Int64")
    return frame
