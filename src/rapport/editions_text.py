"""Changes between editions in words: sentence parts, key-figure lines and the edition
sentences of figure and table notes (the words are in the ``editions`` section of the
phrase files, :mod:`rapport.phrases`).

A phrase claims a direction only for a significant change (``up``/``down``); a
difference the test does not support is written as "x mod y; forskellen er ikke
statistisk signifikant", and a series break or a missing edition never gets a
number at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .editions import EditionChange, EditionSeries
from .formatting import Formatter
from .groups import TOTAL_GROUP


def words(formatter: Formatter) -> Mapping[str, str]:
    """The edition phrases of the formatter's language (``editions`` in the phrase files)."""
    section: Mapping[str, str] = formatter.phrases["editions"]
    return {**section, "and": formatter.phrases["words"]["and"]}


def change_phrase(change: EditionChange, formatter: Formatter) -> str:
    """The sentence part for a change, e.g. "steget fra 73 % i 1. udgave til 80 %, …"."""
    w = words(formatter)
    fill = {"ed": change.earlier, "changed": change.changed_in or "", "absent": change.absent or ""}
    if change.before is not None and change.after is not None:
        b = formatter.percent(change.after)
        fill |= {"a": formatter.percent(change.before), "b": b}
        if change.named:
            fill["b"] = f"{b} {words(formatter)['in']} {change.current}"
    return w[change.status].format(**fill)


def change_short(change: EditionChange, formatter: Formatter) -> str:
    """A key figure's "siden sidst" line, e.g. "+7 procentpoint siden 1. udgave"."""
    w = words(formatter)
    if change.status in ("break", "missing", "hidden"):
        return w[f"short_{change.status}"].format(ed=change.absent or change.earlier)
    if change.status == "same":
        return w["short_same"].format(ed=change.earlier)
    diff = change.difference or 0.0
    pp = ("+" if diff > 0 else "−" if diff < 0 else "") + formatter.points(abs(diff))
    key = "short_sig" if change.significant else "short_ns"
    return w[key].format(pp=pp, ed=change.earlier)


def join(parts: Sequence[str], formatter: Formatter) -> str:
    parts = list(parts)
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + words(formatter)["and"] + parts[-1]


def bases_sentence(bases: Sequence[tuple[int, str]], formatter: Formatter) -> str:
    """Every edition's base: "n=1.093 (2013-2014) og n=1.942 (2015-2016)"."""
    return join([f"{formatter.base(n)} ({period})" for n, period in bases], formatter)


def break_sentences(
    changed: Sequence[tuple[str, str]],
    wordings: Sequence[tuple[str, str, str]],
    formatter: Formatter,
) -> list[str]:
    """The series-break sentences of a note: where the question changed ((edition, item)
    pairs; the item named only when the exhibit shows several) and the older wordings
    ((editions, item, text))."""
    w = words(formatter)
    out = []
    for edition in dict.fromkeys(e for e, _ in changed):
        items = [i for e, i in changed if e == edition and i]
        key = "note_break_items" if len(items) > 1 else "note_break_item" if items else "note_break"
        out.append(w[key].format(changed=edition, items=join(items, formatter)))
    for editions, item, text in wordings:
        key = "note_wording_item" if item else "note_wording"
        out.append(w[key].format(editions=editions, item=item, text=text))
    return out


def test_sentence(formatter: Formatter) -> str:
    return words(formatter)["note_test"]


def edition_note(
    series: EditionSeries,
    indicators: Sequence[str],
    shown: Sequence[str],
    formatter: Formatter,
    *,
    tested: bool = True,
) -> str:
    """The edition sentences of a note on an exhibit that shows the editions ``shown``:
    series breaks with the earlier wording, the test, and every edition's base."""
    first, last = series.position(shown[0]), series.position(shown[-1])
    changed: list[tuple[str, str]] = []
    wordings: list[tuple[str, str, str]] = []
    several = len(indicators) > 1
    for indicator in indicators:
        name = _name(series, indicator) if several else ""
        for label in series.changes(indicator):
            if first < series.position(label) <= last:
                changed.append((label, name))
                wordings += [
                    (e, name, t)
                    for e, t in _old_wordings(series, indicator, shown, label, formatter)
                ]
    sentences = break_sentences(changed, wordings, formatter)
    if tested:
        sentences.append(test_sentence(formatter))
    bases = [(n, series.find(x).period or x) for x in shown if (n := _base(series, x, indicators))]
    text = ". ".join(s.rstrip(".") for s in sentences) + "." if sentences else ""
    tail = bases_sentence(bases, formatter) + "." if bases else ""
    return " ".join(x for x in (text, tail) if x)


def _old_wordings(
    series: EditionSeries, indicator: str, shown: Sequence[str], changed: str, f: Formatter
) -> list[tuple[str, str]]:
    """(editions, wording) for the shown editions before ``changed`` with a recorded text."""
    before = [x for x in shown if series.position(x) < series.position(changed)]
    texts: dict[str, list[str]] = {}
    for label in before:
        text = series.wording(indicator, label)
        if text and label in _recorded(series, indicator):
            texts.setdefault(text, []).append(label)
    return [(join(labels, f), text) for text, labels in texts.items()]


def _name(series: EditionSeries, indicator: str) -> str:
    q = series.questionnaire
    item = q.items.get(indicator) if q is not None else None
    return (item.short or indicator).lower() if item is not None else indicator


def _recorded(series: EditionSeries, indicator: str) -> set[str]:
    q = series.questionnaire
    return set(q.items[indicator].wording) if q is not None and indicator in q.items else set()


def _base(series: EditionSeries, label: str, indicators: Sequence[str]) -> int | None:
    """An edition's base for the exhibit: the largest n of its first indicator."""
    store = series.find(label).store
    for indicator in indicators:
        if store.has(indicator):
            rows = store.select([indicator])
            rows = rows[rows["group"] == TOTAL_GROUP]
            if len(rows):
                return int(rows["n"].max())
    return None
