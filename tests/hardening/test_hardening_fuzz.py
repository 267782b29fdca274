"""Property-based: a mutated report.yaml, chapter, layout or results CSV never ends in a
traceback or an "internal error", and nothing is written outside the output folder.

Mutations insert, delete or replace text at random places — YAML syntax, template
brackets, paths out of the project, markup, NUL and huge numbers among the pieces.
A fixed seed (``derandomize``) and a few examples per file keep the run reproducible and
its cost modest (each example is one in-process build of the small test project).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hardening_helpers import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MINI = Path(__file__).parents[1] / "engine" / "fixtures" / "mini"
LAYOUT = """\
extends: rapport
page:
  margins: {top: 25mm, bottom: 25mm}
typography:
  base_size: 10
colors:
  accent: "#7a1f5c"
labels: {figure: Figur, table: Tabel}
"""
PIECES = [
    "{{", "}}", "{%", "%}", "{{ 'x' * 10**9 }}", "{{ 10**10**10 }}", "{{ range(10**9) }}",
    "../", "/etc/passwd", "../../x.pdf", "*a", "&a ", "<<: *a", "\x00", "<b>", "</b>", "&",
    "# ", "\n", ":", "- ", "[", "]", "{", "}", "'", '"', "\\", "@fig:", "@sec:x", "{#a}",
    "=cmd|' /C calc'!A0", "1e308", "-1", "0", "99999999999999999999", "ø", "\t", "|", ";",
]  # fmt: skip
EDIT = st.tuples(
    st.sampled_from(["value", "insert", "line"]),  # replace a value, insert, add a line
    st.floats(0, 1),  # where
    st.one_of(st.sampled_from(PIECES), st.text(max_size=6)),  # what to put there
)
FUZZ = settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def mutate(text: str, edits: list[tuple[str, float, str]]) -> str:
    """Replace what follows a ``:`` or ``,`` on a line, insert at a character, or add a
    line — small edits, so that most mutants still parse and reach later stages."""
    for how, where, piece in edits:
        lines = text.split("\n")
        i = min(int(where * len(lines)), len(lines) - 1)
        if how == "value":
            line = lines[i]
            cut = max(line.find(": "), line.rfind(","))
            lines[i] = line[: cut + 2] + piece if cut >= 0 else piece + line
        elif how == "line":
            lines.insert(i, piece)
        else:
            at = int(where * len(text))
            return text[:at] + piece + text[at:]
        text = "\n".join(lines)
    return text


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``root/work/mini`` (the project, reset for every example) and ``root/out``."""
    root = tmp_path_factory.mktemp("fuzz")
    (root / "out").mkdir()
    return root


def _attempt(stage: Path, target: str, text: str) -> None:
    project = stage / "work" / "mini"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(MINI, project)
    (project / "house.yaml").write_text(LAYOUT, encoding="utf-8")
    report = project / "report.yaml"
    report.write_text(
        report.read_text(encoding="utf-8").replace("layout: rapport", "layout: house.yaml"),
        encoding="utf-8",
    )
    (project / target).write_bytes(text.encode("utf-8", "surrogatepass"))
    before = snapshot(stage)
    result = run("build", str(project), "-o", str(stage / "out" / "x.pdf"))
    after = snapshot(stage)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output, result.output
    changed = {name for name in after if before.get(name) != after[name]}
    deleted = set(before) - set(after)  # the output folder's caches may prune themselves
    assert all(name.startswith("out/") for name in changed | deleted), changed | deleted


def _original(target: str) -> str:
    if target == "house.yaml":
        return LAYOUT
    return (MINI / target).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "target", ["report.yaml", "chapters/01.md", "house.yaml", "data/results.csv"]
)
def test_mutated_inputs_fail_cleanly_and_stay_inside(stage, target):
    @FUZZ
    @given(edits=st.lists(EDIT, min_size=1, max_size=2))
    def check(edits: list[tuple[str, float, str]]) -> None:
        text = mutate(_original(target), edits)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = text.encode("utf-8", "replace").decode("utf-8")
        _attempt(stage, target, text)

    check()
