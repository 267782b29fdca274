"""A long table splits across pages and repeats its header row on each."""

from __future__ import annotations

from pathlib import Path

from engine_pdf import page_texts

from rapport.build import BuildOptions, build_report


def test_long_table_repeats_its_header(mini: Path) -> None:
    rows = [f"lang,k{i:02d},Alle,{(i * 7) % 100}.5,1255,Kategori nummer {i:02d}" for i in range(90)]
    results = mini / "data" / "results.csv"
    results.write_text(
        results.read_text(encoding="utf-8") + "\n".join(rows) + "\n", encoding="utf-8"
    )
    definition = mini / "report.yaml"
    definition.write_text(
        definition.read_text(encoding="utf-8")
        + """
  lang:
    title: "En meget lang tabel"
    source: res
    rows: {indicator: lang}
    columns: [Alle]
    column_labels: {Alle: Andel i alt}
    digits: 1
""",
        encoding="utf-8",
    )
    chapter = mini / "chapters" / "02.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + "\n```{table} lang\n```\n", encoding="utf-8"
    )
    pages = page_texts(build_report(BuildOptions(project=mini)).pdf)
    holding = [i for i, t in enumerate(pages) if "Kategori nummer" in t]
    assert len(holding) >= 2
    for i in holding:
        assert "Andel i alt" in pages[i], i
    assert "Kategori nummer 89 23,5" in "\n".join(pages)
    assert "Kategori nummer 00 0,5" in "\n".join(pages)
