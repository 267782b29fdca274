"""Changing a value in the data changes it everywhere it is printed — and nowhere else.

Three builds: the original, one with published values changed to X and one with
them changed to Y. For every printed form of a value (prose "79 procent",
figures and tiles "79 %", verbal fractions) the test requires that

* the new value appears, in the same number of places for X as for Y;
* the old value's occurrences drop by exactly as many as the new one appears;
* whatever of the old value remains is the same in both changed builds, so it
  comes from other cells, not from the changed one.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from engine_pdf import all_text, flat

from rapport.build import BuildOptions, BuildResult, build_report
from rapport.formatting import Formatter, NumberStyle

CHANGES = {("samarbejde", "ja"): (57.0, 34.0), ("genbrug", "ja"): (90.0, 46.0)}


def _set_values(project: Path, index: int) -> dict[tuple[str, str], float]:
    path = project / "published.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    old = {}
    for row in rows:
        key = (row["indicator"], row["category"])
        if key in CHANGES and row["group"] == "Alle":
            old[key] = float(row["value"])
            row["value"] = f"{CHANGES[key][index]:g}"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return old


def _forms(value: float) -> list[str]:
    prose = Formatter(NumberStyle(percent="procent"))
    symbol = Formatter(NumberStyle(percent="symbol"))
    return [
        prose.percent(value),
        symbol.percent(value).replace("\u00a0", " "),
        prose.fraction(value),
    ]


def _count(text: str, phrase: str) -> int:
    return text.lower().count(phrase.lower())


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, str, dict]:
    import shutil

    from rapport.resources import default_project_dir

    texts, old = [], {}
    cache = tmp_path_factory.mktemp("cache")
    for index in (None, 0, 1):
        project = tmp_path_factory.mktemp("projekt") / "p"
        shutil.copytree(default_project_dir(), project)
        if index is not None:
            old = _set_values(project, index)
        result: BuildResult = build_report(BuildOptions(project=project, cache_dir=cache))
        texts.append(flat(all_text(result.pdf)))
    return texts[0], texts[1], texts[2], old


@pytest.mark.parametrize("key", list(CHANGES))
def test_changed_values_replace_the_old_ones(builds: tuple, key: tuple[str, str]) -> None:
    original, with_x, with_y, old_values = builds
    old = old_values[key]
    x, y = CHANGES[key]
    seen_any = False
    for old_form, x_form, y_form in zip(_forms(old), _forms(x), _forms(y), strict=True):
        appeared_x = _count(with_x, x_form) - _count(original, x_form)
        appeared_y = _count(with_y, y_form) - _count(original, y_form)
        assert appeared_x == appeared_y, (old_form, x_form, y_form)
        gone = _count(original, old_form) - _count(with_x, old_form)
        assert gone == appeared_x, (old_form, gone, appeared_x)
        assert _count(with_x, old_form) == _count(with_y, old_form), old_form
        seen_any = seen_any or appeared_x > 0
    assert seen_any, f"{key} is printed nowhere"
