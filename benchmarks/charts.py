"""Benchmark the chart stage: 30 charts of mixed kinds, cold and replayed from the cache.

Run in a fresh process (that is the "cold" part)::

    .venv/bin/python benchmarks/charts.py            # cold draw, PDF, warm replay
    .venv/bin/python benchmarks/charts.py --tracemalloc
    .venv/bin/python benchmarks/charts.py --compare  # also matplotlib's own PDF backend

Reports wall times, charts drawn, cache hits, PDF size and peak memory (RSS from
``resource``; Python allocations from ``tracemalloc`` when asked — it slows drawing).
Data are synthetic and seeded, so every run draws the same charts.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

T0 = time.perf_counter()

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer  # noqa: E402

from rapport.charts import ChartCache, ChartStyle, draw_chart, parse_chart_spec  # noqa: E402
from rapport.fonts import register_family  # noqa: E402
from rapport.formatting import Formatter  # noqa: E402
from rapport.layout.model import Layout  # noqa: E402

IMPORTED = time.perf_counter()

CHARTS = 30
WIDTH = 425.0
KINDS = ("bar", "grouped", "stacked", "diverging", "timeseries", "dotplot", "bignumber")
GROUPS = ("Alle", "sektor=kommunal", "sektor=regional", "sektor=statslig")
SCALE = ("hoej", "nogen", "ringe", "slet", "ved_ikke")
LABELS = (
    "Borgerne har været med til at udvikle løsningen",
    "Private virksomheder",
    "Andre offentlige arbejdspladser",
    "Vidensinstitutioner og forskere",
    "Frivillige foreninger",
    "Medarbejdernes egne idéer",
)


def _rows(
    rng: np.random.Generator,
    indicator: str,
    categories: tuple[str, ...],
    groups: tuple[str, ...] = GROUPS,
) -> list[dict]:
    rows = []
    for group in groups:
        shares = rng.dirichlet(np.ones(len(categories))) * 100
        for code, share in zip(categories, shares, strict=True):
            half = 1.96 * float(np.sqrt(share * (100 - share) / 400))
            rows.append(
                {
                    "indicator": indicator,
                    "category": code,
                    "group": group,
                    "value": round(float(share), 1),
                    "n": 400,
                    "label": LABELS[int(code[1:]) % len(LABELS)]
                    if code[0] == "k"
                    else code.replace("_", " ").capitalize(),
                    "ci_low": round(float(share) - half, 1),
                    "ci_high": round(float(share) + half, 1),
                    "status": "",
                }
            )
    return rows


def workload(seed: int = 2015) -> tuple[list[dict], pd.DataFrame]:
    """30 chart specs (kinds in rotation) and one tidy frame holding their data."""
    rng = np.random.default_rng(seed)
    specs, rows = [], []
    cats = tuple(f"k{i}" for i in range(6))
    for i in range(CHARTS):
        kind = KINDS[i % len(KINDS)]
        ind = f"q{i}"
        raw: dict = {"kind": kind, "source": "survey", "id": f"fig{i}"}
        if kind in ("bar", "dotplot"):
            rows += _rows(rng, ind, cats)
            raw |= {"indicator": ind, "groups": ["Alle"]}
        elif kind == "grouped":
            rows += _rows(rng, ind, cats[:4])
            raw |= {"indicator": ind, "groups": list(GROUPS), "highlight": GROUPS[1]}
        elif kind == "stacked":
            for j in range(4):
                rows += _rows(rng, f"{ind}_{j}", SCALE, ("Alle",))
            raw |= {
                "indicators": [f"{ind}_{j}" for j in range(4)],
                "categories": list(SCALE),
                "exclude": ["ved_ikke"],
            }
        elif kind == "diverging":
            sides = ("h_hoej", "h_nogen", "f_nogen", "f_hoej")
            for j in range(5):
                rows += _rows(rng, f"{ind}_{j}", sides, ("Alle",))
            raw |= {
                "indicators": [f"{ind}_{j}" for j in range(5)],
                "left": ["h_nogen", "h_hoej"],
                "right": ["f_nogen", "f_hoej"],
            }
        elif kind == "timeseries":
            editions = ("2013-2014", "2015-2016", "2018-2019", "2021-2023")
            rows += _rows(rng, ind, editions, ("Alle", "sektor=kommunal"))
            raw |= {"indicator": ind, "groups": ["Alle", "sektor=kommunal"]}
        else:
            rows += _rows(rng, ind, ("ja", "nej"), ("Alle",))
            raw |= {
                "indicator": ind,
                "category": "ja",
                "bar": True,
                "text": "af arbejdspladserne har indført mindst én innovation",
            }
        specs.append(raw)
    return specs, pd.DataFrame(rows)


def draw_all(specs: list[dict], data: pd.DataFrame, style: ChartStyle, cache: ChartCache) -> list:
    flowables = []
    for raw in specs:
        spec = parse_chart_spec(raw)
        rows = data[data["indicator"].isin(spec.indicators)]
        flowables += [draw_chart(spec, rows, style, WIDTH, cache=cache), Spacer(1, 12)]
    return flowables


def build_pdf(flowables: list, font: str) -> bytes:
    out = io.BytesIO()
    story = []
    for i, item in enumerate(flowables):
        story.append(item)
        if i % 6 == 5:
            story.append(PageBreak())
    SimpleDocTemplate(out, pagesize=A4, invariant=1, initialFontName=font).build(story)
    return out.getvalue()


def timed(label: str, func, *args):
    """Run and print wall time and this process's CPU time (less sensitive to load)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = func(*args)
    print(
        f"  {label:<38} {time.perf_counter() - start:7.3f} s wall "
        f"{time.process_time() - cpu:7.3f} s CPU"
    )
    return result


