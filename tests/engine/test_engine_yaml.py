"""The fast (libyaml) YAML path gives the same values and positions as ruamel.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from rapport.errors import ProjectError
from rapport.resources import default_project_dir, layouts_dir
from rapport.yamlsrc import key_location, load_yaml, plain, value_location

SOURCE = """a: yes
b: no
c: 1:30
d: 010
e: 2015-04-21
f: 1.5
g: ~
h: true
i: "x"
j: .5
k: on
l:
m: [1, x, 2.0]
n:
  - {p: 1, q: [a, b]}
"""


def _same(a: object, b: object, path: Path) -> None:
    if isinstance(a, dict):
        assert list(a) == list(b)  # type: ignore[arg-type]
        for key in a:
            assert key_location(a, key, path) == key_location(b, key, path)
            if a[key] is not None:  # an empty value has no place of its own
                assert value_location(a, key, path) == value_location(b, key, path)
            _same(a[key], b[key], path)  # type: ignore[index]
    elif isinstance(a, list):
        assert len(a) == len(b)  # type: ignore[arg-type]
        for i, (x, y) in enumerate(zip(a, b, strict=True)):  # type: ignore[call-overload]
            assert key_location(a, i, path) == key_location(b, i, path)
            _same(x, y, path)
    else:
        assert a == b
        assert isinstance(
            b, type(a).__mro__[-2] if type(a).__module__.startswith("ruamel") else type(a)
        )


MERGED = """base: &base
  x: 1
  y: [a, b]
other:
  <<: *base
  y: 2
"""


@pytest.mark.parametrize(
    "text", [SOURCE, None, *(p.name for p in sorted(layouts_dir().glob("*.yaml")))]
)
def test_fast_path_matches_ruamel(tmp_path: Path, text: str | None) -> None:
    """Also every shipped layout (read through the fast path since layouts load fast)."""
    if text is None:
        path = default_project_dir() / "report.yaml"
    elif text.endswith(".yaml"):
        path = layouts_dir() / text
    else:
        path = tmp_path / "x.yaml"
        path.write_text(text, encoding="utf-8")
    _same(load_yaml(path, ProjectError), load_yaml(path, ProjectError, fast=True), path)


def test_a_merge_key_is_merged_as_ruamel_merges_it(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(MERGED, encoding="utf-8")
    fast, ruamel = (plain(load_yaml(path, ProjectError, fast=f)) for f in (True, False))
    assert fast == ruamel
    assert fast["other"] == {"x": 1, "y": 2}


def test_duplicates_and_special_scalars_fall_back(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="malformed YAML") as info:
        load_yaml(path, ProjectError, fast=True)
    assert info.value.location is not None
    path.write_text("o: 0o17\nx: 0x1F\n", encoding="utf-8")
    assert dict(load_yaml(path, ProjectError, fast=True)) == {"o": 15, "x": 31}
