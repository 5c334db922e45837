"""A short human summary of an analysis, for the terminal."""

from __future__ import annotations

from collections import Counter

from ..model import Analysis


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def render_summary(a: Analysis, max_characters: int = 8) -> str:
    w = a.work
    names = {c.id: c.name for c in a.characters}
    lines = []
    title = w.title or w.source
    by = f" by {', '.join(w.authors)}" if w.authors else ""
    lines.append(f"{title}{by}")
    lines.append(
        f"  {w.words:,} words · {len(a.chapters)} chapter(s) · {len(a.scenes)} scene(s) · "
        f"{len(a.quotes)} quotes ({_pct(a.stats.get('dialogue_ratio', 0))} dialogue) · "
        f"{a.stats.get('seconds', 0):.1f}s"
    )
    if a.fandoms:
        fandoms = ", ".join(f"{f.name} ({_pct(f.confidence)})" for f in a.fandoms[:4])
        lines.append(f"  Fandoms: {fandoms}{'  [crossover]' if a.crossover else ''}")
    else:
        lines.append("  Fandoms: none recognised (original work?)")
    if a.characters:
        lines.append("  Characters:")
        for c in a.characters[:max_characters]:
            alias = [x for x in c.aliases if x != c.name][:3]
            extra = f" (also {', '.join(alias)})" if alias else ""
            lines.append(
                f"    {c.id:>4} {c.name}{extra} · {c.role} · {c.mentions} mentions · {c.quotes} quotes"
            )
        if len(a.characters) > max_characters:
            lines.append(f"    … and {len(a.characters) - max_characters} more")
    if a.scenes:
        lines.append("  Scenes:")
        for s in a.scenes[:12]:
            pov = names.get(s.pov or "", "unknown")
            marker = (s.break_marker or "start").replace("\n", "\\n")
            lines.append(
                f"    {s.index + 1:>3}. POV {pov} ({_pct(s.pov_confidence)}), {s.person} person, {s.tense} "
                f"tense, opened by {marker!r}"
            )
        if len(a.scenes) > 12:
            lines.append(f"    … and {len(a.scenes) - 12} more")
    attributed = sum(1 for q in a.quotes if q.speaker)
    if a.quotes:
        methods = Counter(q.method for q in a.quotes if q.speaker)
        how = ", ".join(f"{m} {n}" for m, n in methods.most_common())
        lines.append(f"  Speakers found for {attributed} of {len(a.quotes)} quotes ({how or 'none'})")
    t = a.tags
    if t.rating:
        lines.append(f"  Suggested rating: {t.rating.value} ({_pct(t.rating.confidence)})")
    if t.warnings:
        lines.append("  Archive warnings: " + ", ".join(x.value for x in t.warnings))
    if t.relationships:
        lines.append("  Relationships: " + ", ".join(r.value for r in t.relationships[:6]))
    if t.freeform:
        lines.append("  Additional tags: " + ", ".join(x.value for x in t.freeform[:8]))
    if a.warnings:
        lines.append("  Warnings: " + "; ".join(a.warnings))
    return "\n".join(lines) + "\n"
