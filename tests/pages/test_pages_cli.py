"""``rapport build --format png``: the key-figures sheet as images for print and the web."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from rapport.cli import cli


def test_the_sheet_is_written_as_print_and_screen_png(tmp_path: Path) -> None:
    target = tmp_path / "ark.png"
    result = CliRunner().invoke(
        cli, ["build", "--layout", "hovedresultater", "--format", "png", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    sizes = {}
    for kind in ("print", "screen"):
        path = tmp_path / f"ark-{kind}.png"
        assert f"wrote {path}" in result.output
        with Image.open(path) as image:
            sizes[kind] = image.size
            histogram = image.convert("L").histogram()
            dark = sum(histogram[:128])
            assert dark > image.size[0] * image.size[1] / 100  # ink on the page, not blank
    # A4 at 300 and 96 dpi
    assert sizes["print"] == pytest.approx((2480, 3508), abs=2)
    assert sizes["screen"] == pytest.approx((794, 1123), abs=2)
    assert not list(tmp_path.glob("*.pdf"))
