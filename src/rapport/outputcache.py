"""A finished build reused when none of its inputs changed (``rapport build`` run twice).

The key is a SHA-256 over everything the bytes of a build depend on:

* the bytes of every file in the project folder (hidden files, PDFs and
  ``__pycache__`` aside) and, for a layout file named on the command line, of the
  files in its folder and the fonts below it;
* the build options (layout, segment, parameters, PDF/A);
* rapport itself — its version and the size and modification time of every file of
  its install (code, bundled layouts, fonts and data), so an edited development
  checkout never gets an old result — and the installed files of the libraries
  that shape the bytes (reportlab, pikepdf, matplotlib, pyphen, babel, …), and
  Python's version.

The folder is used only when it belongs to the user building and nobody else may write
to it (:func:`rapport.cachefolder.trusted_folder`). An entry is the PDF's bytes and a
small JSON record (its SHA-256, pages, figures, tables, charts and the output name):
data only, nothing in it runs, and a record whose PDF does not have the recorded hash
counts as missing. Looking up a key needs
none of the heavy imports, so an unchanged rebuild in a new process costs hashing the
project and writing the file.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__
from .cachefolder import trusted_folder
from .write import write_atomic

FOLDER = "output"
LIBRARIES = (
    "reportlab",
    "_rl_accel",
    "pikepdf",
    "matplotlib",
    "pyphen",
    "babel",
    "jinja2",
    "markdown_it",
    "fontTools",
    "numpy",
    "pandas",
    "yaml",
    "ruamel.yaml",
)


@dataclass(frozen=True)
class Finished:
    """What ``rapport build`` reports about a build, kept beside its bytes."""

    key: str
    sha256: str
    output: str
    pages: int
    figures: int
    tables: int
    charts: int


def build_key(project: Path, options: Mapping[str, Any]) -> str:
    """The key of a build of ``project`` (a folder or its report.yaml) with ``options``."""
    root = project if project.is_dir() else project.parent
    digest = hashlib.sha256()
    digest.update(repr((__version__, sys.version, sorted(options.items()))).encode())
    digest.update(install_digest().encode())
    for rel, path in _files(root):
        digest.update(f"\0{rel}\0".encode())
        digest.update(path.read_bytes())
    layout = options.get("layout")
    if layout and Path(str(layout)).is_file():
        folder = Path(str(layout)).resolve().parent
        for rel, path in _layout_files(folder):
            digest.update(f"\0layout/{rel}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _files(root: Path) -> Iterator[tuple[str, Path]]:
    """Project files in a stable order (hidden files and folders, PDFs skipped)."""
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(names):
            if name.startswith(".") or name.lower().endswith(".pdf"):
                continue
            path = Path(folder) / name
            yield path.relative_to(root).as_posix(), path


def _layout_files(folder: Path) -> Iterator[tuple[str, Path]]:
    for rel, path in _files(folder):
        if "/" not in rel or path.suffix.lower() in (".ttf", ".otf"):
            yield rel, path


@cache
def install_digest() -> str:
    """A digest of :func:`install_stamp` (once per process: the output cache's key and
    every reused intermediate result need it)."""
    return hashlib.sha256(repr(install_stamp()).encode("utf-8")).hexdigest()


def install_stamp() -> list[tuple[str, int, int]]:
    """(path, size, mtime) of rapport's own files, its bundled resources and the
    libraries' top-level files: any reinstall or edit changes the key."""
    from .resources import fonts_dir, layouts_dir

    stamp = []
    folders = {Path(__file__).parent, layouts_dir(), fonts_dir()}
    for folder in sorted(folders):
        for _, path in _files(folder):
            info = path.stat()
            stamp.append((str(path), info.st_size, info.st_mtime_ns))
    for name in LIBRARIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        if origin and os.path.exists(origin):
            info = os.stat(origin)
            stamp.append((origin, info.st_size, info.st_mtime_ns))
    return stamp


def slot_of(project: Path, options: Mapping[str, Any], output: Path | None) -> str:
    """Where the entry of one build lives: one slot per project folder, options and output,
    overwritten by its next build (so the cache does not grow with every edit)."""
    where = (str(project.resolve()), sorted(options.items()), str(output))
    return hashlib.sha256(repr(where).encode("utf-8")).hexdigest()


class OutputCache:
    """``<cache>/output/<slot>.pdf`` with ``<slot>.json`` (the record names its key)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder) / FOLDER
        self.usable = trusted_folder(Path(folder)) and trusted_folder(self.folder)

    def get(self, slot: str, key: str) -> tuple[bytes, Finished] | None:
        if not self.usable:
            return None
        try:
            record = json.loads((self.folder / f"{slot}.json").read_text(encoding="utf-8"))
            finished = Finished(**record)
            if finished.key != key:
                return None
            pdf = (self.folder / f"{slot}.pdf").read_bytes()
        except (OSError, ValueError, TypeError):
            return None
        if hashlib.sha256(pdf).hexdigest() != finished.sha256:
            return None
        return pdf, finished

    def put(self, slot: str, pdf: bytes, finished: Finished) -> None:
        if not self.usable:
            return
        try:
            write_atomic(pdf, self.folder / f"{slot}.pdf", sync=False, mode=0o600)
            text = json.dumps(asdict(finished), sort_keys=True).encode("utf-8")
            write_atomic(text, self.folder / f"{slot}.json", sync=False, mode=0o600)
        except OSError:
            return  # a cache that cannot be written only costs the next build its time
