"""``rapport new --from PROJECT DIR``: next round's project from this round's.

The new project keeps the chapters, figures, tables and layout. The edition is
bumped ("1. udgave" → "2. udgave") in the report definition and the questionnaire.
Every respondent source keeps this round's file as its comparison (moved to
``udgave-<n>/`` and listed under ``earlier:``) and expects the new round's file
where the old one was; until it is there, a build says which file is missing and
which columns it needs. Published results stay as they are: they are facts of
the round they belong to.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from .data.questionnaire import load_questionnaire
from .errors import ProjectError
from .project import Project, find_definition, load_project

_EDITION = re.compile(r"(\d+)\.\s*udgave")
_SKIP = (".rapport-cache", "__pycache__")


@dataclass(frozen=True)
class NextRound:
    """What ``rapport new --from`` made and what the new round still needs."""

    folder: Path
    edition: str
    previous: str
    expected: tuple[tuple[Path, tuple[str, ...]], ...]  # new respondent file, its columns


def start_next_round(source: Path, target: Path) -> NextRound:
    """Copy ``source`` to ``target`` as the next round (``target`` must be new or empty)."""
    project = load_project(source)
    if target.exists() and any(target.iterdir()):
        raise ProjectError(
            f"folder {str(target)!r} is not empty", hint="choose a new folder for the next round"
        )
    previous = _edition_label(project)
    number = int(_EDITION.search(previous).group(1))  # type: ignore[union-attr]
    edition = f"{number + 1}. udgave"
    shutil.copytree(
        project.root,
        target,
        dirs_exist_ok=True,
        ignore=lambda _d, names: [n for n in names if n in _SKIP or n.endswith(".pdf")],
    )
    yaml = YAML(typ="rt", pure=True)
    yaml.width = 100
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    definition = target / find_definition(project.root).name
    raw = yaml.load(definition.read_text(encoding="utf-8"))
    raw["edition"] = _EDITION.sub(edition, str(raw.get("edition") or edition), count=1)
    expected = []
    for ds in project.data:
        if ds.respondents is None:
            continue
        node = raw["data"][ds.name]
        expected.append(_move_round(target, project, node, ds.name, previous, number))
        _bump_questionnaire(target / str(node["questionnaire"]), number + 1, yaml)
        node["edition"] = edition
        node["period"] = ""
    out = StringIO()
    yaml.dump(raw, out)
    definition.write_text(out.getvalue(), encoding="utf-8")
    return NextRound(target, edition, previous, tuple(expected))


def _edition_label(project: Project) -> str:
    """This round's label: from the report's edition line, else its sources, else 1."""
    found = _EDITION.search(project.edition)
    if found:
        return found.group(0)
    for ds in project.data:
        if ds.edition and _EDITION.search(ds.edition):
            return ds.edition
    return "1. udgave"


def _move_round(
    target: Path, project: Project, node: CommentedMap, name: str, previous: str, number: int
) -> tuple[Path, tuple[str, ...]]:
    """Move this round's respondent file into ``udgave-<n>/`` and list it as the comparison."""
    ref = str(node["respondents"])
    kept = Path(f"udgave-{number}") / Path(ref).name
    (target / kept).parent.mkdir(parents=True, exist_ok=True)
    shutil.move(target / ref, target / kept)
    ds = project.source(name)
    questionnaire = load_questionnaire(ds.questionnaire)  # type: ignore[arg-type]
    period = ds.period or questionnaire.survey.period
    entry = CommentedMap(edition=ds.edition or previous, period=period, respondents=kept.as_posix())
    earlier = list(node.get("earlier") or [])
    node["earlier"] = [*earlier, entry]
    columns = ["id", questionnaire.survey.weight or "", *ds.by]
    columns += [c for item in questionnaire.items.values() for c in item.columns()]
    return target / ref, tuple(c for c in dict.fromkeys(columns) if c)


def _bump_questionnaire(path: Path, edition: int, yaml: YAML) -> None:
    raw = yaml.load(path.read_text(encoding="utf-8"))
    survey = raw.get("survey")
    if isinstance(survey, CommentedMap) and "edition" in survey:
        survey["edition"] = edition
        out = StringIO()
        yaml.dump(raw, out)
        path.write_text(out.getvalue(), encoding="utf-8")
