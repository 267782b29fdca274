"""What the page checks build: every shipped layout × the projects and tailored copies."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from rapport.build import BuildResult

SECOND = Path(__file__).parents[1] / "projects" / "fritidsvaner"
LAYOUTS = ("rapport", "brief", "hovedresultater")
COPIES = (
    "Alle",
    "sektor=kommunal",  # a sector
    "region=nordjylland",  # a region
    "kommune=København",  # the largest municipality
    "kommune=Læsø",  # one of the smallest
)


@dataclass(frozen=True)
class Case:
    project: str  # "default", "template" or "second"
    layout: str
    segment: str = "Alle"

    @property
    def id(self) -> str:
        copy = "" if self.segment == "Alle" else f"-{self.segment}"
        return f"{self.project}-{self.layout}{copy}"


CASES = [
    *(Case("default", layout, copy) for layout in LAYOUTS for copy in COPIES),
    *(Case(project, layout) for project in ("template", "second") for layout in LAYOUTS),
    *(Case("second", layout, "alder=75+") for layout in LAYOUTS),  # a tailored copy
]


@dataclass
class Built:
    case: Case
    result: BuildResult
    folder: Path

    @property
    def pdf(self) -> pdfium.PdfDocument:
        return pdfium.PdfDocument(self.result.pdf)
