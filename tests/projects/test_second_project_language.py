"""Every chapter in its own language, every note true to what it describes (issue 18).

Checked on the extracted text of the second test project's PDFs: the English chapter's
pages carry no Danish note words and the Danish pages no English ones, numbers follow the
page's language, no quoted question ends in "?”.", every note's n is the base of what its
exhibit shows (counted independently from the respondent file), a tailored copy's segment
title is composed once, and references into chapters a layout leaves out name the chapter.
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from rapport.cli import cli

sys.path.insert(0, str(Path(__file__).parents[1] / "engine"))

from engine_pdf import flat, page_texts

PROJECT = Path(__file__).parent / "fritidsvaner"
Build = Callable[..., Path]
LAYOUTS = ("rapport", "brief", "hovedresultater")
SEGMENT = "alder=75+"

DANISH_WORDS = (
    "Anm.:",
    "Kilde:",
    "Spørgsmål",
    "Figuren",
    "Tabellen",
    "stillet til",
    "vægtet",
    "procentandele",
    "syntetiske",
    "fordelt på",
    "Ved ikke",
    "Antal observationer",
    "Procent",
    "Side ",
    "I alt",
)
ENGLISH_WORDS = (
    "Note:",
    "Source:",
    "question",
    "The figure",
    "The table",
    "weighted",
    "percentages",
    "synthetic",
    " by ",
    "Don't know",
    "Number of observations",
    "Per cent",
    "Page ",
    " and ",
    "Total",
)
TITLE = re.compile(r"\b(?:Figur|Tabel|Figure|Table) (\d+\.\d+) (?=[A-ZÆØÅ0-9])")
NOTE = re.compile(r"(?:Anm\.|Note): (.*?)\bn=([\d.,]+)\.")


@pytest.fixture(scope="module")
def respondents() -> pd.DataFrame:
    return pd.read_csv(PROJECT / "data" / "respondenter.csv", dtype=str)


def chapter_pages(pdf: Path) -> dict[str, tuple[int, int]]:
    """Chapter title → (first, last) page index, from the outline."""
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    starts = [
        (str(item.title), reader.get_destination_page_number(item))
        for item in reader.outline
        if not isinstance(item, list)
    ]
    ends = [s for _, s in starts[1:]] + [len(reader.pages)]
    return {title: (start, end - 1) for (title, start), end in zip(starts, ends, strict=True)}


def english_split(pdf: Path) -> tuple[list[str], list[str]]:
    """(pages of the English chapter, pages of the Danish chapters)."""
    texts = page_texts(pdf.read_bytes())
    pages = chapter_pages(pdf)
    first, last = next(
        (span for title, span in pages.items() if "Summary in English" in title), (-1, -2)
    )
    danish_start = min(start for _, (start, _) in pages.items())
    english = texts[first : last + 1] if first >= 0 else []
    danish = [t for i, t in enumerate(texts) if i >= danish_start and not first <= i <= last]
    return english, danish


def notes(text: str, with_body: bool = False) -> list[tuple[str, ...]]:
    """(exhibit number and title start, note text, printed n[, text between title and
    note]) for every generated note."""
    text = flat(text)
    out: list[tuple[str, ...]] = []
    for match in NOTE.finditer(text):
        titles = list(TITLE.finditer(text, 0, match.start()))
        start = titles[-1].start() if titles else 0
        found = (text[start : start + 80], match.group(1), match.group(2))
        out.append((*found, text[start : match.start()]) if with_body else found)
    return out


@pytest.mark.parametrize(("layout", "segment"), [("rapport", "Alle"), ("brief", SEGMENT)])
def test_english_pages_have_no_danish_words_and_danish_pages_no_english(
    second_project: Build, layout: str, segment: str
) -> None:
    english, danish = english_split(second_project(layout, segment))
    assert english, "the English chapter is in the document"
    for page in english:
        for word in DANISH_WORDS:
            assert word not in page, (word, page[:400])
        if layout == "rapport":
            assert re.search(r"Page \d+ of \d+", page), "running footer in English"
    assert "Note:" in " ".join(english)
    assert "Number of observations (n)" in " ".join(english)
    for page in danish:
        for note in NOTE.finditer(flat(page)):
            for word in ENGLISH_WORDS:
                assert word not in note.group(0), (word, note.group(0))
        assert "Page " not in page
        assert not re.search(r"\bNote: ", page)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_numbers_follow_the_page_language(second_project: Build, layout: str) -> None:
    pdf = second_project(layout, SEGMENT)
    english, danish = english_split(pdf)
    for page in english:
        assert not re.search(r"\b\d{1,3}\.\d{3}\b", page), "Danish thousands on an English page"
        assert not re.search(r"\d %", page), "Danish percent spacing on an English page"
    for page in danish:
        assert not re.search(r"\b\d{1,3},\d{3}\b", page), "English thousands on a Danish page"
        assert not re.search(r"\d%", page), "English percent spacing on a Danish page"
        for _, note, n in notes(page):
            assert not re.search(r"\d%", note)
            assert "," not in n


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("segment", ["Alle", SEGMENT])
def test_no_quoted_question_ends_in_a_full_stop(
    second_project: Build, layout: str, segment: str
) -> None:
    text = flat("\n".join(page_texts(second_project(layout, segment).read_bytes())))
    assert not re.search(r"[?!][”“»«\"]\.", text), "a quoted question ends without a full stop"
    assert re.search(r"\?[”«]", text) or layout == "hovedresultater"


def test_notes_agree_in_number_and_spell_small_counts(second_project: Build) -> None:
    found = notes("\n".join(page_texts(second_project().read_bytes())))
    several = [note for _, note, _ in found if "Spørgsmålene lyder" in note]
    single = [note for _, note, _ in found if "Spørgsmålet lyder" in note]
    assert several, "the project has notes on several questions"
    assert single
    for note in several:
        assert "Spørgsmålet " not in note, note
        assert "Spørgsmålene er" in note, note
        assert not re.search(r"på \d+ spørgsmål", note), note
        assert re.search(r"på (to|tre|fire|fem|seks) spørgsmål", note), note
    for note in single:
        assert "Spørgsmålene" not in note, note
    english = [note for _, note, _ in found if "The questions read" in note]
    assert english
    assert all("The questions were" in note for note in english)
    assert all(re.search(r"answered (two|three) questions", note) for note in english)


def test_every_note_gives_the_base_of_its_exhibit(
    second_project: Build, respondents: pd.DataFrame
) -> None:
    users = respondents["besoeg"].isin(["ugentligt", "maanedligt", "sjaeldnere"]).sum()
    ages = respondents["alder"].value_counts()
    expected = {
        "Personalet får den bedste vurdering": users,
        "Flere er tilfredse end utilfredse": users,
        "Andel meget tilfredse": users,
        "De yngste dyrker mest motion": ages["16-29"] + ages["45-59"] + ages["75+"],
        "Biblioteksbesøg fordelt på alder": len(respondents),
    }
    found = notes("\n".join(page_texts(second_project().read_bytes())))
    assert len(found) >= 13
    for title, _, n in found:
        want = next((v for k, v in expected.items() if k in title), len(respondents))
        assert int(re.sub(r"[.,]", "", n)) == want, (title, n, want)


def test_a_segment_only_figure_gives_the_segment_base(
    second_project: Build, respondents: pd.DataFrame
) -> None:
    segment_n = int((respondents["alder"] == "75+").sum())
    found = notes("\n".join(page_texts(second_project("rapport", SEGMENT).read_bytes())))
    (only,) = [(t, note, n) for t, note, n in found if "Biblioteksbesøg: 75 år" in t]
    assert int(only[2].replace(".", "")) == segment_n
    assert "i gruppen 75 år og derover" in only[1]
    assert "fordelt på" not in only[1], "one group shown is not a breakdown"


@pytest.mark.parametrize("layout", ["rapport", "brief"])
def test_table_notes_equal_the_tables_base_row(second_project: Build, layout: str) -> None:
    text = "\n".join(page_texts(second_project(layout, SEGMENT).read_bytes()))
    tables = [f for f in notes(text, with_body=True) if f[0].startswith(("Tabel", "Table"))]
    assert tables
    for title, _, n, body in tables:
        row = re.search(r"(?:Antal observationer|Number of observations) \(n\) ([\d.,  ]+)", body)
        assert row, title
        bases = [int(re.sub(r"[.,]", "", x)) for x in row.group(1).split()]
        shown = int(re.sub(r"[.,]", "", n))
        # the whole population's column when the table has one, else all columns together
        assert shown in bases or shown == sum(bases), (title, n, bases)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_segment_title_is_composed_once(second_project: Build, layout: str) -> None:
    text = flat("\n".join(page_texts(second_project(layout, SEGMENT).read_bytes())))
    assert "Særudgave: 75 år og derover" in text
    assert "Alder: 75 år" not in text
    assert "Særudgave: Særudgave" not in text


def test_burst_and_build_give_one_segment_label(second_project: Build, tmp_path: Path) -> None:
    out = tmp_path / "copies"
    args = ["burst", str(PROJECT), "--by", "alder", "--values", "75+", "--no-whole"]
    result = CliRunner().invoke(cli, [*args, "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (copy,) = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["copies"]
    assert copy["label"] == "75 år og derover"
    burst = PdfReader(out / copy["output"]).metadata.title
    built = PdfReader(second_project("rapport", SEGMENT)).metadata.title
    assert burst == built
    assert burst.endswith("– 75 år og derover")


@pytest.mark.parametrize("layout", ["brief", "hovedresultater"])
def test_references_into_left_out_chapters_name_the_chapter(
    second_project: Build, layout: str
) -> None:
    text = flat("\n".join(page_texts(second_project(layout, SEGMENT).read_bytes())))
    assert "se metoden i kapitlet »Metode«" in text, "in the layout's quotation marks"
    assert not re.search(r"kapitel [5-8]\b", text), "no number of a chapter this layout lacks"
    if layout == "brief":
        assert "described in the chapter “Metode”" in text


def test_references_in_the_whole_report_keep_their_numbers(second_project: Build) -> None:
    text = flat("\n".join(page_texts(second_project().read_bytes())))
    assert "se metoden i kapitel 7" in text
    assert "described in chapter 7" in text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_nothing_of_the_example_report_leaks(second_project: Build, layout: str) -> None:
    text = flat("\n".join(page_texts(second_project(layout, SEGMENT).read_bytes()))).lower()
    for word in (
        "offentlige sektor",
        "arbejdsplads",
        "innovation",
        "hæmmede",
        "fremmede",
        "kommunal",
        "regional",
        "statslig",
        "public sector",
    ):
        assert word not in text, word
    assert "i alt" in text


def test_diverging_ends_use_the_projects_words(second_project: Build) -> None:
    text = flat("\n".join(page_texts(second_project().read_bytes())))
    assert "Utilfredse" in text
    assert "Tilfredse" in text


def test_total_label_is_set_once_for_tables_charts_and_alt_text(tmp_path: Path) -> None:
    import shutil

    from rapport.build import BuildOptions, build_report

    project = Path(shutil.copytree(PROJECT, tmp_path / "projekt"))
    definition = project / "report.yaml"
    words = '\nparameters:\n  total_label: {da: "Alle borgere", en: "All residents"}\n'
    definition.write_text(definition.read_text(encoding="utf-8") + words, encoding="utf-8")
    result = build_report(BuildOptions(project=project, segment=SEGMENT, cache_dir=tmp_path / "c"))
    text = flat("\n".join(page_texts(result.pdf)))
    assert "Procent 75 år og derover Alle borgere" in text, "the table's column"
    assert "75 år og derover Alle borgere" in text.split("Figur 3.2", 1)[1], "the chart's legend"
    assert "Per cent All residents 16-29 years" in text, "the English table's column"
    assert " I alt " not in text
    assert " Total " not in text


def figure_alts(pdf: Path) -> list[str]:
    """The alt text of every Figure in the structure tree, in document order."""
    import pikepdf

    alts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Dictionary):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            if node.get("/K") is not None:
                walk(node["/K"])
        elif isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)

    with pikepdf.open(pdf) as doc:
        walk(doc.Root.StructTreeRoot)
    return alts


def test_alt_text_is_in_the_chapters_language(second_project: Build) -> None:
    alts = figure_alts(second_project())
    english = [a for a in alts if a.startswith("The figure")]
    danish = [a for a in alts if a.startswith("Figuren")]
    assert len(english) == 2, "the English chapter's two figures"
    assert len(danish) == 10  # nine charts and the 7-point scale by age group
    for alt in english:
        for word in ("Figuren", "spørgsmål", "Ved ikke", "I alt", " og ", " %"):
            assert word not in alt, (word, alt)
    for alt in danish:
        for word in ("The figure", "questions", "Don't know", "Total", " and "):
            assert word not in alt, (word, alt)
    scales = [a for a in alts if "spørgsmål på skalaen" in a or "questions on a scale" in a]
    assert scales
    assert all(re.search(r"(for|to) (tre|fem|three) (spørgsmål|questions)", a) for a in scales)
