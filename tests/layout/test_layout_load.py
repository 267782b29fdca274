"""Loading layouts: names and paths, inheritance, merging, one pass over all problems."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from rapport.errors import LayoutError, Location
from rapport.layout.load import load_layout, locate_layout, shipped_layouts
from rapport.layout.model import MM, PAGE_SIZES, Layout
from rapport.layout.tree import Entry, merge, plain, to_tree
from rapport.resources import fonts_dir
from rapport.yamlsrc import load_yaml


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def tree_of(tmp_path: Path, text: str) -> dict[str, Entry]:
    path = write(tmp_path, "t.yaml", text)
    return to_tree(load_yaml(path, LayoutError), path)


def test_merge_is_deep_and_replaces_lists(tmp_path: Path) -> None:
    parent = tree_of(
        tmp_path,
        "page: {size: A4, margins: {top: 1, bottom: 2}}\n"
        "colors: {palette: ['#000', '#111']}\nname: p\n",
    )
    child = tree_of(tmp_path, "page: {margins: {top: 9}}\ncolors: {palette: ['#222']}\n")
    merged = plain(merge(parent, child))
    assert merged == {
        "page": {"size": "A4", "margins": {"top": 9, "bottom": 2}},
        "colors": {"palette": ["#222"]},
        "name": "p",
    }


def test_merge_lets_a_value_replace_a_section(tmp_path: Path) -> None:
    parent = tree_of(tmp_path, "tables: {zebra: '#eee'}\n")
    child = tree_of(tmp_path, "tables: null\n")
    assert plain(merge(parent, child)) == {"tables": None}


def test_merge_keeps_each_value_position(tmp_path: Path) -> None:
    parent = tree_of(tmp_path, "page:\n  size: A4\n  orientation: portrait\n")
    child = tree_of(tmp_path, "page:\n\n  orientation: landscape\n")
    merged = merge(parent, child)["page"].value
    assert merged["size"].value_at.line == 2
    assert merged["orientation"].value_at.line == 3
    assert merged["orientation"].value == "landscape"


def test_shipped_rapport_is_the_model_defaults() -> None:
    layout = load_layout("rapport")
    assert layout.name == "rapport"
    assert layout.extends is None
    assert replace(layout, name=Layout().name) == Layout()


@pytest.mark.parametrize("name", ["rapport", "hovedresultater", "brief"])
def test_shipped_layouts_validate_and_describe_themselves(name: str) -> None:
    layout = load_layout(name)
    assert layout.name == name
    assert layout.description
    assert "\n" not in layout.description


def test_at_least_three_layouts_are_shipped() -> None:
    assert {"rapport", "hovedresultater", "brief"} <= set(shipped_layouts())


def test_hovedresultater_is_a_big_type_a4_sheet() -> None:
    sheet = load_layout("hovedresultater")
    assert sheet.extends == "rapport"
    assert sheet.page.dimensions == PAGE_SIZES["A4"]
    assert not sheet.sections.colophon
    assert not sheet.sections.contents
    assert sheet.typography.base_size > Layout().typography.base_size
    assert sheet.colors == Layout().colors  # inherited unchanged


def test_brief_is_compact_sans_a5() -> None:
    brief = load_layout("brief")
    assert brief.page.size == "A5"
    assert brief.page.orientation == "portrait"
    assert brief.typography.body.name == "Liberation Sans"
    assert brief.typography.base_size < Layout().typography.base_size
    assert brief.labels == Layout().labels


def test_child_overrides_only_what_it_writes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "kl.yaml",
        "extends: brief\ncolors:\n  accent: teal\npage:\n  margins: {top: 2cm}\n",
    )
    layout = load_layout(path)
    brief = load_layout("brief")
    assert layout.name == "kl"
    assert layout.extends == "brief"
    assert layout.colors.accent == "#008080"
    assert layout.colors.text == brief.colors.text
    assert layout.page.margins.top == pytest.approx(20 * MM)
    assert layout.page.margins.inner == brief.page.margins.inner
    assert layout.page.size == "A5"


def test_extends_a_relative_file_two_levels(tmp_path: Path) -> None:
    (tmp_path / "house").mkdir()
    write(tmp_path / "house", "base.yaml", "extends: rapport\nlabels: {figure: Fig.}\n")
    write(tmp_path, "mid.yaml", "extends: house/base.yaml\nlabels: {table: Tab.}\n")
    path = write(tmp_path, "top.yaml", "extends: mid.yaml\nname: Ministeriet\n")
    layout = load_layout(path)
    assert (layout.name, layout.labels.figure, layout.labels.table) == (
        "Ministeriet",
        "Fig.",
        "Tab.",
    )


def test_all_problems_are_reported_in_one_pass(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "many.yaml",
        "page:\n  size: B5\n  margins: {top: 0mm, inner: x}\n"
        "colours: {}\ntypography:\n  base_size: 100\n  justify: 1\n",
    )
    with pytest.raises(LayoutError) as caught:
        load_layout(path)
    keys = [p.key for p in caught.value.problems]
    assert keys == [
        "page.size",
        "page.margins.inner",
        "colours",
        "typography.base_size",
        "typography.justify",
    ]
    assert str(caught.value).startswith(f"layout {str(path.resolve())!r} has 5 problems:")


def test_a_zero_margin_is_allowed_but_a_zero_size_is_not(tmp_path: Path) -> None:
    ok = write(tmp_path, "ok.yaml", "page:\n  margins: {top: 0}\n")
    assert load_layout(ok).page.margins.top == 0
    bad = write(
        tmp_path,
        "bad.yaml",
        "templates:\n  body:\n    frame: {column_gap: -1mm}\n"
        "page: {size: custom, width: 0mm, height: 10cm}\n",
    )
    with pytest.raises(LayoutError) as caught:
        load_layout(bad)
    keys = {p.key for p in caught.value.problems}
    assert {"templates.body.frame.column_gap", "page.width"} <= keys


def test_landscape_swaps_the_page(tmp_path: Path) -> None:
    text = "extends: brief\npage: {size: A4, orientation: landscape}\n"
    path = write(tmp_path, "land.yaml", text)
    width, height = load_layout(path).page.dimensions
    assert width > height


def test_custom_size(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", "page: {size: custom, width: 17cm, height: 24cm}\n")
    assert load_layout(path).page.dimensions == pytest.approx((170 * MM, 240 * MM))


def test_local_fonts_resolve_next_to_the_layout(tmp_path: Path) -> None:
    (tmp_path / "my").mkdir()
    source = fonts_dir() / "liberation-sans" / "LiberationSans-Bold.ttf"
    (tmp_path / "my" / "House-Bold.ttf").write_bytes(source.read_bytes())
    path = write(tmp_path, "f.yaml", "typography:\n  heading:\n    bold: my/House-Bold.ttf\n")
    layout = load_layout(path)
    assert Path(layout.typography.heading.bold) == (tmp_path / "my" / "House-Bold.ttf").resolve()
    assert layout.typography.heading.regular == Layout().typography.heading.regular


def test_names_are_found_in_the_search_folder_first(tmp_path: Path) -> None:
    write(tmp_path, "brief.yaml", "extends: rapport\ndescription: local brief\n")
    assert load_layout("brief", search=tmp_path).description == "local brief"
    assert load_layout("brief").description != "local brief"
    assert locate_layout("brief.yaml", search=tmp_path) == (tmp_path / "brief.yaml").resolve()


def test_unknown_layout_name_suggests_a_shipped_one() -> None:
    with pytest.raises(LayoutError, match="no layout called 'breif'") as caught:
        load_layout("breif")
    assert caught.value.hint == "did you mean 'brief'?"


def test_missing_layout_file() -> None:
    with pytest.raises(LayoutError, match="does not exist"):
        load_layout("nowhere/mine.yaml")


def test_problems_carry_key_value_and_expectation(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", "figures:\n  aspect: 9\n")
    with pytest.raises(LayoutError) as caught:
        load_layout(path)
    (problem,) = caught.value.problems
    assert problem.location == Location(path.resolve(), 2, 11)
    assert (problem.key, problem.found, problem.expected) == (
        "figures.aspect",
        "9",
        "a number from 0.15 to 2",
    )
    assert problem.hint == "use a value from 0.15 to 2"


def test_bundled_fonts_pass_the_full_font_check() -> None:
    """Builds skip the check for bundled fonts; it must hold for them all the same."""
    from rapport.layout import convert
    from rapport.resources import fonts_dir

    files = sorted(fonts_dir().glob("*/*.ttf"))
    assert len(files) == 8
    for path in files:
        assert path.name in convert._BUNDLED
        assert convert.check_font_file(path) is None


def test_a_file_called_layout_yaml_is_named_after_what_it_extends(tmp_path: Path) -> None:
    """'layout' is not a name worth printing in the colophon; other file names are."""
    plain_file = write(tmp_path, "layout.yaml", "extends: brief\n")
    assert load_layout(plain_file).name == "brief"
    named = write(tmp_path, "house.yaml", "extends: layout.yaml\nname: Husets A5\n")
    assert load_layout(named).name == "Husets A5"
    assert load_layout(write(tmp_path, "a5.yaml", "extends: house.yaml\n")).name == "a5"


def test_derived_colours_follow_the_accent_unless_set(tmp_path: Path) -> None:
    red = load_layout(write(tmp_path, "red.yaml", "extends: brief\ncolors: {accent: '#8b0000'}\n"))
    assert red.tables.header_background == "#8b0000"
    assert red.colors.palette[0] == "#8b0000"
    assert red.tables.zebra == "#f7eded"  # 7 % of the accent in white
    assert red.colors.rule == "#dcb2b2"  # 30 %
    own = write(
        tmp_path,
        "own.yaml",
        "extends: red.yaml\ntables: {header_background: navy, zebra: null}\n",
    )
    kept = load_layout(own)
    assert kept.tables.header_background == "#000080"
    assert kept.tables.zebra is None
    assert kept.colors.palette[0] == "#8b0000"


def test_accent_tint_must_be_a_share(tmp_path: Path) -> None:
    with pytest.raises(LayoutError, match="accent 140%"):
        load_layout(write(tmp_path, "bad.yaml", "extends: rapport\ntables: {zebra: accent 140%}\n"))
