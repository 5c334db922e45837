"""The story text of the HTML report: paragraphs with ids, scene headings, every quotation coloured by its
speaker (hover: speaker, addressees, method, confidence), and the evidence sentences of the findings wrapped so a
click on "show in story" can highlight them. Everything from the story is escaped."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict

from ..model import Analysis, Evidence, Quote
from ._common import Paragraphs, css_id, e, pct


class EvidenceIndex:
    """Evidence spans shown in the report, each with a stable id (``e0``, ``e1``…); equal spans share an id."""

    def __init__(self, paras: Paragraphs | None) -> None:
        self.paras = paras
        self.spans: list[tuple[int, int]] = []
        self._ids: dict[tuple[int, int], str] = {}

    def add(self, ev: Evidence) -> str:
        key = (ev.start, ev.end)
        if key not in self._ids:
            self._ids[key] = f"e{len(self.spans)}"
            self.spans.append(key)
        return self._ids[key]

    def link(self, ev: Evidence) -> str:
        """The "show in story" link of ``ev`` (nothing when the report carries no text)."""
        if self.paras is None or ev.end <= ev.start:
            return ""
        eid = self.add(ev)
        return (f' <a class="evl" href="#p{self.paras.index(ev.start)}" data-ev="{eid}">'
                "show in story</a>")


def _text(s: str) -> str:
    return e(s).replace("\n", "<br>")


def _quote_title(q: Quote, names: dict[str, str]) -> str:
    who = names.get(q.speaker or "", q.speaker or "") or "speaker unknown"
    to = ", ".join(names.get(x, x) for x in q.addressees)
    kind = "" if q.kind == "speech" else f" · {q.kind}"
    return f"{who}{' → ' + to if to else ''} · {q.method or 'no method'} · {pct(q.confidence)}{kind}"


def render_story(a: Analysis, text: str, paras: Paragraphs, names: dict[str, str], evidence: EvidenceIndex) -> str:
    """The story as HTML paragraphs ``<p id="pN">``, with scene headings ``id="scene-N"``."""
    scene_starts = sorted((s.start, s.index) for s in a.scenes)
    scenes = {s.index: s for s in a.scenes}
    quotes = sorted(a.quotes, key=lambda q: (q.start, q.end))
    q_starts = [q.start for q in quotes]
    # evidence spans by paragraph
    ev_by_para: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for i, (es, et) in enumerate(evidence.spans):
        first, last = paras.index(es), paras.index(max(es, et - 1))
        for pi in range(first, last + 1):
            ev_by_para[pi].append((es, et, f"e{i}"))
    out: list[str] = []
    si = 0
    seen_quote: set[str] = set()
    for pi, (ps, pe) in enumerate(paras.spans):
        while si < len(scene_starts) and scene_starts[si][0] <= ps:
            s = scenes[scene_starts[si][1]]
            pov = f"POV {names.get(s.pov, s.pov)}" if s.pov else "POV unknown"
            out.append(
                f'<h3 class="scenehead" id="scene-{s.index}">Scene {s.index + 1} · {e(pov)} · {e(s.person)} '
                f"person, {e(s.tense)} tense</h3>"
            )
            si += 1
        # the quotes overlapping this paragraph (quotes never overlap each other)
        lo = max(0, bisect_left(q_starts, ps) - 1)
        hi = bisect_right(q_starts, pe)
        here = [q for q in quotes[lo:hi] if q.end > ps and q.start < pe]
        evs = ev_by_para.get(pi, [])
        parts: list[str] = []
        pos = ps
        for q in here:
            qs, qe = max(q.start, pos), min(q.end, pe)
            if qe <= qs:
                continue
            parts.append(_segments(text, pos, qs, evs))
            qid = css_id(q.id)
            id_attr = "" if qid in seen_quote else f' id="q-{qid}"'
            seen_quote.add(qid)
            cls = f"q s-{css_id(q.speaker)}" if q.speaker else "q unk"
            to = " ".join(css_id(x) for x in q.addressees)
            parts.append(
                f'<span class="{cls}"{id_attr} data-q="{qid}" data-s="{css_id(q.speaker)}" data-to="{to}" '
                f'title="{e(_quote_title(q, names))}">{_segments(text, qs, qe, evs)}</span>'
            )
            pos = qe
        parts.append(_segments(text, pos, pe, evs))
        out.append(f'<p id="p{pi}" tabindex="-1">{"".join(parts)}</p>')
    return "".join(out)


def _segments(text: str, start: int, end: int, evs: list[tuple[int, int, str]]) -> str:
    """``text[start:end]`` escaped, the parts inside evidence spans wrapped in ``<span class="evs" data-ev>``."""
    if end <= start:
        return ""
    inside = [(s, t, i) for s, t, i in evs if s < end and t > start]
    if not inside:
        return _text(text[start:end])
    cuts = sorted({start, end, *(max(start, s) for s, _, _ in inside), *(min(end, t) for _, t, _ in inside)})
    out = []
    for x, y in zip(cuts, cuts[1:], strict=False):
        ids = [i for s, t, i in inside if s <= x and t >= y]
        piece = _text(text[x:y])
        out.append(f'<span class="evs" data-ev="{" ".join(ids)}">{piece}</span>' if ids else piece)
    return "".join(out)
