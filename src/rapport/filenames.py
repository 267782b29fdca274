"""File names that survive mail clients, zip tools and Windows shares.

:func:`ascii_name` spells a label in ASCII the way Danish writes it without its
three letters (æ → ae, ø → oe, å → aa), drops other accents (é → e) and turns
anything else that is not a letter, digit, ``.``, ``+`` or ``-`` into ``_``. The
real label is kept wherever a reader sees it (PDF, manifest); only the file name
is transliterated.
"""

from __future__ import annotations

import re
import unicodedata

_SPELLED = str.maketrans(
    {
        "æ": "ae",
        "ø": "oe",
        "å": "aa",
        "Æ": "Ae",
        "Ø": "Oe",
        "Å": "Aa",
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "Ä": "Ae",
        "Ö": "Oe",
        "Ü": "Ue",
        "ß": "ss",
    }
)
_UNSAFE = re.compile(r"[^A-Za-z0-9.+-]+")


def ascii_name(text: str) -> str:
    """``"Høje-Taastrup Kommune"`` → ``"Hoeje-Taastrup_Kommune"``; never empty."""
    spelled = unicodedata.normalize("NFKD", text.translate(_SPELLED))
    plain = "".join(c for c in spelled if not unicodedata.combining(c))
    return _UNSAFE.sub("_", plain).strip("._") or "_"
