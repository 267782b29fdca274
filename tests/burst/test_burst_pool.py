"""The local pool: the whole report may draw its charts on a second core, the copies not
(in a worker started by forkserver, or forked from the process that built the whole)."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest
from burst_helpers import may_fork_alone

from rapport.burst.run import warm_up


@pytest.mark.skipif(
    "forkserver" not in multiprocessing.get_all_start_methods(), reason="needs forkserver"
)
def test_a_pool_worker_forks_only_while_it_builds_alone() -> None:
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        assert pool.submit(warm_up).result() == ["rapport.build", "rapport.charts.figure"]
        assert pool.submit(may_fork_alone).result() == (False, True, False)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork")
def test_a_forked_worker_never_forks_again() -> None:
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        assert pool.submit(may_fork_alone).result() == (False, True, False)
