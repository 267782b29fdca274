"""Every word rapport writes by itself, one file of phrase templates per language.

``da.yaml`` and ``en.yaml`` hold the number words, fractions, labels, note
sentences, alt-text sentences, running heads and disclosure legends; the engine
looks phrases up by the chapter's language and fills ``{placeholders}``. Adding a
language is adding one file with the same keys (checked on load).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from ..errors import UsageError

REFERENCE = "da"
"""The language whose file defines the keys every other file must have."""


@cache
def available() -> tuple[str, ...]:
    """Language codes with a phrase file, sorted (``("da", "en")``)."""
    files = resources.files(__name__).iterdir()
    return tuple(sorted(f.name[:-5] for f in files if f.name.endswith(".yaml")))


@cache
def phrases(language: str) -> Mapping[str, Any]:
    """The phrase tree for ``language`` (``"da"``, ``"en"``); an unknown one is an error."""
    if language not in available():
        raise UsageError(
            f"language {language!r} has no phrase file yet",
            hint="supported languages: "
            + ", ".join(available())
            + f"; add src/rapport/phrases/{language}.yaml to add one",
        )
    text = resources.files(__name__).joinpath(f"{language}.yaml").read_text(encoding="utf-8")
    tree = load_text(text)
    if language != REFERENCE:
        _check_keys(phrases(REFERENCE), tree, language, "")
    return tree


def load_text(text: str) -> Any:
    """A phrase file's tree: read by libyaml when PyYAML has it (a tenth of the time;
    a test checks that it reads every phrase file as ruamel.yaml's YAML 1.2 does)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:  # pragma: no cover - PyYAML without libyaml
        from ruamel.yaml import YAML

        return YAML(typ="safe", pure=True).load(text)
    return yaml.load(text, Loader=loader)  # the safe loader: plain data only


def phrase(language: str, section: str, key: str) -> Any:
    """One phrase, e.g. ``phrase("en", "labels", "total")`` → ``"Total"``."""
    return phrases(language)[section][key]


def quote(language: str, text: str) -> str:
    """``text`` in the language's quotation marks (”…” in Danish, “…” in English)."""
    words = phrases(language)["words"]
    return f"{words['quote_open']}{text}{words['quote_close']}"


def _check_keys(reference: Mapping[str, Any], tree: Any, language: str, path: str) -> None:
    for key, value in reference.items():
        where = f"{path}{key}"
        if not isinstance(tree, Mapping) or key not in tree:
            raise UsageError(
                f"the phrase file {language}.yaml has no key {where!r}",
                hint=f"copy it from {REFERENCE}.yaml and translate it",
            )
        if isinstance(value, Mapping) and key not in ("ordinals", "running"):
            _check_keys(value, tree[key], language, where + ".")
