"""Figure and table notes written from the questionnaire metadata, in the house template.

A note says, in order: what the exhibit shows, the question ("Spørgsmålet
lyder: "…", straight quotes the caller turns into the layout's), who was asked,
why shares may sum to more than 100 %, the "Ved ikke" share left out, the weighting
sentence, a synthetic-data warning where it applies, and the base of what the exhibit
shows ("n=1.093").

Every word comes from the phrase file of the chapter's language
(:mod:`rapport.phrases`) and every questionnaire text from the questionnaire in
that language (its ``translations:``). When the questionnaire has no texts in
the chapter's language, the note leaves the question and its wording out rather
than mix two languages in one sentence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .columns import Columns, values_of
from .data.questionnaire import Item, Questionnaire
from .data.results import ResultStore
from .errors import DataError
from .formatting import Formatter
from .groups import TOTAL_GROUP

if TYPE_CHECKING:
    import pandas as pd

STEM = " – "
"""Separates a battery's shared question from the statement (``"Hvor enig …? – Udsagn"``)."""


@dataclass(frozen=True)
class NoteFacts:
    """What a note is written from: items, groups, the Ved ikke share and the base.

    ``items`` are questionnaire item ids, ``segments`` breakdown variable ids;
    ``base`` is the smallest and largest n of what the exhibit shows.
    """

    items: Sequence[str]
    segments: Sequence[str]
    dont_know_share: tuple[float, float] | None
    dont_know_code: str
    base: tuple[int, int] | None
    synthetic: bool
    only: str = ""  # the label of the one group shown, when it is not the whole population
    srs: bool = False  # significance tested on aggregates without weights


def exhibit_base(
    data: Columns | pd.DataFrame,
    indicators: Sequence[str],
    groups: Sequence[str],
    threshold: int = 0,
) -> tuple[int, int] | None:
    """The base of what an exhibit shows: per indicator, the n of ``Alle`` when it is shown,
    else the sum over the shown groups whose n is not hidden (below ``threshold``); the
    smallest and largest of those over the indicators."""
    if "n" not in data or len(data) == 0:
        return None
    shown = {TOTAL_GROUP} if TOTAL_GROUP in groups else set(groups)
    wanted = set(indicators)
    columns = (values_of(data, c) for c in ("indicator", "group", "n"))
    per_group: dict[tuple[Any, Any], int] = {}
    for indicator, group, n in zip(*columns, strict=True):
        if indicator in wanted and group in shown and not _missing(n):
            per_group[(indicator, group)] = max(per_group.get((indicator, group), n), n)
    totals: dict[Any, int] = {}
    for (indicator, _), n in per_group.items():
        if n >= max(threshold, 1):
            totals[indicator] = totals.get(indicator, 0) + n
    if not totals:
        return None
    return int(min(totals.values())), int(max(totals.values()))


def _missing(n: Any) -> bool:
    """An empty base: None, NaN or pandas' NA."""
    return n is None or type(n).__name__ == "NAType" or n != n


def dont_know_share(
    store: ResultStore, items: Sequence[Item], groups: Sequence[str]
) -> tuple[float, float] | None:
    """The smallest and largest "Ved ikke" share of the items, in the one group a note
    speaks of (``Alle`` when it is shown or several groups are); None when an item has no
    such answer or a share is hidden."""
    group = TOTAL_GROUP if TOTAL_GROUP in groups or len(set(groups)) != 1 else groups[0]
    shares = []
    for item in items:
        if not item.dont_know:
            return None
        try:
            cell = store.cell(item.id, item.dont_know, group)
        except DataError:
            return None
        if cell.suppressed or cell.value is None:
            return None
        shares.append(cell.value)
    return (min(shares), max(shares)) if shares else None


def write_note(
    kind: str, facts: NoteFacts, questionnaire: Questionnaire | None, formatter: Formatter
) -> str:
    """The note as plain sentences (Markdown-safe text; the caller escapes)."""
    t = formatter.phrases["notes"]
    what = t[kind]
    q = None
    if questionnaire is not None and questionnaire.has_texts(formatter.language, facts.items):
        q = questionnaire.in_language(formatter.language)
    if questionnaire is None or not facts.items:
        sentences = [t["published"].format(what=what)]
    elif q is None:
        sentences = [t["shows"].format(what=what, base=t["respondents"])]
    else:
        sentences = _survey_sentences(t, what, facts, q, formatter)
    if facts.srs:
        sentences.append(t["srs"])
    if facts.synthetic:
        sentences.append(t["synthetic"])
    text = join_sentences(sentences)
    if facts.base:
        text += " " + _base_text(facts.base, formatter)
    return text


