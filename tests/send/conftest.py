"""Fixtures for send tests: a burst of the miniature project and a loopback SMTP server."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from send_helpers import MINI, STAKEHOLDERS, Handler, authenticator

from rapport.cli import cli


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Handler, int]]:
    handler = Handler()
    port = _free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def burst_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished burst of the miniature project by sector (kept pristine)."""
    root = tmp_path_factory.mktemp("burst")
    project = Path(shutil.copytree(MINI, root / "mini"))
    out = root / "out"
    result = CliRunner().invoke(cli, ["burst", str(project), "--by", "sektor", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def copies(burst_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the burst output (each test has its own send log)."""
    out = Path(shutil.copytree(burst_dir, tmp_path / "out"))
    (tmp_path / "stakeholders.yaml").write_text(STAKEHOLDERS, encoding="utf-8")
    return out
