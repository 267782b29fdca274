"""A project with editions, built: notes name every edition's base and the series
break, the chart marks the break, the table has an edition column per round."""

from __future__ import annotations

from pathlib import Path

from engine_pdf import all_text, flat

from rapport.build import BuildOptions, build_report


def test_edition_exhibits_in_the_pdf(rounds: Path) -> None:
    text = flat(all_text(build_report(BuildOptions(project=rounds)).pdf))
    assert (
        "Spørgsmålet er ændret i 3. udgave; tallene før og efter kan ikke sammenlignes direkte"
        in text
    )
    assert "I 1. udgave lød spørgsmålet: »Har medarbejderne spillet en nøglerolle?«" in text
    assert "n=1.000 (2013-2014), n=1.200 (2015-2016) og n=1.500 (2018-2019)" in text
    assert "n=1.000 (2013-2014) og n=1.500 (2018-2019)" in text  # samarbejde: not in 2. udgave
    assert "Brud i serien" in text
    assert text.count("Brud i serien") == 1  # only the reworded item's chart
    assert "1. udgave (2013-2014)" in text  # table columns are the editions
    assert "Antal observationer (n) 1.000 1.200 1.500" in text  # each edition's base
    assert (
        "Samarbejde er steget fra 60 procent i 1. udgave til 66 procent, "
        "en statistisk signifikant stigning" in text
    )
    assert "Samarbejdet vokser." in text
    assert (
        "Evaluering er 41 procent mod 40 procent i 1. udgave; "
        "forskellen er ikke statistisk signifikant" in text
    )
