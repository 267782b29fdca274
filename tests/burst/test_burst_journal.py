"""A burst killed with SIGKILL keeps every finished copy: the rerun skips them."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from burst_helpers import FIXTURES, check_manifest, run_cli

from rapport.burst.manifest import JOURNAL_NAME, read_journal, sha256_file


def _journal_lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except OSError:
        return 0


def test_rerun_after_kill_keeps_finished_copies(tmp_path: Path) -> None:
    project = Path(shutil.copytree(FIXTURES / "mini", tmp_path / "mini"))
    out = tmp_path / "out"
    journal = out / JOURNAL_NAME
    cmd = [sys.executable, "-m", "rapport", "burst", str(project), "--by", "kommune"]
    proc = subprocess.Popen(
        [*cmd, "--out", str(out), "--jobs", "1"],
        start_new_session=True,  # its own process group: the workers die with it
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 300
        while _journal_lines(journal) < 6 and time.monotonic() < deadline:
            assert proc.poll() is None, "the burst ended before it could be killed"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    assert not (out / "manifest.json").exists()
    finished = [e for e in read_journal(journal) if e.status == "built"]
    assert len(finished) >= 6
    assert all(sha256_file(out / e.output) == e.pdf_sha256 for e in finished)

    result = run_cli("burst", project, "--by", "kommune", "--out", out, "--jobs", 2)

    assert result.exit_code == 0, result.output
    manifest = check_manifest(out)
    status = {c["segment"]: c["status"] for c in manifest["copies"]}
    assert all(status[e.segment] == "skipped" for e in finished)
    assert sum(s == "skipped" for s in status.values()) == len(finished)
    assert len(status) == 99
    assert not journal.exists()  # folded into manifest.json at the end


def test_torn_journal_line_is_ignored(tmp_path: Path) -> None:
    record = {"segment": "kommune=X", "value": "X", "label": "X", "params": {}}
    record |= {"input_sha256": "a", "layout_sha256": "b", "rapport_version": "0"}
    record |= {"output": "x.pdf", "pdf_sha256": "c", "pages": 1, "status": "built"}
    path = tmp_path / JOURNAL_NAME
    path.write_text(json.dumps(record) + "\n" + json.dumps(record)[:40], encoding="utf-8")

    entries = read_journal(path)

    assert [e.segment for e in entries] == ["kommune=X"]
