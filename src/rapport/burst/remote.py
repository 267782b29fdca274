"""Burst copies on a Dask cluster whose workers share no disk with the client.

What travels: the bundle (the project's files and the warm caches, content-addressed,
scattered to the cluster once), then per copy a small :class:`~rapport.burst.work.Job`
(segment, label, parameters) out and its PDF bytes and outcome back. The client writes
each PDF as its result arrives (``as_completed``) and lets go of it, so its memory stays
flat however many copies there are. A copy whose worker is lost is rescheduled by the
scheduler; a copy whose future fails for a reason outside the build (a broken connection,
a worker killed too often) is submitted again, up to :data:`ATTEMPTS` times, before it is
recorded as failed — the other copies go on either way.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DeliveryError, RapportError
from ..write import write_pdf
from .ship import Bundle, cache_files, make_bundle
from .work import Job, Outcome, Task, build_shipped

if TYPE_CHECKING:
    from .plan import Plan

ATTEMPTS = 3


@dataclass
class Traffic:
    """Bytes that crossed the network, for the benchmark: the bundle once, jobs, results."""

    bundle: int = 0
    jobs: int = 0
    results: int = 0
    copies: int = 0

    def per_copy(self) -> float:
        return (self.bundle + self.jobs + self.results) / max(self.copies, 1)


LAST = Traffic()


def job_for(task: Task, layout: str | None) -> Job:
    return Job(task.segment, task.label, dict(task.params), layout, task.expect_sha256)


def run_remote(plan: Plan, scheduler: str, cache: Path, done: Callable[[Outcome], None]) -> Traffic:
    """Send the bundle once, run every task, write each PDF as it arrives."""
    from dask.distributed import Client

    assert plan.sources is not None
    bundle = make_bundle(plan.sources, cache_files(cache))
    traffic = Traffic(bundle=bundle.size)
    try:
        client = Client(scheduler, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise DeliveryError(
            f"cannot reach the Dask scheduler at {scheduler!r}: {exc}",
            hint="start it with 'dask scheduler' or check the address",
        ) from exc
    with client:
        targets = {t.segment: t for t in plan.tasks}
        jobs = [job_for(t, plan.layout) for t in plan.tasks]
        traffic.jobs = sum(len(pickle.dumps(j)) for j in jobs)
        for outcome in _results(client, bundle, jobs):
            traffic.results += len(pickle.dumps(outcome))
            traffic.copies += 1
            done(_written(outcome, targets[outcome.segment]))
    LAST.__dict__.update(traffic.__dict__)
    return traffic


def _results(client: Any, bundle: Bundle, jobs: Iterable[Job]) -> Iterable[Outcome]:
    """Outcomes in order of completion; a future lost outside the build is resubmitted
    (with the bundle sent again if every worker holding it was lost too)."""
    from dask.distributed import as_completed

    shipped = [client.scatter(bundle, hash=True)]

    def submit(job: Job, attempt: int) -> Any:
        if shipped[0].status != "finished":
            shipped[0] = client.scatter(bundle, hash=True)
        return client.submit(build_shipped, shipped[0], job, pure=False)

    attempts: dict[Any, tuple[Job, int]] = {}
    for job in jobs:
        attempts[submit(job, 1)] = (job, 1)
    queue = as_completed(list(attempts))
    for future in queue:
        job, attempt = attempts.pop(future)
        try:
            outcome = future.result()
        except Exception as exc:  # lost worker, broken connection: try again elsewhere
            if attempt < ATTEMPTS:
                again = submit(job, attempt + 1)
                attempts[again] = (job, attempt + 1)
                queue.add(again)
                continue
            outcome = Outcome(
                job.segment, ok=False, message=f"worker failed: {type(exc).__name__}: {exc}"
            )
        finally:
            future.release()
        yield outcome


def _written(outcome: Outcome, task: Task) -> Outcome:
    """Write the returned bytes to the copy's file (as the local executor's worker does)."""
    if outcome.pdf is None or task.target is None:
        return replace(outcome, pdf=None)
    try:
        write_pdf(outcome.pdf, Path(task.target))
    except RapportError as exc:
        return Outcome(outcome.segment, ok=False, message=str(exc), pages=outcome.pages)
    return replace(outcome, pdf=None, wrote=True)
