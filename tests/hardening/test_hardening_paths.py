"""Nothing outside the project: ``output:``, layouts, ``extends`` and fonts stay inside it;
what the command line names (``-o``, ``--layout``) stays the user's choice."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hardening_helpers import clean_failure, run
from pypdf import PdfReader

from rapport.resources import fonts_dir, layouts_dir

SECRET_LABEL = "HEMMELIGT-MAERKE"


def _set(project: Path, key: str, value: str) -> int:
    """Replace (or add) a top-level key of report.yaml; returns its line number."""
    file = project / "report.yaml"
    lines = file.read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if not line.startswith(f"{key}:")]
    lines.insert(1, f"{key}: {value}")
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 2


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    folder = tmp_path / "victim"
    folder.mkdir()
    (folder / "notes.txt").write_text("precious\n", encoding="utf-8")
    return folder


@pytest.fixture
def secret_layout(tmp_path: Path) -> Path:
    folder = tmp_path / "secret"
    folder.mkdir()
    file = folder / "x.yaml"
    file.write_text(f"extends: rapport\nlabels: {{figure: {SECRET_LABEL}}}\n", encoding="utf-8")
    return file


@pytest.fixture
def out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def _text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


@pytest.mark.parametrize("value", ["../victim/notes.txt", "ABSOLUTE", "sub/../../x.pdf"])
def test_output_outside_the_output_folder_is_an_error_at_its_line(mini, out, victim, value):
    value = str(victim / "notes.txt") if value == "ABSOLUTE" else value
    line = _set(mini, "output", value)
    message = clean_failure(run("build", str(mini)))
    assert f"report.yaml:{line}:" in message
    assert "'output'" in message
    assert (victim / "notes.txt").read_text(encoding="utf-8") == "precious\n"
    assert not list(out.glob("*.pdf"))


@pytest.mark.parametrize("link", ["sub", "test.pdf"])
def test_output_through_a_symbolic_link_is_an_error(mini, out, victim, link):
    if link == "sub":
        (out / "sub").symlink_to(victim, target_is_directory=True)
        _set(mini, "output", "sub/notes.txt")
    else:
        (out / "test.pdf").symlink_to(victim / "notes.txt")
    message = clean_failure(run("build", str(mini)))
    assert "symbolic link" in message
    assert (victim / "notes.txt").read_text(encoding="utf-8") == "precious\n"


def test_dash_o_outside_is_the_users_choice(mini, out, victim):
    result = run("build", str(mini), "-o", str(victim / "chosen.pdf"))
    assert result.exit_code == 0, result.output
    assert (victim / "chosen.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("how", ["relative", "absolute", "symlink"])
def test_a_layout_outside_the_project_is_refused(mini, out, secret_layout, how):
    value = {"relative": "../../secret/x.yaml", "absolute": str(secret_layout)}.get(how)
    if how == "symlink":
        (mini / "house.yaml").symlink_to(secret_layout)
        value = "house.yaml"
    line = _set(mini, "layout", str(value))
    message = clean_failure(run("build", str(mini)))
    assert f"report.yaml:{line}:" in message
    assert "outside the project folder" in message
    assert not list(out.glob("*.pdf"))


def test_extends_outside_the_project_is_refused_at_its_line(mini, out, secret_layout):
    (mini / "house.yaml").write_text(
        "name: house\nextends: ../../secret/x.yaml\n", encoding="utf-8"
    )
    _set(mini, "layout", "house.yaml")
    message = clean_failure(run("build", str(mini)))
    assert re.search(r"house\.yaml:2:\d+: extends: .*outside", message), message


@pytest.mark.parametrize("ref", ["/etc/passwd", "../../secret/font.ttf", "link.ttf"])
def test_a_layout_font_outside_the_project_is_not_opened(mini, out, tmp_path, ref):
    secret = tmp_path / "secret"
    secret.mkdir(exist_ok=True)
    shutil.copyfile(
        fonts_dir() / "liberation-sans" / "LiberationSans-Regular.ttf", secret / "font.ttf"
    )
    if ref == "link.ttf":
        (mini / "link.ttf").symlink_to(secret / "font.ttf")
    (mini / "house.yaml").write_text(
        f"extends: rapport\ntypography:\n  body:\n    regular: {ref}\n", encoding="utf-8"
    )
    _set(mini, "layout", "house.yaml")
    message = clean_failure(run("build", str(mini)))
    assert re.search(r"house\.yaml:4:\d+", message), message
    assert "outside the project folder" in message


def test_dash_dash_layout_outside_is_the_users_choice(mini, out, secret_layout):
    result = run("build", str(mini), "--layout", str(secret_layout), "-o", "x.pdf")
    assert result.exit_code == 0, result.output
    assert SECRET_LABEL in _text(out / "x.pdf")


def test_a_project_layout_inside_the_project_still_works(mini, out):
    (mini / "layouts").mkdir()
    shutil.copyfile(layouts_dir() / "brief.yaml", mini / "layouts" / "base.yaml")
    (mini / "layouts" / "house.yaml").write_text(
        "extends: base.yaml\nlabels: {figure: Husfigur}\n", encoding="utf-8"
    )
    _set(mini, "layout", "layouts/house.yaml")
    result = run("build", str(mini))
    assert result.exit_code == 0, result.output
    assert "Husfigur" in _text(out / "test.pdf")
