"""The aggregated path equals the respondent path: labels, notes and ``.sig()``.

The same survey is built twice: from respondents + questionnaire, and from the results
file ``rapport aggregate`` wrote (with the questionnaire beside it, and without one).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from engine_pdf import all_text, flat

from rapport.build import BuildOptions, build_report
from rapport.cli import cli

MINI = Path(__file__).parents[1] / "burst" / "fixtures" / "mini"
CHAPTER = """# Resultater

I alt har {{ survey.innovation.ja }} indført en innovation. Blandt de statslige er andelen
{{ survey.innovation.ja.at("sektor=statslig").sig() }} blandt de øvrige.

```{figure} sektorer
```

```{table} tabel
```
"""
FIGURES = """figures:
  sektorer:
    title: Innovation efter sektor
    chart: {kind: grouped, source: survey, indicator: innovation,
            groups: [Alle, sektor=kommunal, sektor=regional, sektor=statslig]}
tables:
  tabel:
    title: Innovation efter sektor
    source: survey
    rows: {indicator: innovation}
    columns: [Alle, sektor=kommunal, sektor=statslig]
"""
HEAD = """title: Miniaturebarometeret
date: 2015-04-21
language: da_DK
layout: rapport
disclosure: {threshold: 3}
chapters: [chapters/01.md]
"""


def _project(tmp_path: Path, name: str, source: str) -> Path:
    root = tmp_path / name
    shutil.copytree(MINI, root)
    (root / "chapters" / "01.md").write_text(CHAPTER, encoding="utf-8")
    (root / "report.yaml").write_text(HEAD + source + FIGURES, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("aggregated")
    results = tmp / "results.csv"
    run = CliRunner().invoke(
        cli,
        [
            "aggregate",
            str(MINI / "respondents.csv"),
            "-q",
            str(MINI / "questionnaire.yaml"),
            "--by",
            "sektor",
            "--threshold",
            "3",
            "-o",
            str(results),
        ],
    )
    assert run.exit_code == 0, run.output
    sources = {
        "respondents": "data:\n  survey: {respondents: respondents.csv, "
        "questionnaire: questionnaire.yaml, by: [sektor], synthetic: true}\n",
        "results+questionnaire": "data:\n  survey: {results: results.csv, "
        "questionnaire: questionnaire.yaml, synthetic: true}\n",
        "results": "data:\n  survey: {results: results.csv, synthetic: true}\n",
    }
    out = {}
    for name, source in sources.items():
        root = _project(tmp, name.replace("+", "-"), source)
        shutil.copy(results, root / "results.csv")
        out[name] = flat(all_text(build_report(BuildOptions(project=root)).pdf))
    return out


def test_group_labels_come_from_the_metadata_not_the_codes(texts) -> None:
    for name, text in texts.items():
        assert "Regional" in text, name
        assert "Statslig" in text, name
        assert "sektor=" not in text, name


def test_results_beside_a_questionnaire_get_the_full_note(texts) -> None:
    question = "Spørgsmålet lyder: »Har jeres arbejdsplads indført en innovation?«"
    assert question in texts["respondents"]
    assert question in texts["results+questionnaire"]
    assert "Spørgsmålet er stillet til alle." in texts["results+questionnaire"]


def test_sig_works_on_aggregated_results(texts) -> None:
    phrases = ("signifikant højere end", "signifikant lavere end", "ikke signifikant forskellig")
    for name, text in texts.items():
        assert any(f"andelen {p}" in text for p in phrases), name


def test_sig_on_aggregates_states_simple_random_sampling(texts) -> None:
    """Without respondents no weight enters the test, named in a questionnaire or not."""
    srs = "antager simpel tilfældig udvælgelse"
    assert srs in texts["results"]
    assert srs in texts["results+questionnaire"]
    assert srs not in texts["respondents"]


def test_colophon_names_the_layout(texts) -> None:
    assert "Sat med rapport 0.1.0 i layoutet »rapport«" in texts["respondents"]
