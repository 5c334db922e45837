"""Packaged lexicons and small data files, read once per process. Names are paths inside the package."""

from __future__ import annotations

import sys
from functools import cache
from importlib import resources
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _read(name: str) -> str:
    return resources.files("ficlens").joinpath(name).read_text(encoding="utf-8")


@cache
def wordlist(name: str) -> frozenset[str]:
    """Every word of a one-entry-a-line list (``#`` comments; several forms a line allowed), lowercased."""
    words: set[str] = set()
    for line in _read(name).splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            words.update(line.split())
    return frozenset(words)


@cache
def phraselist(name: str) -> tuple[str, ...]:
    """One phrase a line (``#`` comments), lowercased, in file order."""
    out = []
    for line in _read(name).splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            out.append(line)
    return tuple(out)


@cache
def table(name: str) -> dict[str, Any]:
    """A TOML data file as a dict (do not mutate the result)."""
    return tomllib.loads(_read(name))


@cache
def pronoun_class() -> dict[str, str]:
    """Lowercased pronoun -> its class ("male", "female", "plural", "first", "first_plural", "second")."""
    out: dict[str, str] = {}
    for cls, words in table("data/lexicons/pronouns.toml").items():
        for w in words:
            out.setdefault(w, cls)
    return out
