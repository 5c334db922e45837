"""Character roles from presence: main, supporting, only mentioned, or only referenced (quoted or cited)."""

from __future__ import annotations

from ..document import Document
from ..settings import settings
from .lex import lexicon


def assign_roles(doc: Document) -> None:
    """``main``: a POV character, or present with mentions reaching a share of the top character's;
    ``supporting``: present in a scene or speaking; ``referenced``: never speaks, never a POV, and every time
    the story names them it is inside someone's dialogue or as a source ("Jane Austen", "as Austen wrote");
    ``mentioned``: the rest."""
    analysis = doc.analysis
    cfg = settings()["roles"]
    present = {cid for s in analysis.scenes for cid in s.characters}
    povs = {s.pov for s in analysis.scenes if s.pov}
    top = max((c.mentions for c in analysis.characters), default=0)
    referenced = _referenced(doc, povs)
    for c in analysis.characters:
        if c.id in povs or (
            c.id in present and top and c.mentions >= top * cfg["main_share"] and c.mentions >= cfg["main_min"]
        ):
            c.role = "main"
        elif c.id in referenced:
            c.role = "referenced"
        elif c.id in present or c.quotes:
            c.role = "supporting"
        else:
            c.role = "mentioned"


def _referenced(doc: Document, povs: set[str]) -> set[str]:
    cites = lexicon().citation_words
    only_cited: dict[str, bool] = {}
    cited_once: set[str] = set()
    for m in doc.mentions:
        if m.kind != "name" or m.character is None:
            continue
        d = doc.docs[m.para]
        tok = d[m.tok_end - 1]
        cited = tok.head.lower_ in cites or (m.tok > 0 and d[m.tok - 1].lower_ in cites)
        if cited:
            cited_once.add(m.character)
        only_cited[m.character] = only_cited.get(m.character, True) and (cited or m.in_quote)
    speakers = {q.speaker for q in doc.analysis.quotes}
    return {
        cid for cid, only in only_cited.items()
        if only and cid in cited_once and cid not in povs and cid not in speakers
    }
