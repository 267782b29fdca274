"""Delivery: manifest + stakeholders → one e-mail each (SMTP or .eml files) + send log.

Each stakeholder gets the copy of its segment as a PDF attachment. The send log
(``send-log.jsonl`` next to the manifest, one JSON object per line, appended
and fsync'ed) records every attempt; a rerun skips every (recipient, PDF
SHA-256) pair already marked ``sent``. A message is recorded as ``sending``
before it is handed to the server, so after a crash between the server's
acceptance and the ``sent`` record it is *uncertain*: a rerun reports it and
does not send it again unless asked to (``--resend-uncertain``). Transient SMTP errors (4xx, lost
connections) are retried with exponential backoff; permanent ones (5xx) are
recorded and the run goes on. Credentials are never put in any message.
"""

from __future__ import annotations

import hashlib
import json
import os
import smtplib
import ssl
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from email.message import EmailMessage
from email.utils import formataddr, formatdate
from pathlib import Path
from typing import Any

from ..burst.manifest import Entry, Manifest, write_text_atomic
from ..errors import DeliveryError
from ..groups import TOTAL_GROUP
from ..write import write_pdf
from .stakeholders import Stakeholder

LOG_NAME = "send-log.jsonl"
UNREACHABLE = "server unreachable: "
UNCERTAIN = (
    "an earlier run was stopped while this e-mail was being sent, so it may have been "
    "delivered; not sent again"
)


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "localhost"
    port: int = 587
    starttls: bool = True
    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0


@dataclass(frozen=True)
class Delivery:
    """One stakeholder's copy, resolved from the manifest."""

    person: Stakeholder
    entry: Entry | None
    path: Path | None


@dataclass(frozen=True)
class Result:
    email: str
    name: str
    segment: str
    pdf_sha256: str | None
    status: str  # sending | sent | skipped | failed | written | uncertain
    message: str = ""
    attempts: int = 0
    code: int | None = None


@dataclass(frozen=True)
class Policy:
    """Retry and size limits; ``sleep`` is injectable so tests never wait."""

    retries: int = 3
    backoff: float = 1.0
    max_size: int = 10_000_000
    sleep: Callable[[float], None] = field(default=lambda s: None, repr=False)
    resend_uncertain: bool = False  # send again what a crash left as "sending"


class Permanent(Exception):
    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class Transient(Exception):
    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class Unreachable(Transient):
    """No connection to the server at all: retried, then the run stops."""


# -- plan -------------------------------------------------------------------------------


def deliveries(manifest: Manifest, folder: Path, people: Iterable[Stakeholder]) -> list[Delivery]:
    """Pair each stakeholder with its copy (None when the manifest has none)."""
    out = []
    for person in people:
        entry = manifest.entry(person.segment)
        out.append(Delivery(person, entry, folder / entry.output if entry else None))
    return out


def check_copy(delivery: Delivery, policy: Policy) -> bytes:
    """The PDF bytes to attach, after checking status, SHA-256 and size."""
    entry, path, who = delivery.entry, delivery.path, delivery.person
    if entry is None or path is None:
        if who.segment == TOTAL_GROUP:
            raise Permanent(
                f"the manifest has no whole-report copy (listed at {who.where}); "
                "run 'rapport burst' without --no-whole"
            )
        raise Permanent(
            f"the manifest has no copy for segment {who.segment!r} (listed at {who.where})"
        )
    if entry.status == "failed" or not entry.pdf_sha256:
        raise Permanent(f"the copy for {who.segment!r} failed to build: {entry.message}")
    size = path.stat().st_size if path.is_file() else None
    if size is None:
        raise Permanent(f"the copy {entry.output!r} is missing; rerun 'rapport burst'")
    if size > policy.max_size:
        raise Permanent(
            f"the attachment {entry.output!r} is {human_size(size)}, over the "
            f"limit of {human_size(policy.max_size)}"
        )
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != entry.pdf_sha256:
        raise Permanent(
            f"{entry.output!r} changed since the burst (SHA-256 differs); rerun 'rapport burst'"
        )
    return data


def human_size(size: int) -> str:
    """``12_345_678`` → ``"12,3 MB"`` (Danish number style)."""
    from ..formatting import Formatter

    fmt = Formatter()
    for unit, factor in (("MB", 1_000_000), ("kB", 1_000)):
        if size >= factor:
            return f"{fmt.decimal(size / factor, 1)} {unit}"
    return f"{fmt.integer(size)} B"


