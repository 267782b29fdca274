"""Print the import graph of a package and fail on cycles or private cross-module imports.

Usage::

    python tools/importgraph.py [--quiet] [PACKAGE_DIR]     # default: src/rapport

Reads the source with :mod:`ast` (nothing is imported or run). Every import
counts, also those inside functions and ``if TYPE_CHECKING:`` blocks: a
deferred import still makes two modules depend on each other. A module is a
``.py`` file; a package is its ``__init__.py``. Prints one line per module,
``module -> dependency, …`` (not with ``--quiet``), then the problems found:

- a cycle: modules that import each other, directly or through others;
- a private import: ``from a import _name`` where ``a`` is another module.

Exit status 0 when there is no problem, 1 otherwise.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Graph:
    """Modules of one package, the modules each imports, and private names it imports."""

    edges: dict[str, set[str]] = field(default_factory=dict)
    private: list[str] = field(default_factory=list)  # "module: from other import _name"


def module_name(path: Path, root: Path) -> str:
    """``root/charts/kinds.py`` → ``rapport.charts.kinds`` (``root`` is the package dir)."""
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def resolve(module: str, node: ast.ImportFrom, *, is_package: bool) -> str:
    """The absolute module an ``import from`` statement names."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports(module: str, tree: ast.AST, *, is_package: bool) -> Iterator[tuple[str, list[str]]]:
    """(imported module, imported names) for every import in the tree."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom):
            yield resolve(module, node, is_package=is_package), [a.name for a in node.names]


def build_graph(root: Path) -> Graph:
    """The import graph of the package in ``root`` (only edges inside the package)."""
    files = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    graph = Graph({name: set() for name in files})
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for target, names in imports(name, tree, is_package=path.name == "__init__.py"):
            _add(graph, files, name, target, names)
    return graph


def _add(graph: Graph, files: dict[str, Path], name: str, target: str, names: list[str]) -> None:
    if target not in files:
        return
    for imported in names:
        submodule = f"{target}.{imported}"
        if submodule in files:  # ``from . import cli`` imports the module rapport.cli
            if submodule != name:
                graph.edges[name].add(submodule)
            continue
        if target != name:
            graph.edges[name].add(target)
        if imported.startswith("_") and not imported.startswith("__"):
            graph.private.append(f"{name}: from {target} import {imported}")
    if not names and target != name:
        graph.edges[name].add(target)


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that reach each other (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def report(graph: Graph) -> tuple[list[str], list[str]]:
    """(graph lines, problem lines)."""
    lines = [f"{m} -> {', '.join(sorted(deps)) or '-'}" for m, deps in sorted(graph.edges.items())]
    problems = [f"cycle: {' <-> '.join(group)}" for group in cycles(graph.edges)]
    problems += [f"private import across modules: {p}" for p in sorted(graph.private)]
    return lines, problems


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    args = [a for a in argv[1:] if a != "--quiet"]
    root = Path(args[0]) if args else Path(__file__).parents[1] / "src" / "rapport"
    graph = build_graph(root)
    lines, problems = report(graph)
    if not quiet:
        print("\n".join(lines))
    count = sum(len(deps) for deps in graph.edges.values())
    print(f"\n{len(lines)} modules, {count} imports between them;", end=" ")
    if not problems:
        print("no cycles, no private imports across modules")
        return 0
    print(f"{len(problems)} problem(s):")
    print("\n".join(problems))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
