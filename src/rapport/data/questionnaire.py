"""Questionnaire metadata (``questionnaire.yaml``) → validated, frozen :class:`Questionnaire`.

The YAML format is the data contract in ``CONTRIBUTING.md``: ``survey``,
``segments`` (breakdown variables), ``bases`` (who was asked, as a filter on
respondent columns) and ``items`` (``single``, ``multi`` or ``likert``).
Errors point at ``file:line:column`` of the offending key or value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..datacodec import cache_record
from ..errors import DataError, Location
from ..yamlsrc import key_location, load_yaml, node_location, plain, value_location
from .io import did_you_mean

ITEM_TYPES = ("single", "multi", "likert")
MULTI_SEPARATOR = "__"
SURVEY_KEYS = (
    "title",
    "edition",
    "period",
    "fieldwork",
    "weight",
    "weighting_note",
    "synthetic",
    "language",
)
ITEM_KEYS = ("text", "short", "type", "base", "options", "dont_know", "changed_in", "wording")
BASE_KEYS = ("label", "asked", "filter")
SEGMENT_KEYS = ("label", "values")
TOP_KEYS = ("survey", "segments", "bases", "items", "translations")
_TRANSLATED = {
    "survey": ("title", "weighting_note"),
    "segments": SEGMENT_KEYS,
    "bases": ("label", "asked"),
    "items": ("text", "short", "options"),
}


@cache_record
@dataclass(frozen=True)
class Survey:
    title: str
    edition: int | None = None
    period: str = ""
    fieldwork: str = ""
    weight: str | None = None
    weighting_note: str = ""
    synthetic: bool = False
    language: str = "da"  # the language the texts are written in


@cache_record
@dataclass(frozen=True)
class Segment:
    """A breakdown variable; ``values`` (code → label) is empty when taken from the data."""

    id: str
    label: str
    values: Mapping[str, str]


@cache_record
@dataclass(frozen=True)
class Base:
    """Who was asked: respondents whose columns match every ``filter`` entry."""

    id: str
    label: str
    asked: str
    filter: Mapping[str, tuple[str, ...]]


@cache_record
@dataclass(frozen=True)
class Item:
    id: str
    type: str
    base: str
    options: Mapping[str, str]
    text: str
    short: str
    dont_know: str | None = None
    # the editions whose wording differs from the one before (a break in the series),
    # and the wording per edition where it is recorded
    changed_in: tuple[str, ...] = ()
    wording: Mapping[str, str] = field(default_factory=dict)

    def columns(self) -> tuple[str, ...]:
        """The respondent-file columns holding this item's answers."""
        if self.type == "multi":
            return tuple(f"{self.id}{MULTI_SEPARATOR}{code}" for code in self.options)
        return (self.id,)


@cache_record
@dataclass(frozen=True)
class Questionnaire:
    survey: Survey
    segments: Mapping[str, Segment]
    bases: Mapping[str, Base]
    items: Mapping[str, Item]
    path: Path | None = None
    translations: Mapping[str, Any] = field(default_factory=dict)  # language → texts
    _in: dict[str, Questionnaire] = field(default_factory=dict, compare=False, repr=False)

    @property
    def language(self) -> str:
        return self.survey.language

    def has_texts(self, language: str, item_ids: Sequence[str]) -> bool:
        """Whether the items (and their bases) have their texts in ``language``."""
        if language == self.language:
            return True
        tree = self.translations.get(language) or {}
        items, bases = tree.get("items") or {}, tree.get("bases") or {}
        wanted = [self.items[i] for i in item_ids if i in self.items]
        return all(i.id in items and i.base in bases for i in wanted)

    def in_language(self, language: str) -> Questionnaire | None:
        """The questionnaire with its texts in ``language`` (from ``translations:``), or
        None when it has none in that language."""
        if language == self.language:
            return self
        if language not in self.translations:
            return None
        if language not in self._in:
            self._in[language] = _translated(self, self.translations[language], language)
        return self._in[language]

    def item(self, item_id: str) -> Item:
        if item_id not in self.items:
            raise DataError(
                f"item {item_id!r} is not in the questionnaire"
                f"{did_you_mean(item_id, list(self.items))}",
                location=Location(self.path),
                hint=f"items: {', '.join(list(self.items)[:15])}",
            )
        return self.items[item_id]


