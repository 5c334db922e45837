"""Who says "I": the first-person narrator of a scene named by a header, self-naming, letters, or what the
others call them in dialogue; carried over scenes."""


from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from spacy.tokens import Span

from ..document import Document, Mention
from ..model import Character, Quote, Scene
from .lex import (
    _SALUTATION,
    _SIGNATURE,
    _SUBJ,
    _best,
    _Lex,
)
from .scan import (
    _ParaStats,
)


def _quote_span(doc: Document, q: Quote) -> tuple[int, Span | None]:
    """(paragraph index, the quotation's tokens in its paragraph's Doc, or None when they do not align)."""
    pi = doc.paragraph_at(q.start)
    base = doc.paragraphs[pi].start
    return pi, doc.docs[pi].char_span(q.start - base, q.end - base, alignment_mode="expand")


def _quote_spans(doc: Document, quotes: list[Quote]) -> Iterator[tuple[int, Span]]:
    """Each quote's paragraph and token span (quotes no token span covers are skipped)."""
    for q in quotes:
        pi, span = _quote_span(doc, q)
        if span is not None:
            yield pi, span


def _vocatives(doc: Document, quotes: list[Quote], heads: dict[tuple[int, int], Mention]) -> Counter[str]:
    """Characters named as vocatives ("Sam, open up", "Go to sleep, Amara.") in ``quotes``."""
    out: Counter[str] = Counter()
    for pi, span in _quote_spans(doc, quotes):
        d = span.doc
        for tok in span:
            m = heads.get((pi, tok.i))
            if m is None or m.character is None or m.kind != "name":
                continue
            first_tok = d[m.tok]
            last_tok = d[min(m.tok_end, len(d)) - 1]
            before = d[first_tok.i - 1].text if first_tok.i > span.start else "\""
            after = d[last_tok.i + 1].text if last_tok.i + 1 < span.end else "\""
            opens = before in ("\"", "“", ",", "!", "?", ".") and after in (",", ".", "!", "?", "\"", "”")
            closes = before == "," and after in (".", "!", "?", "\"", "”", ",")
            if (opens or closes) and tok.dep_ not in _SUBJ:
                out[m.character] += 1
    return out


def _resolve_name(doc: Document, name: str) -> str:
    """The id of the character named ``name``, adding the character when the character stage did not find it."""
    c = doc.registry.find(name, most_prominent=True)
    if c is not None:
        return c.id
    return doc.registry.add(name, role="main")


def _first_person(
    doc: Document,
    scene: Scene,
    paras: list[int],
    stats: list[_ParaStats],
    quotes: list[Quote],
    heads: dict[tuple[int, int], Mention],
    header: str | None,
    lex: _Lex,
    signature: str | None = None,
    work_vocatives: dict[str, Counter[str]] | None = None,
) -> None:
    """Name the narrator of a first-person scene: header, a letter's signature, self-naming, then vocatives
    addressed to them (names the character stage found, else capitalised words used as vocatives twice)."""
    if header is not None:
        scene.pov = _resolve_name(doc, header)
        scene.pov_confidence = 0.95
        scene.pov_note = "header"
        return
    if signature is not None:
        scene.pov = _resolve_name(doc, signature)
        scene.pov_confidence = 0.9
        scene.pov_note = "signature"
        return
    named = [n for s in stats for n in s.self_named if n.lower() not in lex.reader]
    if named:
        scene.pov = _resolve_name(doc, Counter(named).most_common(1)[0][0])
        scene.pov_confidence = 0.9
        scene.pov_note = "self-named"
        return
    # Vocatives in dialogue the narrator does not speak are addressed to the narrator (or a third party);
    # a name the narration itself uses is not the narrator's, who is "I" there.
    narrator_paras = {pi for pi, s in zip(paras, stats, strict=True) if s.narrator_speaks}
    others = [q for q in quotes if doc.paragraph_at(q.start) not in narrator_paras]
    voc = _vocatives(doc, others, heads)
    in_narration: Counter[str] = Counter()
    for s in stats:
        in_narration.update(s.narration_names)
    chars = {c.id: c for c in doc.analysis.characters}
    for cid in list(voc):
        c = chars.get(cid)
        if in_narration[cid] > 0 or (c is not None and c.name.lower() in lex.not_names):
            del voc[cid]
    best_id, top, runner = _best(voc)
    if best_id is not None and top > runner:
        scene.pov = best_id
        scene.pov_confidence = round(min(0.8, 0.45 + 0.1 * (top - runner)), 2)
        scene.pov_note = "vocative"
        return
    # Names the character stage did not find: a vocative of this scene used at least twice in the work's
    # dialogue and never in this scene's narration.
    here = _raw_vocatives(doc, others, lex, doc.analysis.characters)
    work_vocatives = {} if work_vocatives is None else work_vocatives
    if "all" not in work_vocatives:  # once per work
        work_vocatives["all"] = _raw_vocatives(doc, doc.analysis.quotes, lex, doc.analysis.characters)
    narration = _narration_text(doc, paras)
    raw = [
        n for n, _ in here.most_common()
        if work_vocatives["all"][n] >= 2 and not re.search(r"\b" + re.escape(n) + r"\b", narration)
    ]
    if raw:
        scene.pov = _resolve_name(doc, raw[0])
        scene.pov_confidence = 0.45
        scene.pov_note = "vocative"
        return
    scene.pov_note = "unnamed narrator"


