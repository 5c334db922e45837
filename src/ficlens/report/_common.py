"""Small helpers shared by the HTML and Markdown renderers: escaping, ids, colours, paragraph spans, the name
of a work, the tags a work shows (its own, else the suggested ones)."""

from __future__ import annotations

import re
from bisect import bisect_right
from html import escape
from pathlib import PurePosixPath, PureWindowsPath

from ..model import Analysis, Character, TagValue

_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")

# Tableau 10: distinguishable, and readable both as a tint behind dark text and as a line on a dark page.
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
           "#8cd17d")
NO_POV = "#9aa0a6"

# Colours of the interaction kinds (network.py's cue groups) and their legend text.
KIND_COLOURS = {
    "romantic": "#d6336c",
    "sexual": "#9c36b5",
    "family": "#2f9e44",
    "friendship": "#1c7ed6",
    "hostile": "#e8590c",
    "unknown": "#868e96",
}


def e(value: object) -> str:
    """``value`` escaped for HTML text and attribute values."""
    return escape("" if value is None else str(value), quote=True)


def pct(x: float) -> str:
    return f"{round(100 * x)}%"


def css_id(cid: str | None) -> str:
    return _SAFE_ID.sub("", cid or "")


def colour(index: int) -> str:
    if index < len(PALETTE):
        return PALETTE[index]
    return f"hsl({(index * 137) % 360},55%,50%)"


def ink_on(hex_colour: str) -> str:
    """Dark or white text, whichever reads better on ``hex_colour`` (``#rrggbb``; anything else: white)."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", hex_colour):
        return "#fff"
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    # contrast with white (1.05 / (L + .05)) against contrast with near-black text (L + .05) / .05
    return "#1f2328" if (lum + 0.05) / 0.06 > 1.05 / (lum + 0.05) else "#fff"


def character_colours(a: Analysis) -> dict[str, str]:
    """A colour per character id, the most prominent first (so the main cast gets the clearest colours)."""
    ranked = sorted(a.characters, key=lambda c: (-prominence(c), c.first_start))
    return {c.id: colour(i) for i, c in enumerate(ranked)}


def prominence(c: Character) -> float:
    return c.mentions + 2 * c.quotes


def work_name(a: Analysis) -> str:
    """The work's title, or its file's name (never a path)."""
    if a.work.title and a.work.title.strip():
        return a.work.title.strip()
    src = a.work.source or ""
    name = PureWindowsPath(src).name if "\\" in src else PurePosixPath(src).name
    return name or "Untitled"


def shown_rating(a: Analysis) -> tuple[TagValue | None, bool]:
    """The rating to show and whether it is the work's own (True) or suggested by ficlens (False)."""
    g = a.work.given_tags
    if g is not None and g.rating is not None:
        return g.rating, True
    return a.tags.rating, False


def shown_warnings(a: Analysis) -> tuple[list[TagValue], bool]:
    g = a.work.given_tags
    if g is not None and g.warnings:
        return list(g.warnings), True
    return list(a.tags.warnings), False


def shown_list(a: Analysis, field: str) -> list[str]:
    """Values of a tag field (categories, fandoms, relationships, characters, freeform): the work's own when it
    has any, else ficlens's suggestions."""
    g = a.work.given_tags
    given = [x.value for x in getattr(g, field)] if g is not None else []
    return given or [x.value for x in getattr(a.tags, field)]


class Paragraphs:
    """Paragraphs of the text: maximal runs of lines that are not blank (a line of only spaces is blank).

    One linear pass over the lines, so text of many blank or whitespace-only lines costs no more than any other.
    """

    def __init__(self, text: str) -> None:
        self.spans: list[tuple[int, int]] = []
        start = -1
        prev_end = 0
        pos = 0
        n = len(text)
        while pos < n:
            nl = text.find("\n", pos)
            end = n if nl < 0 else nl
            line = text[pos:end]
            stripped = line.lstrip()
            if not stripped:
                if start >= 0:
                    self.spans.append((start, prev_end))
                    start = -1
            else:
                if start < 0:
                    start = pos + len(line) - len(stripped)
                prev_end = pos + len(line.rstrip())
            pos = end + 1
        if start >= 0:
            self.spans.append((start, prev_end))
        self.starts = [s for s, _ in self.spans]

    def index(self, offset: int) -> int:
        """The paragraph holding (or last before) ``offset``."""
        return max(0, bisect_right(self.starts, offset) - 1)

