"""Aggregation sums on one BLAS thread, whatever the process allows: the same bits on a
machine with more cores, in a helper process and in the main one."""

from __future__ import annotations

import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from rapport.data import aggregate
from rapport.data.blas import one_thread


def _blas_threads() -> list[int]:
    return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]


def test_one_thread_limits_blas_and_restores_it() -> None:
    if not _blas_threads():
        pytest.skip("numpy without a BLAS threadpoolctl knows")
    seen: list[list[int]] = []
    probe = one_thread(lambda: seen.append(_blas_threads()))
    with threadpool_limits(limits=2, user_api="blas"):
        before = _blas_threads()
        probe()
        assert _blas_threads() == before
    assert seen == [[1] * len(before)]


@pytest.mark.parametrize(
    "name",
    [
        "aggregate_respondents",
        "aggregate_disclosed",
        "compare_groups",
        "effective_sizes",
        "compare_results",
    ],
)
def test_every_aggregation_entry_point_is_limited(name: str) -> None:
    function = getattr(aggregate, name)
    assert function.__code__ is one_thread(len).__code__  # runs inside the limit …
    assert function.__wrapped__.__name__ == name  # … then the aggregation itself
