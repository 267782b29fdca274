"""What a copy built elsewhere needs, as bytes: the project's files and the warm caches.

A :class:`Bundle` is content-addressed: every file is a (relative path, SHA-256)
pair and each distinct content is held once. The client reads it once (the
project's definition, chapters, data, a layout file and its fonts when not shipped
with rapport, and the chart and build caches warmed by the whole report) and sends
it to the cluster once; a worker writes it into a private temporary folder the
first time it sees it (:func:`unpack`) and builds from there. No path of the
client's machine travels: only paths relative to the bundle.
"""

from __future__ import annotations

import atexit
import hashlib
import shutil
import tempfile
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import DeliveryError

PROJECT = "project"
LAYOUT = "layout"
CACHE = "cache"


@dataclass(frozen=True)
class Bundle:
    """Files as ``(relative path, SHA-256)`` plus each distinct content once."""

    files: tuple[tuple[str, str], ...]
    blobs: Mapping[str, bytes]
    project: str
    layout: str | None

    @property
    def digest(self) -> str:
        """SHA-256 over the file list (names and content hashes)."""
        return hashlib.sha256(repr((self.files, self.project, self.layout)).encode()).hexdigest()

    @property
    def size(self) -> int:
        """Bytes of content (each distinct content counted once)."""
        return sum(len(b) for b in self.blobs.values())


@dataclass(frozen=True)
class Sources:
    """The client's files to ship, read once: relative path → bytes, and the layout."""

    files: Mapping[str, bytes]
    project: str
    layout: str | None


def read_sources(
    root: Path, files: Iterable[Path], layout: Path | None, fonts: Iterable[Path] = ()
) -> Sources:
    """The project's files (and a layout file of its own) as bytes, relative paths only.

    Project files go under ``project/<project name>/``; a layout file outside the
    project goes under ``layout/`` with the ``.yaml`` files beside it (``extends``
    targets) and its fonts, which must lie in or below its folder."""
    name = root.name or "project"
    shipped: dict[str, bytes] = {}
    for path in files:
        rel = path.relative_to(root) if path.is_relative_to(root) else Path(path.name)
        shipped[f"{PROJECT}/{name}/{rel.as_posix()}"] = _read(path)
    if layout is None:
        return Sources(shipped, f"{PROJECT}/{name}", None)
    inside = layout.parent.is_relative_to(root)
    base, anchor = (f"{PROJECT}/{name}", root) if inside else (LAYOUT, layout.parent)
    siblings = [p for p in layout.parent.iterdir() if p.suffix in (".yaml", ".yml")]
    for path in sorted({*siblings, *fonts}):
        if not path.is_relative_to(anchor):
            raise DeliveryError(
                f"font file {str(path)!r} lies outside the layout's folder",
                hint="put the layout's fonts in or below its folder to send it to a cluster",
            )
        shipped[f"{base}/{path.relative_to(anchor).as_posix()}"] = _read(path)
    return Sources(shipped, f"{PROJECT}/{name}", f"{base}/{layout.relative_to(anchor).as_posix()}")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DeliveryError(
            f"cannot read {str(path)!r} to send it to the cluster: {exc.strerror}",
            hint="check that the project's files are readable",
        ) from exc


def cache_files(folder: Path) -> dict[str, bytes]:
    """Every entry of a cache folder, keyed ``cache/<relative path>`` (temporary files skipped)."""
    if not folder.is_dir():
        return {}
    return {
        f"{CACHE}/{p.relative_to(folder).as_posix()}": p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def make_bundle(sources: Sources, extra: Mapping[str, bytes]) -> Bundle:
    """Sources plus extra files (the caches) → a content-addressed :class:`Bundle`."""
    blobs: dict[str, bytes] = {}
    files = []
    for rel, data in sorted({**sources.files, **extra}.items()):
        digest = hashlib.sha256(data).hexdigest()
        blobs.setdefault(digest, data)
        files.append((rel, digest))
    return Bundle(tuple(files), blobs, sources.project, sources.layout)


# -- on the worker ----------------------------------------------------------------------

_UNPACKED: dict[str, Path] = {}
_LOCK = threading.Lock()


def unpack(bundle: Bundle) -> Path:
    """The bundle's files in a private temporary folder, written once per process."""
    with _LOCK:
        folder = _UNPACKED.get(bundle.digest)
        if folder is None or not folder.is_dir():
            folder = _write(bundle)
            _UNPACKED[bundle.digest] = folder
        return folder


def _write(bundle: Bundle) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="rapport-bundle-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for rel, digest in bundle.files:
        parts = PurePosixPath(rel).parts
        if PurePosixPath(rel).is_absolute() or ".." in parts:
            raise DeliveryError(f"bundle path {rel!r} would leave the bundle folder")
        target = folder.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(bundle.blobs[digest])
    (folder / CACHE).mkdir(exist_ok=True)
    return folder
