"""Numbers, percentages, dates and verbal quantifiers in the house style — the one place.

Everything that turns a number into text goes through a :class:`Formatter`:
chapter text, titles, table cells, chart ticks and value labels. The locale is
threaded through from the report (``da_DK`` by default; a chapter may declare
``en_GB``) and babel does the digit grouping.

Percentages are given in *percent units* (``73.4`` means 73,4 %), the unit the
aggregated-results files use.

Verbal fractions (:meth:`Formatter.fraction`) follow one documented rule:

1. 0 → "ingen", 100 → "alle"; below 2,5 → "næsten ingen"; above 97,5 → "næsten alle".
2. Try denominators 2, 3, 4 and 10 in that order. The first fraction a/b whose
   value lies within **2,5 percentage points** of the share is used as it is:
   "tre ud af fire", "to ud af tre", "otte ud af ti"; a/b with a = 1 reads
   "hver anden", "hver tredje", "hver fjerde", "hver tiende".
3. Otherwise the nearest of those fractions is used with a qualifier: "knap"
   when the share is below it, "godt" when above ("knap halvdelen",
   "godt seks ud af ti"). One half reads "halvdelen" in this form.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_decimal

from .errors import UsageError
from .memo import Memo
from .phrases import available, phrases

_DIGITS: Memo[tuple[float, str, str], str] = Memo("formatted numbers", 8192)

PercentStyle = Literal["symbol", "pct", "procent"]
BaseStyle = Literal["short", "long"]

NBSP = "\u00a0"
MINUS = "\u2212"

_DENOMINATORS = (2, 3, 4, 10)
_TOLERANCE = 2.5


def validate_locale(name: str) -> Locale:
    """Parse a locale name such as ``da_DK``; a readable error if babel does not know it."""
    try:
        locale = Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise UsageError(
            f"unknown language/locale {name!r}",
            hint="use a locale such as 'da_DK' or 'en_GB'",
        ) from exc
    if locale.language not in available():
        raise UsageError(
            f"language {locale.language!r} has no phrase file yet",
            hint="supported languages: " + ", ".join(available()),
        )
    return locale


@dataclass(frozen=True)
class NumberStyle:
    """The house number style; chosen by the layout, overridable per report."""

    locale: str = "da_DK"
    percent: PercentStyle = "symbol"
    base: BaseStyle = "short"

    def __post_init__(self) -> None:
        validate_locale(self.locale)
        if self.percent not in ("symbol", "pct", "procent"):
            raise UsageError(
                f"unknown percent style {self.percent!r}",
                hint="use 'symbol' (86 %), 'pct' (86 pct.) or 'procent' (86 procent)",
            )
        if self.base not in ("short", "long"):
            raise UsageError(f"unknown base style {self.base!r}", hint="use 'short' or 'long'")


@dataclass(frozen=True)
class Fraction:
    """A verbal fraction: the words and the exact fraction they stand for."""

    text: str
    numerator: int
    denominator: int
    qualifier: Literal["", "below", "above"] = ""


class Formatter:
    """Formats numbers for one locale and house style. Cheap to create; immutable."""

    def __init__(self, style: NumberStyle | None = None) -> None:
        self.style = style or NumberStyle()
        self.locale = validate_locale(self.style.locale)
        self._words = phrases(self.locale.language)["numbers"]

    def __reduce__(self) -> tuple[type[Formatter], tuple[NumberStyle]]:
        """Pickled as its style (a chart job sent to the drawer process): made again
        from it, not from a copy of babel's locale data (~160 kB each time)."""
        return (Formatter, (self.style,))

    @property
    def language(self) -> str:
        return str(self.locale.language)

    @property
    def phrases(self) -> Mapping[str, Any]:
        """The phrase templates of this formatter's language (see :mod:`rapport.phrases`)."""
        return phrases(self.language)

    def with_locale(self, locale: str) -> Formatter:
        """The same house style in another language (e.g. an English chapter)."""
        return Formatter(NumberStyle(locale, self.style.percent, self.style.base))

    # -- plain numbers -------------------------------------------------------
    def integer(self, value: float) -> str:
        """``1255`` → ``"1.255"`` (rounded half away from zero)."""
        return self._signed(self._digits(abs(_round(value, 0)), "#,##0"), value)

    def decimal(self, value: float, digits: int = 1) -> str:
        """``3.5`` → ``"3,5"`` with exactly ``digits`` decimals."""
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
        text = self._digits(abs(_round(value, digits)), pattern)
        return self._signed(text, _round(value, digits))

    def _digits(self, value: float, pattern: str) -> str:
        """babel's digits for a value ≥ 0 (kept per process: a report prints the same
        numbers, and every chart the same tick labels, again and again)."""
        key = (value, pattern, str(self.locale))
        known = _DIGITS.get(key)
        if known is None:
            known = _DIGITS.put(key, format_decimal(value, pattern, locale=self.locale))
        return known

    def _signed(self, text: str, value: float) -> str:
        return f"-{text}" if value < 0 and any(c not in "0,." for c in text) else text

    def count(self, value: int) -> str:
        """A small count in words by the house style (``3`` → "tre"), larger ones in digits."""
        words = self._words["words"]
        return words[value] if 0 <= value < len(words) else self.integer(value)

    def quote(self, text: str) -> str:
        """``text`` in straight quotes, which the caller sets in the layout's marks for the
        language (see :mod:`rapport.quotes`)."""
        return f'"{text}"'

    def table_number(self, value: float, digits: int = 0) -> str:
        """Like :meth:`decimal` but with a true minus sign (U+2212), for tables and charts."""
        text = self.decimal(value, digits) if digits else self.integer(value)
        return text.replace("-", MINUS)

    # -- percentages ---------------------------------------------------------
    def percent(self, value: float, digits: int = 0, style: PercentStyle | None = None) -> str:
        """``86`` → ``"86 %"`` (NBSP), ``"86 pct."`` or ``"86 procent"`` by house style."""
        suffix = self._words["percent"][style or self.style.percent]
        return self.decimal(value, digits) + suffix

    def percent_tick(self, value: float, digits: int = 0) -> str:
        """A compact percent for axes and value labels; always the symbol form."""
        return self.table_number(value, digits) + self._words["percent"]["symbol"]

    def points(self, value: float, digits: int = 0) -> str:
        """A difference between percentages: ``"4 procentpoint"``."""
        singular, plural = self._words["points"]
        word = singular if abs(_round(value, digits)) == 1 else plural
        return f"{self.decimal(value, digits)}{NBSP}{word}"

    # -- bases and dates -----------------------------------------------------
    def base(self, n: int, style: BaseStyle | None = None) -> str:
        """``"n=1.093"`` or ``"Antal observationer = 1.093."``."""
        return self.base_range(n, n, style)

    def base_range(self, low: int, high: int, style: BaseStyle | None = None) -> str:
        """A base that differs between rows: ``"n=1.093–1.255"`` (one number when equal)."""
        key = "base_long" if (style or self.style.base) == "long" else "base_short"
        text = self.integer(low) if low == high else f"{self.integer(low)}–{self.integer(high)}"
        return self._words[key].format(n=text)

    def date(self, value: dt.date | str) -> str:
        """``2015-04-21`` → ``"21. april 2015"`` (da) / ``"21 April 2015"`` (en)."""
        if isinstance(value, str):
            value = dt.date.fromisoformat(value)
        return format_date(value, format="long", locale=self.locale)

    # -- verbal quantifiers --------------------------------------------------
    def fraction(self, value: float) -> str:
        """A share in words by the rule in the module docstring: ``73`` → ``"tre ud af fire"``."""
        return self.fraction_of(value).text

    def fraction_of(self, value: float) -> Fraction:
        w = self._words
        if value <= 0:
            return Fraction(w["none"], 0, 1)
        if value >= 100:
            return Fraction(w["all"], 1, 1)
        if value < _TOLERANCE:
            return Fraction(w["almost_none"], 0, 1, "above")
        if value > 100 - _TOLERANCE:
            return Fraction(w["almost_all"], 1, 1, "below")
        for b in _DENOMINATORS:
            a = _round(value * b / 100, 0)
            if 0 < a < b and abs(value - 100 * a / b) <= _TOLERANCE:
                return Fraction(self._fraction_words(int(a), b), int(a), b)
        return self._qualified(value)

    def fraction_phrase(self, value: float, singular: str, plural: str, definite: str) -> str:
        """The verbal fraction with its noun in the right form.

        ``"hver anden innovation"``, ``"tre ud af fire innovationer"``,
        ``"knap halvdelen af innovationerne"`` (singular after "hver", "af" + the
        definite plural after "halvdelen", the plural otherwise).
        """
        frac, w = self.fraction_of(value), self._words
        if (frac.numerator, frac.denominator) == (1, 2) and frac.qualifier:
            return f"{frac.text} {w['of']} {definite}"
        if frac.numerator == 1 and frac.denominator > 1 and not frac.qualifier:
            return f"{frac.text} {singular if w['every_takes'] == 'singular' else plural}"
        if value <= 0:
            return f"{w['no']} {plural}"
        return f"{frac.text} {plural}"

    def _qualified(self, value: float) -> Fraction:
        candidates = sorted(
            (abs(value - 100 * a / b), b, a) for b in _DENOMINATORS for a in range(1, b)
        )
        _, b, a = candidates[0]
        exact = 100 * a / b
        words = self._words["half"] if (a, b) == (1, 2) else self._fraction_words(a, b)
        if value < exact:
            return Fraction(self._words["below"].format(f=words), a, b, "below")
        return Fraction(self._words["above"].format(f=words), a, b, "above")

    def _fraction_words(self, a: int, b: int) -> str:
        w = self._words
        if a == 1:
            return w["every"].format(o=w["ordinals"][b], b=w["words"][b])
        return w["out_of"].format(a=w["words"][a], b=w["words"][b])


def _round(value: float, digits: int) -> float:
    """Round half away from zero (the statistical-office convention, not banker's)."""
    factor = 10**digits
    scaled = abs(value) * factor
    rounded = math.floor(scaled + 0.5 + 1e-9) / factor
    return math.copysign(rounded, value) if rounded else 0.0


def round_shown(value: float, digits: int = 0) -> float:
    """``value`` as the house style prints it with ``digits`` decimals (half away from zero)."""
    return _round(value, digits)


def capitalize_first(text: str) -> str:
    """Upper-case the first letter only (Jinja's ``capitalize`` lowers the rest)."""
    return text[:1].upper() + text[1:]
