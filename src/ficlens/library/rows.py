"""One row of the library index per work: the fields a reader filters and sorts by, taken from its analysis
(the work's own tags when the download carries them, else ficlens's suggestions)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..model import Analysis
from ..report._common import prominence, shown_list, shown_rating, shown_warnings, work_name

_SUMMARY_CHARS = 600
_MAIN_CHARACTERS = 6

# AO3's ratings from least to most restricted; "Not Rated" sorts last.
RATING_ORDER = ("General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated")


def work_row(a: Analysis, href: str, file_name: str) -> dict[str, Any]:
    """The index row of one analysed work (every value is plain data; the page escapes it when shown)."""
    rating, own_rating = shown_rating(a)
    warnings, own_warnings = shown_warnings(a)
    fandoms = shown_list(a, "fandoms") or [f.name for f in a.fandoms]
    if not (a.work.given_tags and a.work.given_tags.fandoms) and a.fandoms:
        fandoms = [f.name for f in a.fandoms]
    main = [c for c in sorted(a.characters, key=lambda c: (-prominence(c), c.first_start)) if c.role == "main"]
    main_names = [c.ao3_tag or c.name for c in main[:_MAIN_CHARACTERS]]
    given_chars = shown_list(a, "characters") if a.work.given_tags and a.work.given_tags.characters else []
    names = {c.id: c.ao3_tag or c.name for c in a.characters}
    pov_count: Counter[str] = Counter()
    for s in a.scenes:
        pov_count[names.get(s.pov, s.pov) if s.pov else ""] += max(1, s.end - s.start)
    povs = [p for p, _ in pov_count.most_common() if p]
    person = Counter(s.person for s in a.scenes).most_common(1)
    summary = " ".join((a.work.summary or "").split())
    if len(summary) > _SUMMARY_CHARS:
        summary = summary[: _SUMMARY_CHARS - 1] + "…"
    return {
        "title": work_name(a),
        "authors": list(a.work.authors),
        "href": href,
        "file": file_name,
        "summary": summary,
        "fandoms": fandoms,
        "crossover": bool(a.crossover or len(fandoms) > 1),
        "rating": rating.value if rating else "Not Rated",
        "rating_own": own_rating,
        "warnings": [w.value for w in warnings],
        "warnings_own": own_warnings,
        "categories": shown_list(a, "categories"),
        "relationships": shown_list(a, "relationships"),
        "characters": list(dict.fromkeys(given_chars + main_names)),
        "main": main_names,
        "freeform": shown_list(a, "freeform"),
        "words": a.work.words,
        "chapters": len(a.chapters) or 1,
        "pov": povs[:3],
        "person": person[0][0] if person else "",
    }
