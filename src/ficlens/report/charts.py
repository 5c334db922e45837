"""The report's small charts, made at build time as HTML/SVG: the scene timeline (bands coloured by POV, with
who is present), the dialogue chart (lines and words per character and per scene) and the per-character bar of
mentions across the story."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict

from ..model import Analysis, Character
from ._common import NO_POV, css_id, e, ink_on, prominence

SPARK_BINS = 40
_PRESENCE_ROWS = 8


def _scene_len(a: Analysis) -> dict[int, int]:
    return {s.index: max(1, s.end - s.start) for s in a.scenes}


def render_timeline(a: Analysis, colours: dict[str, str], names: dict[str, str]) -> str:
    """One band per scene along the story, its width the scene's length, its colour the POV character's."""
    if not a.scenes:
        return ""
    lengths = _scene_len(a)
    bands = []
    for s in a.scenes:
        pov = names.get(s.pov, s.pov) if s.pov else None
        present = ", ".join(names.get(x, x) for x in s.characters) or "nobody recognised"
        tip = f"Scene {s.index + 1} · POV {pov or 'unknown'} · {s.person} person, {s.tense} · present: {present}"
        col = colours.get(s.pov, NO_POV) if s.pov else NO_POV
        bands.append(
            f'<a class="band{" nopov" if not s.pov else ""}" href="#scene-{s.index}" '
            f'style="flex-grow:{lengths[s.index]};--c:{col};color:{ink_on(col)}" title="{e(tip)}" '
            f'aria-label="{e(tip)}">'
            f"<span>{s.index + 1}</span></a>"
        )
    povs = [p for p in dict.fromkeys(s.pov for s in a.scenes) if p]
    legend = "".join(f'<li><span class="sw" style="background:{colours.get(p, NO_POV)}"></span>'
                     f"{e(names.get(p, p))}</li>" for p in povs)
    if any(not s.pov for s in a.scenes):
        legend += f'<li><span class="sw" style="background:{NO_POV}"></span>POV unknown</li>'
    # who is present: the most prominent characters, one row each
    cast = sorted((c for c in a.characters if any(c.id in s.characters for s in a.scenes)),
                  key=lambda c: (-prominence(c), c.first_start))[:_PRESENCE_ROWS]
    rows = []
    for c in cast:
        cells = "".join(
            f'<span style="flex-grow:{lengths[s.index]}" class="{"on" if c.id in s.characters else "off"}'
            f'{" pov" if s.pov == c.id else ""}"></span>'
            for s in a.scenes
        )
        rows.append(f'<div class="prow"><span class="pname">{e(c.name)}</span>'
                    f'<span class="pcells" style="--c:{colours.get(c.id, NO_POV)}">{cells}</span></div>')
    return (f'<nav class="timeline" aria-label="scenes along the story">{"".join(bands)}</nav>'
            f'<ul class="legend">{legend}</ul>'
            f'<div class="presence" role="group" aria-label="who is present in each scene">{"".join(rows)}</div>'
            '<p class="note">A filled cell: present in that scene; a ringed cell: the scene is seen through their '
            "eyes.</p>")


def _words(text: str) -> int:
    return len(text.split())


def render_dialogue(a: Analysis, colours: dict[str, str], names: dict[str, str]) -> str:
    """Lines and words spoken per character (bars), and the words spoken in each scene by each speaker."""
    spoken = [q for q in a.quotes if q.kind == "speech"] or list(a.quotes)
    if not spoken:
        return '<p class="note">No dialogue found.</p>'
    lines: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for q in spoken:
        key = q.speaker or ""
        lines[key] += 1
        words[key] += _words(q.text)
    top_l = max(lines.values())
    top_w = max(words.values()) or 1
    rows = []
    for cid, n in sorted(lines.items(), key=lambda kv: (-kv[1], kv[0])):
        name = names.get(cid, cid) if cid else "speaker unknown"
        col = colours.get(cid, "var(--muted)") if cid else "var(--muted)"
        rows.append(
            f'<tr><th scope="row">{e(name)}</th>'
            f'<td class="num">{n}</td><td class="barcell"><span class="bar" style="width:{100 * n / top_l:.1f}%;'
            f'background:{col}"></span></td>'
            f'<td class="num">{words[cid]:,}</td><td class="barcell"><span class="bar" '
            f'style="width:{100 * words[cid] / top_w:.1f}%;background:{col}"></span></td></tr>'
        )
    table = ('<table class="dlg"><thead><tr><th scope="col">speaker</th><th scope="col" class="num">lines</th>'
             '<th scope="col"></th><th scope="col" class="num">words</th><th scope="col"></th></tr></thead>'
             f"<tbody>{''.join(rows)}</tbody></table>")
    # per scene: a stacked bar of words by speaker
    by_scene: dict[int, Counter[str]] = defaultdict(Counter)
    starts = sorted((s.start, s.index) for s in a.scenes)
    offsets = [st for st, _ in starts]
    for q in spoken:
        k = bisect_right(offsets, q.start) - 1
        idx = starts[max(0, k)][1]
        by_scene[idx][q.speaker or ""] += _words(q.text)
    if len(a.scenes) < 2:
        return table
    top_s = max((sum(c.values()) for c in by_scene.values()), default=1) or 1
    srows = []
    for s in a.scenes:
        counts = by_scene.get(s.index, Counter())
        total = sum(counts.values())
        segs = "".join(
            f'<span style="width:{100 * n / top_s:.2f}%;background:'
            f'{colours.get(cid, "var(--muted)") if cid else "var(--muted)"}" '
            f'title="{e(names.get(cid, cid) if cid else "speaker unknown")}: {n} words"></span>'
            for cid, n in counts.most_common()
        )
        srows.append(f'<div class="srow"><a href="#scene-{s.index}">Scene {s.index + 1}</a>'
                     f'<span class="stack">{segs}</span><span class="num">{total:,}</span></div>')
    return (f'{table}<h3>Words spoken in each scene</h3><div class="scenebars">{"".join(srows)}</div>')


def mention_bins(a: Analysis, text: str, bins: int = SPARK_BINS) -> dict[str, list[int]]:
    """Per character, how often a name of theirs appears in each of ``bins`` equal stretches of the text.

    Names and aliases shared by two characters are left out (they cannot be told apart without the parse).
    One regex pass over the text.
    """
    owner: dict[str, str | None] = {}
    for c in a.characters:
        for alias in {c.name, *c.aliases}:
            alias = alias.strip()
            if len(alias) < 2 or alias.lower() in {"he", "she", "they", "him", "her", "it", "i", "me", "you"}:
                continue
            owner[alias] = c.id if owner.get(alias, c.id) == c.id else None
    names = [x for x, cid in owner.items() if cid]
    out = {c.id: [0] * bins for c in a.characters}
    if not names or not text:
        return out
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(x) for x in sorted(names, key=len, reverse=True)) + r")\b")
    n = len(text)
    for m in pattern.finditer(text):
        cid = owner[m.group(0)]
        if cid:
            out[cid][min(bins - 1, m.start() * bins // n)] += 1
    return out


def sparkline(counts: list[int], col: str) -> str:
    """A tiny bar chart (one SVG path) of mention counts along the story."""
    top = max(counts, default=0)
    if not top:
        return '<svg class="spark" viewBox="0 0 40 10" aria-hidden="true"></svg>'
    d = "".join(f"M{i} 10v-{max(0.6, 10 * n / top):.1f}h0.8v{max(0.6, 10 * n / top):.1f}z" for i, n in
                enumerate(counts) if n)
    return f'<svg class="spark" viewBox="0 0 {len(counts)} 10" aria-hidden="true"><path d="{d}" fill="{col}"/></svg>'


def character_rows(a: Analysis, colours: dict[str, str], bins: dict[str, list[int]]) -> str:
    """The character list: a button per character (shows their lines), role, mentions across the story."""
    rows = []
    for c in sorted(a.characters, key=lambda c: (-prominence(c), c.first_start)):
        rows.append(_row(c, colours.get(c.id, NO_POV), bins.get(c.id, [])))
    return "".join(rows)


def _row(c: Character, col: str, counts: list[int]) -> str:
    aliases = ", ".join(x for x in c.aliases if x != c.name)
    tag = c.ao3_tag or ""
    pron = f" · {c.pronouns}" if c.pronouns else ""
    return (
        f'<tr><td><button type="button" class="who" data-c="{css_id(c.id)}" style="--c:{col}" '
        f'aria-pressed="false"><span class="dot"></span>{e(c.name)}</button>'
        f'<div class="aka">{e(aliases)}</div></td>'
        f"<td>{e(c.role)}</td><td>{e(c.gender)}{e(pron)}</td><td>{e(tag)}</td>"
        f'<td class="num">{c.mentions}</td><td class="num">{c.quotes}</td>'
        f"<td>{sparkline(counts, col)}</td></tr>"
    )
