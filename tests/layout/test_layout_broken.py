"""The broken-layout corpus: every file fails with a located, teaching LayoutError."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from rapport.errors import LayoutError
from rapport.layout.cli import make_layouts
from rapport.layout.load import load_layout

BROKEN = Path(__file__).parent / "broken"

# file: (file the mistake is in, line, column, key, fragment of the message or hint)
EXPECTED: dict[str, tuple[str, int, int, str, str]] = {
    "base_size_zero.yaml": ("", 2, 14, "typography.base_size", "from 5 to 24"),
    "colour_as_comment.yaml": ("", 2, 3, "colors.accent", "'#' starts a comment"),
    "colour_bad_hex.yaml": ("", 2, 22, "tables.header_background", "six hex digits"),
    "colour_name_misspelt.yaml": ("", 3, 11, "colors.accent", "did you mean 'navy'?"),
    "columns_too_narrow.yaml": ("", 5, 16, "templates.body.frame.columns", "fewer columns"),
    "columns_zero.yaml": ("", 3, 22, "templates.chapter.frame.columns", "from 1 to 4"),
    "custom_size_without_height.yaml": ("", 2, 9, "page.height", "add 'height:"),
    "empty_file.yaml": ("", 1, 1, "", "layouts init rapport"),
    "extends_cycle.yaml": ("parents/cycle.yaml", 2, 10, "extends", "in a circle"),
    "extends_missing_file.yaml": ("", 1, 10, "extends", "relative to this file"),
    "extends_unknown.yaml": ("", 1, 10, "extends", "did you mean 'rapport'?"),
    "figure_width_too_large.yaml": ("", 2, 10, "figures.width", "from 0.2 to 1"),
    "font_missing.yaml": ("", 4, 14, "typography.body.regular", "relative to the layout file"),
    "font_not_a_font.yaml": ("", 3, 11, "typography.heading.bold", "not a font file"),
    "font_postscript.yaml": ("", 3, 14, "typography.heading.regular", "glyf outlines"),
    "font_without_danish.yaml": ("", 3, 13, "typography.body.italic", "no glyphs for 'æ'"),
    "footer_unbalanced_brace.yaml": ("", 2, 17, "running.footer_right", "close every '{'"),
    "frame_outside_page.yaml": ("", 4, 12, "templates.body.frame.top", "outside the page"),
    "header_unknown_field.yaml": ("", 2, 16, "running.header_left", "did you mean {title}?"),
    "label_not_text.yaml": ("", 2, 11, "labels.figure", "put the text in quotes"),
    "leading_too_large.yaml": ("", 2, 12, "typography.leading", "from 1 to 2.5"),
    "malformed_yaml.yaml": ("", 3, 15, "", "check indentation"),
    "margins_leave_no_room.yaml": ("", 4, 12, "page.margins.inner", "margins leave no room"),
    "negative_margin.yaml": ("", 3, 10, "page.margins.top", "of at least 0"),
    "null_section_value.yaml": ("", 2, 3, "cover.band_height", "delete the line"),
    "orientation_misspelt.yaml": ("", 2, 16, "page.orientation", "did you mean 'landscape'?"),
    "palette_bad_item.yaml": ("", 4, 7, "colors.palette", "did you mean 'blue'?"),
    "palette_empty.yaml": ("", 2, 12, "colors.palette", "at least one colour"),
    "parent_broken.yaml": (
        "parents/broken_parent.yaml",
        4,
        12,
        "page.margins.outer",
        "units mm, cm, pt or in",
    ),
    "percent_style_unknown.yaml": ("", 2, 12, "numbers.percent", "one of symbol, pct, procent"),
    "quoted_number.yaml": ("", 2, 14, "typography.base_size", "without quotes"),
    "section_as_text.yaml": ("", 2, 9, "typography.body", "indent the keys"),
    "size_not_a_choice.yaml": ("", 2, 9, "page.size", "did you mean 'A5'?"),
    "size_wrong_case.yaml": ("", 2, 9, "page.size", "case-sensitive"),
    "top_level_list.yaml": ("", 1, 1, "", "mapping of keys"),
    "unknown_nested_key.yaml": ("", 3, 3, "page.widht", "did you mean 'width'?"),
    "unknown_top_key.yaml": ("", 2, 1, "colours", "did you mean 'colors'?"),
    "unknown_unit.yaml": ("", 3, 12, "page.margins.inner", "'20px'"),
    "width_without_custom.yaml": ("", 3, 10, "page.width", "size: custom"),
    "yes_is_not_true.yaml": ("", 2, 12, "typography.justify", "true or false"),
    "zebra_as_comment.yaml": ("", 2, 3, "tables.zebra", "'#eef2f4' is read as a YAML comment"),
    "number_not_finite.yaml": ("", 2, 10, "typography.scale", "from 1 to 2"),
    "key_in_wrong_section.yaml": ("", 1, 1, "margins", "did you mean page.margins?"),
    "merge_key_unknown.yaml": ("", 2, 3, "page.colour", "allowed keys here: size"),
}


def test_corpus_is_complete() -> None:
    files = sorted(p.name for p in BROKEN.glob("*.yaml"))
    assert files == sorted(EXPECTED)
    assert len(files) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_layout_is_explained(name: str) -> None:
    in_file, line, column, key, fragment = EXPECTED[name]
    where = (BROKEN / (in_file or name)).resolve()
    with pytest.raises(LayoutError) as caught:
        load_layout(BROKEN / name)
    text = str(caught.value)
    assert f"{where}:{line}:{column}: {key}" in text
    assert fragment in text
    assert "Traceback" not in text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_problem_is_located_with_a_hint(name: str) -> None:
    with pytest.raises(LayoutError) as caught:
        load_layout(BROKEN / name)
    problems = caught.value.problems or (caught.value,)
    for problem in problems:
        assert problem.location is not None
        assert problem.location.line is not None
        assert problem.location.column is not None
        assert problem.hint


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_check_command_raises_layout_error(name: str) -> None:
    result = CliRunner().invoke(
        make_layouts(), ["check", str(BROKEN / name)], standalone_mode=False
    )
    assert isinstance(result.exception, LayoutError)
    assert result.exception.exit_code == 1
    assert "ok:" not in result.output
