"""Helpers for the stage tests: render a small story as the build does, read its text."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader
from reportlab.platypus import Flowable

from rapport.layout.model import Layout
from rapport.postprocess import finish_pdf
from rapport.render import Metadata, Running, render_pdf
from rapport.styles import Fonts

META = Metadata("Prøve", "Forfatter", "Emne", ("a", "b"), "da-DK", "rapport test")


def render(story: list[Flowable], layout: Layout, fonts: Fonts) -> bytes:
    """Render and finish a story as the build does (tagged), returning the PDF bytes."""
    raw, _, hint = render_pdf(story, layout, fonts, META, Running())
    return finish_pdf(raw, dt.date(2026, 1, 2), META, hint.tags)


def pdf_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
