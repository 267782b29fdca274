"""Organisational culture and strategic focus (asked of all workplaces), from one latent trait."""

from __future__ import annotations

import numpy as np

from .actors import SIZE_EFFECT
from .context import Ctx

CULTURE_SHIFT: dict[str, float] = {
    "kultur_ideer": 0.6,
    "kultur_risiko": -0.1,
    "kultur_ledelse": 0.35,
    "kultur_laering": -0.3,
    "kultur_tid": -0.6,
    "strategi_fokus": 0.1,
}
CUTS: tuple[tuple[str, float], ...] = (("hoej", 0.9), ("nogen", -0.4), ("ringe", -1.4))
STRATEGY_LEVEL: dict[str, float] = {
    "strategi_skriftlig": -0.5,
    "strategi_maal": -0.2,
    "strategi_ressourcer": -1.1,
}


def latent_culture(ctx: Ctx) -> np.ndarray:
    """An innovation-friendly culture score: higher where innovations were introduced."""
    return ctx.rng.normal(size=ctx.n) * 0.8 + 0.6 * ctx.inn


def likert(ctx: Ctx, trait: np.ndarray, shift: float) -> np.ndarray:
    """Four-point agreement scale cut from ``trait`` plus noise; about 3 % "Ved ikke"."""
    value = trait + shift + ctx.rng.normal(size=ctx.n) * 0.7
    out = np.full(ctx.n, "slet", dtype=object)
    for code, cut in reversed(CUTS):
        out[value > cut] = code
    out[ctx.bern(0.03)] = "ved_ikke"
    return out


def culture_and_strategy(ctx: Ctx) -> None:
    """Culture items, the leadership-focus item and three yes/no strategy items."""
    everyone = np.ones(ctx.n, dtype=bool)
    trait = latent_culture(ctx)
    for item, shift in CULTURE_SHIFT.items():
        ctx.single(item, likert(ctx, trait, shift), everyone)
    base = (
        0.5 * ctx.effect("stoerrelse", SIZE_EFFECT)
        + 0.6 * trait
        + ctx.effect("sektor", {"kommunal": 0.2, "statslig": -0.2})
    )
    for item, level in STRATEGY_LEVEL.items():
        yes = ctx.rng.random(ctx.n) < 1 / (1 + np.exp(-(base + level)))
        codes = np.where(yes, "ja", "nej").astype(object)
        codes[ctx.bern(0.07)] = "ved_ikke"
        ctx.single(item, codes, everyone)
