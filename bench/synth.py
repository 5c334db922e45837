"""Synthetic long texts for benchmarks, built from the repository's own example story only.

Each repetition of the example becomes a chapter with its characters renamed (Dean -> Ansel, Sam -> Piers, ...),
so a long work has a growing cast, as a long serial would, instead of one story copied verbatim.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "salt-and-stakes.txt"

# the example's named characters and the names they take in later chapters
_ROLES = ["Dean", "Sam", "Buffy", "Spike", "Giles", "Willow", "Bobby", "Winchester", "Summers", "Sammy"]
_FIRST = ["Ansel", "Piers", "Maren", "Corvin", "Tobiah", "Liesel", "Oswin", "Hadley", "Isolde", "Caspian", "Junia",
          "Rowan", "Severin", "Thea", "Ulric", "Verity", "Wystan", "Yara", "Zephyr", "Alaric", "Brisa", "Cedric",
          "Delphine", "Emrys", "Fenna", "Gideon", "Hesper", "Ivo", "Jessamy", "Kestrel"]
_LAST = ["Ashdown", "Blackwood", "Carrow", "Dunmore", "Everleigh", "Fairweather", "Greaves", "Holloway"]


def _renamed(text: str, k: int) -> str:
    if k == 0:
        return text
    names = {}
    for j, role in enumerate(_ROLES):
        if role in ("Winchester", "Summers"):
            names[role] = _LAST[(k + j) % len(_LAST)]
        elif role == "Sammy":
            names[role] = names["Sam"] + "y"
        else:
            names[role] = _FIRST[(k * 3 + j) % len(_FIRST)]
    return re.sub(r"\b(" + "|".join(_ROLES) + r")\b", lambda m: names[m.group(1)], text)


def long_text(words: int) -> str:
    """About ``words`` words: the example story repeated as chapters, names varied per chapter."""
    base = EXAMPLE.read_text(encoding="utf-8")
    body = base.split("\n", 2)[2] if base.startswith("Salt and Stakes") else base
    n = len(body.split())
    parts = ["Salt and Stakes: The Long Road\n"]
    k = total = 0
    while total < words:
        chapter = _renamed(body, k)
        parts.append(f"\nPart {k + 1}\n\n{chapter.strip()}\n")
        total += n
        k += 1
    return "\n".join(parts)


def word_count(text: str) -> int:
    return len(text.split())
