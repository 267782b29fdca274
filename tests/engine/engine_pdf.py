"""Helpers for reading built PDFs in tests (pypdf, pure Python)."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

NBSP = "\u00a0"


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """Text of every page (PDFium, reading order), NBSP normalised, hyphenation undone.

    PDFium joins words hyphenated at a line end and marks the joint with U+FFFE (or
    U+0002); the marker is removed so words read whole.
    """
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        out = []
        for page in doc:
            text = page.get_textpage().get_text_range()
            text = text.replace("\r\n", "\n").replace(NBSP, " ").replace("\u202f", " ")
            text = text.replace("\ufffe", "").replace("\x02", "")
            out.append(re.sub(r"[ \t]+", " ", text))
        return out
    finally:
        doc.close()


def all_text(pdf: bytes) -> str:
    return "\n".join(page_texts(pdf))


def flat(text: str) -> str:
    """Whitespace-insensitive form for phrases that may wrap across lines."""
    return re.sub(r"\s+", " ", text)


def outline_titles(pdf: bytes) -> list[tuple[int, str]]:
    """(depth, title) for every outline entry, in order."""
    result: list[tuple[int, str]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                result.append((depth, str(item.title)))

    walk(reader(pdf).outline, 0)
    return result


def font_names(pdf: bytes) -> set[str]:
    """BaseFont names of every font resource, subset prefixes stripped, and whether embedded."""
    names = set()
    for page in reader(pdf).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            names.add(re.sub(r"^[A-Z]{6}\+", "", str(font["/BaseFont"]).lstrip("/")))
    return names


def embedded(pdf: bytes) -> dict[str, bool]:
    out = {}
    for page in reader(pdf).pages:
        for ref in page.get("/Resources", {}).get("/Font", {}).values():
            font = ref.get_object()
            name = re.sub(r"^[A-Z]{6}\+", "", str(font["/BaseFont"]).lstrip("/"))
            descendants = font.get("/DescendantFonts")
            desc = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            out[name] = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return out
