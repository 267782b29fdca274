"""The chart cache: keyed on spec, drawn data, style, width and versions; atomic writes."""

from __future__ import annotations

from dataclasses import replace
from importlib.metadata import version

from chart_sample import spec

from rapport.charts import ChartCache, draw_chart
from rapport.charts.cache import installed_version, matplotlib_version

WIDTH = 360.0


def test_identical_input_hits_and_replays_the_same_drawing(tmp_path, data, style, figures_closed):
    cache = ChartCache(tmp_path)
    first = draw_chart(spec("grouped"), data, style, WIDTH, cache=cache)
    second = draw_chart(spec("grouped"), data.copy(), style, WIDTH, cache=cache)
    assert (cache.hits, cache.misses) == (1, 1)
    assert second.display == first.display
    assert second.alt_text == first.alt_text
    assert len(figures_closed) == 1  # the hit drew nothing


def test_a_fresh_cache_object_reads_what_an_earlier_build_wrote(tmp_path, data, style):
    draw_chart(spec("bar"), data, style, WIDTH, cache=ChartCache(tmp_path))
    again = ChartCache(tmp_path)
    draw_chart(spec("bar"), data, style, WIDTH, cache=again)
    assert (again.hits, again.misses) == (1, 0)


def test_one_changed_value_misses(tmp_path, data, style):
    cache = ChartCache(tmp_path)
    draw_chart(spec("bar"), data, style, WIDTH, cache=cache)
    data.loc[(data["indicator"] == "genbrug") & (data["category"] == "kopi"), "value"] = 16.4
    changed = draw_chart(spec("bar"), data, style, WIDTH, cache=cache)
    assert (cache.hits, cache.misses) == (0, 2)
    assert "16\u00a0%" in changed.display.texts()  # rounds the same, still redrawn


def test_a_changed_status_or_label_misses(tmp_path, data, style):
    cache = ChartCache(tmp_path)
    draw_chart(spec("bar"), data, style, WIDTH, cache=cache)
    row = (data["indicator"] == "genbrug") & (data["category"] == "kopi")
    data.loc[row, "status"] = "secondary"
    draw_chart(spec("bar"), data, style, WIDTH, cache=cache)
    data.loc[row, "label"] = "Kopi"
    draw_chart(spec("bar"), data, style, WIDTH, cache=cache)
    assert (cache.hits, cache.misses) == (0, 3)


def test_rows_the_chart_does_not_draw_do_not_matter(tmp_path, data, style):
    cache = ChartCache(tmp_path)
    draw_chart(spec("bar"), data, style, WIDTH, cache=cache)
    data.loc[data["indicator"] == "medarbejdere", "value"] = 1.0
    draw_chart(spec("bar"), data, style, WIDTH, cache=cache)
    assert (cache.hits, cache.misses) == (1, 1)


def test_style_width_and_spec_changes_miss(tmp_path, data, style):
    cache = ChartCache(tmp_path)
    draw_chart(spec("bar"), data, style, WIDTH, cache=cache)
    draw_chart(spec("bar"), data, replace(style, highlight="#000000"), WIDTH, cache=cache)
    draw_chart(spec("bar"), data, replace(style, base_size=9.0), WIDTH, cache=cache)
    draw_chart(spec("bar"), data, style, WIDTH + 1, cache=cache)
    draw_chart(spec("bar", aspect=0.5), data, style, WIDTH, cache=cache)
    assert (cache.hits, cache.misses) == (0, 5)


def test_the_number_style_is_part_of_the_key(tmp_path, data, style, english_style):
    cache = ChartCache(tmp_path)
    draw_chart(spec("bar"), data, style, WIDTH, cache=cache)
    english = draw_chart(spec("bar"), data, english_style, WIDTH, cache=cache)
    assert cache.misses == 2
    assert "57%" in english.display.texts()


def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path, data, style):
    cache = ChartCache(tmp_path / "charts")
    draw_chart(spec("stacked"), data, style, WIDTH, cache=cache)
    files = sorted(p.name for p in (tmp_path / "charts").iterdir())
    assert len(files) == 1
    assert files[0].endswith(".entry")
    assert len(files[0]) == 64 + len(".entry")


def test_a_damaged_entry_is_a_miss_and_is_rewritten(tmp_path, data, style):
    cache = ChartCache(tmp_path)
    draw_chart(spec("bar"), data, style, WIDTH, cache=cache)
    entry = next(tmp_path.iterdir())
    entry.write_bytes(b"not a pickle")
    redrawn = draw_chart(spec("bar"), data, style, WIDTH, cache=cache)
    assert cache.misses == 2
    assert redrawn.display.texts()
    assert ChartCache(tmp_path).get(entry.stem) == redrawn.display


REPLAY = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from chart_sample import frame, spec
from rapport.charts import ChartCache, ChartStyle, draw_chart
from rapport.fonts import register_family
from rapport.formatting import Formatter
from rapport.layout.model import Layout
style = ChartStyle.from_layout(Layout(), register_family(Layout().typography.heading),
                               Formatter())
cache = ChartCache(Path({folder!r}))
chart = draw_chart(spec("stacked"), frame(), style, 360.0, cache=cache)
print(cache.hits, cache.misses, "matplotlib.figure" in sys.modules, len(chart.display.ops))
"""


def test_a_cache_hit_does_not_import_matplotlib_drawing(tmp_path, data, style):
    import subprocess
    import sys
    from pathlib import Path

    chart = draw_chart(spec("stacked"), data, style, WIDTH, cache=ChartCache(tmp_path))
    code = REPLAY.format(tests=str(Path(__file__).parent), folder=str(tmp_path))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["1", "0", "False", str(len(chart.display.ops))]


def test_the_matplotlib_version_in_the_key_is_the_installed_one():
    assert matplotlib_version() == version("matplotlib")


def test_a_version_is_read_from_the_one_dist_info_folder(tmp_path, monkeypatch):
    (tmp_path / "fakepkg").mkdir()
    (tmp_path / "fakepkg" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "fakepkg-1.2.3.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    assert installed_version("fakepkg") == "1.2.3"
    (tmp_path / "fakepkg-1.2.4.dist-info").mkdir()  # a stale second one: not trusted
    assert installed_version("fakepkg") is None
    assert installed_version("no_such_package_here") is None
