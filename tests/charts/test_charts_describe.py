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
