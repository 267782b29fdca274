"""Where the bundled fonts, layouts and default report live — the one place that knows.

In a wheel they are installed as ``rapport/_bundled/{fonts,layouts,data}``
(see ``pyproject.toml``); in a source checkout or editable install they are the
top-level folders of the repository.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

_KINDS = ("fonts", "layouts", "data")


@cache
def bundled_root() -> Path:
    """The folder holding ``fonts/``, ``layouts/`` and ``data/``."""
    packaged = Path(str(resources.files("rapport"))) / "_bundled"
    if (packaged / "fonts").is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if all((checkout / kind).is_dir() for kind in _KINDS):
        return checkout
    raise RuntimeError(
        "rapport's bundled fonts, layouts and data were not found; reinstall the package"
    )


def fonts_dir() -> Path:
    return bundled_root() / "fonts"


def layouts_dir() -> Path:
    return bundled_root() / "layouts"


def data_dir() -> Path:
    return bundled_root() / "data"


def default_project_dir() -> Path:
    """The embedded default report project (the Innovationsbarometeret report)."""
    return data_dir() / "innovationsbarometeret"


EXAMPLES = {
    "innovationsbarometeret": "innovationsbarometeret",
    "innovationsbarometeret-4": "innovationsbarometeret-4",
}
"""Embedded example projects by name (the first is the default report)."""


def example_dir(name: str) -> Path:
    """An embedded example project: ``innovationsbarometeret`` (1. udgave, the default)
    or ``innovationsbarometeret-4`` (4. udgave with the development over four editions)."""
    return data_dir() / EXAMPLES[name]
