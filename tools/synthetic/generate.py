"""Write the seeded, calibrated synthetic respondent file of the default report.

Run from the repository root:  .venv/bin/python -m tools.synthetic.generate
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
from ruamel.yaml import YAML

from . import actors, culture, process
from .context import Ctx
from .frame import build_frame

SEED = 20141201
ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "innovationsbarometeret"
QUESTIONNAIRE = DATA / "questionnaire.yaml"
OUTPUT = DATA / "respondents.csv"
BACKGROUND = ["id", "sektor", "delsektor", "region", "kommune", "stoerrelse", "vaegt"]


def draw_answers(ctx: Ctx) -> None:
    """Every questionnaire item, in dependency order (each step may use earlier answers)."""
    actors.innovation_types(ctx)
    actors.novelty(ctx)
    collab = actors.collaboration(ctx)
    roles = actors.actor_roles(ctx, collab)
    found = actors.partners(ctx, collab, roles)
    initiators: dict[str, np.ndarray] = {}
    actors.actor_components(ctx, roles, found, initiators)
    drivers = dict(roles, collab=collab)
    drivers["medarbejdere_noegle"] = process.employees(ctx, initiators)
    drivers["politikere_rolle"] = process.politicians(ctx, initiators)
    drivers["oekonomi_rolle"] = process.economy(ctx, initiators)
    process.other_initiators(ctx, initiators, collab)
    for code, flag in initiators.items():
        ctx.flags("igangsaetter", code, flag)
    drivers["processer"] = ctx.cols["seneste_type__processer"]
    drivers["kommunikation"] = ctx.cols["seneste_type__kommunikation"]
    process.values(ctx, drivers)
    evaluated = process.evaluation(ctx, drivers)
    process.spreading(ctx, evaluated, collab)
    process.purpose(ctx, collab, roles["borgere_rolle"])
    culture.culture_and_strategy(ctx)


def load_items(path: Path = QUESTIONNAIRE) -> dict:
    """The ``items`` mapping of the questionnaire (plain dicts)."""
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))["items"]


def item_columns(ctx: Ctx, items: dict) -> dict[str, np.ndarray]:
    """Answer columns in questionnaire order as strings; blank where the item was not asked."""
    asked = {"alle": np.ones(ctx.n, dtype=bool), "innovatorer": ctx.inn}
    out: dict[str, np.ndarray] = {}
    for name, item in items.items():
        if not any(col == name or col.startswith(f"{name}__") for col in ctx.cols):
            raise ValueError(f"the generator draws no answers for questionnaire item {name!r}")
        if item["type"] != "multi":
            out[name] = ctx.cols[name]
            continue
        for code in item["options"]:
            flag = ctx.cols[f"{name}__{code}"]
            out[f"{name}__{code}"] = np.where(asked[item["base"]], flag.astype(int).astype(str), "")
    return out


def build(seed: int = SEED, questionnaire: Path = QUESTIONNAIRE) -> pd.DataFrame:
    """The complete synthetic respondent table."""
    rng = np.random.default_rng(seed)
    frame = build_frame(rng)
    ctx = Ctx(frame=frame, rng=rng, inn=np.zeros(len(frame), dtype=bool))
    inn = actors.innovation(ctx)
    ctx = Ctx(frame=frame, rng=rng, inn=inn, cols=ctx.cols)
    draw_answers(ctx)
    answers = pd.DataFrame(item_columns(ctx, load_items(questionnaire)))
    table = pd.concat([frame[BACKGROUND].reset_index(drop=True), answers], axis=1)
    table["vaegt"] = table["vaegt"].map(lambda x: f"{x:.4f}")
    return table


def generate(output: Path = OUTPUT, seed: int = SEED) -> Path:
    """Write the respondent CSV (UTF-8, comma, LF line ends) to ``output``."""
    output.parent.mkdir(parents=True, exist_ok=True)
    build(seed).to_csv(output, index=False, lineterminator="\n")
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    print(generate(args.output, args.seed))


if __name__ == "__main__":
    main()
