"""Fixtures for the chart tests: fonts, style, sample data, and the image-regression harness.

Image regression: a chart is drawn into a one-page PDF by reportlab, rasterised with
pypdfium2 at a fixed scale, written to ``tests/results/charts/<name>.png`` *before*
comparing, and compared with ``tests/charts/baselines/<name>.png`` (RMS tolerance).
``pytest tests/charts --update-baselines`` (or ``RAPPORT_UPDATE_BASELINES=1``) rewrites
the baselines. Baselines depend on the renderer versions pinned in ``PINNED``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import matplotlib
import pypdfium2
import pytest
import reportlab
from chart_sample import frame
from matplotlib.figure import Figure
from matplotlib.testing.compare import compare_images
from reportlab.pdfgen.canvas import Canvas

import rapport.charts.figure as draw_module
from rapport.charts import ChartFlowable, ChartStyle
from rapport.fonts import RegisteredFamily, register_family
from rapport.formatting import Formatter, NumberStyle
from rapport.layout.model import Layout

HERE = Path(__file__).parent
BASELINES = HERE / "baselines"
RESULTS = HERE.parent / "results" / "charts"
SCALE = 1.0
"""Rasterisation scale: 1 px per point (72 dpi)."""
TOLERANCE = 2.0
"""Largest accepted RMS difference (0–255 scale) between result and baseline."""
MARGIN = 4.0
PINNED = {"matplotlib": "3.11", "reportlab": "5.1", "pypdfium2": "5.15", "pdfium": "159"}
"""Versions the committed baselines were made with (major.minor)."""


def installed_versions() -> dict[str, str]:
    return {
        "matplotlib": matplotlib.__version__,
        "reportlab": reportlab.Version,
        "pypdfium2": str(pypdfium2.version.PYPDFIUM_INFO),
        "pdfium": str(pypdfium2.version.PDFIUM_INFO),
    }


def version_mismatch() -> str | None:
    """Why the installed renderers cannot reproduce the baselines, or ``None``."""
    installed = installed_versions()
    for name, pinned in sorted(PINNED.items()):
        if not (installed[name] + ".").startswith(pinned + "."):
            return f"baselines were made with {name} {pinned}, installed is {installed[name]}"
    return None


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-baselines",
        action="store_true",
        default=False,
        help="rewrite tests/charts/baselines/*.png from the current output",
    )


@pytest.fixture(scope="session")
def family() -> RegisteredFamily:
    return register_family(Layout().typography.heading)


@pytest.fixture(scope="session")
def style(family: RegisteredFamily) -> ChartStyle:
    return ChartStyle.from_layout(Layout(), family, Formatter())


@pytest.fixture(scope="session")
def english_style(family: RegisteredFamily) -> ChartStyle:
    return ChartStyle.from_layout(Layout(), family, Formatter(NumberStyle("en_GB")))


@pytest.fixture
def data():
    return frame()


@pytest.fixture(autouse=True)
def figures_closed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Figure]]:
    """Every figure a chart test creates is cleared afterwards; none reach pyplot."""
    made: list[Figure] = []

    class Tracked(Figure):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            made.append(self)

    monkeypatch.setattr(draw_module, "Figure", Tracked)
    yield made
    assert all(not f.axes and not f.texts and not f.artists for f in made), "figure left open"
    from matplotlib import _pylab_helpers

    assert _pylab_helpers.Gcf.get_num_fig_managers() == 0


def render_png(flowable: ChartFlowable, path: Path) -> None:
    """One-page PDF holding the chart, rasterised at ``SCALE``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = path.with_suffix(".pdf")
    size = (flowable.width + 2 * MARGIN, flowable.height + 2 * MARGIN)
    canvas = Canvas(str(pdf), pagesize=size, invariant=1)
    flowable.drawOn(canvas, MARGIN, MARGIN)
    canvas.save()
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        image = document[0].render(scale=SCALE).to_pil().convert("RGB")
        image.save(path, optimize=True)
    finally:
        document.close()


@pytest.fixture
def matches_baseline(request: pytest.FixtureRequest) -> Callable[[str, ChartFlowable], None]:
    update = (
        request.config.getoption("--update-baselines", default=False)
        or os.environ.get("RAPPORT_UPDATE_BASELINES") == "1"
    )

    def check(name: str, flowable: ChartFlowable) -> None:
        mismatch = version_mismatch()
        if mismatch and not update:
            pytest.skip(f"image regression not comparable: {mismatch}")
        result = RESULTS / f"{name}.png"
        render_png(flowable, result)
        baseline = BASELINES / f"{name}.png"
        if update:
            BASELINES.mkdir(exist_ok=True)
            shutil.copyfile(result, baseline)
            return
        assert baseline.is_file(), (
            f"no baseline {baseline}; run pytest tests/charts "
            "--update-baselines and inspect the result"
        )
        expected = RESULTS / f"{name}-expected.png"
        shutil.copyfile(baseline, expected)
        failure = compare_images(str(expected), str(result), tol=TOLERANCE)
        assert failure is None, f"images not close: {failure}"

    return check
