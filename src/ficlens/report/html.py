"""A self-contained HTML report of one work, made to be shared: header, suggested tags with their evidence, the
character network drawn, the scene timeline, the dialogue chart, the character list, and the story with every
quotation coloured by its speaker.

Everything taken from the story or its metadata is escaped. The page loads nothing; its one small script is
inlined and allowed by its SHA-256 hash in the Content-Security-Policy, so no script from a story could run."""

from __future__ import annotations

import base64
import hashlib
from importlib import resources

from ..model import Analysis, Evidence, TagValue
from ._common import Paragraphs, character_colours, css_id, e, pct, shown_rating, shown_warnings, work_name
from .charts import character_rows, mention_bins, render_dialogue, render_timeline
from .network_svg import render_network
from .story import EvidenceIndex, render_story

_EVIDENCE_SHOWN = 5


def template(name: str) -> str:
    return resources.files("ficlens").joinpath(f"report/templates/{name}").read_text(encoding="utf-8")


def csp(script: str) -> str:
    """A policy allowing inline styles and exactly ``script`` (by hash): nothing else runs, nothing loads."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'; "
            "base-uri 'none'; form-action 'none'")


def page(title: str, css: str, body: str, script: str, extra_head: str = "") -> str:
    """A whole HTML document around ``body`` with the inlined ``css`` and ``script`` (title escaped here)."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp(script)}">'
        '<meta name="referrer" content="no-referrer"><meta name="color-scheme" content="light dark">'
        f"<title>{e(title)}</title>{extra_head}<style>{css}</style></head><body>{body}"
        # the last words of every page: how ficlens knows a file is its own (ficlens.outputs.written_by_ficlens)
        f"<script>{script}</script><!-- Made by ficlens --></body></html>\n"
    )


def _badge(value: str, confidence: float | None = None, cls: str = "") -> str:
    conf = "" if confidence is None else f' <span class="conf">{pct(confidence)}</span>'
    return f'<span class="badge{(" " + cls) if cls else ""}">{e(value)}{conf}</span>'


def _evidence(evs: list[Evidence], index: EvidenceIndex) -> str:
    if not evs:
        return ""
    items = "".join(f"<li><q>{e(ev.text)}</q>{index.link(ev)}</li>" for ev in evs[:_EVIDENCE_SHOWN])
    return f'<details class="ev"><summary>why? ({min(len(evs), _EVIDENCE_SHOWN)})</summary><ul>{items}</ul></details>'


def _tag(t: TagValue, index: EvidenceIndex) -> str:
    return f'<span class="tag">{_badge(t.value, t.confidence)}{_evidence(t.evidence, index)}</span>'


def _header(a: Analysis) -> str:
    w = a.work
    name = work_name(a)
    out = [f'<header class="top"><p class="kicker">ficlens report</p><h1>{e(name)}</h1>']
    if w.authors:
        out.append(f'<p class="byline">by {e(", ".join(w.authors))}</p>')
    rating, own = shown_rating(a)
    warnings, own_w = shown_warnings(a)
    facts = [f"<div><dt>Words</dt><dd>{w.words:,}</dd></div>",
             f"<div><dt>Chapters</dt><dd>{len(a.chapters) or 1}</dd></div>",
             f"<div><dt>Scenes</dt><dd>{len(a.scenes)}</dd></div>",
             f"<div><dt>Dialogue</dt><dd>{pct(float(a.stats.get('dialogue_ratio', 0)))}</dd></div>"]
    if rating is not None:
        note = "" if own else f' <span class="conf">suggested {pct(rating.confidence)}</span>'
        facts.append(f'<div><dt>Rating</dt><dd>{e(rating.value)}{note}</dd></div>')
    out.append(f'<dl class="facts">{"".join(facts)}</dl>')
    fandoms = "".join(_badge(f.name, f.confidence) for f in a.fandoms) or \
        '<span class="note">No fandom recognised (an original work?)</span>'
    cross = '<span class="badge cross" title="more than one fandom">crossover</span>' if a.crossover else ""
    out.append(f'<p class="line"><b>Fandoms</b> {fandoms} {cross}</p>')
    if warnings:
        label = "Archive warnings" + ("" if own_w else " (suggested)")
        out.append(f'<p class="line"><b>{label}</b> '
                   + "".join(_badge(x.value, None if own_w else x.confidence,
                                    "" if x.value == "No Archive Warnings Apply" else "warn") for x in warnings)
                   + "</p>")
    if w.summary:
        out.append(f'<blockquote class="summary">{e(w.summary)}</blockquote>')
    out.append("</header>")
    return "".join(out)


def _tags(a: Analysis, index: EvidenceIndex) -> str:
    t = a.tags
    rows = []

    def field(label: str, body: str) -> None:
        rows.append(f'<div class="tagfield"><dt>{e(label)}</dt><dd>{body or "<span class=note>none</span>"}</dd></div>')

    field("Rating", _tag(t.rating, index) if t.rating else "")
    field("Archive Warnings", "".join(_tag(x, index) for x in t.warnings))
    field("Categories", "".join(_tag(x, index) for x in t.categories))
    field("Fandoms", "".join(_tag(x, index) for x in t.fandoms))
    field("Relationships", "".join(
        f'<span class="tag">{_badge(r.value, r.confidence)}{_evidence(r.evidence, index)}</span>'
        for r in t.relationships))
    field("Characters", "".join(_badge(c.value, c.confidence) for c in t.characters))
    field("Additional Tags", "".join(_tag(x, index) for x in t.freeform))
    out = [f'<dl class="tags">{"".join(rows)}</dl>']
    g = a.work.given_tags
    if g is not None:
        given = [g.rating.value] if g.rating else []
        given += [x.value for x in (*g.warnings, *g.categories, *g.fandoms)]
        given += [r.value for r in g.relationships] + [c.value for c in g.characters]
        given += [x.value for x in g.freeform]
        if given:
            out.append('<p class="note">Tags the file itself carries: ' + ", ".join(e(x) for x in given) + "</p>")
    return "".join(out)


