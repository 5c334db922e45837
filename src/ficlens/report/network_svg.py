"""The character network drawn as SVG at build time: node area = prominence (mentions and lines), edge width =
interaction weight, edge colour = kind, with a legend. The layout is a deterministic force layout (no
randomness: the nodes start on a circle in order of prominence), so the same analysis gives the same picture."""

from __future__ import annotations

import math

from ..model import Analysis, Character, Interaction
from ._common import KIND_COLOURS, css_id, e, prominence

WIDTH, HEIGHT = 720, 440
_MARGIN = 70
MAX_NODES = 16
MAX_EDGES = 40


def layout(nodes: list[str], edges: list[tuple[str, str, float]], iterations: int = 300) -> dict[str, tuple[float,
                                                                                                             float]]:
    """Fruchterman-Reingold positions in the unit square, starting from a circle (deterministic)."""
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.5, 0.5)}
    pos = {v: [0.5 + 0.4 * math.cos(2 * math.pi * i / n), 0.5 + 0.4 * math.sin(2 * math.pi * i / n)]
           for i, v in enumerate(nodes)}
    k = math.sqrt(1.0 / n) * 0.9
    top = max((w for _, _, w in edges), default=1.0) or 1.0
    temp = 0.1
    for _ in range(iterations):
        disp = {v: [0.0, 0.0] for v in nodes}
        for i, v in enumerate(nodes):
            for u in nodes[i + 1:]:
                dx, dy = pos[v][0] - pos[u][0], pos[v][1] - pos[u][1]
                d = max(math.hypot(dx, dy), 1e-4)
                f = k * k / d
                disp[v][0] += dx / d * f
                disp[v][1] += dy / d * f
                disp[u][0] -= dx / d * f
                disp[u][1] -= dy / d * f
        for a, b, w in edges:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            d = max(math.hypot(dx, dy), 1e-4)
            f = d * d / k * (0.3 + 0.7 * w / top)
            disp[a][0] -= dx / d * f
            disp[a][1] -= dy / d * f
            disp[b][0] += dx / d * f
            disp[b][1] += dy / d * f
        for v in nodes:
            # a weak pull to the centre keeps loosely connected characters on the page
            disp[v][0] += (0.5 - pos[v][0]) * 0.05
            disp[v][1] += (0.5 - pos[v][1]) * 0.05
            dx, dy = disp[v]
            d = max(math.hypot(dx, dy), 1e-9)
            step = min(d, temp)
            pos[v][0] += dx / d * step
            pos[v][1] += dy / d * step
        temp = max(temp * 0.985, 0.002)
    # fit to the unit square
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    sx = (max(xs) - min(xs)) or 1.0
    sy = (max(ys) - min(ys)) or 1.0
    return {v: ((p[0] - min(xs)) / sx, (p[1] - min(ys)) / sy) for v, p in pos.items()}


def _pick(a: Analysis) -> tuple[list[Character], list[Interaction]]:
    linked = {x for i in a.interactions for x in (i.a, i.b)}
    chars = sorted((c for c in a.characters if c.id in linked), key=lambda c: (-prominence(c), c.first_start))
    chars = chars[:MAX_NODES]
    keep = {c.id for c in chars}
    edges = sorted((i for i in a.interactions if i.a in keep and i.b in keep), key=lambda i: -i.weight)[:MAX_EDGES]
    return chars, edges


def render_network(a: Analysis, colours: dict[str, str]) -> str:
    """The network figure (SVG and its legend), or an empty string when nobody interacts."""
    chars, edges = _pick(a)
    if not edges:
        return ""
    names = {c.id: c.name for c in a.characters}
    pos = layout([c.id for c in chars], [(i.a, i.b, i.weight) for i in edges])
    top_p = max(prominence(c) for c in chars) or 1.0
    top_w = max(i.weight for i in edges) or 1.0

    # a small cast gets a smaller picture, so three circles do not sit in the corners of a big empty box
    height = 240 if len(chars) <= 3 else 330 if len(chars) <= 6 else HEIGHT
    width = 480 if len(chars) <= 3 else 600 if len(chars) <= 6 else WIDTH

    def xy(cid: str) -> tuple[float, float]:
        x, y = pos[cid]
        return _MARGIN + x * (width - 2 * _MARGIN), 30 + y * (height - 70)

    out = [f'<svg class="network" viewBox="0 0 {width} {height}" role="img" '
           f'aria-labelledby="net-title"><title id="net-title">Who interacts with whom: {len(chars)} characters, '
           f"{len(edges)} links</title>"]
    for i in sorted(edges, key=lambda i: i.weight):
        (x1, y1), (x2, y2) = xy(i.a), xy(i.b)
        stroke = 1 + 9 * i.weight / top_w
        col = KIND_COLOURS.get(i.kind, KIND_COLOURS["unknown"])
        tip = f"{names.get(i.a, i.a)} — {names.get(i.b, i.b)} · {i.kind} · weight {i.weight:g} · " \
              f"{i.dialogue} lines to each other · {i.cooccurrence} paragraphs together"
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{col}" '
                   f'stroke-width="{stroke:.1f}" stroke-linecap="round" class="edge k-{e(i.kind)}">'
                   f"<title>{e(tip)}</title></line>")
    for c in sorted(chars, key=prominence):
        x, y = xy(c.id)
        r = 5 + 19 * math.sqrt(prominence(c) / top_p)
        tip = f"{c.name} · {c.role} · {c.mentions} mentions · {c.quotes} lines"
        out.append(
            f'<g class="node" data-c="{css_id(c.id)}"><circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" '
            f'fill="{colours.get(c.id, "#888")}"><title>{e(tip)}</title></circle>'
            f'<text x="{x:.1f}" y="{y + r + 13:.1f}" text-anchor="middle">{e(_short(c.name))}</text></g>'
        )
    out.append("</svg>")
    kinds = sorted({i.kind for i in edges}, key=lambda k: list(KIND_COLOURS).index(k) if k in KIND_COLOURS else 99)
    legend = "".join(
        f'<li><span class="sw line" style="background:{KIND_COLOURS.get(k, KIND_COLOURS["unknown"])}"></span>'
        f"{e(k if k != 'unknown' else 'no cue (talk, shared scenes)')}</li>"
        for k in kinds
    )
    legend += ('<li><span class="sw dot"></span>circle size: mentions and lines</li>'
               '<li><span class="sw thick"></span>line width: how much they interact</li>')
    hidden = len({x for i in a.interactions for x in (i.a, i.b)}) - len(chars)
    more = f'<p class="note">{hidden} more characters with fewer interactions are not drawn.</p>' if hidden > 0 else ""
    return f'<figure class="netfig">{"".join(out)}<figcaption><ul class="legend">{legend}</ul>{more}' \
           "</figcaption></figure>"


def _short(name: str, limit: int = 22) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
