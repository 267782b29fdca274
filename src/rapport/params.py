"""``--param KEY=VALUE`` options, shared by ``rapport build`` and ``rapport burst``."""

from __future__ import annotations

import click


def parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    """``("k=v", …)`` from repeated ``--param`` options → a dict; a bad pair is a usage error."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{pair!r} is not KEY=VALUE", param_hint="--param")
        out[key.strip()] = value
    return out
