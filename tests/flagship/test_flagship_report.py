"""The embedded default report: Innovationsbarometeret 2015, rebuilt from data."""

from __future__ import annotations

import re

import pytest
from engine_pdf import all_text, embedded, flat, outline_titles, page_texts, reader

from rapport.build import BuildResult

CHAPTERS = [
    "Forord",
    "Hovedresultater",
    "Indledning og sammenfatning",
    "Executive Summary in English",
    "Offentlig innovation skaber værdi",
    "Tre ud af fire innovationer er genbrug",
    "Arbejdspladserne tager selv initiativ",
    "Innovation skabes i samarbejde",
    "Medarbejdere og samarbejde på tværs",
    "De vigtigste aktører",
    "Innovationsprocesser ændrer sig undervejs",
    "Virker det? Evaluering af innovation",
    "Organisationskulturens betydning",
    "Strategisk fokus på innovation",
    "Metodevalg og forbehold",
    "Referencer",
]


def test_size_and_exhibit_counts(default_build: BuildResult) -> None:
    text = flat(all_text(default_build.pdf))
    figures = set(re.findall(r"Figur (\d+\.\d+) ", text))
    tables = set(re.findall(r"Tabel (\d+\.\d+) ", text))
    assert default_build.pages == len(reader(default_build.pdf).pages) >= 40
    assert len(figures) >= 20, sorted(figures)
    assert len(tables) >= 8, sorted(tables)
    assert default_build.figures >= 20
    assert default_build.tables >= 8


def test_chapters_in_order_in_outline(default_build: BuildResult) -> None:
    top = [title for depth, title in outline_titles(default_build.pdf) if depth == 0]
    numbered = [re.sub(r"^\d+ ", "", t) for t in top if re.match(r"^\d+ ", t)]
    for expected, actual in zip(CHAPTERS, numbered, strict=True):
        assert actual.startswith(expected), (expected, actual)


def test_contents_page_numbers_match_chapter_starts(default_build: BuildResult) -> None:
    pages = page_texts(default_build.pdf)
    contents = "\n".join(t for t in pages[:6] if " . . . " in t)
    entries = re.findall(r"^(\d+) (.+?)[ .]{3,}(\d+)$", contents, flags=re.M)
    assert len(entries) == len(CHAPTERS)
    for _, title, page in entries:
        head = " ".join(pages[int(page) - 1].split("\n")[:4])
        assert title.strip() in head, (title, page)


def test_published_headline_figures_in_danish(default_build: BuildResult) -> None:
    text = flat(all_text(default_build.pdf))
    for phrase in (
        "79 procent",
        "86 procent",
        "73 procent",
        "63 procent",
        "1.255",
        "1.093",
        "tre ud af fire",
        "otte ud af ti",
        "79 %",
        "86 %",
        "73 %",
        "63 %",
    ):
        assert phrase in text, phrase


def test_every_page_after_the_front_has_its_footer(default_build: BuildResult) -> None:
    pages = page_texts(default_build.pdf)
    total = len(pages)
    missing = [
        i + 1
        for i, t in enumerate(pages[2:-1], start=2)
        if f"Side {i + 1} af {total}" not in t and f"Page {i + 1} of {total}" not in t
    ]
    assert missing == []


def test_synthetic_and_published_are_labelled(default_build: BuildResult) -> None:
    text = flat(all_text(default_build.pdf)).lower()
    assert "syntetisk" in text
    assert "offentliggjort" in text


def test_only_bundled_embedded_fonts(default_build: BuildResult) -> None:
    fonts = embedded(default_build.pdf)
    assert all(name.startswith("Liberation") for name in fonts), fonts
    assert all(fonts.values())


def test_metadata_and_language(default_build: BuildResult) -> None:
    pdf = reader(default_build.pdf)
    assert pdf.metadata.title == "Innovationsbarometeret"
    assert pdf.metadata.author
    assert pdf.metadata.subject
    assert str(pdf.trailer["/Root"]["/Lang"]) == "da-DK"


def test_justified_danish_text_is_hyphenated(default_build: BuildResult) -> None:
    import pypdfium2

    doc = pypdfium2.PdfDocument(default_build.pdf)
    try:
        raw = "".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()
    # PDFium marks a hyphen that breaks a word at a line end with U+FFFE (or U+0002)
    joints = re.findall(r"(\w+)[\ufffe\x02](\w+)", raw)
    assert len(joints) > 20
    assert any(len(a + b) >= 12 for a, b in joints)


def test_default_report_is_identical_across_hash_seeds(default_build: BuildResult) -> None:
    import hashlib
    import os
    import subprocess
    import sys

    script = (
        "import hashlib; from rapport.build import BuildOptions, build_report; "
        "print(hashlib.sha256(build_report(BuildOptions()).pdf).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "987"}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == hashlib.sha256(default_build.pdf).hexdigest()


def test_default_report_is_fully_tagged(default_build: BuildResult) -> None:
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(default_build.pdf)) as pdf:
        assert bool(pdf.Root.MarkInfo.Marked)
        for number, page in enumerate(pdf.pages):
            depth = 0
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                depth += op in ("BDC", "BMC")
                depth -= op == "EMC"
                if op in ("Tj", "TJ", "'", '"'):
                    assert depth > 0, f"unmarked text on page {number + 1}: {operands}"
        figures = []

        def walk(node: object) -> None:
            if isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure":
                    figures.append(str(node.get("/Alt", "")))
                walk(node.get("/K"))
            elif isinstance(node, pikepdf.Array):
                for child in node:
                    walk(child)

        walk(pdf.Root.StructTreeRoot.K)
    assert len(figures) >= 20
    assert all(len(alt) > 20 for alt in figures)


def test_charts_are_vector_with_extractable_labels(default_build: BuildResult) -> None:
    pdf = reader(default_build.pdf)
    for page in pdf.pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        kinds = {str(x.get_object().get("/Subtype")) for x in xobjects.values()}
        assert "/Image" not in kinds
    text = flat(all_text(default_build.pdf))
    for label in (
        "Hele den offentlige sektor",
        "Kommunal",
        "0 %",
        "25 %",
        "50 %",
        "I høj grad",
        "2013-2014",
    ):
        assert label in text, label


@pytest.mark.parametrize(("layout", "most_pages"), [("brief", 12), ("hovedresultater", 2)])
def test_short_layouts_build_the_default_data(
    layout: str, most_pages: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from rapport.build import BuildOptions, build_report

    result = build_report(BuildOptions(layout=layout, cache_dir=tmp_path_factory.mktemp("cache")))
    assert 1 <= result.pages <= most_pages
    text = flat(all_text(result.pdf))
    assert "79 %" in text
    assert "Hovedresultater" in text
