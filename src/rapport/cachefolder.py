"""Whether a cache folder may be used: it belongs to the user building, nobody else may
write to it, and it is a real folder (not a link). Light on imports: ``rapport build``
checks it before it loads the pipeline (see :mod:`rapport.outputcache`)."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

LOG = logging.getLogger("rapport.progress")


def trusted_folder(folder: Path) -> bool:
    """Create ``folder`` private to this user if missing; ``False`` (do not use it) when it
    is not a real folder owned by this user, or when others may write to it."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return False
    problem = _untrusted(info)
    if problem:
        LOG.warning("cache folder %s not used: %s", folder, problem)
    return not problem


def _untrusted(info: os.stat_result) -> str:
    if not stat.S_ISDIR(info.st_mode):
        return "it is not a folder (a link?)"
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return "it belongs to another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "others may write to it"
    return ""
