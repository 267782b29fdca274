"""Matrix arithmetic on one BLAS thread: the same bits on every machine, and no idle
BLAS threads spinning on the cores the other build processes use.

numpy's BLAS splits a matrix product over as many threads as the machine has cores,
and the split changes the last bits of the sums (about 1e-13 of a percentage here),
so a weighted share could round differently on a machine with more cores — or in a
helper process that limited its threads — than where the cache was filled. The
aggregation's entry points run inside :func:`one_thread`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

import numpy as np  # noqa: F401 - BLAS must be loaded before its threads can be limited
from threadpoolctl import threadpool_limits

P = ParamSpec("P")
T = TypeVar("T")


def one_thread(fn: Callable[P, T]) -> Callable[P, T]:
    """Run ``fn`` with BLAS limited to one thread (restored afterwards)."""

    @wraps(fn)
    def limited(*args: P.args, **kwargs: P.kwargs) -> T:
        with threadpool_limits(limits=1, user_api="blas"):
            return fn(*args, **kwargs)

    return limited