def compare_matplotlib_pdf(specs: list[dict], data: pd.DataFrame, style: ChartStyle) -> None:
    """The same 30 figures saved by matplotlib's own PDF backend (no embedding step)."""
    import matplotlib
    from matplotlib.figure import Figure

    from rapport.charts.frame import select_cells
    from rapport.charts.kinds import DRAWERS
    from rapport.charts.sizing import chart_height

    start = time.perf_counter()
    for raw in specs:
        spec = parse_chart_spec(raw)
        cells = select_cells(spec, data)
        with matplotlib.rc_context(style.rc()):
            fig = Figure(figsize=(WIDTH / 72, chart_height(spec, style, WIDTH, cells) / 72), dpi=72)
            try:
                DRAWERS[spec.kind](fig, spec, cells, style)
                fig.savefig(io.BytesIO(), format="pdf")
            finally:
                fig.clear()
    print(f"  {'matplotlib PDF backend, 30 figures':<38} {time.perf_counter() - start:7.3f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracemalloc", action="store_true", help="trace Python allocations")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also time matplotlib's PDF backend on the same figures",
    )
    args = parser.parse_args(argv)
    print(f"chart benchmark: {CHARTS} charts, {WIDTH:.0f} pt wide, Python {sys.version.split()[0]}")
    print(f"  {'imports':<38} {IMPORTED - T0:7.3f} s wall {time.process_time():7.3f} s CPU")
    layout = Layout()
    family = timed("register fonts", register_family, layout.typography.heading)
    style = ChartStyle.from_layout(layout, family, Formatter())
    specs, data = workload()
    if args.tracemalloc:
        tracemalloc.start()
    with tempfile.TemporaryDirectory() as folder:
        cold = ChartCache(Path(folder))
        flowables = timed("cold: draw 30 charts (empty cache)", draw_all, specs, data, style, cold)
        pdf = timed("cold: build PDF with 30 charts", build_pdf, flowables, family.regular)
        warm = ChartCache(Path(folder))
        again = timed("warm: 30 charts from cache", draw_all, specs, data, style, warm)
        timed("warm: build PDF", build_pdf, again, family.regular)
        cache_bytes = sum(p.stat().st_size for p in Path(folder).iterdir())
    print(f"  cold drawn {cold.misses}, warm drawn {warm.misses}, warm hits {warm.hits}")
    print(f"  PDF {len(pdf) / 1024:.0f} KiB, cache {cache_bytes / 1024:.0f} KiB on disk")
    if args.tracemalloc:
        _, peak = tracemalloc.get_traced_memory()
        print(f"  tracemalloc peak {peak / 2**20:.1f} MiB")
    if args.compare:
        compare_matplotlib_pdf(specs, data, style)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS {rss:.0f} MiB; total {time.perf_counter() - T0:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