def _raw_vocatives(doc: Document, quotes: list[Quote], lex: _Lex, chars: list[Character]) -> Counter[str]:
    """Capitalised words (proper nouns, no known character's) used as vocatives ("Wren! You'll drown",
    "Wren, love, ...") in ``quotes``."""
    known = {w.lower() for c in chars for a in [c.name, *c.aliases] for w in a.split()}
    found: Counter[str] = Counter()
    for _pi, span in _quote_spans(doc, quotes):
        d = span.doc
        for tok in span:
            if tok.pos_ != "PROPN" or not tok.is_title or tok.lower_ in lex.not_names or tok.lower_ in known:
                continue
            before = d[tok.i - 1].text if tok.i > span.start else "\""
            after = d[tok.i + 1].text if tok.i + 1 < span.end else "\""
            if before in ("\"", "“", ",") and after in (",", "!", "?", ".", "\"", "”") and not (
                before == "," and after == ","
            ):
                found[tok.text] += 1
    return found


def _narration_text(doc: Document, paras: list[int]) -> str:
    """The text of paragraphs ``paras`` with the quotations blanked out."""
    out = []
    for pi in paras:
        p = doc.paragraphs[pi]
        text = doc.text[p.start : p.end]
        out.append("".join(" " if doc.in_quote(p.start + i) else ch for i, ch in enumerate(text)))
    return "\n".join(out)


def _letter(doc: Document, paras: list[int], lex: _Lex) -> tuple[str | None, str | None]:
    """(addressee, signer) of a scene written as a letter: "Dear Tomas," first, a name alone on the last line
    (after a valediction line ending in a comma, or in a letter with a salutation)."""
    if not paras:
        return None, None
    first = doc.text[doc.paragraphs[paras[0]].start : doc.paragraphs[paras[0]].end].split("\n", 1)[0].strip()
    sal = _SALUTATION.match(first)
    addressee = sal.group("name") if sal else None
    last_para = doc.text[doc.paragraphs[paras[-1]].start : doc.paragraphs[paras[-1]].end].strip()
    lines = [ln.strip() for ln in last_para.split("\n") if ln.strip()]
    if len(paras) >= 2 and len(lines) == 1:
        prev = doc.text[doc.paragraphs[paras[-2]].start : doc.paragraphs[paras[-2]].end].strip().split("\n")
        lines = [prev[-1].strip(), *lines]
    signer = None
    sig = _SIGNATURE.match(lines[-1]) if lines else None
    if sig is not None and len(paras) >= 2:
        name = sig.group("name")
        valediction = len(lines) >= 2 and lines[-2].endswith(",") and len(lines[-2].split()) <= 4
        if (valediction or addressee is not None) and not all(w.lower() in lex.not_names for w in name.split()):
            signer = name
    return addressee, signer


def _carry_narrator(narrators: list[tuple[Scene, str | None, bool]]) -> None:
    """One narrator named in every first-person scene that is named, and no headers: the unnamed scenes
    have the same narrator (with a lower confidence)."""
    named = {cid for _, cid, _ in narrators if cid is not None}
    if len(named) != 1 or any(h for _, _, h in narrators):
        return
    cid = next(iter(named))
    for scene, pov, _ in narrators:
        if pov is None:
            scene.pov = cid
            scene.pov_confidence = 0.5
            scene.pov_note = "same narrator as the work's other first-person scenes"
            if cid not in scene.characters:
                scene.characters.append(cid)
