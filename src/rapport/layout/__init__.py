"""Layouts: the user-editable files that decide how a report looks."""

from .model import Layout

__all__ = ["Layout"]
