"""``--format md``: a Markdown summary of a work for a forum post or a README. Everything from the story is
escaped so it shows as written (no links, emphasis, HTML or tables can be smuggled in)."""

from __future__ import annotations

import re
from collections import Counter

from ..model import Analysis
from ._common import pct, prominence, shown_list, shown_rating, shown_warnings, work_name

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_MAX_CHARACTERS = 10


def md(value: object) -> str:
    """Text safe in Markdown (CommonMark / GitHub): specials backslash-escaped, HTML characters as entities."""
    s = "" if value is None else str(value)
    s = " ".join(s.split())  # no line breaks: a value can never start a heading, list or block
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def _list(values: list[str]) -> str:
    return ", ".join(md(v) for v in values) or "—"


def render_markdown(a: Analysis) -> str:
    w = a.work
    names = {c.id: c.name for c in a.characters}
    # the second line is the summary's "N words · N chapter(s) ·" line: how ficlens knows the file is its own
    out = [f"# {md(work_name(a))}",
           f"  {w.words:,} words · {len(a.chapters)} chapter(s) · {len(a.scenes)} scene(s) · "
           f"{len(a.quotes)} quotations", ""]
    if w.authors:
        out += [f"by {_list(w.authors)}", ""]
    rating, own = shown_rating(a)
    warnings, own_w = shown_warnings(a)
    fandoms = [f.name for f in a.fandoms] or shown_list(a, "fandoms")
    rows = [
        ("Fandoms", _list(fandoms) + (" (crossover)" if a.crossover else "")),
        ("Rating", (md(rating.value) + ("" if own else f" (suggested, {pct(rating.confidence)})")) if rating
         else "—"),
        ("Archive warnings", _list([x.value for x in warnings]) + ("" if own_w or not warnings else " (suggested)")),
        ("Categories", _list(shown_list(a, "categories"))),
        ("Relationships", _list(shown_list(a, "relationships"))),
        ("Dialogue", f"{len(a.quotes)} quotations, {pct(float(a.stats.get('dialogue_ratio', 0)))} of the text"),
    ]
    out += ["| | |", "|---|---|"] + [f"| **{k}** | {v} |" for k, v in rows] + [""]
    if w.summary:
        out += ["> " + md(w.summary), ""]
    cast = sorted(a.characters, key=lambda c: (-prominence(c), c.first_start))[:_MAX_CHARACTERS]
    if cast:
        out += ["## Characters", "", "| character | role | mentions | lines |", "|---|---|---:|---:|"]
        out += [f"| {md(c.name)} | {md(c.role)} | {c.mentions} | {c.quotes} |" for c in cast]
        if len(a.characters) > len(cast):
            out.append(f"\n…and {len(a.characters) - len(cast)} more.")
        out.append("")
    if a.scenes:
        out += ["## Scenes", ""]
        for s in a.scenes:
            pov = md(names.get(s.pov, s.pov)) if s.pov else "unknown"
            present = _list([names.get(x, x) for x in s.characters][:6])
            out.append(f"{s.index + 1}\\. POV {pov}, {md(s.person)} person, {md(s.tense)} tense · present: {present}")
            out.append("")
    pairs = a.interactions[:8]
    if pairs:
        out += ["## Who interacts with whom", ""]
        for i in pairs:
            kind = i.kind if i.kind != "unknown" else "talk and shared scenes"
            out.append(f"- {md(names.get(i.a, i.a))} & {md(names.get(i.b, i.b))}: {md(kind)}, "
                       f"{i.dialogue} lines between them")
        out.append("")
    t = a.tags
    out += ["## Suggested AO3 tags", ""]
    tag_rows = [
        ("Rating", [t.rating] if t.rating else []),
        ("Archive Warnings", t.warnings),
        ("Categories", t.categories),
        ("Additional Tags", t.freeform),
    ]
    for label, vals in tag_rows:
        if vals:
            out.append(f"- **{label}**: " + ", ".join(f"{md(v.value)} ({pct(v.confidence)})" for v in vals))
    if t.relationships:
        out.append("- **Relationships**: " + ", ".join(f"{md(r.value)} ({pct(r.confidence)})"
                                                       for r in t.relationships))
    if t.characters:
        out.append("- **Characters**: " + ", ".join(md(c.value) for c in t.characters))
    methods = Counter(q.method for q in a.quotes if q.speaker)
    found = sum(methods.values())
    out += ["", f"*Speakers found for {found} of {len(a.quotes)} quotations. Made with ficlens "
            f"{md(a.tool.get('version', ''))}; suggestions are for a person to check.*", ""]
    return "\n".join(out)
