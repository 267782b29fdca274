"""Danish (and English) number formatting: exact strings, NBSP included."""

from __future__ import annotations

import datetime as dt

import pytest

from rapport.errors import UsageError
from rapport.formatting import MINUS, NBSP, Formatter, NumberStyle

DA = Formatter()
EN = DA.with_locale("en_GB")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1255, "1.255"),
        (1093, "1.093"),
        (15000, "15.000"),
        (0, "0"),
        (-2363, "-2.363"),
        (2.5, "3"),
        (999.5, "1.000"),
    ],
)
def test_integer_uses_thousands_dot_and_rounds_half_up(value: float, expected: str) -> None:
    assert DA.integer(value) == expected


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (3.5, 1, "3,5"),
        (1234.56, 2, "1.234,56"),
        (0.05, 2, "0,05"),
        (3.25, 1, "3,3"),
        (-0.04, 1, "0,0"),
        (12.0, 0, "12"),
    ],
)
def test_decimal_uses_comma(value: float, digits: int, expected: str) -> None:
    assert DA.decimal(value, digits) == expected


def test_percent_house_styles() -> None:
    assert DA.percent(86) == f"86{NBSP}%"
    assert DA.percent(86, style="pct") == f"86{NBSP}pct."
    assert DA.percent(86, style="procent") == "86 procent"
    assert DA.percent(79.44, 1) == f"79,4{NBSP}%"
    assert Formatter(NumberStyle(percent="procent")).percent(63) == "63 procent"


def test_points_and_true_minus() -> None:
    assert DA.points(4) == f"4{NBSP}procentpoint"
    assert DA.points(-1.25, 1) == f"-1,3{NBSP}procentpoint"
    assert DA.table_number(-3.25, 1) == f"{MINUS}3,3"
    assert DA.percent_tick(25) == f"25{NBSP}%"
    assert DA.percent_tick(-5) == f"{MINUS}5{NBSP}%"


def test_bases_and_dates() -> None:
    assert DA.base(1093) == "n=1.093"
    assert DA.base(1093, "long") == "Antal observationer = 1.093."
    assert DA.date(dt.date(2015, 4, 21)) == "21. april 2015"
    assert DA.date("2014-12-01") == "1. december 2014"
    assert EN.date("2015-04-21") == "21 April 2015"


@pytest.mark.parametrize(
    ("share", "words"),
    [
        (0, "ingen"),
        (1, "næsten ingen"),
        (10, "hver tiende"),
        (25, "hver fjerde"),
        (33, "hver tredje"),
        (46, "knap halvdelen"),
        (50, "hver anden"),
        (54, "godt halvdelen"),
        (63, "godt seks ud af ti"),
        (67, "to ud af tre"),
        (70, "syv ud af ti"),
        (73, "tre ud af fire"),
        (79, "otte ud af ti"),
        (86, "knap ni ud af ti"),
        (99, "næsten alle"),
        (100, "alle"),
    ],
)
def test_verbal_fractions_follow_the_documented_rule(share: float, words: str) -> None:
    assert DA.fraction(share) == words


def test_fraction_carries_its_exact_value() -> None:
    frac = DA.fraction_of(73)
    assert (frac.numerator, frac.denominator, frac.qualifier) == (3, 4, "")
    assert DA.fraction_of(46).qualifier == "below"


def test_english_chapter_formats_in_english() -> None:
    assert EN.integer(1255) == "1,255"
    assert EN.decimal(3.5) == "3.5"
    assert EN.percent(86) == "86%"
    assert EN.fraction(73) == "three out of four"
    assert EN.fraction(46) == "just under half"


def test_unknown_locale_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="xx_YY"):
        Formatter(NumberStyle(locale="xx_YY"))
    with pytest.raises(UsageError, match="percent style"):
        NumberStyle(percent="promille")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("share", "danish", "english"),
    [
        (25, "hver fjerde innovation", "one in four innovations"),
        (46, "knap halvdelen af innovationerne", "just under half of the innovations"),
        (73, "tre ud af fire innovationer", "three out of four innovations"),
        (0, "ingen innovationer", "no innovations"),
    ],
)
def test_fraction_phrase_agrees_with_its_noun(share: float, danish: str, english: str) -> None:
    assert DA.fraction_phrase(share, "innovation", "innovationer", "innovationerne") == danish
    assert EN.fraction_phrase(share, "innovation", "innovations", "the innovations") == english


def test_a_formatter_travels_as_its_style() -> None:
    """Chart jobs carry a formatter to the drawer process: as its style, not babel's data."""
    import pickle

    english = Formatter(NumberStyle("en_GB", percent="pct"))
    data = pickle.dumps(english)
    assert len(data) < 1000
    back = pickle.loads(data)
    assert back.style == english.style
    assert back.percent_tick(72.5, 1) == english.percent_tick(72.5, 1)
    assert back.integer(1255) == "1,255"