# -- message ----------------------------------------------------------------------------


def compose(
    delivery: Delivery, data: bytes, title: str, sender: str, *, dated: bool
) -> EmailMessage:
    """A Danish e-mail with the copy attached (no Date header for .eml previews)."""
    who, entry = delivery.person, delivery.entry
    assert entry is not None
    msg = EmailMessage()
    msg["Subject"] = f"{title} – {entry.label}" if entry.label else f"{title} – hele rapporten"
    msg["From"] = sender
    msg["To"] = formataddr((who.name, who.email))
    msg_id = _message_id(who.email, entry.pdf_sha256 or "")
    msg["Message-ID"] = f"<{msg_id}@{sender.rpartition('@')[2] or 'rapport.invalid'}>"
    if dated:
        msg["Date"] = formatdate(localtime=False)
    msg.set_content(_body(who.name, title, entry.label, entry.pages))
    msg.add_attachment(
        data, maintype="application", subtype="pdf", filename=Path(entry.output).name
    )
    msg.set_boundary(f"==rapport-{msg_id}==")
    return msg


def _body(name: str, title: str, label: str, pages: int | None) -> str:
    length = f" ({pages} sider)" if pages else ""
    cut = (
        f"Udgaven er tilpasset »{label}«: resultaterne herfor står side om side med "
        "resultaterne for alle."
        if label
        else "Rapporten viser resultaterne for alle."
    )
    return (
        f"Kære {name}\n\n"
        f"Hermed baggrundsrapporten »{title}«{length} som vedhæftet PDF.\n"
        f"{cut}\n\n"
        "Med venlig hilsen\n"
        f"{title}\n"
    )


def _message_id(email: str, sha: str) -> str:
    """Deterministic: a retried or repeated message keeps its id."""
    return hashlib.sha256(f"{email.casefold()}\0{sha}".encode()).hexdigest()[:32]


# -- transport --------------------------------------------------------------------------


