"""Fixtures shared by every test folder: fresh process memories for each test, and the
second test project, built once per variant."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from rapport.build import BuildOptions, build_report
from rapport.memo import clear_all

SECOND_PROJECT = Path(__file__).parent / "projects" / "fritidsvaner"
SECOND_PROJECT_SEGMENTS = ("alder=16-29", "alder=75+")


@pytest.fixture(autouse=True)
def fresh_memos() -> None:
    """Every test starts with empty in-process memories (parsed YAML, templates, data,
    line breaks, chart drawings): no test passes because an earlier one warmed them."""
    clear_all()


@pytest.fixture(scope="session")
def second_project(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Build ``tests/projects/fritidsvaner`` once per (layout, segment); return the PDF path.

    ``second_project()`` is the whole report in the project's own layout;
    ``second_project("brief", "alder=75+")`` a tailored brief. The charts cache is shared by
    all builds of the session, in a temporary folder (nothing is written into the project).
    """
    out = tmp_path_factory.mktemp("fritidsvaner")
    built: dict[tuple[str, str], Path] = {}

    def build(layout: str = "rapport", segment: str = "Alle") -> Path:
        key = (layout, segment)
        if key not in built:
            options = BuildOptions(
                project=SECOND_PROJECT, layout=layout, segment=segment, cache_dir=out / "cache"
            )
            name = f"{layout}-{segment.replace('=', '-').replace('+', 'plus')}.pdf"
            path = out / name
            path.write_bytes(build_report(options).pdf)
            built[key] = path
        return built[key]

    return build
