"""Narration person and tense, and the point-of-view character of each scene."""

from __future__ import annotations

from collections import Counter

from .document import Document
from .lexicons import pronoun_class, wordlist

_PAST_TAGS = {"VBD"}
_PRESENT_TAGS = {"VBZ", "VBP"}


def _ratio_label(a: int, b: int, label_a: str, label_b: str, default: str) -> str:
    if a == 0 and b == 0:
        return default
    if a >= 2 * b:
        return label_a
    if b >= 2 * a:
        return label_b
    return "mixed"


def run(doc: Document) -> None:
    """Set ``person``, ``tense``, ``pov``, ``pov_confidence`` and ``characters`` of every scene."""
    pclass = pronoun_class()
    perception = wordlist("data/lexicons/perception_verbs.txt")
    by_tok = {(m.para, m.tok): m for m in doc.mentions if m.character is not None}
    scene_paras: dict[int, list[int]] = {}
    for p in doc.paragraphs:
        scene_paras.setdefault(p.scene, []).append(p.index)
    speakers_by_scene: dict[int, set[str]] = {}
    for q in doc.analysis.quotes:
        if q.speaker:
            scene = doc.paragraphs[doc.paragraph_at(q.start)].scene
            speakers_by_scene.setdefault(scene, set()).add(q.speaker)
    for scene in doc.analysis.scenes:
        persons: Counter[str] = Counter()
        past = present = 0
        focal: Counter[str] = Counter()
        present_chars: Counter[str] = Counter()
        for pi in scene_paras.get(scene.index, []):
            base = doc.paragraphs[pi].start
            for tok in doc.docs[pi]:
                if doc.in_quote(base + tok.idx):
                    continue
                cls = pclass.get(tok.lower_)
                if cls in ("first", "first_plural", "second"):
                    persons[cls] += 1
                elif cls in ("male", "female", "plural"):
                    persons["third"] += 1
                if tok.tag_ in _PAST_TAGS:
                    past += 1
                elif tok.tag_ in _PRESENT_TAGS:
                    present += 1
                m = by_tok.get((pi, tok.i))
                if m is not None and m.character:
                    present_chars[m.character] += 1
                    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lower_ in perception:
                        focal[m.character] += 1
        first = persons["first"]
        second = persons["second"]
        third = persons["third"]
        if first > max(3, third * 0.5):
            scene.person = "first"
        elif second > max(3, third * 0.5):
            scene.person = "second"
        elif third or not (first or second):
            scene.person = "third" if (first + second) < third * 0.2 or third < 5 else "mixed"
        scene.tense = _ratio_label(past, present, "past", "present", "past")
        if scene.person == "third" and focal:
            cid, n = focal.most_common(1)[0]
            scene.pov = cid
            scene.pov_confidence = round(n / sum(focal.values()), 2)
        present_ids = {c for c, n in present_chars.items() if n >= 1} | speakers_by_scene.get(scene.index, set())
        order = {c.id: i for i, c in enumerate(doc.analysis.characters)}
        scene.characters = sorted(present_ids, key=lambda c: order.get(c, 1 << 30))
