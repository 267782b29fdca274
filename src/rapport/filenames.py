"""File names safe on every system: Danish letters transliterated, the rest ASCII.

Mail clients, Windows shares and zip tools mangle non-ASCII file names, so a name
made from data (a municipality, a school) is written in ASCII: æ→ae, ø→oe, å→aa
(as Danish does without those letters), other accents dropped (é→e), and anything
that is not a letter, digit, ``.``, ``+`` or ``-`` becomes ``_``. The real label
stays where people read it (the PDF, the manifest).
"""

from __future__ import annotations

import re
import unicodedata

_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
_UNSAFE = re.compile(r"[^A-Za-z0-9.+-]+")


def transliterate(text: str) -> str:
    """ASCII spelling of ``text``: Danish letters as digraphs, other accents dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_DANISH))
    return (
        "".join(c for c in decomposed if not unicodedata.combining(c))
        .encode("ascii", "ignore")
        .decode("ascii")
    )


def safe_name(text: str) -> str:
    """One path component in ASCII letters, digits, ``.``, ``+``, ``-`` and ``_`` (never empty)."""
    return _UNSAFE.sub("_", transliterate(text)).strip("._") or "_"