def group_labels(questionnaire: Questionnaire) -> dict[str, str]:
    """``variable=code`` → the segment value's label, for every listed segment value."""
    return {
        f"{seg.id}={code}": text
        for seg in questionnaire.segments.values()
        for code, text in seg.values.items()
    }


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Read and validate ``questionnaire.yaml``."""
    path = Path(path)
    root = load_yaml(path, DataError, fast=True)
    _need_mapping(root, path, "the questionnaire", node_location(root, path))
    _unknown_keys(root, TOP_KEYS, path, "at the top level")
    for key in ("survey", "items"):
        if key not in root:
            raise DataError(
                f"the questionnaire has no {key!r} section",
                location=Location(path, 1),
                hint=f"add '{key}:' at the top level",
            )
    survey = _survey(root["survey"], path)
    segments = {
        str(k): _segment(str(k), v, root["segments"], path)
        for k, v in (root.get("segments") or {}).items()
    }
    bases = {
        str(k): _base(str(k), v, root["bases"], path) for k, v in (root.get("bases") or {}).items()
    }
    bases.setdefault("alle", Base("alle", "alle", "", MappingProxyType({})))
    items_node = root["items"]
    _need_mapping(items_node, path, "'items'", value_location(root, "items", path))
    items = {str(k): _item(str(k), v, items_node, bases, path) for k, v in items_node.items()}
    _check_filters(bases, items, root.get("bases"), path)
    q = Questionnaire(
        survey, MappingProxyType(segments), MappingProxyType(bases), MappingProxyType(items), path
    )
    return replace(q, translations=_translations(root.get("translations"), q, root, path))


def _translations(
    node: Any, q: Questionnaire, root: Mapping[str, Any], path: Path
) -> dict[str, Any]:
    """``translations: {en: {items: {x: {text: …}}, …}}`` checked against what exists."""
    if node is None:
        return {}
    _need_mapping(node, path, "'translations'", value_location(root, "translations", path))
    known = {"survey": None, "segments": q.segments, "bases": q.bases, "items": q.items}
    for language, tree in node.items():
        where = key_location(node, language, path)
        _need_mapping(tree, path, f"translations for {language!r}", where)
        _unknown_keys(tree, tuple(_TRANSLATED), path, f"in translations.{language}")
        for section, entries in tree.items():
            _need_mapping(entries, path, f"translations.{language}.{section}", where)
            if section == "survey":
                _unknown_keys(entries, _TRANSLATED["survey"], path, "in translated survey")
                continue
            for ident, entry in entries.items():
                owners = known[str(section)] or {}
                if str(ident) not in owners:
                    raise DataError(
                        f"translations.{language}.{section} names {str(ident)!r}, which the "
                        f"questionnaire does not define{did_you_mean(str(ident), list(owners))}",
                        location=key_location(entries, ident, path),
                    )
                _need_mapping(entry, path, f"the translation of {str(ident)!r}", where)
                _unknown_keys(entry, _TRANSLATED[str(section)], path, f"in {str(ident)!r}")
    return {str(k): plain(v) for k, v in node.items()}  # plain data: it can be cached


def _translated(q: Questionnaire, tree: Mapping[str, Any], language: str) -> Questionnaire:
    """A copy of ``q`` with the texts ``tree`` gives; what it leaves out stays as it was."""

    def texts(obj: Any, entry: Mapping[str, Any] | None, **maps: Mapping[str, str]) -> Any:
        if not entry:
            return obj
        changes: dict[str, Any] = {
            k: str(v) for k, v in entry.items() if not isinstance(v, Mapping)
        }
        for key, old in maps.items():
            if isinstance(entry.get(key), Mapping):
                new = {str(c): str(t) for c, t in entry[key].items()}
                changes[key] = MappingProxyType({c: new.get(c, t) for c, t in old.items()})
        return replace(obj, **changes)

    part = {k: tree.get(k) or {} for k in _TRANSLATED}
    return replace(
        q,
        survey=replace(texts(q.survey, part["survey"]), language=language),
        segments=MappingProxyType(
            {k: texts(v, part["segments"].get(k), values=v.values) for k, v in q.segments.items()}
        ),
        bases=MappingProxyType({k: texts(v, part["bases"].get(k)) for k, v in q.bases.items()}),
        items=MappingProxyType(
            {k: texts(v, part["items"].get(k), options=v.options) for k, v in q.items.items()}
        ),
        translations={},
        _in={},
    )


def _need_mapping(node: Any, path: Path, what: str, where: Location) -> None:
    if not isinstance(node, Mapping):
        raise DataError(
            f"{what} must be a mapping (key: value lines)",
            location=where,
            hint="indent the entries below the key",
        )


def _unknown_keys(
    node: Mapping[str, Any], allowed: tuple[str, ...], path: Path, where: str
) -> None:
    for key in node:
        if str(key) not in allowed:
            raise DataError(
                f"unknown key {str(key)!r} {where}{did_you_mean(str(key), allowed)}",
                location=key_location(node, key, path),
                hint=f"allowed: {', '.join(allowed)}",
            )


def _text(
    node: Mapping[str, Any], key: str, path: Path, *, required: bool = False, default: str = ""
) -> str:
    value = node.get(key)
    if value is None:
        if required:
            raise DataError(
                f"{key!r} is required here",
                location=node_location(node, path),
                hint=f"add '{key}: …'",
            )
        return default
    if isinstance(value, Mapping | list):
        raise DataError(
            f"{key!r} must be text",
            location=value_location(node, key, path),
            hint="write a single value, in quotes if it contains a colon",
        )
    return str(value)


def _survey(node: Any, path: Path) -> Survey:
    _need_mapping(node, path, "'survey'", node_location(node, path))
    _unknown_keys(node, SURVEY_KEYS, path, "in 'survey'")
    edition = node.get("edition")
    if edition is not None and not isinstance(edition, int):
        raise DataError(
            f"edition must be a whole number, not {edition!r}",
            location=value_location(node, "edition", path),
        )
    weight = node.get("weight")
    return Survey(
        _text(node, "title", path, required=True),
        edition,
        _text(node, "period", path),
        _text(node, "fieldwork", path),
        None if weight is None else str(weight),
        _text(node, "weighting_note", path),
        bool(node.get("synthetic", False)),
        _text(node, "language", path, default="da").split("_")[0],
    )


def _codes(parent: Mapping[str, Any], key: str, path: Path, *, required: bool) -> Mapping[str, str]:
    value = parent.get(key)
    if value is None and not required:
        return MappingProxyType({})
    if not isinstance(value, Mapping) or not value:
        raise DataError(
            f"{key!r} must be a non-empty mapping of code: label",
            location=value_location(parent, key, path),
            hint='e.g. options: {ja: "Ja", nej: "Nej"}',
        )
    for code in value:
        if MULTI_SEPARATOR in str(code) or not str(code).strip():
            raise DataError(
                f"code {str(code)!r} may not be empty or contain {MULTI_SEPARATOR!r}",
                location=key_location(value, code, path),
            )
    return MappingProxyType({str(k): str(v) for k, v in value.items()})


def _segment(key: str, node: Any, parent: Mapping[str, Any], path: Path) -> Segment:
    _need_mapping(node, path, f"segment {key!r}", key_location(parent, key, path))
    _unknown_keys(node, SEGMENT_KEYS, path, f"in segment {key!r}")
    return Segment(
        key, _text(node, "label", path, default=key), _codes(node, "values", path, required=False)
    )


def _base(key: str, node: Any, parent: Mapping[str, Any], path: Path) -> Base:
    _need_mapping(node, path, f"base {key!r}", key_location(parent, key, path))
    _unknown_keys(node, BASE_KEYS, path, f"in base {key!r}")
    raw = node.get("filter")
    if raw is not None and not isinstance(raw, Mapping):
        raise DataError(
            f"the filter of base {key!r} must be a mapping column: value",
            location=value_location(node, "filter", path),
            hint="e.g. filter: {innovation: ja}, or filter: null for everybody",
        )
    filt = {str(col): _filter_values(v) for col, v in (raw or {}).items()}
    return Base(
        key,
        _text(node, "label", path, default=key),
        _text(node, "asked", path),
        MappingProxyType(filt),
    )


def _filter_values(value: Any) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    return tuple(sorted(_code_text(v) for v in values))


def _code_text(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _item(
    key: str, node: Any, parent: Mapping[str, Any], bases: Mapping[str, Base], path: Path
) -> Item:
    _need_mapping(node, path, f"item {key!r}", key_location(parent, key, path))
    _unknown_keys(node, ITEM_KEYS, path, f"in item {key!r}")
    kind = _text(node, "type", path, default="single")
    if kind not in ITEM_TYPES:
        raise DataError(
            f"item {key!r} has unknown type {kind!r}{did_you_mean(kind, ITEM_TYPES)}",
            location=value_location(node, "type", path),
            hint=f"type is one of {', '.join(ITEM_TYPES)}",
        )
    base = _text(node, "base", path, default="alle")
    if base not in bases:
        raise DataError(
            f"item {key!r} uses base {base!r}, which is not defined"
            f"{did_you_mean(base, list(bases))}",
            location=value_location(node, "base", path)
            if "base" in node
            else key_location(parent, key, path),
            hint=f"define it under 'bases:' (defined: {', '.join(bases) or 'none'})",
        )
    options = _codes(node, "options", path, required=True)
    dont_know = node.get("dont_know")
    if dont_know is not None and _code_text(dont_know) not in options:
        raise DataError(
            f"dont_know {dont_know!r} of item {key!r} is not one of its options"
            f"{did_you_mean(_code_text(dont_know), list(options))}",
            location=value_location(node, "dont_know", path),
            hint=f"options: {', '.join(options)}",
        )
    text = _text(node, "text", path, default=key)
    return Item(
        key,
        kind,
        base,
        options,
        text,
        _text(node, "short", path, default=text),
        None if dont_know is None else _code_text(dont_know),
        *_history(key, node, path),
    )


def _history(
    key: str, node: Mapping[str, Any], path: Path
) -> tuple[tuple[str, ...], Mapping[str, str]]:
    """``changed_in`` (an edition label or a list of them) and ``wording`` (edition → text)."""
    raw = node.get("changed_in")
    changed = [] if raw is None else raw if isinstance(raw, list) else [raw]
    if not all(isinstance(c, str) and c.strip() for c in changed):
        raise DataError(
            f"changed_in of item {key!r} must name editions, e.g. '3. udgave'",
            location=value_location(node, "changed_in", path),
            hint="write the label of the edition whose wording differs from the one before",
        )
    wording = node.get("wording")
    if wording is not None and not (
        isinstance(wording, Mapping) and all(isinstance(v, str) for v in wording.values())
    ):
        raise DataError(
            f"wording of item {key!r} must map edition labels to the question text",
            location=value_location(node, "wording", path),
            hint="e.g. wording: {'1. udgave': 'Har I …?', '3. udgave': 'Har jeres …?'}",
        )
    texts = {str(k): v for k, v in (wording or {}).items()}
    return tuple(changed), MappingProxyType(texts)


def _check_filters(
    bases: Mapping[str, Base], items: Mapping[str, Item], node: Any, path: Path
) -> None:
    """A filter on an item's column must use that item's option codes."""
    for base in bases.values():
        for column, values in base.filter.items():
            item = items.get(column)
            if item is None or item.type == "multi":
                continue
            for value in values:
                if value not in item.options:
                    where = value_location(node[base.id], "filter", path)
                    raise DataError(
                        f"base {base.id!r} filters on {column} = {value!r}, which is not an "
                        f"option of item {column!r}{did_you_mean(value, list(item.options))}",
                        location=where,
                        hint=f"options: {', '.join(item.options)}",
                    )
