"""``rapport send``: e-mail each stakeholder its tailored copy from a burst manifest.

The click command is attached to the main CLI by :mod:`rapport.cli`; the list
format is in :mod:`rapport.send.stakeholders`, delivery in :mod:`rapport.send.mail`.
Credentials come from ``--user``/``RAPPORT_SMTP_USER`` and the environment variable
named by ``--password-env``; they are never echoed.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import click

from ..burst.manifest import JSON_NAME, read_manifest
from ..errors import DeliveryError
from .mail import (
    LOG_NAME,
    Outbox,
    Policy,
    Result,
    SendLog,
    SmtpSettings,
    SmtpTransport,
    deliveries,
    send_all,
)
from .stakeholders import Stakeholder, load_stakeholders

__all__ = ["Stakeholder", "load_stakeholders", "send"]

_SIZE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([kKmMgG]?)(i?)[bB]?\s*$")


@click.command()
@click.argument("manifest", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--to",
    "to",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Stakeholder list (YAML or CSV).",
)
@click.option("--host", envvar="RAPPORT_SMTP_HOST", default="localhost", show_default=True)
@click.option(
    "--port",
    envvar="RAPPORT_SMTP_PORT",
    type=click.IntRange(1, 65535),
    help="SMTP port (default 587 with STARTTLS, else 25).",
)
@click.option("--starttls/--no-starttls", default=True, show_default=True)
@click.option("--user", envvar="RAPPORT_SMTP_USER", help="SMTP user (or RAPPORT_SMTP_USER).")
@click.option(
    "--password-env",
    default="RAPPORT_SMTP_PASSWORD",
    show_default=True,
    metavar="VAR",
    help="Environment variable holding the SMTP password.",
)
@click.option(
    "--from",
    "sender",
    envvar="RAPPORT_SMTP_FROM",
    metavar="ADDRESS",
    help="Sender address (or RAPPORT_SMTP_FROM).",
)
@click.option("--dry-run", is_flag=True, help="Write .eml files instead of sending.")
@click.option(
    "--eml-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for --dry-run (default: eml/ next to the manifest).",
)
@click.option(
    "--max-size", default="10MB", show_default=True, help="Largest attachment, e.g. 10MB, 500kB."
)
@click.option(
    "--retries",
    type=click.IntRange(0, 20),
    default=3,
    show_default=True,
    help="Retries of a transient SMTP error (exponential backoff).",
)
@click.option(
    "--backoff",
    type=click.FloatRange(0, 600),
    default=1.0,
    show_default=True,
    help="First wait in seconds before a retry; doubles each time.",
)
@click.option(
    "--resend-uncertain",
    is_flag=True,
    help="Send again the e-mails an interrupted run may or may not have delivered.",
)
def send(
    *,
    manifest: Path,
    to: Path,
    host: str,
    port: int | None,
    starttls: bool,
    user: str | None,
    password_env: str,
    sender: str | None,
    dry_run: bool,
    eml_dir: Path | None,
    max_size: str,
    retries: int,
    backoff: float,
    resend_uncertain: bool,
) -> None:
    """E-mail every stakeholder its copy listed in MANIFEST (manifest.json or its folder)."""
    path = manifest / JSON_NAME if manifest.is_dir() else manifest
    burst = read_manifest(path)
    people = load_stakeholders(to)
    policy = Policy(retries, backoff, parse_size(max_size), time.sleep, resend_uncertain)
    outbox = _outbox(
        eml_dir or path.parent / "eml",
        host,
        port,
        user,
        password_env,
        dry_run=dry_run,
        starttls=starttls,
    )
    from_addr = _sender(sender, dry_run=dry_run)
    results = send_all(
        deliveries(burst, path.parent, people),
        burst.title or "Rapport",
        from_addr,
        outbox,
        SendLog(path.parent / LOG_NAME),
        policy,
        _echo,
    )
    _finish(results)


def parse_size(text: str) -> int:
    """``10MB`` → 10_000_000, ``2MiB`` → 2_097_152, ``500kB`` → 500_000."""
    match = _SIZE.match(text)
    if not match:
        raise DeliveryError(
            f"--max-size {text!r} is not a size", hint="write e.g. 10MB, 500kB or 2MiB"
        )
    number, unit, binary = match.groups()
    base = 1024 if binary else 1000
    power = {"": 0, "k": 1, "m": 2, "g": 3}[unit.lower()]
    return int(float(number.replace(",", ".")) * base**power)


def _outbox(
    eml_dir: Path,
    host: str,
    port: int | None,
    user: str | None,
    password_env: str,
    *,
    dry_run: bool,
    starttls: bool,
) -> Outbox:
    if dry_run:
        return Outbox(eml_dir=eml_dir)
    password = os.environ.get(password_env) if user else None
    if user and not password:
        raise DeliveryError(
            f"no SMTP password: environment variable {password_env} is not set",
            hint=f"export {password_env}=… before sending",
        )
    settings = SmtpSettings(host, port or (587 if starttls else 25), starttls, user, password)
    return Outbox(transport=SmtpTransport(settings))


def _sender(sender: str | None, *, dry_run: bool) -> str:
    from ..errors import Location
    from .stakeholders import check_email

    if sender:
        return check_email(sender, Location("--from"))
    if dry_run:
        return "rapport@example.org"
    raise DeliveryError("no sender address", hint="give --from ADDRESS or set RAPPORT_SMTP_FROM")


def _echo(result: Result) -> None:
    line = f"{result.status:8} {result.name} <{result.email}> ({result.segment})"
    if result.message and result.status != "skipped":
        line += f": {result.message}"
    click.echo(line, err=result.status in ("failed", "uncertain"))


def _finish(results: list[Result]) -> None:
    statuses = ("sent", "written", "skipped", "failed", "uncertain")
    counts = {s: sum(r.status == s for r in results) for s in statuses}
    click.echo(", ".join(f"{n} {s}" for s, n in counts.items()))
    failed = [r for r in results if r.status == "failed"]
    uncertain = [r for r in results if r.status == "uncertain"]
    if uncertain and not failed:
        raise DeliveryError(
            f"{len(uncertain)} e-mail(s) may or may not have been delivered before an earlier "
            "run was stopped; they were not sent again:\n"
            + "\n".join(f"  {r.email} ({r.segment})" for r in uncertain),
            hint="ask these recipients (or check the mail server's log); to send them "
            "again, rerun with --resend-uncertain",
        )
    if failed:
        raise DeliveryError(
            f"{len(failed)} of {len(results)} e-mails were not delivered:\n"
            + "\n".join(f"  {r.email} ({r.segment}): {r.message}" for r in failed),
            hint="fix the cause and rerun; delivered e-mails are not resent",
        )
