"""A Jinja sandbox whose work is bounded: templates can neither run code nor run forever.

Jinja's immutable sandbox already refuses attributes starting with ``_``, changing
data and unsafe callables. Report text needs none of the rest, so on top of it:

* output: at most :data:`MAX_OUTPUT` characters per template;
* numbers: ``**`` with a result over :data:`MAX_POWER_BITS` bits, ``*`` or ``+`` that
  would build text or lists over :data:`MAX_OUTPUT`, and widths, counts or ranges over
  :data:`MAX_ARGUMENT` (``center``, ``indent``, ``wordwrap``, ``range`` …) are refused;
* steps: one template render may execute at most :data:`MAX_STEPS` template lines and
  function calls (loops, nested loops and recursive macros included);
* ``namespace`` (mutable state across loop iterations) is not available.

Each refusal is a :class:`~rapport.errors.TemplateError`; the engine adds the line.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from jinja2.sandbox import ImmutableSandboxedEnvironment

from .errors import TemplateError

MAX_OUTPUT = 5_000_000
"""Characters one template may produce (a chapter of several megabytes is fine)."""
MAX_POWER_BITS = 4096
MAX_ARGUMENT = 10_000
"""Largest width, count or range length a template may ask for."""
MAX_STEPS = 2_000_000
_WIDE_FORMAT = re.compile(r"%[-+ #0]*(\d{5,}|\*)|\{[^{}]*:[^{}]*\d{5,}[^{}]*\}")
_SIZED_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_TEMPLATE_FILE = "<template>"


def _too_big(what: str, hint: str) -> TemplateError:
    return TemplateError(f"{what} is too big for a report template", hint=hint)


def _check_size(value: Any) -> Any:
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_OUTPUT:
        raise _too_big(
            f"a value of {len(value):,} items", f"keep template values under {MAX_OUTPUT:,}"
        )
    return value


def _check_argument(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ARGUMENT:
        raise _too_big(f"the number {value}", f"widths and counts go up to {MAX_ARGUMENT:,}")
    if isinstance(value, str) and _WIDE_FORMAT.search(value):
        raise _too_big("a format width", f"widths go up to {MAX_ARGUMENT:,}")


def _power(left: Any, right: Any) -> Any:
    ints = isinstance(left, int) and isinstance(right, int)
    if ints and right > 0 and max(left.bit_length(), 1) * right > MAX_POWER_BITS:
        raise _too_big(f"{left} ** {right}", "use exponents that give numbers a report can print")
    try:
        return left**right
    except OverflowError as exc:
        raise _too_big(f"{left} ** {right}", "use smaller numbers") from exc


def _times(left: Any, right: Any) -> Any:
    for seq, count in ((left, right), (right, left)):
        sized = isinstance(seq, (str, list, tuple)) and isinstance(count, int)
        if sized and len(seq) * count > MAX_OUTPUT:
            raise _too_big(f"repeating a value {count:,} times", f"results go up to {MAX_OUTPUT:,}")
    return left * right


def _remainder(left: Any, right: Any) -> Any:
    if isinstance(left, str):
        _check_argument(left)
    return _check_size(left % right)


def bounded_range(*args: int) -> range:
    """``range`` for templates: at most :data:`MAX_ARGUMENT` numbers."""
    numbers = range(*args)
    if len(numbers) > MAX_ARGUMENT:
        raise _too_big(f"range of {len(numbers):,} numbers", f"loops go up to {MAX_ARGUMENT:,}")
    return numbers


def bounded_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so its parameters (not the value it filters) are checked."""

    skip = 2 if hasattr(function, "jinja_pass_arg") else 1  # environment/context, value

    def checked(*args: Any, **kwargs: Any) -> Any:
        for argument in (*args[skip:], *kwargs.values()):
            _check_argument(argument)
        if getattr(function, "__name__", "") == "do_format":
            _check_argument(args[skip - 1])
        return _check_size(function(*args, **kwargs))

    checked.__name__ = getattr(function, "__name__", "filter")
    if hasattr(function, "jinja_pass_arg"):
        checked.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
    return checked


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with bounded arithmetic, sizes and calls."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals.pop("namespace", None)
        self.globals["range"] = bounded_range
        self.filters = {name: bounded_filter(f) for name, f in self.filters.items()}

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            return _power(left, right)
        if operator == "*":
            return _times(left, right)
        if operator == "%":
            return _remainder(left, right)
        return _check_size(left + right)

    def wrap_str_format(self, value: Any) -> None:
        """``str.format`` is not offered (its widths are unbounded); the ``format`` filter is."""
        return None

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, (str, bytes)) and attr in _SIZED_METHODS | {"format", "format_map"}:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(getattr(__obj, "__self__", None), (str, bytes, list, tuple, dict)):
            for argument in (*args, *kwargs.values()):
                _check_argument(argument)
        return _check_size(super().call(__context, __obj, *args, **kwargs))


def join_bounded(pieces: Iterable[str]) -> str:
    """Join a template's output, stopping once it passes :data:`MAX_OUTPUT` characters."""
    out: list[str] = []
    size = 0
    for piece in pieces:
        size += len(piece)
        if size > MAX_OUTPUT:
            raise _too_big(
                f"the template's output (over {MAX_OUTPUT:,} characters)",
                "shorten the loop or the text it repeats",
            )
        out.append(piece)
    return "".join(out)


_REPEATS = re.compile(r"\{%-?\s*(?:for|macro|call)\b")


@contextmanager
def bounded_steps(source: str, limit: int = MAX_STEPS) -> Iterator[None]:
    """Count the template lines executed inside; past ``limit`` raise :class:`TemplateError`.

    Only a template that can repeat work (``for``, ``macro``, ``call``) is counted: without
    them every expression runs once and the size limits bound it. Only frames of compiled
    templates count lines. When something else already traces (a debugger, coverage),
    the count is left to it and nothing is limited."""
    if sys.gettrace() is not None or not _REPEATS.search(source):
        yield
        return
    left = [limit]

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            left[0] -= 1
            if left[0] < 0:
                raise TemplateError(
                    f"the template did not finish within {limit:,} steps",
                    hint="shorten its loops; a report template only reads and prints values",
                )
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        left[0] -= 1  # every call counts (a recursive macro runs Jinja's own code)
        return local if frame.f_code.co_filename == _TEMPLATE_FILE else None

    sys.settrace(calls)
    try:
        yield
    finally:
        sys.settrace(None)
