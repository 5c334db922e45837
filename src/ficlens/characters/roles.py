"""Character roles from presence: main, supporting, or only mentioned."""

from __future__ import annotations

from ..model import Analysis

# A character is main when its mentions reach this share of the most-mentioned character's, or it is a POV.
_MAIN_SHARE = 0.25


def assign_roles(analysis: Analysis) -> None:
    present = {cid for s in analysis.scenes for cid in s.characters}
    povs = {s.pov for s in analysis.scenes if s.pov}
    top = max((c.mentions for c in analysis.characters), default=0)
    for c in analysis.characters:
        if c.id in povs or (c.id in present and top and c.mentions >= top * _MAIN_SHARE and c.mentions >= 5):
            c.role = "main"
        elif c.id in present or c.quotes:
            c.role = "supporting"
        else:
            c.role = "mentioned"
