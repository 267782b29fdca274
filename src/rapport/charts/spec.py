"""Report-definition mapping → validated, frozen chart specification (one record per kind).

A figure in the report definition names its kind and binds it to data::

    {kind: bar, source: survey, indicator: genbrug, categories: [foerste, tilpasset, kopi],
     groups: [Alle], sort: descending, exclude: [ved_ikke], aspect: 0.45}

:func:`parse_chart_spec` checks every field (unknown kind or field, missing field,
wrong type) and raises :class:`~rapport.errors.ChartError` pointing at the place
in the file, with a did-you-mean hint. Every spec exposes ``source`` and
``indicators`` so the engine knows which tidy rows to hand to the drawing stage.

Fields every kind accepts: ``source`` (required), ``groups`` (default ``[Alle]``),
``aspect`` (height/width; default: as tall as the rows need, see ``sizing``),
``labels`` (code → display text for categories, indicators and groups), ``id``,
``subject`` (noun for the alt text, e.g. ``innovationerne``), ``digits`` (0–2
decimals in value labels), ``palette`` (this chart's colours in order of use, instead
of the layout's) and ``colors`` (code → colour for single categories or groups, e.g.
``{ved_ikke: "#bbbbbb", sektor=statslig: "#e4572e"}``). Per kind::

    {kind: bar, source: survey, indicator: genbrug, exclude: [ved_ikke], sort: descending}
    {kind: grouped, source: survey, indicator: nyhed, categories: [foerste, tilpasset, kopi],
     groups: [sektor=kommunal, Alle], highlight: sektor=kommunal}
    {kind: stacked, source: survey, indicators: [kultur_risiko, kultur_fejl],
     categories: [hoej, nogen, ringe, slet, ved_ikke], exclude: [ved_ikke]}
    {kind: stacked, source: survey, indicators: [tilfreds], groups: [alder=18-34, alder=35+]}
      # categories default to the questionnaire's options (or the data's order); one bar
      # per indicator and group; a Likert scale gets a diverging palette from the layout's
      # colours, its "don't know" category (dont_know, from the questionnaire) a grey
    {kind: diverging, source: survey, indicators: [faktor_ledelse, faktor_regler],
     left: [haemmede_nogen, haemmede_hoej], right: [fremmede_nogen, fremmede_hoej]}
    {kind: timeseries, source: published, indicator: evalueret, style: line,
     categories: ["2013-2014", "2015-2016", "2018-2019", "2021-2023"]}
    {kind: timeseries, source: published, indicator: evalueret, editions: true,
     categories: [ja]}      # the source's editions on the x axis, one line per category
    {kind: dotplot, source: survey, indicator: genbrug, exclude: [ved_ikke]}
    {kind: bignumber, source: published, indicator: medarbejdere, category: ja, bar: true,
     text: "af innovationerne har medarbejderne i en nøglerolle"}

``sort`` (bar, grouped, dotplot): descending | ascending | none. ``left``/``right``
list categories from the zero line outwards; ``left_label``/``right_label`` name the two
ends (default: the chapter language's neutral words, "Negative svar"/"Positive svar").
``style`` (timeseries): line | columns.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Literal

from ..errors import ChartError, Location
from ..groups import TOTAL_GROUP
from ..yamlsrc import key_location, value_location

Sort = Literal["descending", "ascending", "none"]
Labels = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Spec:
    """Fields every kind shares."""

    kind: ClassVar[str] = ""
    source: str
    groups: tuple[str, ...] = (TOTAL_GROUP,)
    aspect: float | None = None
    labels: Labels = ()
    id: str | None = None
    subject: str | None = None
    digits: int = 0
    palette: tuple[str, ...] = ()
    colors: Labels = ()

    @property
    def indicators(self) -> tuple[str, ...]:
        raise NotImplementedError

    def color_for(self, code: str) -> str | None:
        """A colour the spec gives for a category or group code."""
        return dict(self.colors).get(code)

    def label_for(self, code: str) -> str | None:
        """A display label the spec gives for a category, indicator or group code."""
        return dict(self.labels).get(code)


@dataclass(frozen=True)
class BarSpec(_Spec):
    """Horizontal bars: shares by category for one group, sorted."""

    kind: ClassVar[str] = "bar"
    indicator: str = ""
    categories: tuple[str, ...] | None = None
    sort: Sort = "descending"
    exclude: tuple[str, ...] = ()

    @property
    def indicators(self) -> tuple[str, ...]:
        return (self.indicator,)


@dataclass(frozen=True)
class GroupedSpec(BarSpec):
    """Grouped horizontal bars: one bar per group within each category."""

    kind: ClassVar[str] = "grouped"
    sort: Sort = "none"
    highlight: str | None = None


@dataclass(frozen=True)
class StackedSpec(_Spec):
    """100 % stacked bars for a Likert scale: indicators are rows, categories the scale."""

    kind: ClassVar[str] = "stacked"
    rows: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    dont_know: str | None = None

    @property
    def indicators(self) -> tuple[str, ...]:
        return self.rows


@dataclass(frozen=True)
class DivergingSpec(_Spec):
    """Diverging bars: ``left`` categories summed to the left, ``right`` to the right."""

    kind: ClassVar[str] = "diverging"
    rows: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    left_label: str = ""  # empty: the language's neutral words ("Negative svar")
    right_label: str = ""

    @property
    def indicators(self) -> tuple[str, ...]:
        return self.rows


@dataclass(frozen=True)
class TimeseriesSpec(_Spec):
    """Editions over time: categories are edition periods ("2013-2014"), groups are series."""

    kind: ClassVar[str] = "timeseries"
    indicator: str = ""
    categories: tuple[str, ...] | None = None
    style: Literal["line", "columns"] = "line"
    # editions: true — the x axis is the source's editions and ``categories`` are the
    # series followed across them; ``breaks`` are editions where the question changed
    # (filled in from the questionnaire), drawn as a gap with a marked line
    editions: bool = False
    breaks: tuple[str, ...] = ()
    axis: tuple[str, ...] = ()  # every edition on the x axis, also those without a value

    @property
    def indicators(self) -> tuple[str, ...]:
        return (self.indicator,)


@dataclass(frozen=True)
class DotplotSpec(BarSpec):
    """Points with 95 % confidence whiskers (``ci_low``/``ci_high``), one row per category
    (one row per group when a single category is shown for several groups)."""

    kind: ClassVar[str] = "dotplot"
    highlight: str | None = None


@dataclass(frozen=True)
class BignumberSpec(_Spec):
    """A key-figure tile: one big percentage, a short claim, optionally a small bar."""

    kind: ClassVar[str] = "bignumber"
    indicator: str = ""
    category: str = ""
    text: str = ""
    bar: bool = False

    @property
    def indicators(self) -> tuple[str, ...]:
        return (self.indicator,)


ChartSpec = (
    BarSpec
    | GroupedSpec
    | StackedSpec
    | DivergingSpec
    | TimeseriesSpec
    | DotplotSpec
    | BignumberSpec
)

KINDS: dict[str, type[_Spec]] = {
    cls.kind: cls
    for cls in (
        BarSpec,
        GroupedSpec,
        StackedSpec,
        DivergingSpec,
        TimeseriesSpec,
        DotplotSpec,
        BignumberSpec,
    )
}

_YAML_NAMES = {"rows": "indicators"}
"""Spec attribute → key in the report definition where they differ."""

_REQUIRED = {
    "bar": ("source", "indicator"),
    "grouped": ("source", "indicator", "groups"),
    "stacked": ("source", "indicators"),
    "diverging": ("source", "indicators", "left", "right"),
    "timeseries": ("source", "indicator"),
    "dotplot": ("source", "indicator"),
    "bignumber": ("source", "indicator", "category", "text"),
}

_CHOICES = {"sort": ("descending", "ascending", "none"), "style": ("line", "columns")}


def chart_fields(kind: str) -> list[tuple[str, str, Any, bool]]:
    """(key in report.yaml, type, default, required) of every field of a chart kind."""
    cls = KINDS[kind]
    return [
        (
            _YAML_NAMES.get(f.name, f.name),
            str(f.type),
            f.default,
            _YAML_NAMES.get(f.name, f.name) in _REQUIRED[kind],
        )
        for f in fields(cls)
    ]


# -- value checkers: raw value → typed value, or a message ---------------------------
class _Bad(Exception):
    pass


def _str(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise _Bad("must be text")
    if not str(value).strip():
        raise _Bad("must not be empty")
    return str(value)


def _strs(value: Any) -> tuple[str, ...]:
    if isinstance(value, str | int) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list | tuple) or not value:
        raise _Bad("must be a non-empty list of codes")
    return tuple(_str(v) for v in value)


def _maybe_strs(value: Any) -> tuple[str, ...]:
    return () if isinstance(value, list | tuple) and not value else _strs(value)


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad("must be a number")
    if not 0.1 <= float(value) <= 3.0:
        raise _Bad("must be between 0.1 and 3 (height divided by width)")
    return float(value)


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 2:
        raise _Bad("must be a whole number from 0 to 2")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _Bad("must be true or false")
    return value


def _labels(value: Any) -> Labels:
    if not isinstance(value, Mapping):
        raise _Bad("must be a mapping from code to label, e.g. {kommunal: Kommunal}")
    return tuple(sorted((_str(k), _str(v)) for k, v in value.items()))


def _color(value: Any) -> str:
    from ..layout.values import parse_color

    try:
        color = parse_color(value)
    except ValueError:
        color = ""
    if not color.startswith("#"):
        raise _Bad("must be colours: '#rrggbb' in quotes or a CSS name")
    return color


def _palette(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not value:
        raise _Bad("must be a non-empty list of colours")
    return tuple(_color(v) for v in value)


def _colors(value: Any) -> Labels:
    if not isinstance(value, Mapping):
        raise _Bad("must be a mapping from code to colour, e.g. {ved_ikke: '#bbbbbb'}")
    return tuple(sorted((_str(k), _color(v)) for k, v in value.items()))


def _checker(name: str, annotation: str) -> Callable[[Any], Any]:
    if name == "labels":
        return _labels
    if name == "colors":
        return _colors
    if name == "palette":
        return _palette
    if name == "exclude":
        return _maybe_strs
    if "tuple" in annotation:
        return _strs
    if annotation == "int":
        return _int
    if "float" in annotation:
        return _float
    if "bool" in annotation:
        return _bool
    return _str


# -- parsing ------------------------------------------------------------------------
def parse_chart_spec(raw: Mapping[str, Any], where: Location | None = None) -> ChartSpec:
    """Validate a figure mapping from the report definition and build its spec record."""
    if not isinstance(raw, Mapping):
        raise ChartError(
            "a chart must be a mapping with at least 'kind' and 'source'",
            location=where,
            hint="write e.g. {kind: bar, source: survey, indicator: genbrug}",
        )
    kind = raw.get("kind")
    cls = KINDS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ChartError(
            f"unknown chart kind {kind!r}",
            location=_at(raw, "kind", where),
            hint=_did_you_mean(str(kind), KINDS, "chart kinds"),
        )
    values = _read_fields(cls, raw, where)
    spec = cls(**values)
    _check_consistency(spec, raw, where)
    return spec  # type: ignore[return-value]


def _read_fields(
    cls: type[_Spec], raw: Mapping[str, Any], where: Location | None
) -> dict[str, Any]:
    known = {_YAML_NAMES.get(f.name, f.name): f for f in fields(cls)}
    for key in sorted(map(str, raw)):
        if key != "kind" and key not in known:
            raise ChartError(
                f"unknown field {key!r} for a {cls.kind} chart",
                location=_at(raw, key, where),
                hint=_did_you_mean(key, [*known, "kind"], "fields"),
            )
    for key in _REQUIRED[cls.kind]:
        if raw.get(key) is None:
            raise ChartError(
                f"a {cls.kind} chart needs the field {key!r}",
                location=where,
                hint=f"required fields: {', '.join(_REQUIRED[cls.kind])}",
            )
    values = {}
    for key, field in known.items():
        if raw.get(key) is None:
            continue
        try:
            values[field.name] = _checker(field.name, str(field.type))(raw[key])
        except _Bad as exc:
            raise ChartError(
                f"field {key!r} {exc}, got {raw[key]!r}",
                location=_value_at(raw, key, where),
                hint=_field_hint(field.name),
            ) from None
        _check_choice(field.name, values[field.name], raw, key, where)
    return values


def _check_choice(
    name: str, value: Any, raw: Mapping[str, Any], key: str, where: Location | None
) -> None:
    choices = _CHOICES.get(name)
    if choices and value not in choices:
        raise ChartError(
            f"field {key!r} must be one of {', '.join(choices)}, got {value!r}",
            location=_value_at(raw, key, where),
            hint=_did_you_mean(value, choices, "values"),
        )


def _check_consistency(spec: _Spec, raw: Mapping[str, Any], where: Location | None) -> None:
    many = isinstance(spec, GroupedSpec | TimeseriesSpec | DotplotSpec | StackedSpec)
    if not many and len(spec.groups) != 1:
        raise ChartError(
            f"a {spec.kind} chart shows one group, got {len(spec.groups)}",
            location=_value_at(raw, "groups", where),
            hint="use kind: grouped to compare groups, or list one group",
        )
    if isinstance(spec, GroupedSpec) and spec.kind == "grouped" and len(spec.groups) < 2:
        raise ChartError(
            "a grouped chart needs at least two groups",
            location=_value_at(raw, "groups", where),
            hint="e.g. groups: [sektor=kommunal, sektor=regional, sektor=statslig]",
        )
    highlight = getattr(spec, "highlight", None)
    if highlight is not None and highlight not in spec.groups:
        raise ChartError(
            f"highlight {highlight!r} is not one of the chart's groups",
            location=_value_at(raw, "highlight", where),
            hint=_did_you_mean(highlight, spec.groups, "groups"),
        )


def _field_hint(name: str) -> str:
    examples = {
        "categories": "a list of category codes, e.g. [foerste, tilpasset, kopi]",
        "groups": "a list of groups, e.g. [Alle] or [sektor=kommunal, sektor=regional]",
        "aspect": "height as a share of the width, e.g. 0.45",
        "labels": "a mapping, e.g. {Alle: Alle borgere}",
        "colors": "a mapping from category or group to colour, e.g. {ved_ikke: '#bbbbbb'}",
        "palette": "a list of colours, e.g. ['#0b4f6c', '#e4572e']",
    }
    return examples.get(name, "check the value's type in the chart reference")


def _did_you_mean(word: str, options: Any, what: str) -> str:
    options = sorted(map(str, options))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.5)
    lead = f"did you mean {close[0]!r}? " if close else ""
    return f"{lead}known {what}: {', '.join(options)}"


def _at(raw: Mapping[str, Any], key: str, where: Location | None) -> Location | None:
    if where is None or not hasattr(raw, "lc"):
        return where
    return key_location(raw, key, where.file)


def _value_at(raw: Mapping[str, Any], key: str, where: Location | None) -> Location | None:
    if where is None or not hasattr(raw, "lc"):
        return where
    return value_location(raw, key, where.file)
