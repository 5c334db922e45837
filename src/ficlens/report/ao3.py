"""``--format ao3``: the suggested tags in the posting form's order, ready to paste into AO3's fields.

One line per field (Rating, Archive Warnings, Categories, Fandoms, Relationships, Characters, Additional Tags),
tags separated by commas as AO3's tag fields accept them; a field with nothing to suggest is left empty. Only tags
at or above the tag stage's confidence threshold are in the analysis, so all of them are printed.
"""

from __future__ import annotations

from ..model import Analysis, Tags

ORDER = (
    ("Rating", "rating"),
    ("Archive Warnings", "warnings"),
    ("Categories", "categories"),
    ("Fandoms", "fandoms"),
    ("Relationships", "relationships"),
    ("Characters", "characters"),
    ("Additional Tags", "freeform"),
)


def field_values(tags: Tags, name: str) -> list[str]:
    if name == "rating":
        return [tags.rating.value] if tags.rating else []
    return [t.value for t in getattr(tags, name)]


def _clean(value: str) -> str:
    # a tag is one line; AO3 separates tags with commas, so a comma inside a name cannot be pasted as-is
    return " ".join(value.replace(",", " ").split())


def render_ao3(analysis: Analysis) -> str:
    lines = []
    title = analysis.work.title
    if title:
        lines.append(f"Title: {_clean(title)}")
    for label, name in ORDER:
        lines.append(f"{label}: " + ", ".join(_clean(v) for v in field_values(analysis.tags, name)))
    return "\n".join(lines) + "\n"
