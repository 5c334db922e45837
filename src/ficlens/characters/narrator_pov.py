"""After the POV stage: the first-person narrator of a scene whose POV names a character is that character.

The character stage gives first-person narration to one "Narrator" character unless the text names it in ways it
can see (self-naming, vocatives). The POV stage sees more (a "Hermione's POV" header, the name other characters
call the narrator in that scene), so its answer is folded back: in each first-person scene whose ``pov`` is a
named character (one the scene's narration never names in the third person), the narrator's mentions and
quotes become that character's. A narrator left with nothing is
removed; ids are renumbered by prominence.
"""

from __future__ import annotations

from ..document import Document
from .narrator import NARRATOR_NAME
from .order import order_characters


def narrator_from_pov(doc: Document) -> None:
    a = doc.analysis
    # the character stage names it "the narrator"; the quote stage, when only "I said" tags reveal it, "Narrator"
    nar = next((c for c in a.characters if c.name.lower() in (NARRATOR_NAME, "narrator")), None)
    if nar is None:
        return
    target_of_scene = {
        s.index: s.pov for s in a.scenes if s.person == "first" and s.pov is not None and s.pov != nar.id
    }
    # a character the scene's narration names in the third person is not the one saying "I" there
    for m in doc.mentions:
        if m.kind == "name" and not m.in_quote:
            scene = doc.paragraphs[m.para].scene
            if target_of_scene.get(scene) == m.character:
                del target_of_scene[scene]
    if not target_of_scene:
        return
    chars = {c.id: c for c in a.characters}
    moved = 0
    for m in doc.mentions:
        if m.character != nar.id:
            continue
        dst = target_of_scene.get(doc.paragraphs[m.para].scene)
        if dst is not None and dst in chars:
            m.character = dst
            chars[dst].mentions += 1
            moved += 1
    if not moved:
        return
    nar.mentions = max(0, nar.mentions - moved)
    for q in a.quotes:
        scene = doc.paragraphs[doc.paragraph_at(q.start)].scene
        dst = target_of_scene.get(scene)
        if dst is None:
            continue
        if q.speaker == nar.id:
            q.speaker = dst
        q.addressees = [x for x in dict.fromkeys(dst if x == nar.id else x for x in q.addressees) if x != q.speaker]
    for s in a.scenes:
        dst = target_of_scene.get(s.index)
        if dst is not None and nar.id in s.characters:
            s.characters = list(dict.fromkeys(dst if x == nar.id else x for x in s.characters))
    counts: dict[str, int] = {}
    for q in a.quotes:
        if q.speaker is not None:
            counts[q.speaker] = counts.get(q.speaker, 0) + 1
    for c in a.characters:
        c.quotes = counts.get(c.id, 0)
    still_used = (
        any(m.character == nar.id for m in doc.mentions)
        or any(q.speaker == nar.id for q in a.quotes)
        or any(s.pov == nar.id or nar.id in s.characters for s in a.scenes)
    )
    if not still_used:
        target = chars[next(iter(target_of_scene.values()))]
        target.first_start = min(target.first_start, nar.first_start)
        a.characters = [c for c in a.characters if c is not nar]
    order_characters(doc)
