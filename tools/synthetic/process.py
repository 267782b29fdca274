"""Employees, politicians, economy, value, evaluation, spreading and purpose of the innovation."""

from __future__ import annotations

import numpy as np

from .actors import SIZE_EFFECT, factor_codes
from .calibrate import calibrate_flag, calibrate_within
from .context import Ctx, codes_from

# Weighted percent among innovators. Published (edition 1): kvalitet 70, effektivitet 46,
# medarbejdertilfredshed 50 (as the only value: 2), evalueret 44, medarbejdere 86,
# politikere 69, økonomi 65.
# The rest are synthetic choices (verbal quantifiers such as "mere end hver anden" or
# "hvert fjerde tilfælde", or nothing published).
TARGETS: dict[str, float] = {
    "medarbejdere_noegle": 86,
    "politikere_rolle": 69,
    "oekonomi_rolle": 65,
    "kvalitet": 70,
    "effektivitet": 46,
    "medarbejdertilfredshed": 50,
    "evalueret": 44,
    "kun_medarbejdertilfredshed": 2,
    # synthetic choices
    "borgerinddragelse": 31,
    "politiske_maal": 27,
    "vaerdi_ved_ikke": 4,
    "evaluering_ved_ikke": 6,
    "ja_eksternt": 10,
    "spredning_ved_ikke": 5,
    "spredning": 54,
    "formaal_ved_ikke": 5,
    "fastlagt_aendret": 25,
    "ikke_fastlagt": 15,
}

EMPLOYEES_NOT = {"hverken": 0.55, "haemmede_nogen": 0.2, "haemmede_hoej": 0.05, "ved_ikke": 0.2}
ECONOMY_ROLE = {
    "fremmede_hoej": 0.1,
    "fremmede_nogen": 0.25,
    "haemmede_nogen": 0.45,
    "haemmede_hoej": 0.2,
}
ECONOMY_NONE = {"hverken": 0.8, "ved_ikke": 0.2}
LEADERSHIP = {
    "fremmede_hoej": 0.45,
    "fremmede_nogen": 0.35,
    "hverken": 0.12,
    "haemmede_nogen": 0.04,
    "haemmede_hoej": 0.01,
    "ved_ikke": 0.03,
}
ACROSS = {
    "fremmede_hoej": 0.35,
    "fremmede_nogen": 0.4,
    "hverken": 0.15,
    "haemmede_nogen": 0.05,
    "haemmede_hoej": 0.01,
    "ved_ikke": 0.04,
}


def _yes(ctx: Ctx, item: str, flag: np.ndarray) -> None:
    ctx.single(item, np.where(flag, "ja", "nej"), ctx.inn)


def employees(ctx: Ctx, initiators: dict[str, np.ndarray]) -> np.ndarray:
    """Employees in a key role (86 %, same level in all sectors): initiated or promoted it."""
    role = calibrate_flag(
        ctx.score(ctx.effect("stoerrelse", {"3-9": -0.3})),
        ctx.weight,
        ctx.inn,
        ctx.sector,
        TARGETS["medarbejdere_noegle"],
        {"regional": 1.5, "statslig": -1},
    )
    draw = ctx.rng.random(ctx.n)
    initiators["medarbejdere"] = role & (draw < 0.7)
    ctx.single(
        "faktor_medarbejdere", factor_codes(ctx, role & (draw >= 0.2), EMPLOYEES_NOT), ctx.inn
    )
    _yes(ctx, "medarbejdere_noegle", role)
    return role


def politicians(ctx: Ctx, initiators: dict[str, np.ndarray]) -> np.ndarray:
    """Politicians or national requirements initiated or promoted it (69 %, more in kommuner)."""
    role = calibrate_flag(
        ctx.score(ctx.effect("delsektor", {"administration": 0.6})),
        ctx.weight,
        ctx.inn,
        ctx.sector,
        TARGETS["politikere_rolle"],
        {"kommunal": 3, "statslig": -8},
    )
    parts = [role & ctx.bern(p) for p in (0.35, 0.35, 0.45, 0.35)]
    missing = role & ~np.logical_or.reduce(parts)
    choice = ctx.rng.integers(0, 4, ctx.n)
    parts = [part | (missing & (choice == i)) for i, part in enumerate(parts)]
    initiators["politikere"], initiators["lovgivning"] = parts[0], parts[1]
    ctx.single("faktor_politikere", factor_codes(ctx, parts[2]), ctx.inn)
    ctx.single("faktor_lovgivning", factor_codes(ctx, parts[3]), ctx.inn)
    _yes(ctx, "politikere_rolle", role)
    return role


def economy(ctx: Ctx, initiators: dict[str, np.ndarray]) -> np.ndarray:
    """Limited economy plays a role (65 %): economic pressure started it, or it helped or hurt."""
    lin = ctx.effect("delsektor", {"aeldre_handicap": 0.4, "administration": 0.3})
    role = calibrate_flag(
        ctx.score(lin),
        ctx.weight,
        ctx.inn,
        ctx.sector,
        TARGETS["oekonomi_rolle"],
        {"kommunal": 3, "statslig": -6},
    )
    pressure = role & ctx.bern(0.45)
    scale = role & (ctx.bern(0.7) | ~pressure)
    initiators["oekonomisk_pres"] = pressure
    codes = np.where(scale, ctx.pick(ECONOMY_ROLE), ctx.pick(ECONOMY_NONE))
    ctx.single("faktor_oekonomi", codes, ctx.inn)
    _yes(ctx, "oekonomi_rolle", role)
    return role


