"""Synthetic analyses and index rows for the library tests (no model needed)."""

from __future__ import annotations

import random
from typing import Any

from ficlens.model import Analysis, Character, RelationshipTag, Scene, Tags, TagValue, WorkInfo

FANDOMS = ["Harry Potter - J. K. Rowling", "Supernatural", "Saltmarsh Chronicles (TV)", "Star Trek", "Good Omens"]
RATINGS = ["General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated"]
CATEGORIES = ["M/M", "F/M", "F/F", "Gen", "Multi"]
WARNINGS = ["No Archive Warnings Apply", "Major Character Death", "Graphic Depictions Of Violence",
            "Creator Chose Not To Use Archive Warnings"]
PAIRINGS = ["Draco Malfoy/Harry Potter", "Hermione Granger/Ron Weasley", "Dean Winchester/Castiel",
            "Aziraphale/Crowley", "Mara Quill/Tobias Fenn"]


def analysis(i: int, title: str | None = None, text: str | None = None) -> Analysis:
    rng = random.Random(i)
    return Analysis(
        work=WorkInfo(title or f"Work {i:04d}", [f"author{i % 7}"], f"/downloads/w{i}.txt", "txt", "en",
                      1000 + 37 * i, summary=f"Summary of work {i}: lighthouse {i % 3}"),
        scenes=[Scene(0, 0, 0, 10, None, "c1", 0.8, "first", "past", ["c1", "c2"])],
        characters=[Character("c1", f"Hero {i % 5}", role="main", mentions=10),
                    Character("c2", "Friend", role="supporting", mentions=2)],
        tags=Tags(rating=TagValue(rng.choice(RATINGS), 0.6),
                  warnings=[TagValue(rng.choice(WARNINGS), 0.5)],
                  categories=[TagValue(rng.choice(CATEGORIES), 0.5)],
                  fandoms=[TagValue(rng.choice(FANDOMS), 0.8)],
                  relationships=[RelationshipTag(rng.choice(PAIRINGS), "romantic", ["c1", "c2"], 0.7)]),
        text=text,
    )


def rows(n: int) -> list[dict[str, Any]]:
    """``n`` index rows with every field varied (deterministic)."""
    rng = random.Random(13)
    out = []
    for i in range(n):
        out.append({
            "title": f"Work {i:05d}", "authors": [f"author{i % 97}"], "href": f"works/w{i}.html",
            "file": f"w{i}.txt", "summary": f"summary {i} " + ("lighthouse" if i % 11 == 0 else "harbour"),
            "fandoms": [rng.choice(FANDOMS)], "crossover": False, "rating": rng.choice(RATINGS),
            "rating_own": True, "warnings": rng.sample(WARNINGS, rng.randint(1, 2)), "warnings_own": True,
            "categories": [rng.choice(CATEGORIES)], "relationships": rng.sample(PAIRINGS, rng.randint(0, 2)),
            "characters": ["Harry Potter"], "main": ["Harry Potter"], "freeform": ["Fluff"],
            "words": rng.randint(100, 200_000), "chapters": 1, "pov": ["Harry Potter"], "person": "third",
        })
    return out
