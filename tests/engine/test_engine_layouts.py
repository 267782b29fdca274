"""Every shipped layout builds the mini project; the cover stays on its page."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_pdf import page_texts, reader

from rapport.build import BuildOptions, build_report
from rapport.layout.load import load_layout


@pytest.mark.parametrize("name", ["rapport", "brief", "hovedresultater"])
def test_shipped_layout_builds(mini: Path, name: str) -> None:
    result = build_report(BuildOptions(project=mini, layout=name))
    pages = page_texts(result.pdf)
    layout = load_layout(name)
    width, height = layout.page.dimensions
    box = reader(result.pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (round(width), round(height))
    if layout.sections.cover:
        assert "Testcentret" in pages[0]
        assert "2. udgave" in pages[0]
        if not layout.sections.colophon:
            assert "2. udgave" not in pages[1]  # nothing of the cover spilled over
    assert "Første kapitel" in "\n".join(pages)
    if layout.sections.only_tagged:
        assert "Summary in English" not in "\n".join(pages)
