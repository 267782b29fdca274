"""Line breaking kept between processes (stage 9, render).

Breaking a paragraph into lines (with hyphenation) is the largest part of laying out a
report in a new process. A paragraph's lines depend only on its text, style and width
(see :mod:`rapport.flowables`), so a build keeps the lines of every paragraph it set in a
file of the build cache, and the next build of the same project and layout — a rebuild
after an edit, a tailored copy, a burst worker's first copy — reads them back instead of
breaking again. Only paragraphs whose text, style or width changed are broken anew.

The file is a build-cache entry (:mod:`rapport.datacodec`: plain data) mapping a digest of
each paragraph's key to its lines as JSON, and reading it runs no code: decoding builds
only the handful of reportlab classes a line break is made of (:data:`_CLASSES`,
:data:`_WORDS`) and nothing else; anything unexpected makes that paragraph count as not
kept. A line break holding anything outside those shapes is simply not kept. The lines
read back are the very objects breaking would have made, attribute for attribute, so the
PDF is byte-for-byte the same.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from reportlab.lib.abag import ABag
from reportlab.lib.colors import Color
from reportlab.platypus import paragraph
from reportlab.platypus.paraparser import ParaFrag

from .buildcache import read_entry, write_entry
from .memo import Memo
from .process import building_only, pool_worker

LOG = logging.getLogger("rapport.progress")
FORMAT = 3  # part of the file's name: a new format is a new file
_MARKERS = frozenset({"__c", "__t", "__w"})

_CLASSES: dict[str, type] = {
    "ParaLines": paragraph.ParaLines,
    "FragLine": paragraph.FragLine,
    "ParaFrag": ParaFrag,
    "ABag": ABag,
    "Color": Color,
}
_WORDS: dict[str, type] = {
    name: getattr(paragraph, name)
    for name in ("_SplitWord", "_SplitWordEnd", "_SplitWordH", "_SplitWordHY", "_SplitWordLL")
}
_LINES = (paragraph.ParaLines, ParaFrag)  # what breaking returns (ParaFrag: one-style text)
_NAME_OF = {cls: name for name, cls in (_CLASSES | _WORDS).items()}


class NotKept(ValueError):
    """A line break that this format does not hold (or a stored one that is damaged)."""


_DIGESTS: Memo[tuple[Any, ...], str] = Memo("line break names", 50_000)


def _digest(key: tuple[Any, ...]) -> str:
    """The name a paragraph's line breaking is kept under (remembered per key: a rebuild
    in the same process names every paragraph again)."""
    name = _DIGESTS.get(key)
    if name is None:
        name = _DIGESTS.put(key, hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32])
    return name


def encode(size: tuple[float, float], lines: Any) -> bytes:
    """A paragraph's size and line breaking → JSON (UTF-8); :class:`NotKept` when it holds
    something this format does not. Kept as bytes: the file stores them as base64, which
    reads far faster than JSON text escaped inside JSON."""
    tree = [list(size), _enc(lines)]
    return json.dumps(tree, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(text: bytes | str) -> tuple[tuple[float, float], Any]:
    """The inverse of :func:`encode`; :class:`NotKept` for anything it did not write."""
    try:
        size, tree = _DECODER.decode(text if isinstance(text, str) else text.decode("utf-8"))
        width, height = (float(v) for v in size)
        return (width, height), tree
    except NotKept:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise NotKept(str(exc)) from exc


# An object is a JSON object: its attributes and its class under "__c"; a tuple is
# {"__t": [...]} and a split word {"__w": class, "v": text}. Decoding builds them as the
# parser meets them (``object_hook``), bottom up.
def _enc(value: Any) -> Any:
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is list:
        return [_enc(v) for v in value]
    if kind is tuple:
        return {"__t": [_enc(v) for v in value]}
    name = _NAME_OF.get(kind)
    if name is None:
        raise NotKept(f"a {kind.__name__} in a line break")
    own = value.__dict__
    if name in _WORDS:
        if own:
            raise NotKept("a split word with attributes")
        return {"__w": name, "v": str(value)}
    if not _MARKERS.isdisjoint(own):
        raise NotKept("an attribute named like a marker")
    return {"__c": name, **{attr: _enc(v) for attr, v in own.items()}}


def _object(tree: dict[str, Any]) -> Any:
    name = tree.pop("__c", None)
    if name is not None:
        obj: Any = object.__new__(_CLASSES[name])
        obj.__dict__.update(tree)
        return obj
    if "__t" in tree and len(tree) == 1:
        return tuple(tree["__t"])
    if "__w" in tree and len(tree) == 2:
        return _WORDS[tree["__w"]](tree["v"])
    raise NotKept("an object of no known shape")


_DECODER = json.JSONDecoder(object_hook=_object)  # one for all: making one per paragraph cost
# a tenth of reading a rebuild's ~800 kept paragraphs


class KeptLines:
    """The line breaking read from one file, and what this build used or added to it."""

    def __init__(self, stored: dict[str, Entry]) -> None:
        self.stored = stored
        self.used: dict[str, Entry] = {}
        self.added = 0

    def take(self, key: tuple[Any, ...]) -> tuple[tuple[float, float], Any] | None:
        """The kept line breaking of the paragraph with ``key``, if any."""
        name = _digest(key)
        text = self.stored.get(name)
        if text is None:
            return None
        if isinstance(text, tuple):  # broken by this process: encoded when written
            self.used[name] = text
            return text
        try:
            found = decode(text)
        except NotKept:
            return None
        if not isinstance(found[1], _LINES) or type(getattr(found[1], "lines", None)) is not list:
            return None  # well-formed, but not a paragraph's lines
        self.used[name] = text
        return found

    def note(self, key: tuple[Any, ...], size: tuple[float, float], lines: Any) -> None:
        """A paragraph this build set from the line breaking of this process: it stays kept
        (and is kept from now on if the file did not have it)."""
        name = _digest(key)
        text = self.stored.get(name)
        if text is None:
            self.keep(key, size, lines)
        else:
            self.used[name] = text

    def keep(self, key: tuple[Any, ...], size: tuple[float, float], lines: Any) -> None:
        """Remember a paragraph broken in this build (encoded when the file is written)."""
        name = _digest(key)
        self.used[name] = self.stored[name] = (size, lines)
        self.added += 1


def read_kept(path: Path) -> KeptLines:
    """The kept line breaking in ``path`` (none when it is absent, damaged or planted)."""
    stored = read_entry(path)
    if not isinstance(stored, dict):
        return KeptLines({})
    return KeptLines({k: v for k, v in stored.items() if type(k) is str and type(v) is bytes})


def write_kept(kept: KeptLines, path: Path) -> None:
    """Store the line breaking this build used, when it broke anything new (a build that
    broke nothing would write the same file again). A paragraph whose lines this format
    cannot hold is left out."""
    if not kept.added:
        return
    stored = {}
    for name in sorted(kept.used):
        text = kept.used[name]
        if not isinstance(text, bytes):
            try:  # encoded once: this process's later builds write the bytes
                text = kept.used[name] = kept.stored[name] = encode(*text)
            except NotKept as exc:
                LOG.debug("line breaking not kept: %s", exc)
                continue
        stored[name] = text
    write_entry(path, stored)


def write_aside(kept: KeptLines, path: Path) -> None:
    """:func:`write_kept` in a child process when this build broke many paragraphs, or
    any in a process that only builds (:func:`rapport.process.only_building`):
    encoding what it broke and writing the whole file again (a few hundredths of a
    second in a cold build, ~20 ms after an edit) happens while the PDF is finished on
    the other core; see :func:`reap`. In place otherwise, and in a process that may not
    fork (a watcher, a burst's worker)."""
    few = kept.added < (1 if building_only() else ASIDE)
    if few or not _may_fork():
        write_kept(kept, path)
        return
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child leaves through os._exit
        status = 1
        try:
            write_kept(kept, path)
            status = 0
        finally:
            os._exit(status)
    _WRITERS.append(pid)


def reap() -> None:
    """Wait for the files :func:`write_aside` writes in child processes."""
    while _WRITERS:
        os.waitpid(_WRITERS.pop(), 0)


def _may_fork() -> bool:
    """Only a single-threaded process that is nobody's worker (a watcher or a burst
    worker breaks little, and keeps its forks for copies)."""
    return hasattr(os, "fork") and threading.active_count() == 1 and not pool_worker()


Entry = bytes | tuple[tuple[float, float], Any]  # as read, or broken by this process
ASIDE = 200  # paragraphs broken in a build before their file is written aside (in a process
# that only builds, one is enough: rewriting the file takes ~20 ms even for one paragraph;
# a process that builds again would pay more in copied memory pages than it gains)
_WRITERS: list[int] = []
_ACTIVE: list[KeptLines] = []
_READ: Memo[Path, dict[str, Entry]] = Memo("kept line files", 64)  # read once per process


def _open(path: Path) -> KeptLines:
    """The kept lines of ``path`` for a new build: read from the file the first time, then
    what this process read and added (a watcher or a burst worker rebuilding again has the
    same lines in memory; what another process added since is only a missed reuse)."""
    stored = _READ.get(path)
    if stored is None:
        stored = _READ.put(path, read_kept(path).stored)
    return KeptLines(stored)


def active() -> KeptLines | None:
    """The kept line breaking of the build in progress, if it has any."""
    return _ACTIVE[-1] if _ACTIVE else None


@contextmanager
def keeping(path: Path | None) -> Iterator[KeptLines | None]:
    """Within the block, paragraphs take their line breaking from ``path`` and keep what
    they break; on leaving, the file is updated (perhaps by a child process: call
    :func:`reap` before reading it). ``None``: nothing is kept."""
    if path is None:
        yield None
        return
    kept = _open(path)
    _ACTIVE.append(kept)
    try:
        yield kept
    finally:
        _ACTIVE.pop()
    write_aside(kept, path)
