"""Render every page of the default report in each shipped layout into ``docs/layouts/``.

Writes ``docs/layouts/<layout>-pNN.png`` at a low resolution (for looking through a
layout at a glance, and for reviewing a change page by page) and
``docs/hovedresultater.png``, the key-figures sheet at screen resolution as
``rapport build --layout hovedresultater --format png`` writes it (shown in the README).
Old page images of a layout are removed first, so a layout that got shorter leaves none
behind.

Run from the repository root:  .venv/bin/python tools/render_layouts.py [--dpi 40]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from rapport.build import BuildOptions, build_report
from rapport.layout.load import shipped_layouts
from rapport.preview import render_pages, write_images

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "layouts"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=40)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        for name in shipped_layouts():
            result = build_report(BuildOptions(layout=name, cache_dir=cache))
            for old in OUT.glob(f"{name}-p*.png"):
                old.unlink()
            pages = render_pages(result.pdf, f"1-{result.pages}", args.dpi, Path(tmp) / name)
            for page in pages:
                _small(page, OUT / f"{name}-p{page.stem.split('-')[1]}.png")
            print(f"{name}: {len(pages)} page(s) → {OUT.relative_to(ROOT)}")
            if name == "hovedresultater":
                images = write_images(result.pdf, Path(tmp) / "sheet.png")
                shutil.move(images[1], ROOT / "docs" / "hovedresultater.png")


def _small(source: Path, target: Path) -> None:
    """The page with a 64-colour palette: a fraction of the size, still clear at a glance."""
    from PIL import Image

    with Image.open(source) as image:
        image.convert("RGB").quantize(64).save(target, optimize=True)


if __name__ == "__main__":
    main()
