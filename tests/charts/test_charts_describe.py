"""Alt text written from the data, in Danish or English."""

from __future__ import annotations

from chart_sample import spec

from rapport.charts import describe_chart, draw_chart
from rapport.formatting import Formatter, NumberStyle

DA = Formatter()
EN = Formatter(NumberStyle("en_GB"))
NBSP = "\u00a0"


def test_bar_names_the_largest_categories_with_values(data):
    text = describe_chart(spec("bar"), data, DA)
    assert text.startswith(
        f"Figuren viser, at 57{NBSP}% af innovationerne har svaret "
        "”Inspireret af andres løsninger, men tilpasset væsentligt”"
    )
    assert f"(19{NBSP}%)" in text
    assert "Ved ikke" not in text


def test_bar_without_subject_and_in_english(data):
    assert describe_chart(spec("bar", subject=None), data, DA).startswith(
        "Figuren viser, at den største andel er ”Inspireret"
    )
    english = describe_chart(spec("bar"), data, EN)
    assert english.startswith(
        "The figure shows that 57% of innovationerne answered “Inspireret af andres løsninger"
    )
    assert "followed by" in english


def test_grouped_compares_groups_and_names_suppression(data):
    text = describe_chart(spec("grouped"), data, DA)
    assert text.startswith("Figuren sammenligner Kommunal, Regional, Statslig og I alt.")
    assert f"”Borgere”: Kommunal 61{NBSP}%" in text
    assert "diskretionshensyn" in text


def test_stacked_names_scale_rows_and_left_out_answers(data):
    text = describe_chart(spec("stacked"), data, DA)
    assert "på skalaen fra ”I høj grad” til ”Slet ikke”" in text
    assert f"”Ledelsen accepterer, at man tager risici”: 21{NBSP}% ”I høj grad”" in text
    assert "Svarene ”Ved ikke” er ikke vist." in text


def test_diverging_gives_both_totals(data):
    text = describe_chart(spec("diverging"), data, DA)
    assert f"”Ledelsen”: 12{NBSP}% hæmmede og 69{NBSP}% fremmede." in text


def test_timeseries_from_first_to_last_edition(data):
    text = describe_chart(spec("timeseries"), data, EN)
    assert text == (
        "The figure shows the development from 2013-2014 to 2021-2023. "
        "Total: from 44% in 2013-2014 to 55% in 2021-2023."
    )


def test_dotplot_gives_intervals_and_bignumber_its_claim(data):
    assert f"57{NBSP}% (fra 54{NBSP}% til 60{NBSP}%)" in describe_chart(spec("dotplot"), data, DA)
    assert describe_chart(spec("bignumber"), data, DA) == (
        f"86{NBSP}%: af innovationerne har medarbejderne spillet en nøglerolle i"
    )


def test_decimal_digits_reach_the_alt_text(data):
    assert "52,5" not in describe_chart(spec("bar", digits=1), data, DA)
    assert f"57,0{NBSP}%" in describe_chart(spec("bar", digits=1), data, DA)


def test_the_flowable_carries_the_same_text(data, style):
    chart = draw_chart(spec("stacked"), data, style, 300)
    assert chart.alt_text == describe_chart(spec("stacked"), data, style.formatter)


def test_suppressed_cells_are_named_with_their_group(data):
    text = describe_chart(spec("grouped"), data, DA)
    assert "Statslig ikke vist" in text
    assert "For ”Borgere” (Statslig) vises intet tal af diskretionshensyn." in text
    assert "nan" not in text


def test_dotplot_without_intervals_gives_plain_values(data):
    slim = data.drop(columns=["ci_low", "ci_high"])
    text = describe_chart(spec("dotplot"), slim, EN)
    assert "“I vidt omfang en kopi af andres løsninger” 16%" in text
    assert "not shown" not in text


def _cells(values: dict[str, float | None], group: str = "Alle") -> tuple:
    from rapport.charts.frame import Cell

    return tuple(Cell("x", k, group, k.title(), v, 100) for k, v in values.items())


def test_bar_names_every_drawn_category_and_the_suppressed_one():
    from rapport.charts.describe import describe_cells

    values = {"a": 50.0, "b": 40.0, "c": 30.0, "d": 20.0, "e": None}
    text = describe_cells(spec("bar", categories=list(values), exclude=[]), _cells(values), DA)
    for label, shown in (("A", "50"), ("B", "40"), ("C", "30"), ("D", "20")):
        assert f"”{label}”" in text
        assert f"{shown}{NBSP}%" in text
    assert "For ”E” vises intet tal af diskretionshensyn." in text


def test_a_long_bar_list_is_summed_up_with_its_count_and_smallest():
    from rapport.charts.describe import ALL, describe_cells

    values = {f"k{i:02d}": 30.0 - i for i in range(ALL + 2)}
    text = describe_cells(spec("bar", categories=list(values), exclude=[]), _cells(values), DA)
    assert ALL + 2 == 10, "ten, spelled out by the house style"
    assert f"Figuren har i alt ti kategorier; den mindste er ”K09” med 21{NBSP}%." in text


def test_timeseries_names_a_peak_between_its_ends():
    from rapport.charts.describe import describe_cells

    editions = {"2013-2014": 35.0, "2015-2016": 48.0, "2018-2019": 30.0, "2021-2023": 36.0}
    cells = tuple(
        type(c)(c.indicator, c.category, c.group, c.category, c.value, c.n)
        for c in _cells(editions)
    )
    text = describe_cells(spec("timeseries", categories=list(editions)), cells, EN)
    assert "from 35% in 2013-2014 to 36% in 2021-2023" in text
    assert "Highest: 48% in 2015-2016; lowest: 30% in 2018-2019." in text