class SmtpTransport:
    """One reused SMTP connection; reopened after any transient failure."""

    def __init__(
        self, settings: SmtpSettings, factory: Callable[..., smtplib.SMTP] = smtplib.SMTP
    ) -> None:
        self.settings, self.factory = settings, factory
        self.connection: smtplib.SMTP | None = None

    def send(self, msg: EmailMessage) -> None:
        conn = self._open()
        try:
            conn.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            raise _classified(code, text) from None
        except smtplib.SMTPResponseException as exc:
            self.close()
            raise _classified(exc.smtp_code, exc.smtp_error) from None
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            raise Transient(f"connection problem: {type(exc).__name__}") from None

    def _open(self) -> smtplib.SMTP:
        if self.connection is not None:
            return self.connection
        s = self.settings
        try:
            conn = self.factory(s.host, s.port, timeout=s.timeout)
        except (smtplib.SMTPException, OSError) as exc:
            raise Unreachable(
                f"cannot connect to {s.host}:{s.port}: {type(exc).__name__}"
            ) from None
        try:
            if s.starttls:
                conn.starttls(context=ssl.create_default_context())
            if s.user:
                conn.login(s.user, s.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            _quit(conn)
            raise DeliveryError(
                f"the SMTP server refused the login (code {exc.smtp_code})",
                hint="check the user name and the password variable",
            ) from None
        except smtplib.SMTPNotSupportedError as exc:
            _quit(conn)
            raise DeliveryError(
                f"the SMTP server does not support this: {exc}",
                hint="try --no-starttls or another port",
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            _quit(conn)
            raise Unreachable(
                f"no working session with {s.host}:{s.port}: {type(exc).__name__}"
            ) from None
        self.connection = conn
        return conn

    def close(self) -> None:
        if self.connection is not None:
            _quit(self.connection)
            self.connection = None


def _quit(conn: smtplib.SMTP) -> None:
    try:
        conn.quit()
    except (smtplib.SMTPException, OSError):
        conn.close()


def _classified(code: int, text: Any) -> Exception:
    reply = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    message = f"SMTP {code} {reply}".strip()
    return Transient(message, code) if 400 <= code < 500 else Permanent(message, code)


def deliver(
    send: Callable[[EmailMessage], None], msg: EmailMessage, policy: Policy
) -> tuple[int, Permanent | Transient | None]:
    """Send with retries; (attempts, the final error or None)."""
    attempt = 0
    while True:
        attempt += 1
        try:
            send(msg)
            return attempt, None
        except Permanent as exc:
            return attempt, exc
        except Transient as exc:
            if attempt > policy.retries:
                return attempt, exc
            policy.sleep(policy.backoff * 2 ** (attempt - 1))


# -- send log ---------------------------------------------------------------------------


class SendLog:
    """``send-log.jsonl``: appended line by line, fsync'ed after every record."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.last: dict[tuple[str, Any], str] = {}  # (recipient, PDF) → its last status
        self.sent: set[tuple[str, Any]] = set()
        for r in self._read():
            pair = (str(r["email"]).casefold(), r.get("pdf_sha256"))
            self.last[pair] = str(r.get("status"))
            if r.get("status") == "sent":
                self.sent.add(pair)

    def _read(self) -> list[dict[str, Any]]:
        if not self.path.is_file():
            return []
        records = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # a torn last line from a crash: that attempt was not confirmed
            if isinstance(record, dict) and "email" in record:
                records.append(record)
        return records

    def done(self, email: str, sha: str | None) -> bool:
        return (email.casefold(), sha) in self.sent

    def uncertain(self, email: str, sha: str | None) -> bool:
        """Handed to the server, but no outcome recorded (the run was killed)."""
        return not self.done(email, sha) and self.last.get((email.casefold(), sha)) == "sending"

    def append(self, result: Result) -> None:
        line = json.dumps(asdict(result), ensure_ascii=False, sort_keys=True) + "\n"
        if not self.path.exists():
            write_text_atomic(self.path, "")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        self.last[(result.email.casefold(), result.pdf_sha256)] = result.status
        if result.status == "sent":
            self.sent.add((result.email.casefold(), result.pdf_sha256))


# -- the run ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Outbox:
    """Where messages go: an SMTP transport, or a folder of .eml files (dry run)."""

    transport: SmtpTransport | None = None
    eml_dir: Path | None = None


def send_all(
    items: list[Delivery],
    title: str,
    sender: str,
    outbox: Outbox,
    log: SendLog,
    policy: Policy,
    progress: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Deliver every item not yet in the log; returns one result per stakeholder."""
    results = []
    try:
        for index, item in enumerate(items, start=1):
            result = _one(index, item, title, sender, outbox, log, policy)
            results.append(result)
            if progress:
                progress(result)
            if result.status == "failed" and result.message.startswith(UNREACHABLE):
                raise DeliveryError(
                    f"{result.message[len(UNREACHABLE) :]}; "
                    f"{len(items) - index} e-mail(s) not tried",
                    hint="check --host, --port and --starttls, then rerun: "
                    "delivered e-mails are not resent",
                )
    finally:
        if outbox.transport is not None:
            outbox.transport.close()
    return results


def _one(
    index: int,
    item: Delivery,
    title: str,
    sender: str,
    outbox: Outbox,
    log: SendLog,
    policy: Policy,
) -> Result:
    who = item.person
    sha = item.entry.pdf_sha256 if item.entry else None
    base = Result(who.email, who.name, who.segment, sha, "failed")
    if outbox.eml_dir is None and sha and log.done(who.email, sha):
        return replace(base, status="skipped", message="already delivered")
    if outbox.eml_dir is None and log.uncertain(who.email, sha) and not policy.resend_uncertain:
        return replace(base, status="uncertain", message=UNCERTAIN)
    try:
        data = check_copy(item, policy)
    except Permanent as exc:
        return _logged(log, outbox, replace(base, message=str(exc)))
    msg = compose(item, data, title, sender, dated=outbox.eml_dir is None)
    if outbox.eml_dir is not None:
        target = outbox.eml_dir / f"{index:03d}-{_safe(who.email)}.eml"
        write_pdf(msg.as_bytes(), target)  # the atomic byte writer, used for .eml here
        return replace(base, status="written", message=target.name)
    assert outbox.transport is not None
    log.append(replace(base, status="sending"))  # before the server may accept it
    attempts, error = deliver(outbox.transport.send, msg, policy)
    if error is None:
        return _logged(log, outbox, replace(base, status="sent", attempts=attempts))
    text = (UNREACHABLE if isinstance(error, Unreachable) else "") + str(error)
    return _logged(log, outbox, replace(base, message=text, attempts=attempts, code=error.code))


def _logged(log: SendLog, outbox: Outbox, result: Result) -> Result:
    if outbox.eml_dir is None:
        log.append(result)
    return result


def _safe(email: str) -> str:
    return "".join(c if c.isalnum() or c in "@._-" else "_" for c in email)