def other_initiators(ctx: Ctx, initiators: dict[str, np.ndarray], collab: np.ndarray) -> None:
    """Leadership and other public workplaces as initiators; the internal fremmede-factors."""
    initiators["ledelse"] = ctx.inn & ctx.bern(0.62)
    initiators["andre_offentlige"] = ctx.inn & ctx.bern(np.where(collab, 0.25, 0.08))
    ctx.single("faktor_ledelse", ctx.pick(LEADERSHIP), ctx.inn)
    ctx.single("faktor_tvaers", ctx.pick(ACROSS), ctx.inn)


def values(ctx: Ctx, drivers: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Values achieved (multiple choice); "Ved ikke" excludes the other answers."""
    w, inn, d = ctx.weight, ctx.inn, drivers
    dont = calibrate_within(ctx.score(0.0), w, inn, inn, TARGETS["vaerdi_ved_ikke"])
    lin = {
        "kvalitet": d["videns_rolle"]
        + 0.6 * d["collab"]
        + 0.5 * d["borgere_rolle"]
        + ctx.effect("delsektor", {"sundhed": 0.4, "skole": 0.3}),
        "effektivitet": d["virksomheder_rolle"]
        + 0.8 * d["oekonomi_rolle"]
        + 0.6 * d["processer"]
        + ctx.effect("delsektor", {"administration": 0.6, "dagtilbud": -0.5}),
        "borgerinddragelse": 1.5 * d["borgere_rolle"]
        + 0.8 * d["kommunikation"]
        + 0.5 * d["frivillige_rolle"],
        "medarbejdertilfredshed": 1.2 * d["medarbejdere_noegle"]
        + ctx.effect("delsektor", {"dagtilbud": 0.4}),
        "politiske_maal": 1.2 * d["politikere_rolle"] + ctx.effect("sektor", {"kommunal": 0.3}),
    }
    found = {
        code: calibrate_within(ctx.score(x), w, inn, inn & ~dont, TARGETS[code])
        for code, x in lin.items()
        if code != "medarbejdertilfredshed"
    }
    alone = inn & ~dont & ~np.logical_or.reduce(list(found.values()))
    score = ctx.score(lin["medarbejdertilfredshed"])
    only = calibrate_within(score, w, inn, alone, TARGETS["kun_medarbejdertilfredshed"])
    rest = TARGETS["medarbejdertilfredshed"] - TARGETS["kun_medarbejdertilfredshed"]
    found["medarbejdertilfredshed"] = only | calibrate_within(
        score, w, inn, inn & ~dont & ~alone, rest
    )
    found["ingen"] = inn & ~dont & ~np.logical_or.reduce(list(found.values()))
    found["ved_ikke"] = dont
    for code, flag in found.items():
        ctx.flags("vaerdi", code, flag)
    return found


def evaluation(ctx: Ctx, drivers: dict[str, np.ndarray]) -> np.ndarray:
    """Evaluated internally or with outside help (44 % in all); "Ved ikke" kept apart."""
    w, inn = ctx.weight, ctx.inn
    dont = calibrate_within(ctx.score(0.0), w, inn, inn, TARGETS["evaluering_ved_ikke"])
    lin = (
        0.6 * ctx.effect("stoerrelse", SIZE_EFFECT)
        + 0.8 * drivers["videns_rolle"]
        + ctx.effect("sektor", {"regional": 0.4})
    )
    done = calibrate_within(ctx.score(lin), w, inn, inn & ~dont, TARGETS["evalueret"])
    outside = calibrate_within(
        ctx.score(1.2 * drivers["videns_rolle"] + 0.5 * drivers["virksomheder_rolle"]),
        w,
        inn,
        done,
        TARGETS["ja_eksternt"],
    )
    codes = codes_from({"ved_ikke": dont, "ja_eksternt": outside, "ja_internt": done}, "nej", ctx.n)
    ctx.single("evaluering", codes, inn)
    _yes(ctx, "evalueret", done)
    return done


def spreading(ctx: Ctx, evaluated: np.ndarray, collab: np.ndarray) -> None:
    """Did something active to spread it (more than every second); evaluated ones more often."""
    w, inn = ctx.weight, ctx.inn
    dont = calibrate_within(ctx.score(0.0), w, inn, inn, TARGETS["spredning_ved_ikke"])
    first = ctx.cols["nyhed"] == "foerste"
    lin = 0.8 * evaluated + 0.6 * first + 0.4 * collab
    yes = calibrate_within(ctx.score(lin), w, inn, inn & ~dont, TARGETS["spredning"])
    ctx.single("spredning", codes_from({"ved_ikke": dont, "ja": yes}, "nej", ctx.n), inn)


def purpose(ctx: Ctx, collab: np.ndarray, citizens: np.ndarray) -> None:
    """Purpose fixed beforehand in most cases, changed underway in about every fourth."""
    w, inn = ctx.weight, ctx.inn
    dont = calibrate_within(ctx.score(0.0), w, inn, inn, TARGETS["formaal_ved_ikke"])
    changed = calibrate_within(
        ctx.score(0.4 * collab + 0.3 * citizens), w, inn, inn & ~dont, TARGETS["fastlagt_aendret"]
    )
    loose = calibrate_within(
        ctx.score(0.3 * citizens), w, inn, inn & ~dont & ~changed, TARGETS["ikke_fastlagt"]
    )
    codes = codes_from(
        {"ved_ikke": dont, "fastlagt_aendret": changed, "ikke_fastlagt": loose},
        "fastlagt_fastholdt",
        ctx.n,
    )
    ctx.single("formaal", codes, inn)
