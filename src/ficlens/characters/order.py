"""Character ids in order of prominence (``c1`` the most mentioned), after every stage that adds mentions."""

from __future__ import annotations

from ..document import Document


def order_characters(doc: Document) -> None:
    """Sort characters by mentions (then first appearance) and renumber ids everywhere they are referenced.

    Runs after the stages that add mentions (quoted pronouns, narrator merges) and before the stages that read
    ids into scenes, interactions and tags, so those see the final ids.
    """
    a = doc.analysis
    ranked = sorted(a.characters, key=lambda c: (-c.mentions, -c.quotes, c.first_start))
    new_id = {c.id: f"c{i + 1}" for i, c in enumerate(ranked)}
    if all(old == new for old, new in new_id.items()) and ranked == a.characters:
        return

    def m(cid: str | None) -> str | None:
        return new_id.get(cid, cid) if cid is not None else None

    for c in ranked:
        c.id = new_id[c.id]
    a.characters = ranked
    for mention in doc.mentions:
        mention.character = m(mention.character)
    for q in a.quotes:
        q.speaker = m(q.speaker)
        q.addressees = [new_id.get(x, x) for x in q.addressees]
    doc.kb_candidates = {new_id.get(k, k): v for k, v in doc.kb_candidates.items()}
    for s in a.scenes:
        s.pov = m(s.pov)
        s.characters = [new_id.get(x, x) for x in s.characters]
        for shift in s.pov_shifts:
            if isinstance(shift.get("pov"), str):
                shift["pov"] = new_id.get(shift["pov"], shift["pov"])
