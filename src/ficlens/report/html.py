"""A self-contained HTML report: tags with their evidence, characters, scenes, the network, and the story with
each quotation marked by its speaker. Everything taken from the story or its metadata is escaped; the page has
no scripts and loads nothing."""

from __future__ import annotations

import re
from bisect import bisect_right
from html import escape
from importlib import resources

from ..model import Analysis, Evidence, TagValue

_SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


def _css_id(cid: str) -> str:
    return _SAFE_ID.sub("", cid)


class _Paragraphs:
    """Paragraph boundaries of the text (blank-line separated), to link evidence to the place it comes from."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] = []
        self.spans: list[tuple[int, int]] = []
        for m in re.finditer(r"[^\n](?:.|\n(?!\s*\n))*", text):
            self.starts.append(m.start())
            self.spans.append((m.start(), m.end()))

    def index(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)


def _evidence(evs: list[Evidence], paras: _Paragraphs | None) -> str:
    if not evs:
        return ""
    items = []
    for ev in evs[:5]:
        link = f' <a href="#p{paras.index(ev.start)}">in the story ↓</a>' if paras else ""
        items.append(f"<blockquote>{_e(ev.text)}{link}</blockquote>")
    return f'<details class="ev"><summary>why?</summary>{"".join(items)}</details>'


def _tag(t: TagValue, paras: _Paragraphs | None) -> str:
    return f'<span class="badge">{_e(t.value)} <span class="conf">{_pct(t.confidence)}</span></span>' + _evidence(
        t.evidence, paras
    )


def render_html(a: Analysis) -> str:
    """The report of ``a`` as one HTML document (the story text is shown when the analysis carries it)."""
    css = resources.files("ficlens").joinpath("report/templates/report.css").read_text(encoding="utf-8")
    text = a.text
    paras = _Paragraphs(text) if text else None
    names = {c.id: c.name for c in a.characters}
    w = a.work
    out: list[str] = []
    colours = "".join(
        f".s-{_css_id(c.id)}{{border-bottom-color:hsl({(i * 137) % 360},65%,45%)}}"
        for i, c in enumerate(a.characters)
    )
    out.append(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{_e(w.title or w.source)} · ficlens</title><style>{css}{colours}</style></head><body>"
    )
    # Header
    out.append(f"<header><h1>{_e(w.title or w.source)}</h1>")
    if w.authors:
        out.append(f'<div class="byline">by {_e(", ".join(w.authors))}</div>')
    out.append(
        f'<p class="meta">{w.words:,} words · {len(a.chapters)} chapter(s) · {len(a.scenes)} scene(s) · '
        f"{len(a.quotes)} quotations ({_pct(float(a.stats.get('dialogue_ratio', 0)))} dialogue) · "
        f"{_e(w.format)} · {_e(w.source)}</p>"
    )
    if w.summary:
        out.append(f"<blockquote>{_e(w.summary)}</blockquote>")
    fandoms = "".join(
        f'<span class="badge">{_e(f.name)} <span class="conf">{_pct(f.confidence)}</span></span>'
        + _evidence(f.evidence, paras)
        for f in a.fandoms
    )
    cross = '<span class="badge cross">crossover</span>' if a.crossover else ""
    out.append(f"<p>{fandoms or '<span class=note>No fandom recognised.</span>'} {cross}</p></header><main>")
    # Suggested tags
    t = a.tags
    out.append("<h2>Suggested AO3 tags</h2>")

    def field(label: str, body: str) -> None:
        out.append(f'<div class="tagfield"><b>{_e(label)}</b> {body or "<span class=note>none</span>"}</div>')

    field("Rating", _tag(t.rating, paras) if t.rating else "")
    field("Archive Warnings", " ".join(_tag(x, paras) for x in t.warnings))
    field("Categories", " ".join(_tag(x, paras) for x in t.categories))
    field("Fandoms", " ".join(_tag(x, paras) for x in t.fandoms))
    field(
        "Relationships",
        " ".join(
            f'<span class="badge">{_e(r.value)} <span class="conf">{_pct(r.confidence)}</span></span>'
            + _evidence(r.evidence, paras)
            for r in t.relationships
        ),
    )
    field(
        "Characters",
        " ".join(
            f'<span class="badge">{_e(c.value)} <span class="conf">{_pct(c.confidence)}</span></span>'
            for c in t.characters
        ),
    )
    field("Additional Tags", " ".join(_tag(x, paras) for x in t.freeform))
    if w.given_tags is not None:
        g = w.given_tags
        given = [g.rating.value] if g.rating else []
        given += [x.value for x in (*g.warnings, *g.categories, *g.fandoms, *g.freeform)]
        given += [r.value for r in g.relationships] + [c.value for c in g.characters]
        out.append(
            '<p class="note">Tags the file itself carries: '
            + ", ".join(_e(x) for x in given)
            + "</p>"
        )
    # Characters
    out.append("<h2>Characters</h2><table><tr><th>id</th><th>name</th><th>also called</th><th>gender</th>"
               "<th>fandom / AO3 tag</th><th>role</th><th>mentions</th><th>quotes</th></tr>")
    for c in a.characters:
        aliases = ", ".join(x for x in c.aliases if x != c.name)
        tag = f"{c.fandom} / {c.ao3_tag}" if c.fandom else "—"
        out.append(
            f'<tr><td class="s-{_css_id(c.id)} q">{_e(c.id)}</td><td>{_e(c.name)}</td><td>{_e(aliases)}</td>'
            f"<td>{_e(c.gender)}{' (' + _e(c.pronouns) + ')' if c.pronouns else ''}</td><td>{_e(tag)}</td>"
            f"<td>{_e(c.role)}</td><td>{c.mentions}</td><td>{c.quotes}</td></tr>"
        )
    out.append("</table>")
    # Scenes
    out.append("<h2>Scenes</h2><table><tr><th>#</th><th>opened by</th><th>POV</th><th>person</th><th>tense</th>"
               "<th>present</th></tr>")
    for s in a.scenes:
        pov = f"{names.get(s.pov, s.pov)} ({_pct(s.pov_confidence)})" if s.pov else "unknown"
        present = ", ".join(names.get(x, x) for x in s.characters)
        link = f'<a href="#p{paras.index(s.start)}">{s.index + 1}</a>' if paras else str(s.index + 1)
        out.append(
            f"<tr><td>{link}</td><td>{_e((s.break_marker or 'start').strip())}</td><td>{_e(pov)}</td>"
            f"<td>{_e(s.person)}</td><td>{_e(s.tense)}</td><td>{_e(present)}</td></tr>"
        )
    out.append("</table>")
    # Network
    if a.interactions:
        out.append("<h2>Who interacts with whom</h2><table><tr><th>pair</th><th>kind</th><th>dialogue</th>"
                   "<th>together</th><th>weight</th></tr>")
        for i in a.interactions[:40]:
            pair = f"{names.get(i.a, i.a)} — {names.get(i.b, i.b)}"
            out.append(
                f"<tr><td>{_e(pair)}</td><td>{_e(i.kind)} {_evidence(i.evidence, paras)}</td>"
                f"<td>{i.dialogue}</td><td>{i.cooccurrence}</td><td>{i.weight:.1f}</td></tr>"
            )
        out.append("</table>")
    # The story
    if text and paras:
        out.append("<h2>The story</h2>")
        out.append('<p class="note legend">Each quotation is underlined in its speaker\'s colour; hover for who '
                   "and how it was found. A dotted line: speaker unknown.</p>")
        out.append('<div class="story">')
        out.append(_story(a, text, paras, names))
        out.append("</div>")
    out.append("</main><footer>Made by ficlens "
               f"{_e(a.tool.get('version', ''))}. Suggestions carry a confidence and the sentences behind them; "
               "they are for a person to check, not a verdict.</footer></body></html>\n")
    return "".join(out)


def _story(a: Analysis, text: str, paras: _Paragraphs, names: dict[str, str]) -> str:
    scene_at = {s.start: s for s in a.scenes}
    scene_starts = sorted(scene_at)
    quotes = sorted(a.quotes, key=lambda q: q.start)
    qi = 0
    out: list[str] = []
    si = 0
    for pi, (ps, pe) in enumerate(paras.spans):
        while si < len(scene_starts) and scene_starts[si] <= ps:
            s = scene_at[scene_starts[si]]
            pov = names.get(s.pov, "unknown POV") if s.pov else "POV unknown"
            out.append(
                f'<div class="scenehead">Scene {s.index + 1} · {_e(pov)} · {_e(s.person)} person, '
                f"{_e(s.tense)} tense</div>"
            )
            si += 1
        parts = []
        pos = ps
        while qi < len(quotes) and quotes[qi].end <= ps:
            qi += 1
        j = qi
        while j < len(quotes) and quotes[j].start < pe:
            q = quotes[j]
            qs, qe = max(q.start, pos), min(q.end, pe)
            if qs < pos:
                j += 1
                continue
            parts.append(_e(text[pos:qs]))
            who = names.get(q.speaker, "") if q.speaker else ""
            title = f"{who or 'speaker unknown'} · {q.method or 'no method'} · {_pct(q.confidence)}"
            cls = f"q s-{_css_id(q.speaker)}" if q.speaker else "q"
            parts.append(
                f'<span class="{cls}" data-speaker="{_e(q.speaker or "")}" title="{_e(title)}">'
                f"{_e(text[qs:qe])}</span>"
            )
            pos = qe
            j += 1
        parts.append(_e(text[pos:pe]))
        out.append(f'<p id="p{pi}">' + "".join(parts).replace("\n", "<br>") + "</p>")
    return "".join(out)
