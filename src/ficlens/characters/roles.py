"""Character roles from presence: main, supporting, only mentioned, or only referenced (quoted or cited)."""

from __future__ import annotations

from ..document import Document, Mention
from ..settings import settings
from .lex import lexicon


def assign_roles(doc: Document) -> None:
    """``main``: a POV character, or present with mentions reaching a share of the top character's;
    ``supporting``: a named character who takes part: present in a scene with enough mentions (a share of the
    top character's; in more than one scene when the work has several), or speaking enough lines for the work's
    length; ``referenced``: never speaks, never a POV, and every time the story names them it is inside
    someone's dialogue or as a source ("Jane Austen", "as Austen wrote"); neither main nor supporting unless
    the text calls them by name often enough for its length (a POV character needs one name fewer; a
    first-person narrator is excepted) and, when named where a place goes ("at Kew") at least ``place_min``
    times, ever the subject of a verb or called by name in dialogue, which a work of ``subject_words`` or more
    always asks; ``mentioned``:
    the rest (an unnamed "the old woman" is never more than mentioned unless the story is told through her). Thresholds:
    data/settings.toml ``[roles]``."""
    analysis = doc.analysis
    cfg = settings()["roles"]
    present: dict[str, int] = {}
    for s in analysis.scenes:
        for cid in set(s.characters):
            present[cid] = present.get(cid, 0) + 1
    povs = {s.pov for s in analysis.scenes if s.pov}
    top = max((c.mentions for c in analysis.characters), default=0)
    referenced = _referenced(doc, povs)
    scenes_min = cfg["supporting_scenes"] if len(analysis.scenes) >= cfg["many_scenes"] else 1
    words = analysis.work.words
    quotes_min = min(cfg["supporting_quotes_max"], max(1, round(words / cfg["words_per_quote"])))
    mentions_min = max(cfg["supporting_mentions"], cfg["supporting_share"] * top)
    names_min = min(cfg["names_max"], max(1, round(words / cfg["words_per_name"])))
    named = _name_counts(doc)
    places, subjects = _places(doc, cfg["place_min"])
    need_subject = words >= cfg["subject_words"]
    for c in analysis.characters:
        here = present.get(c.id, 0)
        if "I" not in c.aliases and named.get(c.id, 0) < names_min - (c.id in povs):
            # the text (almost) never calls them by name: the mentions are pronouns resolved to a stray word
            c.role = "referenced" if c.id in referenced else "mentioned"
        elif c.id in places and "I" not in c.aliases:
            c.role = "mentioned"  # named only where a place goes ("at Kew", "from Kent"), never doing anything
        elif need_subject and c.id not in subjects and "I" not in c.aliases:
            c.role = "referenced" if c.id in referenced else "mentioned"  # a long work never has them act by name
        elif c.id in povs or (
            here and top and c.mentions >= top * cfg["main_share"] and c.mentions >= cfg["main_min"]
            and not _described(c.name)
        ):
            c.role = "main"
        elif c.id in referenced:
            c.role = "referenced"
        elif not _described(c.name) and (
            (here >= scenes_min and c.mentions >= mentions_min) or (c.quotes >= quotes_min and c.mentions >= 1)
            or (c.quotes >= quotes_min and here)
        ):
            c.role = "supporting"
        else:
            c.role = "mentioned"


def _name_counts(doc: Document) -> dict[str, int]:
    """How many times the text calls each character by a name (not a pronoun, not a description)."""
    out: dict[str, int] = {}
    for m in doc.mentions:
        if m.kind == "name" and m.character is not None:
            out[m.character] = out.get(m.character, 0) + 1
    return out


_VOC_OPEN = frozenset({'"', "“", "‘", "'"})
_VOC_END = frozenset({",", "!", "?", "."})


def _vocative(doc: Document, m: Mention) -> bool:
    """A name called out inside a quotation among other words: "Take a drop more, Janny," / "Poirot, you're
    pulling my leg!" (not a quotation that is the name alone: "Muerto!" he called)."""
    if not m.in_quote:
        return False
    d = doc.docs[m.para]
    before = d[m.tok - 1].text if m.tok > 0 else ""
    after = d[m.tok_end].text if m.tok_end < len(d) else ""
    if d[m.tok_end - 1].dep_ in ("nsubj", "nsubjpass") or after not in _VOC_END:
        return False
    if before == ",":
        # closing: "..., Janny,"; not after another proper noun ("Westerham, Kent,": an address, a list)
        return m.tok >= 2 and d[m.tok - 2].pos_ != "PROPN"
    nxt = d[m.tok_end + 1].text if m.tok_end + 1 < len(d) else ""
    return (before in _VOC_OPEN or m.tok == 0) and after == "," and nxt not in _VOC_OPEN | {"”", "’", ""}


def _places(doc: Document, place_min: int) -> tuple[set[str], set[str]]:
    """Characters whose name is the object of a place preposition ("in", "to", "from") at least ``place_min``
    times and never the subject of a verb (a place the name grouping took for a person); and the characters
    who act by name at least once: the subject of a verb, or called by name among other words in someone's
    dialogue ("Take a drop more, Janny,": one speaks to people, not to rooms or adjectives)."""
    preps = lexicon().place_preps
    at_place: dict[str, int] = {}
    subject: set[str] = set()
    for m in doc.mentions:
        if m.kind != "name" or m.character is None:
            continue
        tok = doc.docs[m.para][m.tok_end - 1]
        if tok.dep_ in ("nsubj", "nsubjpass") or _vocative(doc, m):
            subject.add(m.character)
        elif tok.dep_ == "pobj" and tok.head.lower_ in preps:
            at_place[m.character] = at_place.get(m.character, 0) + 1
    return {cid for cid, n in at_place.items() if n >= place_min and cid not in subject}, subject


def _described(name: str) -> bool:
    """An unnamed character called by a description ("the old woman", "The chatty old woman")."""
    words = name.split()
    return not words or not name[:1].isupper() or words[0].lower() in ("the", "a", "an", "you")


def _referenced(doc: Document, povs: set[str]) -> set[str]:
    cites = lexicon().citation_words
    only_cited: dict[str, bool] = {}
    cited_once: set[str] = set()
    for m in doc.mentions:
        if m.kind != "name" or m.character is None:
            continue
        d = doc.docs[m.para]
        tok = d[m.tok_end - 1]
        # "quoting Shakespeare", "Austen's novel"; not "read Mickey's texts" (a possessor is cited by its head)
        cited = tok.head.lower_ in cites or (m.tok > 0 and d[m.tok - 1].lower_ in cites and tok.dep_ != "poss")
        if cited:
            cited_once.add(m.character)
        only_cited[m.character] = only_cited.get(m.character, True) and (cited or m.in_quote)
    speakers = {q.speaker for q in doc.analysis.quotes}
    return {
        cid for cid, only in only_cited.items()
        if only and cid in cited_once and cid not in povs and cid not in speakers
    }
