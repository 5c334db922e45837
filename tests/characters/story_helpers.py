"""Helpers of the character tests (the real model is the session ``analyzer`` fixture of tests/conftest.py)."""

from __future__ import annotations

from ficlens.model import Analysis, Character


def by_name(analysis: Analysis, word: str) -> Character:
    """The one character whose name or an alias is ``word`` (fails when none or several)."""
    found = [c for c in analysis.characters if word == c.name or word in c.aliases]
    assert len(found) == 1, f"{word!r}: {[(c.name, c.aliases) for c in analysis.characters]}"
    return found[0]
