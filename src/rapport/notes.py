"""Figure and table notes written from the questionnaire metadata, in the house template.

A note says, in order: what the exhibit shows, the question ("Spørgsmålet
lyder: "…", straight quotes the caller turns into the layout's), who was asked, why
shares may sum to more than 100 %, the
"Ved ikke" share left out, the weighting sentence, a synthetic-data warning
where it applies, and the base ("n=1.093"). English chapters get the same note
in English.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .data.questionnaire import Item, Questionnaire
from .formatting import Formatter

_TEXT = {
    "da": {
        "shows": "{what} viser procentandele af {base}",
        "shows_items": "{what} viser, hvordan {base} har svaret på {k} spørgsmål",
        "by": ", fordelt på {segments}",
        "question": 'Spørgsmålet lyder: "{text}"',
        "questions": "Spørgsmålene lyder: {texts}",
        "multi": "Procentandelene summerer til mere end 100 %, fordi der kunne vælges flere "
        "svarmuligheder",
        "dont_know": '{what} viser ikke de {share}, der har svaret "{label}"',
        "synthetic": "Tallene er beregnet på syntetiske respondentdata og er en illustration, "
        "ikke offentliggjort statistik",
        "published": "{what} viser procentandele",
        "srs": "Signifikanstest i teksten antager simpel tilfældig udvælgelse, fordi "
        "vægtene ikke kendes",
        "figure": "Figuren",
        "table": "Tabellen",
        "respondents": "arbejdspladserne",
    },
    "en": {
        "shows": "The {what_lc} shows percentages of {base}",
        "shows_items": "The {what_lc} shows how {base} answered {k} questions",
        "by": ", by {segments}",
        "question": 'The question (in Danish) reads: "{text}"',
        "questions": "The questions (in Danish) read: {texts}",
        "multi": "Percentages add up to more than 100 % because several answers were allowed",
        "dont_know": 'The {what_lc} leaves out the {share} who answered "{label}"',
        "synthetic": "Computed from synthetic respondent data: an illustration, not published "
        "statistics",
        "published": "The {what_lc} shows percentages",
        "srs": "Significance tests in the text assume simple random sampling, as the weights "
        "are not known",
        "figure": "Figure",
        "table": "Table",
        "respondents": "the workplaces",
    },
}


@dataclass(frozen=True)
class NoteFacts:
    """What a note is written from: items, groups, the Ved ikke share and the base."""

    items: Sequence[Item]
    segments: Sequence[str]
    dont_know_share: float | None
    dont_know_label: str
    n: int | None
    synthetic: bool
    srs: bool = False  # significance tested on aggregates without weights


def write_note(
    kind: str, facts: NoteFacts, questionnaire: Questionnaire | None, formatter: Formatter
) -> str:
    """The note as plain sentences (Markdown-safe text; the caller escapes)."""
    t = _TEXT.get(formatter.language, _TEXT["da"])
    what = t[kind]
    fill = {"what": what, "what_lc": what.lower()}
    if questionnaire is None or not facts.items:
        sentences = [t["published"].format(**fill)]
    else:
        sentences = _survey_sentences(t, fill, facts, questionnaire, formatter)
    if facts.srs:
        sentences.append(t["srs"])
    if facts.synthetic:
        sentences.append(t["synthetic"])
    text = ". ".join(s.rstrip(".") for s in sentences) + "."
    if facts.n:
        text += " " + formatter.base(facts.n) + ("" if formatter.style.base == "long" else ".")
    return text


def _survey_sentences(
    t: dict[str, str],
    fill: dict[str, str],
    facts: NoteFacts,
    q: Questionnaire,
    formatter: Formatter,
) -> list[str]:
    first = facts.items[0]
    bases = [q.bases[b] for b in dict.fromkeys(item.base for item in facts.items)]
    base = bases[0]
    if len(facts.items) == 1:
        shows = t["shows"].format(base=base.label, **fill)
    else:
        who = base.label if len(bases) == 1 else t["respondents"]
        shows = t["shows_items"].format(base=who, k=len(facts.items), **fill)
    if facts.segments:
        shows += t["by"].format(segments=_join(facts.segments, formatter.language))
    out = [shows]
    if len(facts.items) == 1:
        out.append(t["question"].format(text=first.text.rstrip()))
    else:
        out.append(t["questions"].format(texts="; ".join(f'"{i.text}"' for i in facts.items)))
    out += [b.asked for b in bases if b.asked]
    if first.type == "multi":
        out.append(t["multi"])
    if facts.dont_know_share is not None and facts.dont_know_share > 0:
        share = formatter.percent(facts.dont_know_share, style="symbol")
        out.append(t["dont_know"].format(share=share, label=facts.dont_know_label, **fill))
    if q.survey.weighting_note:
        out.append(q.survey.weighting_note)
    return out


def _join(words: Sequence[str], language: str) -> str:
    words = [w.lower() for w in words]
    if len(words) == 1:
        return words[0]
    conj = " og " if language == "da" else " and "
    return ", ".join(words[:-1]) + conj + words[-1]
