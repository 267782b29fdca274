"""Composed work reused between copies and rebuilds (exhibit products, rendered chapters,
parsed paragraphs) never changes a byte: a copy built after others equals the copy built
alone in a new process, a ``$segment`` exhibit is each copy's own, and a bad cache entry
is ignored."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from engine_pdf import all_text

from rapport.build import BuildOptions, build_report, prepare_report
from rapport.buildcache import BuildCache
from rapport.exhibits.figures import FigureMaker
from rapport.exhibits.products import ChartPart, FigureProduct, TableProduct
from rapport.exhibits.tables import TableMaker
from rapport.memo import clear_all
from rapport.resources import default_project_dir

SECOND = Path(__file__).parents[1] / "projects" / "fritidsvaner"
ALONE = """
import hashlib, sys
from pathlib import Path
from rapport.build import BuildOptions, build_report
project, layout, segment, cache = sys.argv[1:5]
options = BuildOptions(project=Path(project), layout=layout or None, segment=segment,
                       cache_dir=Path(cache) if cache else None)
print(hashlib.sha256(build_report(options).pdf).hexdigest())
"""


def _in_new_process(project: Path, layout: str | None, segment: str, cache: Path | None) -> str:
    """SHA-256 of the copy built by a new Python process (nothing in memory)."""
    args = [str(project), layout or "", segment, str(cache or "")]
    done = subprocess.run(
        [sys.executable, "-c", ALONE, *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def _sha(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


CASES = [
    pytest.param(None, None, ("Alle", "kommune=Odense"), "kommune=Aarhus", id="default"),
    pytest.param(SECOND, None, ("Alle", "alder=16-29"), "alder=75+", id="second"),
    pytest.param(SECOND, "brief", ("alder=16-29",), "alder=75+", id="second-brief"),
]


@pytest.mark.parametrize(("project", "layout", "before", "segment"), CASES)
def test_a_copy_built_after_other_copies_equals_it_built_alone(
    project: Path | None, layout: str | None, before: tuple[str, ...], segment: str, tmp_path: Path
) -> None:
    folder = project or default_project_dir()
    cache = tmp_path / "cache"
    for other in before:  # warm every memory and the cache with other copies
        build_report(BuildOptions(project=folder, layout=layout, segment=other, cache_dir=cache))
    after = build_report(
        BuildOptions(project=folder, layout=layout, segment=segment, cache_dir=cache)
    )
    assert _sha(after.pdf) == _in_new_process(folder, layout, segment, None)
    # a new process that finds only the cache entries the other copies left
    assert _sha(after.pdf) == _in_new_process(folder, layout, segment, cache)


def _key_figures(pdf: bytes) -> tuple[str, list[str]]:
    """The tailored key-figure table's title and the numbers that follow it."""
    text = all_text(pdf)
    found = re.search(r"Nøgletal for (.+?) og (?:hele|alle)(.*?)Kilde", text, re.S)
    assert found, "the tailored table is missing"
    return found.group(1), re.findall(r"\d+(?:,\d+)? ?%|\d+", found.group(2))


@pytest.mark.parametrize(
    ("project", "layout", "copies"),
    [
        pytest.param(None, None, {"kommune=Aarhus": "Aarhus", "kommune=Odense": "Odense"}),
        pytest.param(SECOND, None, {"alder=16-29": "16-29 år", "alder=75+": "75 år og derover"}),
        pytest.param(SECOND, "brief", {"alder=16-29": "16-29 år", "alder=75+": "75 år og derover"}),
    ],
)
def test_a_segment_table_is_each_copys_own(
    project: Path | None, layout: str | None, copies: dict[str, str], tmp_path: Path
) -> None:
    folder = project or default_project_dir()
    seen = {}
    for segment, label in copies.items():
        options = BuildOptions(
            project=folder, layout=layout, segment=segment, cache_dir=tmp_path / "cache"
        )
        title, numbers = _key_figures(build_report(options).pdf)
        assert title == label
        seen[segment] = numbers
    first, second = seen.values()
    assert first
    assert second
    assert first != second


def _count_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    made: list[str] = []
    for cls, name in ((FigureMaker, "_figure"), (FigureMaker, "_keyfigure")):
        original = getattr(cls, name)

        def counted(self, fdef, language, _original=original):  # type: ignore[no-untyped-def]
            made.append(fdef.id)
            return _original(self, fdef, language)

        monkeypatch.setattr(cls, name, counted)
    original_table = TableMaker._table

    def counted_table(self, ident, language):  # type: ignore[no-untyped-def]
        made.append(ident)
        return original_table(self, ident, language)

    monkeypatch.setattr(TableMaker, "_table", counted_table)
    return made


def _prepare(segment: str, cache: Path) -> None:
    prep = prepare_report(BuildOptions(project=SECOND, segment=segment, cache_dir=cache))
    if prep.factory.figures.worker is not None:
        prep.factory.figures.worker.close()


def test_a_second_copy_makes_only_the_exhibits_that_read_the_segment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    made = _count_made(monkeypatch)
    _prepare("alder=16-29", tmp_path / "cache")
    assert {"saerudgave_besoeg", "saerudgave_noegletal"} < set(made)
    made.clear()
    _prepare("alder=75+", tmp_path / "cache")  # same process: from memory
    assert sorted(made) == ["saerudgave_aktiviteter", "saerudgave_besoeg", "saerudgave_noegletal"]
    made.clear()
    clear_all()  # as a new process: from the build cache
    _prepare("alder=75+", tmp_path / "cache")
    assert made == []


def _products(cache: Path) -> list[Path]:
    return sorted((cache / "exhibits").glob("*.entry"))


def test_malformed_products_and_chapters_are_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    options = BuildOptions(project=SECOND, segment="alder=75+", cache_dir=cache)
    first = build_report(options).pdf
    store = BuildCache(cache)
    hostile_part = ChartPart("../../../../etc/passwd", "x", "x")
    bad_values = [
        FigureProduct("PLANTED", "", "", "", "", hostile_part),
        TableProduct("PLANTED", "", "", "", ("a",), (("1", "2"),), (1.0,), 9.0, ("a",)),
        "per-copy",
        {"title": "PLANTED"},
        42,
    ]
    entries = _products(cache)
    assert entries
    for n, entry in enumerate(entries):
        store.put("exhibits", entry.name.removesuffix(".entry"), bad_values[n % len(bad_values)])
    for entry in (cache / "chapters").glob("*.entry"):
        store.put("chapters", entry.name.removesuffix(".entry"), ["# PLANTED"])
    clear_all()
    again = build_report(options).pdf
    assert again == first
    assert "PLANTED" not in all_text(again)
