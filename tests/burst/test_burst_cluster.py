"""Burst on a real Dask cluster whose workers share no folder with the client.

A ``dask scheduler`` and two ``dask worker`` processes run as separate programs,
each in its own working folder with its own temporary folder. The project the
client bursts is deleted as soon as the whole report is built — before the
copies run — so every copy can only come from the bytes sent to the cluster;
the copies must still be byte for byte what the local executor writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from burst_helpers import FIXTURES, check_manifest, run_cli

from rapport.burst import BurstRequest, run_burst
from rapport.burst.manifest import Entry

pytestmark = pytest.mark.filterwarnings(
    "ignore::DeprecationWarning",
    "ignore::ResourceWarning",
    "ignore::UserWarning",
    "ignore::RuntimeWarning",
    "ignore::pytest.PytestUnraisableExceptionWarning",
)

DASK = [sys.executable, "-m", "dask"]


def _start(args: list[str], folder: Path, log: Path) -> subprocess.Popen[bytes]:
    """A dask program with its own working folder and temporary folder."""
    (folder / "tmp").mkdir(parents=True)
    env = {**os.environ, "TMPDIR": str(folder / "tmp"), "TEMP": str(folder / "tmp")}
    with log.open("wb") as handle:
        return subprocess.Popen(
            [*DASK, *args], cwd=folder, env=env, stdout=handle, stderr=subprocess.STDOUT
        )


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(scheduler address, the workers' temporary folder) of a two-worker cluster."""
    from dask.distributed import Client

    root = tmp_path_factory.mktemp("cluster")
    info = root / "scheduler.json"
    procs = [
        _start(
            [
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(info),
            ],
            root / "scheduler",
            root / "scheduler.log",
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not info.is_file() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        procs.append(
            _start(
                [
                    "worker",
                    address,
                    "--nworkers",
                    "2",
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--local-directory",
                    str(root / "workers" / "local"),
                ],
                root / "workers",
                root / "workers.log",
            )
        )
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address, root / "workers" / "tmp"
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in reversed(procs):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def _pdfs(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.glob("*.pdf")}


def test_copies_from_a_cluster_without_the_project_are_identical(
    cluster: tuple[str, Path], tmp_path: Path
) -> None:
    address, worker_tmp = cluster
    local = Path(shutil.copytree(FIXTURES / "mini", tmp_path / "here" / "mini"))
    run_burst(BurstRequest(project=local, by="sektor", out=tmp_path / "local", jobs=1))

    project = Path(shutil.copytree(FIXTURES / "mini", tmp_path / "gone" / "mini"))
    seen: list[Entry] = []

    def progress(entry: Entry) -> None:
        seen.append(entry)
        if len(seen) == 1:  # the whole report, built here; the copies are not built yet
            shutil.rmtree(project)

    out = tmp_path / "remote"
    request = BurstRequest(
        project=project, by="sektor", out=out, executor="dask", scheduler=address
    )
    manifest = run_burst(request, progress)

    assert not project.exists()
    assert [e.status for e in manifest.entries] == ["built"] * 4
    assert _pdfs(out) == _pdfs(tmp_path / "local")
    assert len(_pdfs(out)) == 4
    check_manifest(out)
    local_records = json.loads((tmp_path / "local" / "manifest.json").read_text())["copies"]
    remote_records = json.loads((out / "manifest.json").read_text())["copies"]
    assert remote_records == local_records
    # the workers unpacked the project in their own temporary folder, not in ours
    assert list(worker_tmp.glob("rapport-bundle-*/project/mini/report.yaml"))


def test_rerun_over_the_cluster_skips_unchanged_copies(
    cluster: tuple[str, Path], tmp_path: Path
) -> None:
    address, _ = cluster
    project = Path(shutil.copytree(FIXTURES / "mini", tmp_path / "mini"))
    out = tmp_path / "out"
    args = [
        "burst",
        project,
        "--by",
        "sektor",
        "--out",
        out,
        "--executor",
        "dask",
        "--scheduler",
        address,
    ]
    first = run_cli(*args)
    assert first.exit_code == 0, first.output
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}

    again = run_cli(*args)

    assert again.exit_code == 0, again.output
    assert "4 copies (0 built, 4 skipped, 0 failed)" in again.output
    assert {c["status"] for c in check_manifest(out)["copies"]} == {"skipped"}
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")} == before


def test_a_worker_killed_mid_burst_loses_no_copy(cluster: tuple[str, Path], tmp_path: Path) -> None:
    from dask.distributed import Client

    address, _ = cluster
    project = Path(shutil.copytree(FIXTURES / "mini", tmp_path / "mini"))
    with Client(address, timeout="30s") as client:
        pids = list(client.run(os.getpid).values())
    killed: list[int] = []

    def progress(entry: Entry) -> None:
        if entry.segment != "Alle" and not killed:  # copies are running on both workers
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    out = tmp_path / "out"
    request = BurstRequest(
        project=project,
        by="kommune",
        values=("Aabenraa", "Aalborg", "Aarhus", "Albertslund", "Allerød", "Assens"),
        out=out,
        executor="dask",
        scheduler=address,
    )
    manifest = run_burst(request, progress)

    assert killed
    assert [e.status for e in manifest.entries] == ["built"] * 7
    check_manifest(out)
    with Client(address, timeout="30s") as client:  # the nanny brings the worker back
        client.wait_for_workers(2, timeout=120)


def test_a_layout_file_outside_the_project_travels_too(
    cluster: tuple[str, Path], tmp_path: Path
) -> None:
    address, _ = cluster
    house = tmp_path / "house" / "house.yaml"
    house.parent.mkdir()
    house.write_text('extends: brief\ncolors:\n  accent: "#8a2be2"\n', encoding="utf-8")
    outs = {}
    for executor in ("local", "dask"):
        project = Path(shutil.copytree(FIXTURES / "mini", tmp_path / executor / "mini"))
        outs[executor] = tmp_path / executor / "out"
        request = BurstRequest(
            project=project,
            by="sektor",
            values=("regional",),
            out=outs[executor],
            layout=str(house),
            executor=executor,
            scheduler=address if executor == "dask" else None,
            jobs=1,
        )
        run_burst(request)
    assert _pdfs(outs["dask"]) == _pdfs(outs["local"])
    assert len(_pdfs(outs["dask"])) == 2
