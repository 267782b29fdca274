"""The synthetic respondent file: determinism, calibration to published figures, routing."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "innovationsbarometeret"
RESPONDENTS = DATA / "respondents.csv"

# Published edition-1 headline figures (percent of innovations, weighted); see
# data/innovationsbarometeret/published.csv for the source of each number.
HEADLINES: dict[str, tuple[str, tuple[str, ...], float]] = {
    "samarbejde": ("samarbejde", ("ja",), 79),
    "medarbejdere": ("medarbejdere_noegle", ("ja",), 86),
    "genbrug": ("nyhed", ("tilpasset", "kopi"), 73),
    "borgere": ("borgere_rolle", ("ja",), 63),
    "politikere": ("politikere_rolle", ("ja",), 69),
    "virksomheder": ("virksomheder_rolle", ("ja",), 30),
    "vidensinstitutioner": ("videns_rolle", ("ja",), 21),
    "frivillige": ("frivillige_rolle", ("ja",), 14),
    "oekonomi": ("oekonomi_rolle", ("ja",), 65),
    "kvalitet": ("vaerdi__kvalitet", ("1",), 70),
    "effektivitet": ("vaerdi__effektivitet", ("1",), 46),
    "medarbejdertilfredshed": ("vaerdi__medarbejdertilfredshed", ("1",), 50),
    "evalueret": ("evaluering", ("ja_internt", "ja_eksternt"), 44),
    "nyhed_ved_ikke": ("nyhed", ("ved_ikke",), 8),
    "virksomhed_partner": ("samarbejdspartnere__virksomheder", ("1",), 22),
}

# The 98 municipalities per region (Kommunalreformen 2007), written out independently of the
# generator's own table.
REGIONS: dict[str, str] = {
    "hovedstaden": "Albertslund Allerød Ballerup Bornholm Brøndby Dragør Egedal Fredensborg "
    "Frederiksberg Frederikssund Furesø Gentofte Gladsaxe Glostrup Gribskov Halsnæs Helsingør "
    "Herlev Hillerød Hvidovre Høje-Taastrup Hørsholm Ishøj København Lyngby-Taarbæk Rudersdal "
    "Rødovre Tårnby Vallensbæk",
    "sjaelland": "Faxe Greve Guldborgsund Holbæk Kalundborg Køge Lejre Lolland Næstved "
    "Odsherred Ringsted Roskilde Slagelse Solrød Sorø Stevns Vordingborg",
    "syddanmark": "Aabenraa Assens Billund Esbjerg Faaborg-Midtfyn Fanø Fredericia Haderslev "
    "Kerteminde Kolding Langeland Middelfart Nordfyns Nyborg Odense Svendborg Sønderborg "
    "Tønder Varde Vejen Vejle Ærø",
    "midtjylland": "Aarhus Favrskov Hedensted Herning Holstebro Horsens Ikast-Brande Lemvig "
    "Norddjurs Odder Randers Ringkøbing-Skjern Samsø Silkeborg Skanderborg Skive Struer "
    "Syddjurs Viborg",
    "nordjylland": "Aalborg Brønderslev Frederikshavn Hjørring Jammerbugt Læsø Mariagerfjord "
    "Morsø Rebild Thisted Vesthimmerlands",
}

SUBSECTOR_SECTORS: dict[str, set[str]] = {
    "dagtilbud": {"kommunal"},
    "skole": {"kommunal"},
    "ungdomsuddannelse": {"statslig"},
    "videregaaende": {"statslig"},
    "retsvaesen": {"statslig"},
    "sundhed": {"kommunal", "regional"},
    "aeldre_handicap": {"kommunal", "regional"},
    "kultur": {"kommunal", "statslig"},
    "administration": {"kommunal", "regional", "statslig"},
}


def generator():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("tools.synthetic.generate")


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return pd.read_csv(RESPONDENTS, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def items() -> dict:
    text = (DATA / "questionnaire.yaml").read_text(encoding="utf-8")
    return YAML(typ="safe", pure=True).load(text)["items"]


def share(
    data: pd.DataFrame, column: str, codes: tuple[str, ...], base: pd.Series | None = None
) -> float:
    """Weighted percent of innovators (optionally within ``base``) answering one of ``codes``."""
    weight = data["vaegt"].astype(float)
    inn = data["innovation"] == "ja"
    if base is not None:
        inn &= base
    return 100 * weight[inn & data[column].isin(codes)].sum() / weight[inn].sum()


def test_generator_is_deterministic_and_matches_shipped_file(tmp_path: Path) -> None:
    gen = generator()
    first = gen.generate(tmp_path / "a.csv")
    second = gen.generate(tmp_path / "b.csv")
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == RESPONDENTS.read_bytes()


def test_other_seed_gives_other_answers_but_same_calibration(tmp_path: Path) -> None:
    other = pd.read_csv(
        generator().generate(tmp_path / "c.csv", seed=7), dtype=str, keep_default_na=False
    )
    assert not other.equals(pd.read_csv(RESPONDENTS, dtype=str, keep_default_na=False))
    assert (other["innovation"] == "ja").sum() == 1093
    assert share(other, "samarbejde", ("ja",)) == pytest.approx(79, abs=0.5)


def test_respondent_and_innovator_counts(data: pd.DataFrame) -> None:
    assert len(data) == 1255
    assert (data["innovation"] == "ja").sum() == 1093
    assert sorted(data["id"].astype(int)) == list(range(1, 1256))


@pytest.mark.parametrize("name", sorted(HEADLINES))
def test_weighted_headline_share(data: pd.DataFrame, name: str) -> None:
    column, codes, target = HEADLINES[name]
    assert share(data, column, codes) == pytest.approx(target, abs=0.5)


def test_two_of_three_municipal_innovations_with_citizens(data: pd.DataFrame) -> None:
    municipal = data["sektor"] == "kommunal"
    assert share(data, "borgere_rolle", ("ja",), municipal) == pytest.approx(200 / 3, abs=0.5)
    assert share(data, "borgere_rolle", ("ja",), ~municipal) < 60


def test_routing_follows_the_bases(data: pd.DataFrame, items: dict) -> None:
    inn = (data["innovation"] == "ja").to_numpy()
    for name, item in items.items():
        codes = list(item["options"])
        columns = [f"{name}__{c}" for c in codes] if item["type"] == "multi" else [name]
        asked = inn if item["base"] == "innovatorer" else np.ones(len(data), dtype=bool)
        for column in columns:
            cells = data[column]
            assert (cells[~asked] == "").all(), column
            allowed = ["0", "1"] if item["type"] == "multi" else codes
            assert cells[asked].isin(allowed).all(), column


def test_dont_know_is_used_where_the_questionnaire_has_it(data: pd.DataFrame, items: dict) -> None:
    for name, item in items.items():
        code = item.get("dont_know")
        if code is None:
            continue
        column = f"{name}__{code}" if item["type"] == "multi" else name
        hits = data[column] == ("1" if item["type"] == "multi" else code)
        assert 0 < hits.sum() < len(data) / 3, name


def flag(data: pd.DataFrame, column: str) -> pd.Series:
    return data[column] == "1"


def fremmede(data: pd.DataFrame, column: str) -> pd.Series:
    return data[column].isin(["fremmede_hoej", "fremmede_nogen"])


def test_composites_agree_with_their_parts(data: pd.DataFrame) -> None:
    inn = data[data["innovation"] == "ja"]
    assert ((inn["genbrug"] == "ja") == inn["nyhed"].isin(["tilpasset", "kopi"])).all()
    assert (
        (inn["evalueret"] == "ja") == inn["evaluering"].isin(["ja_internt", "ja_eksternt"])
    ).all()
    assert ((inn["samarbejde"] == "ja") == ~flag(inn, "samarbejdspartnere__ingen")).all()
    employees = flag(inn, "igangsaetter__medarbejdere") | fremmede(inn, "faktor_medarbejdere")
    assert ((inn["medarbejdere_noegle"] == "ja") == employees).all()
    politics = (
        flag(inn, "igangsaetter__politikere")
        | flag(inn, "igangsaetter__lovgivning")
        | fremmede(inn, "faktor_politikere")
        | fremmede(inn, "faktor_lovgivning")
    )
    assert ((inn["politikere_rolle"] == "ja") == politics).all()
    economy = flag(inn, "igangsaetter__oekonomisk_pres") | ~inn["faktor_oekonomi"].isin(
        ["hverken", "ved_ikke"]
    )
    assert ((inn["oekonomi_rolle"] == "ja") == economy).all()


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("borgere_rolle", "borgere"),
        ("virksomheder_rolle", "virksomheder"),
        ("videns_rolle", "vidensinstitutioner"),
        ("frivillige_rolle", "frivillige"),
    ],
)
def test_actor_role_is_initiator_promoter_or_partner(
    data: pd.DataFrame, role: str, code: str
) -> None:
    inn = data[data["innovation"] == "ja"]
    parts = (
        flag(inn, f"igangsaetter__{code}")
        | fremmede(inn, f"faktor_{code}")
        | flag(inn, f"samarbejdspartnere__{code}")
    )
    assert ((inn[role] == "ja") == parts).all()


def test_innovation_types_and_latest_type(data: pd.DataFrame) -> None:
    types = ["produkter_service", "processer", "kommunikation"]
    introduced = pd.concat([flag(data, f"innovationstype__{t}") for t in types], axis=1)
    assert ((data["innovation"] == "ja") == introduced.any(axis=1)).all()
    inn = data[data["innovation"] == "ja"]
    latest = pd.concat([flag(inn, f"seneste_type__{t}") for t in types], axis=1)
    assert latest.any(axis=1).all()
    for t in types:
        assert (~flag(inn, f"seneste_type__{t}") | flag(inn, f"innovationstype__{t}")).all()


def test_value_dont_know_excludes_other_values(data: pd.DataFrame, items: dict) -> None:
    inn = data[data["innovation"] == "ja"]
    chosen = inn[[f"vaerdi__{c}" for c in items["vaerdi"]["options"]]].astype(int)
    assert (chosen.sum(axis=1) >= 1).all()
    unsure = inn["vaerdi__ved_ikke"] == "1"
    assert (chosen[unsure].sum(axis=1) == 1).all()


def test_all_98_municipalities_with_their_region(data: pd.DataFrame) -> None:
    region_of = {k: r for r, names in REGIONS.items() for k in names.split()}
    assert len(region_of) == 98
    assert set(data["kommune"]) == set(region_of)
    assert (data["kommune"].map(region_of) == data["region"]).all()
    counts = data["kommune"].value_counts()
    assert (counts < 5).sum() >= 5
    assert counts.median() >= 5


def test_sectors_subsectors_and_sizes_fit_together(data: pd.DataFrame) -> None:
    for sub, sectors in SUBSECTOR_SECTORS.items():
        assert set(data.loc[data["delsektor"] == sub, "sektor"]) <= sectors, sub
    assert set(data["delsektor"]) == set(SUBSECTOR_SECTORS)
    assert set(data["stoerrelse"]) == {"3-9", "10-49", "50-99", "100+"}
    counts = data["sektor"].value_counts()
    assert counts["kommunal"] > counts["statslig"] > counts["regional"]


def test_design_weights(data: pd.DataFrame) -> None:
    weight = data["vaegt"].astype(float)
    assert weight.sum() == pytest.approx(15000, abs=1)
    assert (weight > 0).all()
    per_cell = weight.groupby([data["sektor"], data["stoerrelse"]]).nunique()
    assert (per_cell == 1).all()


def test_employee_satisfaction_as_the_only_value(data: pd.DataFrame) -> None:
    values = [
        "kvalitet",
        "effektivitet",
        "borgerinddragelse",
        "medarbejdertilfredshed",
        "politiske_maal",
    ]
    chosen = data[[f"vaerdi__{v}" for v in values]].replace("", "0").astype(int)
    only = (chosen.sum(axis=1) == 1) & (data["vaerdi__medarbejdertilfredshed"] == "1")
    marker = only.map({True: "ja", False: "nej"})
    assert share(data.assign(kun=marker), "kun", ("ja",)) == pytest.approx(2, abs=0.5)
