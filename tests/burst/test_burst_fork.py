"""Workers forked from the process that built the whole report: the same bytes as a copy
built alone, with no cache, in a fresh process's state."""

from __future__ import annotations

import hashlib
import shutil
import sys
import threading
from pathlib import Path

import pytest

from rapport.build import BuildOptions, build_report
from rapport.burst import BurstRequest, run_burst
from rapport.burst.run import may_fork_pool
from rapport.memo import clear_all
from rapport.resources import default_project_dir

linux = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")


@linux
def test_forked_copies_are_the_copies_built_alone(tmp_path: Path) -> None:
    project = Path(shutil.copytree(default_project_dir(), tmp_path / "projekt"))
    assert may_fork_pool()  # this process has one thread: the workers are forked from it
    request = BurstRequest(
        project=project, by="sektor", out=tmp_path / "out", values=("regional", "statslig")
    )
    manifest = run_burst(request)
    assert [e.status for e in manifest.entries] == ["built"] * 3
    for entry in manifest.entries:
        clear_all()  # nothing the burst left in this process's memories
        alone = build_report(
            BuildOptions(project=project, segment=entry.segment, segment_label=entry.label)
        )
        assert hashlib.sha256(alone.pdf).hexdigest() == entry.pdf_sha256, entry.segment
        assert (tmp_path / "out" / entry.output).read_bytes() == alone.pdf


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not may_fork_pool()
    finally:
        stop.set()
        other.join()
