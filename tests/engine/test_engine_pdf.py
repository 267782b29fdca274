"""The PDF itself: pages, text, footers, contents page numbers, outline, fonts, metadata."""

from __future__ import annotations

import re
from pathlib import Path

from engine_pdf import all_text, embedded, flat, outline_titles, page_texts, reader

from rapport.build import BuildOptions, BuildResult, build_report


def test_page_count_matches_the_file(mini_build: BuildResult) -> None:
    assert mini_build.pages == len(reader(mini_build.pdf).pages) >= 6


def test_every_numbered_page_has_side_x_af_y(mini_build: BuildResult) -> None:
    pages = page_texts(mini_build.pdf)
    total = len(pages)
    footers = {
        i + 1
        for i, text in enumerate(pages)
        if f"Side {i + 1} af {total}" in text or f"Page {i + 1} of {total}" in text
    }
    # cover and colophon carry no footer; every other page does
    assert footers == set(range(3, total)) | ({total} if "Side" in pages[-1] else set())
    assert not re.search(rf"Side \d+ af (?!{total})\d+", all_text(mini_build.pdf))


def test_contents_page_numbers_match_where_chapters_start(mini_build: BuildResult) -> None:
    pages = page_texts(mini_build.pdf)
    contents = next(t for t in pages if "Indhold" in t)
    entries = re.findall(r"^(\d) ([^\n.]+?)[ .]+(\d+)$", contents, flags=re.M)
    assert [e[1] for e in entries] == ["Første kapitel", "Metode", "Summary in English"]
    for _, title, page in entries:
        first_line = [ln for ln in pages[int(page) - 1].splitlines() if ln.strip()]
        assert title in "\n".join(first_line[:3]), (title, page)


def test_outline_mirrors_headings(mini_build: BuildResult) -> None:
    assert outline_titles(mini_build.pdf) == [
        (0, "Indhold"),
        (0, "1 Første kapitel"),
        (1, "1.1 Et afsnit"),
        (0, "2 Metode"),
        (1, "2.1 Data"),
        (0, "3 Summary in English"),
    ]


def test_metadata(mini_build: BuildResult) -> None:
    pdf = reader(mini_build.pdf)
    info = pdf.metadata
    assert info.title == "Testrapport"
    assert info.author == "Anna Andersen, Bo Bentsen"
    assert info.subject == "En lille rapport til tests"
    assert "test" in (info.get("/Keywords") or "")
    assert re.fullmatch(r"rapport \d+\.\d+\.\d+", info.creator or "")
    assert info.get("/CreationDate", "").startswith("D:20150421")
    assert str(pdf.trailer["/Root"]["/Lang"]) == "da-DK"


def test_only_bundled_fonts_all_embedded(mini_build: BuildResult) -> None:
    fonts = embedded(mini_build.pdf)
    assert fonts
    assert all(name.startswith("Liberation") for name in fonts), fonts
    assert all(fonts.values()), fonts


def test_danish_numbers_from_the_data(mini_build: BuildResult) -> None:
    text = flat(all_text(mini_build.pdf))
    assert "I alt svarede 1.255 arbejdspladser" in text
    assert "79 procent, det vil sige otte ud af ti" in text
    assert "79,4 procent med én decimal og 79 % med tegn" in text
    assert "8 procentpoint" in text
    assert "Figur 1.1 Otte ud af ti samarbejder" in text
    assert "n=1.255" in text
    assert "nan" not in text.lower().split()


def test_english_chapter_uses_english_numbers(mini_build: BuildResult) -> None:
    text = flat(all_text(mini_build.pdf))
    assert "Of all workplaces, 79 per cent collaborate, that is eight out of ten" in text
    assert "(Figure 1.1)" in text


def test_data_strings_render_literally(mini_build: BuildResult) -> None:
    text = flat(all_text(mini_build.pdf))
    literal = "A<b>fed</b> & {{ x }} *ikke kursiv* @fig:x"
    assert text.count(literal) == 3  # colophon, running text, table cell


def test_tables_show_numbers_and_n_row(mini_build: BuildResult) -> None:
    text = flat(all_text(mini_build.pdf))
    assert re.search(r"Telefon 48 45 53", text)
    assert re.search(r"Antal observationer \(n\) 1\.255 800 455", text)


def test_same_inputs_give_identical_bytes(mini: Path, mini_build: BuildResult) -> None:
    again = build_report(BuildOptions(project=mini))
    assert again.pdf == mini_build.pdf


def test_warm_cache_gives_identical_bytes_and_draws_nothing(
    mini: Path, tmp_path: Path, mini_build: BuildResult
) -> None:
    options = BuildOptions(project=mini, cache_dir=tmp_path / "cache")
    cold = build_report(options)
    warm = build_report(options)
    assert cold.pdf == warm.pdf == mini_build.pdf
    assert cold.charts_drawn == 2
    assert (warm.charts_drawn, warm.charts_cached) == (0, 2)
    assert {p.name for p in (tmp_path / "cache").iterdir()} == {
        "chapters",
        "charts",
        "data",
        "exhibits",
        "lines",
        "render",
    }


def test_text_change_redraws_no_chart(mini: Path, tmp_path: Path) -> None:
    options = BuildOptions(project=mini, cache_dir=tmp_path / "cache")
    build_report(options)
    chapter = mini / "chapters" / "02.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nEn ny sætning.\n", encoding="utf-8")
    after = build_report(options)
    assert after.charts_drawn == 0
    assert "En ny sætning." in all_text(after.pdf)


def test_capitalised_reference_and_english_footer(mini_build: BuildResult) -> None:
    pages = page_texts(mini_build.pdf)
    assert "Figur 2.1 viser kanalerne" in flat(all_text(mini_build.pdf))
    english = next(i for i, t in enumerate(pages) if "Summary in English" in t and "Of all" in t)
    assert f"Page {english + 1} of {len(pages)}" in pages[english]