def join_sentences(sentences: Sequence[str]) -> str:
    """Sentences joined with one full stop each; one ending in ?, ! or a quoted question
    (``…?”``) gets none, so a quotation never ends in "?”."."""
    out = []
    for sentence in sentences:
        s = sentence.strip()
        if not s:
            continue
        bare = s.rstrip("”“»«\"'’")
        out.append(s if bare.endswith((".", "?", "!")) else s + ".")
    return " ".join(out)


def _base_text(base: tuple[int, int], formatter: Formatter) -> str:
    text = formatter.base_range(*base)
    return text if text.endswith(".") else text + "."


def _survey_sentences(
    t: Mapping[str, Any], what: str, facts: NoteFacts, q: Questionnaire, formatter: Formatter
) -> list[str]:
    items = [q.items[i] for i in facts.items]
    bases = [q.bases[b] for b in dict.fromkeys(item.base for item in items)]
    many = len(items) > 1
    if many:
        who = bases[0].label if len(bases) == 1 else t["respondents"]
        if formatter.phrases["words"]["relative_comma"] and ", " in who:
            who += ","  # Danish closes a relative clause with a comma: "…, der …, har svaret"
        shows = t["shows_items"].format(what=what, base=who, k=formatter.count(len(items)))
    else:
        shows = t["shows"].format(what=what, base=bases[0].label)
    if facts.only:
        shows += t["only"].format(group=facts.only)
    elif facts.segments:
        labels = [q.segments[s].label if s in q.segments else s for s in facts.segments]
        shows += t["by"].format(segments=_join(labels, formatter))
    out = [shows, _question(t, items, formatter)]
    out += [_asked(t, b.asked, b.label, many=many and len(bases) == 1) for b in bases]
    if items[0].type == "multi":
        out.append(t["multi"])
    out.append(_dont_know(t, what, facts, items[0], formatter))
    out.append(q.survey.weighting_note)
    return out


def _question(t: Mapping[str, Any], items: Sequence[Item], formatter: Formatter) -> str:
    texts = [" ".join(i.text.split()) for i in items]
    if len(texts) == 1:
        return t["question"].format(text=formatter.quote(texts[0]))
    stems = {text.split(STEM, 1)[0] for text in texts}
    if len(stems) == 1 and all(STEM in text for text in texts):
        parts = ", ".join(
            f"{k}) {formatter.quote(text.split(STEM, 1)[1])}" for k, text in enumerate(texts, 1)
        )
        return t["questions"].format(texts=f"{formatter.quote(stems.pop())}{STEM}{parts}")
    return t["questions"].format(texts="; ".join(formatter.quote(x) for x in texts))


def _asked(t: Mapping[str, Any], asked: str, label: str, *, many: bool) -> str:
    """Who was asked, in the number of what the note describes (one question or several)."""
    one, several = t["asked_subject"]
    if not asked:
        return t["asked"][1 if many else 0].format(base=label)
    if many and asked.startswith(one):
        return several + asked[len(one) :]
    return asked


def _dont_know(
    t: Mapping[str, Any], what: str, facts: NoteFacts, item: Item, formatter: Formatter
) -> str:
    if facts.dont_know_share is None or not facts.dont_know_code:
        return ""
    low, high = (formatter.decimal(v, 0) for v in facts.dont_know_share)
    if high == "0":
        return ""
    if low == high == "1":
        words = formatter.phrases["numbers"]["one_percent"]
    elif low == high:
        words = t["dont_know_share"].format(
            share=formatter.percent(facts.dont_know_share[0], style="symbol")
        )
    else:
        share = f"{low}–{formatter.percent(facts.dont_know_share[1], style='symbol')}"
        words = t["dont_know_share"].format(share=share)
    label = item.options.get(facts.dont_know_code, facts.dont_know_code)
    return t["dont_know"].format(what=what, share=words, label=formatter.quote(label))


def _join(words: Sequence[str], formatter: Formatter) -> str:
    words = [w[:1].lower() + w[1:] for w in words]
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + formatter.phrases["words"]["and"] + words[-1]
