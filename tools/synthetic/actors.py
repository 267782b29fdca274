"""Innovation, types, novelty, collaboration and actor roles, calibrated to published shares."""

from __future__ import annotations

import numpy as np

from .calibrate import calibrate_flag, calibrate_within, top_weighted
from .context import Ctx, codes_from

INNOVATORS = 1093  # of 1.255 respondents (published base "Antal observationer = 1.093")

# Weighted percent among innovators: published headline figures of edition 1, and (marked)
# synthetic choices where only a verbal quantifier or nothing was published.
TARGETS: dict[str, float] = {
    "samarbejde": 79,
    "medarbejdere_noegle": 86,
    "genbrug": 73,
    "borgere_rolle": 63,
    "politikere_rolle": 69,
    "virksomheder_rolle": 30,
    "videns_rolle": 21,
    "frivillige_rolle": 14,
    "oekonomi_rolle": 65,
    "nyhed_ved_ikke": 8,
    "partner_virksomheder": 22,
    # synthetic choices
    "nyhed_kopi": 15,
    "partner_borgere": 41,
    "partner_videns": 13,
    "partner_frivillige": 8,
}
BORGERE_KOMMUNAL = 67  # "to ud af tre" municipal innovations happen with the citizens

FREMMEDE = {"fremmede_hoej": 0.4, "fremmede_nogen": 0.6}
NOT_FREMMEDE = {"hverken": 0.62, "haemmede_nogen": 0.12, "haemmede_hoej": 0.04, "ved_ikke": 0.22}

# role item -> (igangsaetter code, faktor item, samarbejdspartnere code, sector offsets,
#               sub-sector effects on the latent propensity)
ACTORS: dict[str, tuple[str, str, str, dict[str, float], dict[str, float]]] = {
    "borgere_rolle": (
        "borgere",
        "faktor_borgere",
        "borgere",
        {},
        {
            "dagtilbud": 0.8,
            "skole": 0.6,
            "aeldre_handicap": 0.9,
            "administration": -0.9,
            "retsvaesen": -0.5,
        },
    ),
    "virksomheder_rolle": (
        "virksomheder",
        "faktor_virksomheder",
        "virksomheder",
        {"regional": 6, "statslig": 4},
        {"sundhed": 0.7, "administration": 0.5, "dagtilbud": -0.6},
    ),
    "videns_rolle": (
        "vidensinstitutioner",
        "faktor_vidensinstitutioner",
        "vidensinstitutioner",
        {"regional": 12, "statslig": 5},
        {"sundhed": 0.8, "videregaaende": 1.2, "skole": 0.3, "kultur": -0.4},
    ),
    "frivillige_rolle": (
        "frivillige",
        "faktor_frivillige",
        "frivillige",
        {"regional": -1, "statslig": 1},
        {"kultur": 1.2, "aeldre_handicap": 0.8, "retsvaesen": -0.8},
    ),
}
PARTNER_TARGET = {
    "borgere_rolle": "partner_borgere",
    "virksomheder_rolle": "partner_virksomheder",
    "videns_rolle": "partner_videns",
    "frivillige_rolle": "partner_frivillige",
}

SIZE_EFFECT = {"3-9": -0.8, "50-99": 0.6, "100+": 1.2}


def innovation(ctx: Ctx) -> np.ndarray:
    """Exactly ``INNOVATORS`` respondents (unweighted) innovate; larger ones more often."""
    lin = (
        ctx.effect("stoerrelse", SIZE_EFFECT)
        + ctx.effect("sektor", {"regional": 0.3})
        + ctx.effect("delsektor", {"skole": 0.4, "sundhed": 0.3, "retsvaesen": -0.4})
    )
    flag = top_weighted(ctx.score(lin), np.ones(ctx.n), np.ones(ctx.n, bool), INNOVATORS)
    ctx.single("innovation", np.where(flag, "ja", "nej"), np.ones(ctx.n, bool))
    return flag


def innovation_types(ctx: Ctx) -> None:
    """Types introduced (asked of all) and the latest innovation's types (a subset of them)."""
    probs = {"produkter_service": 0.55, "processer": 0.78, "kommunikation": 0.42}
    done = {code: ctx.bern(p) & ctx.inn for code, p in probs.items()}
    done["processer"] |= ctx.inn & ~(done["produkter_service"] | done["kommunikation"])
    first = ctx.rng.integers(0, 3, ctx.n)
    latest = {}
    for i, code in enumerate(probs):
        latest[code] = done[code] & ((first == i) | ctx.bern(0.35))
    none = ctx.inn & ~np.logical_or.reduce(list(latest.values()))
    for code in probs:
        take = none & done[code]
        latest[code] |= take
        none &= ~take
        ctx.flags("innovationstype", code, done[code])
        ctx.flags("seneste_type", code, latest[code])


