"""Chart specs: one record per kind, strict validation with locations and hints."""

from __future__ import annotations

from pathlib import Path

import pytest
from chart_sample import SPECS

from rapport.charts import (
    BarSpec,
    BignumberSpec,
    DivergingSpec,
    DotplotSpec,
    GroupedSpec,
    StackedSpec,
    TimeseriesSpec,
    parse_chart_spec,
)
from rapport.errors import ChartError, Location
from rapport.yamlsrc import load_yaml

EXPECTED = {
    "bar": BarSpec,
    "grouped": GroupedSpec,
    "stacked": StackedSpec,
    "diverging": DivergingSpec,
    "timeseries": TimeseriesSpec,
    "dotplot": DotplotSpec,
    "bignumber": BignumberSpec,
}


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_each_kind_builds_its_record_with_source_and_indicators(kind):
    spec = parse_chart_spec(SPECS[kind])
    assert type(spec) is EXPECTED[SPECS[kind]["kind"]]
    assert spec.kind == SPECS[kind]["kind"]
    assert spec.source == "survey"
    raw = SPECS[kind]
    assert spec.indicators == tuple(raw.get("indicators") or [raw["indicator"]])


def test_brief_example_parses_to_frozen_bar_spec():
    spec = parse_chart_spec(
        {
            "kind": "bar",
            "source": "survey",
            "indicator": "genbrug",
            "categories": ["foerste", "tilpasset", "kopi"],
            "groups": ["Alle"],
            "sort": "descending",
            "exclude": ["ved_ikke"],
            "aspect": 0.45,
        }
    )
    assert spec == BarSpec(
        source="survey",
        indicator="genbrug",
        categories=("foerste", "tilpasset", "kopi"),
        groups=("Alle",),
        sort="descending",
        exclude=("ved_ikke",),
        aspect=0.45,
    )
    with pytest.raises(AttributeError):
        spec.aspect = 1.0  # type: ignore[misc]
    assert hash(spec) == hash(
        parse_chart_spec(
            {
                **SPECS["bar"],
                "aspect": 0.45,
                "subject": None,
                "categories": ["foerste", "tilpasset", "kopi"],
            }
        )
    )


def test_unknown_kind_suggests_the_nearest():
    with pytest.raises(ChartError) as info:
        parse_chart_spec({"kind": "stakced", "source": "s"}, Location("r.yaml", 4))
    assert "unknown chart kind 'stakced'" in str(info.value)
    assert "did you mean 'stacked'" in info.value.hint
    assert info.value.location == Location("r.yaml", 4)


def test_missing_field_names_it():
    with pytest.raises(ChartError, match="needs the field 'indicator'"):
        parse_chart_spec({"kind": "bar", "source": "survey"})


def test_unknown_field_suggests_and_points_at_the_yaml_key():
    text = "fig:\n  kind: bar\n  source: survey\n  indicator: genbrug\n  sortering: up\n"
    node = load_yaml(Path("report.yaml"), ChartError, text=text)["fig"]
    with pytest.raises(ChartError) as info:
        parse_chart_spec(node, Location(Path("report.yaml"), 2, 3))
    assert info.value.location == Location(Path("report.yaml"), 5, 3)
    assert "did you mean 'sort'" in info.value.hint


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("aspect", "wide", "must be a number"),
        ("aspect", 9, "between 0.1 and 3"),
        ("categories", {"a": 1}, "non-empty list"),
        ("sort", "upwards", "must be one of descending, ascending, none"),
        ("labels", ["x"], "mapping"),
        ("digits", 1.5, "whole number"),
    ],
)
def test_wrong_types_are_reported_with_the_value(field, value, message):
    with pytest.raises(ChartError, match=message) as info:
        parse_chart_spec({**SPECS["bar"], field: value})
    assert repr(value) in str(info.value)


def test_single_group_kinds_refuse_several_groups():
    with pytest.raises(ChartError, match="shows one group") as info:
        parse_chart_spec({**SPECS["bar"], "groups": ["Alle", "sektor=kommunal"]})
    assert "kind: grouped" in info.value.hint


def test_highlight_must_be_one_of_the_groups():
    with pytest.raises(ChartError, match="not one of the chart's groups") as info:
        parse_chart_spec({**SPECS["grouped"], "highlight": "sektor=komunal"})
    assert "did you mean 'sektor=kommunal'" in info.value.hint


def test_grouped_needs_two_groups():
    with pytest.raises(ChartError, match="at least two groups"):
        parse_chart_spec({**SPECS["grouped"], "groups": ["Alle"], "highlight": None})


def test_codes_written_as_numbers_become_text():
    spec = parse_chart_spec({**SPECS["timeseries"], "categories": [2014, 2016]})
    assert spec.categories == ("2014", "2016")


def test_not_a_mapping_is_a_chart_error():
    with pytest.raises(ChartError, match="must be a mapping"):
        parse_chart_spec(["bar"])  # type: ignore[arg-type]
