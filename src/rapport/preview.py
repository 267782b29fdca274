"""Render chosen pages of a built PDF to PNG files (pypdfium2), for quick looks at layouts."""

from __future__ import annotations

from pathlib import Path

from .errors import RapportError, UsageError


def parse_pages(spec: str, count: int) -> list[int]:
    """``"1-3,7"`` → ``[1, 2, 3, 7]`` (1-based, clipped to the document)."""
    pages: list[int] = []
    for part in spec.split(","):
        first, _, last = part.strip().partition("-")
        try:
            lo, hi = int(first), int(last or first)
        except ValueError as exc:
            raise UsageError(
                f"--pages has value {spec!r}", hint="use page numbers and ranges such as 1-3,7"
            ) from exc
        pages += [p for p in range(lo, hi + 1) if 1 <= p <= count]
    if not pages:
        raise UsageError(f"--pages {spec!r} selects no page of a {count}-page document")
    return sorted(set(pages))


def render_pages(pdf: bytes, spec: str, dpi: int, out: Path) -> list[Path]:
    """Write ``page-NN.png`` files for the chosen pages; returns their paths."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for number in parse_pages(spec, len(doc)):
            image = doc[number - 1].render(scale=dpi / 72).to_pil()
            path = out / f"page-{number:02d}.png"
            image.save(path)
            paths.append(path)
        return paths
    finally:
        doc.close()


RESOLUTIONS = {"print": 300, "screen": 96}
"""The PNG copies ``rapport build --format png`` writes: for print and for the web."""


def write_images(pdf: bytes, target: Path) -> list[Path]:
    """Every page as PNG at each of :data:`RESOLUTIONS`, atomically, beside ``target``:
    ``NAME-print.png`` and ``NAME-screen.png`` (``NAME-p2-print.png`` … from page 2)."""
    import io

    import pypdfium2 as pdfium

    from .write import write_atomic

    doc = pdfium.PdfDocument(pdf)
    try:
        paths = []
        for index in range(len(doc)):
            page = "" if index == 0 else f"-p{index + 1}"
            for kind, dpi in RESOLUTIONS.items():
                buffer = io.BytesIO()
                doc[index].render(scale=dpi / 72).to_pil().save(
                    buffer, format="PNG", dpi=(dpi, dpi)
                )
                path = target.with_name(f"{target.stem}{page}-{kind}.png")
                try:
                    paths.append(write_atomic(buffer.getvalue(), path))
                except OSError as exc:
                    raise RapportError(
                        f"cannot write {str(path)!r}: {exc.strerror}",
                        hint="choose an output folder you can write to",
                    ) from exc
        return paths
    finally:
        doc.close()
