"""matplotlib imported without its documentation (rapport.charts.lean) draws the same.

Each side runs in a new process, since matplotlib is imported once per process: one
declares itself a building process first (as the command line does), the other not.
Both draw every sample chart kind and print a digest of each display list."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent

DRAW = """
import hashlib, inspect, json, sys
from rapport import process
if sys.argv[1] == "lean":
    process.only_building()
from rapport.charts import ChartStyle
from rapport.charts.draw import render_cells
from rapport.charts.frame import select_cells
from rapport.datacodec import encode
from rapport.fonts import register_family
from rapport.formatting import Formatter
from rapport.layout.model import Layout
from chart_sample import KINDS, frame, spec

style = ChartStyle.from_layout(Layout(), register_family(Layout().typography.heading), Formatter())
digests = {}
for kind in KINDS:
    chart = spec(kind)
    display = render_cells(chart, select_cells(chart, frame()), style, 400.0)
    digests[kind] = hashlib.sha256(encode(display)).hexdigest()
from matplotlib.lines import Line2D
print(json.dumps({
    "digests": digests,
    "set_parameters": len(inspect.signature(Line2D.set).parameters),
    "set_doc": Line2D.set.__doc__ or "",
}))
"""


def _draw(mode: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), *sys.path])}
    done = subprocess.run(
        [sys.executable, "-c", DRAW, mode], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="module")
def drawn() -> dict[str, dict[str, object]]:
    return {mode: _draw(mode) for mode in ("lean", "library")}


def test_lean_import_draws_every_kind_the_same(drawn: dict[str, dict[str, object]]) -> None:
    lean, library = drawn["lean"]["digests"], drawn["library"]["digests"]
    assert isinstance(lean, dict)
    assert len(lean) == 7
    assert lean == library


def test_lean_import_leaves_the_documentation_out(drawn: dict[str, dict[str, object]]) -> None:
    lean, library = drawn["lean"], drawn["library"]
    assert "Supported properties are" in str(library["set_doc"])
    assert "Supported properties are" not in str(lean["set_doc"])
    assert library["set_parameters"] > 20  # self and every settable property
    assert lean["set_parameters"] == 2  # self, **kwargs