def novelty(ctx: Ctx) -> None:
    """Novelty: "Ved ikke" 8 %, reuse 73 % (adapted + copied), the rest first of its kind."""
    w, inn = ctx.weight, ctx.inn
    dont = calibrate_within(
        ctx.score(ctx.effect("stoerrelse", {"3-9": 0.7})), w, inn, inn, TARGETS["nyhed_ved_ikke"]
    )
    reuse_lin = ctx.effect("sektor", {"kommunal": 0.5, "statslig": -0.4})
    reuse = calibrate_within(ctx.score(reuse_lin), w, inn, inn & ~dont, TARGETS["genbrug"])
    copy_lin = ctx.effect("delsektor", {"dagtilbud": 0.5, "administration": 0.3})
    copy = calibrate_within(ctx.score(copy_lin), w, inn, reuse, TARGETS["nyhed_kopi"])
    codes = codes_from({"ved_ikke": dont, "kopi": copy, "tilpasset": reuse}, "foerste", ctx.n)
    ctx.single("nyhed", codes, inn)
    ctx.single("genbrug", np.where(reuse, "ja", "nej"), inn)


def collaboration(ctx: Ctx) -> np.ndarray:
    """Collaboration with anyone outside the workplace: 79 % overall, more in regions."""
    lin = ctx.effect("stoerrelse", SIZE_EFFECT) * 0.5
    return calibrate_flag(
        ctx.score(lin),
        ctx.weight,
        ctx.inn,
        ctx.sector,
        TARGETS["samarbejde"],
        {"regional": 6, "statslig": -2},
    )


def actor_roles(ctx: Ctx, collab: np.ndarray) -> dict[str, np.ndarray]:
    """Role composites for citizens, companies, knowledge institutions and volunteers."""
    roles = {}
    for item, (_, _, _, offsets, subsector) in ACTORS.items():
        lin = ctx.effect("delsektor", subsector) + 1.5 * collab
        fixed = {"kommunal": BORGERE_KOMMUNAL} if item == "borgere_rolle" else None
        roles[item] = calibrate_flag(
            ctx.score(lin), ctx.weight, ctx.inn, ctx.sector, TARGETS[item], offsets, fixed
        )
        ctx.single(item, np.where(roles[item], "ja", "nej"), ctx.inn)
    return roles


def partners(ctx: Ctx, collab: np.ndarray, roles: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Partner flags: actors only where their role holds; public partners fill the rest."""
    found = {}
    for item, (_, _, code, _, subsector) in ACTORS.items():
        score = ctx.score(ctx.effect("delsektor", subsector))
        found[code] = calibrate_within(
            score, ctx.weight, ctx.inn, roles[item] & collab, TARGETS[PARTNER_TARGET[item]]
        )
    own = collab & ctx.bern(0.55)
    other = collab & ctx.bern(0.45)
    alone = collab & ~(own | other | np.logical_or.reduce(list(found.values())))
    coin = ctx.bern(0.5)
    found["egen_organisation"] = own | (alone & coin)
    found["andre_offentlige"] = other | (alone & ~coin)
    found["ingen"] = ctx.inn & ~collab
    for code in (
        "egen_organisation",
        "andre_offentlige",
        *[a[2] for a in ACTORS.values()],
        "ingen",
    ):
        ctx.flags("samarbejdspartnere", code, found[code])
    ctx.single("samarbejde", np.where(collab, "ja", "nej"), ctx.inn)
    return found


def factor_codes(
    ctx: Ctx, positive: np.ndarray, negative: dict[str, float] | None = None
) -> np.ndarray:
    """Fremmede-codes where ``positive``; other (non-fremmede) codes elsewhere."""
    return np.where(positive, ctx.pick(FREMMEDE), ctx.pick(negative or NOT_FREMMEDE))


def actor_components(
    ctx: Ctx,
    roles: dict[str, np.ndarray],
    found: dict[str, np.ndarray],
    initiators: dict[str, np.ndarray],
) -> None:
    """Initiator flag and fremmede-scale answer consistent with each actor's role composite."""
    for item, (init_code, factor, code, _, _) in ACTORS.items():
        role, partner = roles[item], found[code]
        draw = ctx.rng.random(ctx.n)
        without = role & ~partner
        init = (without & (draw < 0.5)) | (role & partner & ctx.bern(0.35))
        fremmede = (without & (draw >= 0.25)) | (role & partner & ctx.bern(0.6))
        initiators[init_code] = init
        ctx.single(factor, factor_codes(ctx, fremmede), ctx.inn)
