"""After the POV stage: the first-person narrator of a scene whose POV names a character is that character.

The character stage gives first-person narration to one "Narrator" character unless the text names it in ways it
can see (self-naming, vocatives). The POV stage sees more (a "Hermione's POV" header, the name other characters
call the narrator in that scene), so its answer is folded back: in each first-person scene whose ``pov`` is a
named character (one the scene's narration never names in the third person), the registry moves the narrator's
mentions, quotes and presence there to that character; a narrator left with nothing is merged away. A story
with no first-person scene has no narrator character at all, unless the narrator speaks many quotations of its
own (the teller of a frame story: "'Tell me a story,' I said.").
"""

from __future__ import annotations

from collections import defaultdict

from ..document import Document
from ..settings import settings
from .narrator import NARRATOR_NAME


def narrator_from_pov(doc: Document) -> None:
    a = doc.analysis
    # the character stage names it "the narrator"; the quote stage, when only "I said" tags reveal it, "Narrator"
    nar = next((c for c in a.characters if c.name.lower() in (NARRATOR_NAME, "narrator")), None)
    if nar is None:
        return
    cfg = settings()["narrator"]
    long_work = a.work.words >= cfg["third_person_words"]
    total = sum(s.end - s.start for s in a.scenes) or 1
    first = sum(s.end - s.start for s in a.scenes if s.person in ("first", "mixed")) / total
    third_story = first == 0 or (long_work and first < cfg["first_person_share"])
    frame = nar.quotes >= cfg["frame_narrator_quotes"]  # "I said" in a frame story told around the tale
    if a.scenes and third_story and (long_work or nar.quotes == 0) and not frame:
        # a narrator character exists only for first-person narration: in a third-person story the "I" of
        # letters, texts and thoughts is whoever writes or thinks them, not a narrator (a long work whose
        # first-person scenes are a small share of it is told in the third person: letters, a diary)
        doc.registry.remove(nar.id, "no first-person narration")
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
    by_target: dict[str, set[int]] = defaultdict(set)
    for scene, cid in target_of_scene.items():
        if cid is not None and doc.registry.get(cid) is not None:
            by_target[cid].add(scene)
    for cid, scenes in by_target.items():
        if doc.registry.get(nar.id) is None:
            break
        doc.registry.reassign(nar.id, cid, scenes, "first-person narrator is the scene's POV character")
