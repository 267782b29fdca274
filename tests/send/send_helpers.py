"""Helpers for send tests: a recording SMTP handler, credentials and the CLI call."""

from __future__ import annotations

import email
import email.policy
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner

from rapport.cli import cli

MINI = Path(__file__).parents[1] / "burst" / "fixtures" / "mini"
USER, PASSWORD = "rapport-bruger", "hemmeligt-kodeord-7391"

STAKEHOLDERS = """\
stakeholders:
  - {name: Økonomi- og Indenrigsministeriet, email: oim@example.org, segment: sektor=statslig}
  - {name: KL, email: kl@example.org, segment: sektor=kommunal}
  - {name: Danske Regioner, email: regioner@example.org, segment: sektor=regional}
  - {name: FTF, email: ftf@example.org, segment: all}
  - {name: OAO, email: oao@example.org, segment: all}
  - {name: Akademikerne, email: akademikerne@example.org, segment: all}
"""


@dataclass
class Handler:
    """Records delivered messages; can fail chosen DATA commands or refuse recipients."""

    fail_data: dict[int, str] = field(default_factory=dict)  # attempt number → reply
    refuse: dict[str, str] = field(default_factory=dict)  # address → RCPT reply
    attempts: int = 0
    received: list[tuple[list[str], bytes]] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.attempts += 1
        if self.attempts in self.fail_data:
            return self.fail_data[self.attempts]
        self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted"

    def attachments(self) -> dict[str, list[str]]:
        """Recipient → SHA-256 of each PDF they received."""
        out: dict[str, list[str]] = {}
        for rcpts, content in self.received:
            msg = email.message_from_bytes(content, policy=email.policy.default)
            shas = [
                hashlib.sha256(part.get_content()).hexdigest() for part in msg.iter_attachments()
            ]
            for rcpt in rcpts:
                out.setdefault(rcpt, []).extend(shas)
        return out


def authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == USER
        and auth_data.password.decode() == PASSWORD
    )
    return AuthResult(success=ok, handled=False)


def send(out: Path, port: int, *extra: str, env: dict[str, str] | None = None) -> Any:
    args = [
        "send",
        str(out / "manifest.json"),
        "--to",
        str(out.parent / "stakeholders.yaml"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-starttls",
        "--from",
        "rapport@example.org",
        "--backoff",
        "0",
        *extra,
    ]
    return CliRunner().invoke(cli, args, env=env or {}, catch_exceptions=False)
