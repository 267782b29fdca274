"""What kind of process this is, for the choices that depend on it.

A process that only builds and then exits (the command line, a burst's workers)
leaves out what would serve only a later build in the same process, or a reader of
matplotlib's documentation (:mod:`rapport.charts.lean`,
:func:`rapport.linebreaks.write_aside`); a worker of a process pool does not fork
helpers of its own (:mod:`rapport.coldstart`). Imports nothing.
"""

from __future__ import annotations

import sys


def pool_worker() -> bool:
    """Whether this process is a worker of a process pool (multiprocessing's, also under
    concurrent.futures and dask). Read without importing multiprocessing, which a worker
    has always imported: ~10 ms of every build's start."""
    module = sys.modules.get("multiprocessing")
    return module is not None and module.parent_process() is not None


_ONLY_BUILDING = [False]


def only_building() -> None:
    """Declare this process (and the children it forks) one that builds and then exits:
    the command line, a burst's workers. What would serve only a later build in the
    same process, or a reader of matplotlib's documentation, is then left out
    (:mod:`rapport.charts.lean`, :func:`rapport.linebreaks.write_aside`)."""
    _ONLY_BUILDING[0] = True


def building_only() -> bool:
    """Whether :func:`only_building` was declared."""
    return _ONLY_BUILDING[0]
