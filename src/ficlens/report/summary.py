"""A short human summary of an analysis, for the terminal."""

from __future__ import annotations

import re
from collections import Counter

from ..model import Analysis

# C0 controls but newline, DEL, C1 controls, and the bidirectional overrides/isolates that reorder what a
# terminal shows: a story's title, names or tags never reach a terminal raw (no ESC/OSC/CSI sequences).
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _escape(m: re.Match[str]) -> str:
    cp = ord(m.group(0))
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}"


def terminal_safe(text: str, keep: str = "") -> str:
    """``text`` with every control character but newline (ESC, BEL, DEL, C1, bidi overrides) shown as a
    visible escape (``\\x1b``), so nothing from a story acts on the terminal; ``keep``: characters left as
    they are (e.g. a tab in tab-separated lines)."""
    if keep:
        return _UNSAFE.sub(lambda m: m.group(0) if m.group(0) in keep else _escape(m), text)
    return _UNSAFE.sub(_escape, text)


def json_safe(text: str) -> str:
    """JSON text with DEL, C1 controls and bidi controls written as ``\\u`` escapes (json.dumps escapes only
    C0 when non-ASCII is kept); the same JSON value, safe to print."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


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
        # the surest first: a reader glancing at eight tags should see the ones the evidence backs most
        surest = sorted(t.freeform, key=lambda x: -x.confidence)
        more = f" … and {len(surest) - 8} more" if len(surest) > 8 else ""
        lines.append("  Additional tags: " + ", ".join(x.value for x in surest[:8]) + more)
    if a.warnings:
        lines.append("  Warnings: " + "; ".join(a.warnings))
    return terminal_safe("\n".join(lines) + "\n")
