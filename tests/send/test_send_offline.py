"""Stakeholder lists, dry runs (.eml), sizes and the retry policy — no server needed."""

from __future__ import annotations

import email
import email.policy
import hashlib
from pathlib import Path

import pytest
from send_helpers import send

from rapport.errors import DeliveryError
from rapport.resources import default_project_dir
from rapport.send import load_stakeholders, parse_size
from rapport.send.mail import Permanent, Policy, Transient, deliver


def test_dry_run_writes_one_eml_per_stakeholder(copies: Path) -> None:
    result = send(copies, 1, "--dry-run", "--eml-dir", str(copies / "eml"))
    assert result.exit_code == 0, result.output
    files = sorted((copies / "eml").glob("*.eml"))
    assert [f.name for f in files][:2] == ["001-oim@example.org.eml", "002-kl@example.org.eml"]
    assert len(files) == 6
    msg = email.message_from_bytes(files[1].read_bytes(), policy=email.policy.default)
    assert msg["To"] == "KL <kl@example.org>"
    assert msg["Subject"] == "Miniaturebarometeret – Kommunal"
    assert "Kære KL" in msg.get_body(("plain",)).get_content()
    (pdf,) = list(msg.iter_attachments())
    assert pdf.get_filename() == "mini-sektor-kommunal.pdf"
    assert pdf.get_content() == (copies / "mini-sektor-kommunal.pdf").read_bytes()
    assert not (copies / "send-log.jsonl").exists()


def test_dry_run_is_deterministic(copies: Path) -> None:
    send(copies, 1, "--dry-run", "--eml-dir", str(copies / "a"))
    send(copies, 1, "--dry-run", "--eml-dir", str(copies / "b"))
    digest = [
        [hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(d.iterdir())]
        for d in (copies / "a", copies / "b")
    ]
    assert digest[0] == digest[1]


def test_example_stakeholders_ship_with_the_default_project() -> None:
    people = load_stakeholders(default_project_dir() / "stakeholders.example.yaml")
    assert [(p.name, p.segment) for p in people] == [
        ("Økonomi- og Indenrigsministeriet", "sektor=statslig"),
        ("KL", "sektor=kommunal"),
        ("Danske Regioner", "sektor=regional"),
        ("FTF", "Alle"),
        ("OAO", "Alle"),
        ("Akademikerne", "Alle"),
    ]
    assert all(p.email.endswith("@example.org") for p in people)


def test_csv_lists_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "modtagere.csv"
    path.write_text(
        "name;email;segment\nKL;kl@example.org;sektor=kommunal\nFTF;ftf@example.org;all\n",
        encoding="utf-8",
    )
    people = load_stakeholders(path)
    assert [(p.email, p.segment) for p in people] == [
        ("kl@example.org", "sektor=kommunal"),
        ("ftf@example.org", "Alle"),
    ]


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        (
            "stakeholders:\n  - {name: KL, email: kl@example, segment: all}\n",
            ":2:23",
            "'kl@example' is not a valid e-mail address",
        ),
        (
            "stakeholders:\n  - name: KL\n    email: kl@example.org\n    segment: kommunal\n",
            ":4:14",
            "segment 'kommunal' is not 'all' or VARIABLE=VALUE",
        ),
        ("stakeholders:\n  - name: KL\n    mail: kl@example.org\n", ":3:5", "unknown key 'mail'"),
        ("stakeholders:\n  - {name: KL, segment: all}\n", ":2:5", "the stakeholder has no 'email'"),
        ("stakeholders:\n  - name: KL\n   email: x\n", ":3:", "malformed YAML"),
    ],
)
def test_list_mistakes_point_at_the_place(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeliveryError) as info:
        load_stakeholders(path)
    assert f"{path}{where}" in str(info.value)
    assert message in str(info.value)


def test_csv_mistakes_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "name,email,segment\nKL,kl@example.org,all\nFTF,ftf@@example.org,all\n", encoding="utf-8"
    )
    with pytest.raises(DeliveryError, match="is not a valid e-mail address") as info:
        load_stakeholders(path)
    assert str(info.value).startswith(f"{path}:3:")


def test_unknown_segment_fails_only_that_stakeholder(copies: Path) -> None:
    (copies.parent / "stakeholders.yaml").write_text(
        "stakeholders:\n  - {name: Aarhus, email: aarhus@example.org, segment: kommune=Aarhus}\n"
        "  - {name: KL, email: kl@example.org, segment: sektor=kommunal}\n",
        encoding="utf-8",
    )
    result = send(copies, 1, "--dry-run")
    assert result.exit_code == 1
    assert "no copy for segment 'kommune=Aarhus'" in result.output
    assert "1 written" in result.output


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("10MB", 10_000_000),
        ("500kB", 500_000),
        ("2MiB", 2_097_152),
        ("1,5 MB", 1_500_000),
        ("123", 123),
    ],
)
def test_sizes(text: str, size: int) -> None:
    assert parse_size(text) == size


def test_backoff_doubles_and_stops_after_the_retries() -> None:
    waits: list[float] = []
    calls: list[int] = []

    def flaky(msg: object) -> None:
        calls.append(1)
        raise Transient("SMTP 451 busy", 451)

    attempts, error = deliver(flaky, None, Policy(retries=3, backoff=2.0, sleep=waits.append))
    assert (attempts, len(calls), waits) == (4, 4, [2.0, 4.0, 8.0])
    assert isinstance(error, Transient)


def test_permanent_errors_are_not_retried() -> None:
    waits: list[float] = []

    def refuse(msg: object) -> None:
        raise Permanent("SMTP 550 no such user", 550)

    attempts, error = deliver(refuse, None, Policy(retries=3, sleep=waits.append))
    assert (attempts, waits, error.code if error else None) == (1, [], 550)


def test_unreachable_server_is_transient_and_reported(copies: Path) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but not listening: connection refused
        result = send(copies, port, "--retries", "1")
    assert result.exit_code == 1
    assert "cannot connect to 127.0.0.1:" in result.output
    assert "ConnectionRefusedError; 5 e-mail(s) not tried" in result.output
    log = (copies / "send-log.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(log) == 2  # recorded as sending before the attempt, then its outcome
    assert '"status": "sending"' in log[0]
    assert '"attempts": 2' in log[1]


def test_whole_report_missing_says_how_to_get_it(copies: Path) -> None:
    import json

    manifest = json.loads((copies / "manifest.json").read_text(encoding="utf-8"))
    manifest["copies"] = [c for c in manifest["copies"] if c["segment"] != "Alle"]
    (copies / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = send(copies, 1, "--dry-run")
    assert result.exit_code == 1
    assert "3 written" in result.output
    assert "no whole-report copy" in result.output
    assert "without --no-whole" in result.output