def _speakers(a: Analysis, colours: dict[str, str]) -> str:
    """The reader's side panel: a colour key of the speakers (click one to list and mark their lines), and the
    list of the chosen character's lines."""
    said = {q.speaker for q in a.quotes if q.speaker}
    cast = [c for c in a.characters if c.id in said]
    cast.sort(key=lambda c: -c.quotes)
    keys = "".join(
        f'<li><button type="button" class="who" data-c="{css_id(c.id)}" style="--c:{colours.get(c.id, "#888")}" '
        f'aria-pressed="false"><span class="dot"></span>{e(c.name)}</button></li>'
        for c in cast
    )
    return ('<aside class="side" aria-label="speakers"><h3>Speakers</h3>'
            f'<ul class="keys">{keys}</ul><div id="lines" class="lines" hidden aria-live="polite"></div></aside>')


def _nav(has_story: bool, home: str | None) -> str:
    back = f'<a class="home" href="{e(home)}">← Library</a>' if home else ""
    items = [("tags", "Tags"), ("network", "Network"), ("timeline", "Scenes"), ("dialogue", "Dialogue"),
             ("characters", "Characters")]
    if has_story:
        items.append(("story", "Story"))
    links = "".join(f'<a href="#{i}">{label}</a>' for i, label in items)
    return f'<nav class="toc" aria-label="sections">{back}{links}</nav>'


def render_html(a: Analysis, home: str | None = None) -> str:
    """The report of ``a`` as one HTML document (the story text is shown when the analysis carries it).

    home (str): a relative link back to the page that lists this report (the library's index)."""
    text = a.text or ""
    paras = Paragraphs(text) if text else None
    names = {c.id: c.name for c in a.characters}
    colours = character_colours(a)
    index = EvidenceIndex(paras)
    css = template("report.css") + "".join(
        f".s-{css_id(cid)}{{--c:{col}}}" for cid, col in colours.items()
    )
    body = ['<a class="skip" href="#main">Skip to the report</a>', _header(a), _nav(bool(paras), home),
            '<main id="main">']
    body.append('<section id="tags"><h2>Suggested AO3 tags</h2><p class="note">Each with a confidence; '
                "open “why?” and choose “show in story” to see the sentence behind it.</p>")
    body.append(_tags(a, index))
    body.append("</section>")
    network = render_network(a, colours)
    if network:
        rel_ev = "".join(
            f"<li>{e(names.get(i.a, i.a))} — {e(names.get(i.b, i.b))}: {e(i.kind)}"
            f"{_evidence(i.evidence, index)}</li>"
            for i in a.interactions if i.kind != "unknown" and i.evidence
        )
        body.append(f'<section id="network"><h2>Who interacts with whom</h2>{network}')
        if rel_ev:
            body.append(f'<ul class="kinds">{rel_ev}</ul>')
        body.append("</section>")
    else:
        body.append('<section id="network"><h2>Who interacts with whom</h2>'
                    '<p class="note">No interactions found.</p></section>')
    body.append(f'<section id="timeline"><h2>Scenes</h2>{render_timeline(a, colours, names)}</section>')
    body.append(f'<section id="dialogue"><h2>Dialogue</h2>{render_dialogue(a, colours, names)}</section>')
    bins = mention_bins(a, text)
    body.append(
        '<section id="characters"><h2>Characters</h2>'
        + ('<p class="note">Choose a name to list every line they say and mark them in the story.</p>'
           if paras else "")
        + '<table class="chars"><thead><tr><th scope="col">name</th><th scope="col">role</th>'
        '<th scope="col">gender</th><th scope="col">AO3 tag</th><th scope="col" class="num">mentions</th>'
        '<th scope="col" class="num">lines</th><th scope="col">named across the story</th></tr></thead><tbody>'
        + character_rows(a, colours, bins)
        + "</tbody></table></section>"
    )
    if paras:
        story = render_story(a, text, paras, names, index)
        body.append(
            '<section id="story"><h2>The story</h2><p class="note">Dialogue is tinted in its speaker’s colour; '
            "hover a line for who says it, to whom, how ficlens knows and how sure it is. Grey dotted: speaker "
            f'unknown.</p><div class="reader"><div class="story">{story}</div>{_speakers(a, colours)}</div>'
            "</section>"
        )
    body.append(
        "</main><footer>Made by ficlens "
        f"{e(a.tool.get('version', ''))} from {e(work_name(a))}. Suggestions carry a confidence and the "
        "sentences behind them; they are for a person to check, not a verdict.</footer>"
    )
    return page(f"{work_name(a)} · ficlens", css, "".join(body), template("report.js"))
