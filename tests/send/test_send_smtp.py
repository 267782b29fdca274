"""rapport send against a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import json
from pathlib import Path

from send_helpers import PASSWORD, USER, Handler, send

EXPECTED = {
    "oim@example.org": "sektor=statslig",
    "kl@example.org": "sektor=kommunal",
    "regioner@example.org": "sektor=regional",
    "ftf@example.org": "Alle",
    "oao@example.org": "Alle",
    "akademikerne@example.org": "Alle",
}


def _shas(out: Path) -> dict[str, str]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {c["segment"]: c["pdf_sha256"] for c in manifest["copies"]}


def _log(out: Path) -> list[dict]:
    return [
        json.loads(line)
        for line in (out / "send-log.jsonl").read_text(encoding="utf-8").splitlines()
    ]


def test_each_recipient_gets_exactly_its_copy(copies: Path, smtp: tuple[Handler, int]) -> None:
    handler, port = smtp
    result = send(copies, port)
    assert result.exit_code == 0, result.output
    shas = _shas(copies)
    assert handler.attachments() == {addr: [shas[seg]] for addr, seg in EXPECTED.items()}
    assert "6 sent, 0 written, 0 skipped, 0 failed" in result.output
    assert [r["status"] for r in _log(copies)] == ["sending", "sent"] * 6


def test_rerun_sends_nothing(copies: Path, smtp: tuple[Handler, int]) -> None:
    handler, port = smtp
    assert send(copies, port).exit_code == 0
    again = send(copies, port)
    assert again.exit_code == 0, again.output
    assert len(handler.received) == 6
    assert "0 sent, 0 written, 6 skipped, 0 failed" in again.output


def test_server_failing_mid_run_gets_only_the_remainder(
    copies: Path, smtp: tuple[Handler, int]
) -> None:
    handler, port = smtp
    handler.fail_data = {3: "451 4.3.0 Midlertidig fejl, prøv igen"}
    first = send(copies, port, "--retries", "0")
    assert first.exit_code == 1
    assert "regioner@example.org (sektor=regional): SMTP 451" in first.output
    assert sorted(handler.attachments()) == sorted(set(EXPECTED) - {"regioner@example.org"})
    handler.received.clear()
    second = send(copies, port, "--retries", "0")
    assert second.exit_code == 0, second.output
    assert handler.attachments() == {"regioner@example.org": [_shas(copies)["sektor=regional"]]}


def test_transient_error_is_retried_in_the_same_run(
    copies: Path, smtp: tuple[Handler, int]
) -> None:
    handler, port = smtp
    handler.fail_data = {3: "451 4.3.0 try again", 4: "421 4.7.0 busy"}
    result = send(copies, port, "--retries", "3")
    assert result.exit_code == 0, result.output
    assert sorted(handler.attachments()) == sorted(EXPECTED)
    assert all(len(v) == 1 for v in handler.attachments().values())
    outcomes = [r for r in _log(copies) if r["status"] != "sending"]
    assert [r["attempts"] for r in outcomes] == [1, 1, 3, 1, 1, 1]


def test_permanent_refusal_is_recorded_and_the_run_continues(
    copies: Path, smtp: tuple[Handler, int]
) -> None:
    handler, port = smtp
    handler.refuse = {"kl@example.org": "550 5.1.1 Ukendt modtager"}
    result = send(copies, port)
    assert result.exit_code == 1
    assert "1 of 6 e-mails were not delivered" in result.output
    assert len(handler.received) == 5
    failed = [r for r in _log(copies) if r["status"] == "failed"]
    assert [(r["email"], r["code"], r["attempts"]) for r in failed] == [("kl@example.org", 550, 1)]


def test_attachment_over_the_limit_is_not_sent(copies: Path, smtp: tuple[Handler, int]) -> None:
    handler, port = smtp
    result = send(copies, port, "--max-size", "1kB")
    assert result.exit_code == 1
    assert "over the limit of 1,0 kB" in result.output
    assert handler.received == []


def test_credentials_never_appear(copies: Path, smtp: tuple[Handler, int]) -> None:
    handler, port = smtp
    env = {"RAPPORT_SMTP_USER": USER, "RAPPORT_SMTP_PASSWORD": PASSWORD}
    result = send(copies, port, env=env)
    assert result.exit_code == 0, result.output
    assert len(handler.received) == 6
    (copies / "send-log.jsonl").unlink()
    refused = send(copies, port, env=dict(env, RAPPORT_SMTP_PASSWORD="forkert-kodeord-123"))
    assert refused.exit_code == 1
    assert "refused the login" in refused.output
    logs = [p.read_text(encoding="utf-8") for p in copies.glob("*.jsonl")]
    for text in [result.output, refused.output, *logs]:
        assert USER not in text
        assert PASSWORD not in text
        assert "forkert-kodeord-123" not in text


def test_missing_password_is_a_clear_error(copies: Path, smtp: tuple[Handler, int]) -> None:
    _, port = smtp
    result = send(copies, port, "--user", USER)
    assert result.exit_code == 1
    assert "environment variable RAPPORT_SMTP_PASSWORD is not set" in result.output
    assert USER not in result.output


def test_a_message_in_flight_at_a_kill_is_not_sent_twice(
    copies: Path, smtp: tuple[Handler, int], monkeypatch
) -> None:
    """Killed after the server accepted the 2nd e-mail, before its "sent" record: the rerun
    reports it as uncertain and sends only the rest; --resend-uncertain sends it."""
    from rapport.send.mail import SmtpTransport

    handler, port = smtp
    real = SmtpTransport.send

    def killed_after_second(self, msg):
        real(self, msg)
        if len(handler.received) == 2:
            raise KeyboardInterrupt  # the process dies here

    monkeypatch.setattr(SmtpTransport, "send", killed_after_second)
    assert send(copies, port).exit_code != 0
    assert len(handler.received) == 2
    second = handler.received[1][0]
    monkeypatch.setattr(SmtpTransport, "send", real)
    rerun = send(copies, port)
    assert rerun.exit_code == 1
    assert "4 sent, 0 written, 1 skipped, 0 failed, 1 uncertain" in rerun.output
    assert f"{second[0]} (" in rerun.output
    assert "--resend-uncertain" in rerun.output
    assert len(handler.received) == 6
    assert [r for r, _ in handler.received].count(second) == 1
    again = send(copies, port, "--resend-uncertain")
    assert again.exit_code == 0, again.output
    assert [r for r, _ in handler.received].count(second) == 2
