"""Name facts shared by the character and fandom stages."""

from __future__ import annotations

from .lex import Lexicon, lexicon

__all__ = ["is_diminutive", "shortens"]


def is_diminutive(x: str, y: str, lx: Lexicon | None = None) -> bool:
    """Whether first name ``x`` may be a nickname of first name ``y`` ("bobby" of "robert", "cas" of "castiel")."""
    lx = lx or lexicon()
    if x == y or not x or not y:
        return False
    if y in lx.diminutives.get(x, ()):
        return True
    for suf in ("y", "ie", "ey"):
        if x == y + suf or x == y + y[-1] + suf:
            return True
    return len(x) >= 3 and len(y) >= len(x) + 2 and y.startswith(x) and x not in lx.name_gender


def shortens(short: str, full: str) -> bool:
    """Whether first name ``short`` is ``full`` or a nickname or clipping of it ("Cas" of "Castiel")."""
    return short == full or is_diminutive(short, full) or (len(short) >= 3 and full.startswith(short))
