"""Layouts: the user-editable files that decide how a report looks."""

from typing import Any

from .model import Layout

__all__ = ["Layout", "load_layout"]


def __getattr__(name: str) -> Any:
    # load_layout is imported lazily: rapport.fonts imports the model from this package.
    if name == "load_layout":
        from .load import load_layout

        return load_layout
    raise AttributeError(name)
