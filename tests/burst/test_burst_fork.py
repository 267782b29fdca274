"""Workers forked from the process that built the whole report: the same bytes as a copy
built alone, with no cache, in a fresh process's state."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from burst_helpers import load_manifest

from rapport.build import BuildOptions, build_report
from rapport.burst.run import may_fork_pool
from rapport.memo import clear_all
from rapport.resources import default_project_dir

linux = pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")


BURST = """
import os, sys
from rapport.burst.run import may_fork_pool
from rapport.cli import cli
assert may_fork_pool()  # a fresh process, one thread: the workers are forked from it
cli(["burst", *sys.argv[1:]], standalone_mode=False)
try:  # the data helper, the chart drawer and the workers are all reaped
    os.waitpid(-1, os.WNOHANG)
    raise SystemExit("a child process was left behind")
except ChildProcessError:
    pass
"""


@linux
def test_forked_copies_are_the_copies_built_alone(tmp_path: Path) -> None:
    project = Path(shutil.copytree(default_project_dir(), tmp_path / "projekt"))
    out = tmp_path / "out"
    args = [project, "--by", "sektor", "--values", "regional,statslig", "-o", out]
    # in a fresh process: this one may run other tests' threads, which a fork would cut off
    done = subprocess.run([sys.executable, "-c", BURST, *map(str, args)], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    entries = load_manifest(out)["copies"]
    assert [e["status"] for e in entries] == ["built"] * 3
    for entry in entries:
        clear_all()  # nothing an earlier build left in this process's memories
        alone = build_report(
            BuildOptions(project=project, segment=entry["segment"], segment_label=entry["label"])
        )
        assert hashlib.sha256(alone.pdf).hexdigest() == entry["pdf_sha256"], entry["segment"]
        assert (out / entry["output"]).read_bytes() == alone.pdf


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not may_fork_pool()
    finally:
        stop.set()
        other.join()
