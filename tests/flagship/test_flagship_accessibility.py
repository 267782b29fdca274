"""What a screen reader meets: the structure tree of three reports, walked with pikepdf.

The default report, a tailored brief (``--layout brief --segment sektor=kommunal``)
and the second test project (which has an English chapter). Each text is read from
the marked content itself, decoded through the fonts' ToUnicode maps
(``tools/structure_tree.py``, the same code that writes docs/accessibility.md).
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from rapport.build import BuildOptions, build_report
from rapport.resources import default_project_dir

sys.path.insert(0, str(Path(__file__).parents[2] / "tools"))

from accessibility_doc import DOC
from accessibility_doc import page as doc_page
from structure_tree import Texts, element_text, kids, mcid_texts

SECOND = Path(__file__).parents[1] / "projects" / "fritidsvaner"


@dataclass
class Report:
    name: str
    pdf: pikepdf.Pdf
    texts: Texts
    pages: dict[Any, int]
    source: str  # every text file of the project: where real hyphens come from

    def elements(self, node: Any = None) -> Iterator[Any]:
        node = self.pdf.Root.StructTreeRoot.K if node is None else node
        yield node
        for kid in kids(node):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                yield from self.elements(kid)

    def of(self, kind: str) -> list[Any]:
        return [e for e in self.elements() if kind == e.S]

    def text(self, elem: Any) -> str:
        return element_text(elem, self.texts, self.pages)

    @property
    def top(self) -> list[Any]:
        return _elems(self.pdf.Root.StructTreeRoot.K)


def _source(folder: Path) -> str:
    files = [p for p in folder.rglob("*") if p.suffix in (".md", ".yaml", ".csv")]
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(files))


def _open(name: str, path: Path, project: Path) -> Report:
    pdf = pikepdf.open(path)
    pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    return Report(name, pdf, mcid_texts(path), pages, _source(project))


@pytest.fixture(scope="module")
def reports(
    default_build: Any, second_project: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Report]:
    folder = tmp_path_factory.mktemp("a11y")
    default = folder / "default.pdf"
    default.write_bytes(default_build.pdf)
    brief = folder / "brief.pdf"
    options = BuildOptions(layout="brief", segment="sektor=kommunal", cache_dir=folder / "c")
    brief.write_bytes(build_report(options).pdf)
    return {
        "default": _open("default", default, default_project_dir()),
        "brief": _open("brief", brief, default_project_dir()),
        "second": _open("second", second_project(), SECOND),
    }


ALL = ["default", "brief", "second"]
WITH_ENGLISH = ["default", "second"]  # the brief leaves the English chapter out
WITH_CONTENTS = ["default", "second"]  # the brief layout has no contents page


@pytest.mark.parametrize("name", WITH_ENGLISH)
def test_1_the_english_chapter_says_it_is_english(reports: dict[str, Report], name: str) -> None:
    report = reports[name]
    top = report.top
    starts = [i for i, e in enumerate(top) if e.S == "/H1" and str(e.get("/Lang", "")) == "en"]
    assert starts, "an H1 with /Lang en"
    start = starts[0]
    end = next((i for i in range(start + 1, len(top)) if top[i].S == "/H1"), len(top))
    chapter = top[start:end]
    assert len(chapter) > 2
    assert all(str(e.get("/Lang", "")) == "en" for e in chapter), [str(e.S) for e in chapter]
    danish = [e for e in top[:start] + top[end:] if "/Lang" in e]
    assert not danish, "Danish content inherits the document's /Lang"
    assert str(report.pdf.Root.Lang) == "da-DK"


@pytest.mark.parametrize("name", WITH_CONTENTS)
def test_2_contents_is_a_nested_list_of_linked_entries(
    reports: dict[str, Report], name: str
) -> None:
    report = reports[name]
    tocis = report.of("/TOCI")
    assert tocis
    assert len(report.of("/TOC")) > 1, "chapter entries hold a TOC of their sections"
    for toci in tocis:
        parts = _elems(toci)
        references = [k for k in parts if k.S == "/Reference"]
        assert len(references) == 1, report.text(toci)
        links = [k for k in _elems(references[0]) if k.S == "/Link"]
        assert len(links) == 1
        title = report.text(links[0])
        assert re.fullmatch(r"\S.* \d+", title), f"title, then page number: {title!r}"
        labels = [k for k in parts if k.S == "/Lbl"]
        if labels:
            assert parts[0].S == "/Lbl"
            assert re.fullmatch(r"\d+(\.\d+)?", report.text(labels[0]))
    nested = [k for t in tocis for k in _elems(t) if k.S == "/TOC"]
    assert all(k.P.S == "/TOCI" for k in nested)


@pytest.mark.parametrize("name", ALL)
def test_2_no_empty_contents_entries(reports: dict[str, Report], name: str) -> None:
    report = reports[name]
    assert all(report.text(t).strip() for t in report.of("/TOCI"))


@pytest.mark.parametrize("name", ALL)
def test_3_every_link_holds_its_text_and_annotation(reports: dict[str, Report], name: str) -> None:
    report = reports[name]
    links = report.of("/Link")
    assert links
    for link in links:
        content = [k for k in kids(link) if isinstance(k, int) or "/MCID" in k]
        objrs = _objrs(link)
        assert content, report.text(link)
        assert objrs, report.text(link)
        assert report.text(link).strip()
        assert link.P.S != "/Document", f"link {report.text(link)!r} sits apart from its text"
    annots = [a for p in report.pdf.pages for a in p.obj.get("/Annots", []) if a.Subtype == "/Link"]
    assert len(annots) == sum(len(_objrs(x)) for x in links)


def _objrs(elem: Any) -> list[Any]:
    return [k for k in kids(elem) if isinstance(k, pikepdf.Dictionary) and "/Obj" in k]


def _elems(elem: Any) -> list[Any]:
    return [k for k in kids(elem) if isinstance(k, pikepdf.Dictionary) and "/S" in k]


@pytest.mark.parametrize("name", ALL)
def test_3_link_descriptions_name_target_and_page(reports: dict[str, Report], name: str) -> None:
    report = reports[name]
    targets: dict[str, set[Any]] = defaultdict(set)
    for page in report.pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if annot.Subtype != "/Link" or "/Dest" not in annot:
                continue
            dest = annot.Dest
            target_page = report.pages[dest[0].objgen] + 1
            description = str(annot.Contents)
            targets[description].add((target_page, *(str(x) for x in dest[1:])))
            assert description.endswith((f"side {target_page}", f"page {target_page}"))
    assert targets
    alike = {d: t for d, t in targets.items() if len(t) > 1}
    assert not alike, "one description, several targets"


@pytest.mark.parametrize("name", ALL)
def test_4_tables_have_head_body_row_headers_and_caption(
    reports: dict[str, Report], name: str
) -> None:
    report = reports[name]
    tables = report.of("/Table")
    assert tables
    for table in tables:
        parts = [str(k.S) for k in _elems(table)]
        assert parts[0] == "/Caption", parts
        assert "/THead" in parts, parts
        assert "/TBody" in parts, parts
        body = next(k for k in _elems(table) if k.S == "/TBody")
        for row in _elems(body):
            cells = _elems(row)
            assert cells[0].S == "/TH", report.text(row)
            assert cells[0].A.Scope == "/Row", report.text(row)
            assert all(c.S == "/TD" for c in cells[1:])
        head = next(k for k in _elems(table) if k.S == "/THead")
        assert all(c.A.Scope == "/Column" for r in _elems(head) for c in _elems(r))
    captions = [k for k in report.top if k.S == "/Caption"]
    assert not captions, "captions belong inside their Table or Figure"
    figures = [f for f in report.of("/Figure") if _elems(f)]
    assert figures
    assert all(_elems(f)[0].S == "/Caption" for f in figures)


@pytest.mark.parametrize("name", ALL)
def test_6_line_end_hyphens_are_soft_unless_written(reports: dict[str, Report], name: str) -> None:
    report = reports[name]
    text = "\n".join(report.texts.values())
    soft = re.findall(r"\w\u00ad\n\w", text)
    assert soft, "hyphenation marks its line-end hyphens as U+00AD"
    letters = r"[^\W\d_]+"
    for head, tail in re.findall(rf"({letters})-\n+({letters})", text):
        assert f"{head}-{tail}" in report.source or f"{head}- {tail}" in report.source, (
            f"{head}-|{tail}: a hard hyphen at a line end that the text does not have"
        )
    searchable = re.sub(r"\u00ad\n", "", text)
    words = re.findall(rf"({letters})\u00ad\n({letters})", text)
    assert all(head + tail in searchable for head, tail in words)


@pytest.mark.parametrize("name", ALL)
def test_7_headings_labels_and_the_cover_title(reports: dict[str, Report], name: str) -> None:
    report = reports[name]
    first = report.top[0]
    assert first.S == "/H1"
    assert str(report.pdf.docinfo.Title).startswith(report.text(first))
    numbered = 0
    for item in report.pdf.open_outline().root:
        match = re.match(r"(\d+) (.+)", item.title)
        if not match:
            continue
        numbered += 1
        h1 = [report.text(h) for h in report.of("/H1")]
        assert f"{match[1]} {match[2]}" in h1 or f"{match[1]} {match[2].upper()}" in h1, (
            item.title,
            h1,
        )
    assert numbered >= 2
    for item in report.of("/LI"):
        assert [str(k.S) for k in _elems(item)] == ["/Lbl", "/LBody"]
        assert report.text(_elems(item)[0]).strip()


@pytest.mark.parametrize("name", ALL)
def test_5_figures_have_alt_text(reports: dict[str, Report], name: str) -> None:
    report = reports[name]
    figures = report.of("/Figure")
    assert figures
    assert all(len(str(f.get("/Alt", ""))) > 10 for f in figures)


def _skeleton(markdown: str) -> list[str]:
    """The trees of a page without their texts: element kinds, nesting, Lang, Scope."""
    blocks = re.findall(r"```text\n(.*?)```", markdown, re.S)
    lines = [line for block in blocks for line in block.splitlines()]
    return [re.sub(r'"[^"]*"', "", line).split(":")[0].rstrip() for line in lines]


def test_the_accessibility_page_shows_the_current_tree(
    reports: dict[str, Report], tmp_path: Path
) -> None:
    """docs/accessibility.md shows trees of the shape the build gives today (texts may
    differ); after a tagging change, rerun: python tools/accessibility_doc.py"""
    current = doc_page(Path(reports["default"].pdf.filename))
    written = DOC.read_text(encoding="utf-8")
    assert _skeleton(written) == _skeleton(current)
    assert "Lang=en" in written
    assert "Scope=Row" in written
