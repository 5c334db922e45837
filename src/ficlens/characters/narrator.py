"""The first-person narrator's name: merge the narrator character with the named character it is.

After speaker attribution (quotation spans and speakers are known) and before the POV stage: a narrator
names themself ("My name is Priya", "Call me Ishmael", "I'm Buffy, by the way" — the patterns of
data/lexicons/self_naming.txt) in the narration or in their own dialogue, or is named by vocatives in the
dialogue of others ("Maya, breakfast!") with a name the narration itself does not use (there the narrator is
"I"; a name in italics, a thought or remembered speech, is not the narration's; a name the narration uses once
or twice counts when the vocatives outnumber it many times over). The narrator character
then takes that name, or is merged into the character already called so.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..document import Document, Mention
from ..model import Character
from ..settings import settings
from .italics import ItalicSpans
from .lex import lexicon

NARRATOR_NAME = "the narrator"
_NAME = r"(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"
_OPEN = {'"', "“", "‘", ",", "!", "?", ".", "—", "-"}
_CLOSE = {",", ".", "!", "?", '"', "”", "’"}
# a name as what someone is or is called ("my name was Pip", "came to be called Pip"): naming, not a reference
_NAMING_DEPS = {"attr", "oprd"}


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    """The self-naming patterns (owned by the POV stage's data file, read here as they are)."""
    raw = _raw_lines("data/lexicons/self_naming.txt")
    return tuple(re.compile(p.replace("NAME", _NAME)) for p in raw)


def _raw_lines(name: str) -> list[str]:
    from importlib import resources

    text = resources.files("ficlens").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _self_named(
    doc: Document, narrator: str, italics: ItalicSpans | None = None
) -> tuple[Counter[str], list[tuple[int, int]]]:
    """Names the narrator gives themself, in the narration or in quotations the narrator speaks, and where
    (none in ``italics``: a thought, a letter, remembered speech)."""
    text = doc.text
    own = [(q.start, q.end) for q in doc.analysis.quotes if q.speaker == narrator]
    out: Counter[str] = Counter()
    where: list[tuple[int, int]] = []
    titles = lexicon().titles
    for pat in _patterns():
        for m in pat.finditer(text):
            at = m.start("name")
            if doc.in_quote(at) and not any(s <= at < e for s, e in own):
                continue
            if italics is not None and at in italics:
                continue
            if m.group("name").lower() in titles:
                continue  # "I'm Mrs. Cole's cousin": a title, not the narrator's name
            out[m.group("name")] += 1
            where.append((m.start("name"), m.end("name")))
    return out, where


def _vocatives(doc: Document, narrator: str) -> Counter[str]:
    """Characters called by a vocative in dialogue the narrator does not speak, never named in narration."""
    in_narration: Counter[str] = Counter()
    voc: Counter[str] = Counter()
    speech = lexicon().speech_verbs
    # paragraphs where the narration says "I said": the narrator's own lines (attribution may say otherwise)
    narrator_paras = {
        m.para for m in doc.mentions
        if m.kind == "pronoun" and m.gender_hint == "first" and not m.in_quote and m.role == "subj"
        and doc.docs[m.para][m.tok].head.lower_ in speech
    }
    # quotations attribution gives the narrator (one calls the others by name, not themself)
    own = [(q.start, q.end) for q in doc.analysis.quotes if q.speaker == narrator]
    italics = ItalicSpans(doc.text)
    for m in doc.mentions:
        if m.kind != "name" or m.character is None:
            continue
        if not m.in_quote:
            if m.start not in italics:  # a name in italics is a thought, a text, remembered speech
                in_narration[m.character] += 1
            continue
        d = doc.docs[m.para]
        before = d[m.tok - 1].text if m.tok > 0 else '"'
        after = d[m.tok_end].text if m.tok_end < len(d) else '"'
        head = d[m.tok_end - 1]
        if before not in _OPEN or after not in _CLOSE or head.dep_ in ("nsubj", "nsubjpass"):
            continue
        if before in (".", "!", "?") and after not in (",",):
            continue
        if m.para in narrator_paras or any(s <= m.start < e for s, e in own):
            continue
        voc[m.character] += 1
    # a name the narration uses is someone else's, unless the vocatives outnumber it many times over (the
    # narrator speaking of themself once in the third person, "the party at Smith's", is still the narrator)
    ratio = settings()["narrator"]["vocatives_per_narration"]
    for cid, n in in_narration.items():
        if voc.get(cid, 0) < ratio * n:
            voc.pop(cid, None)
    return voc


def _named_target(
    doc: Document, nar: str | None, italics: ItalicSpans | None = None
) -> tuple[Character | None, str | None]:
    """The name the narrator (id ``nar``) gives themself most often (one name, more often than any other: a
    tie of stray matches is no evidence) and the other character of that name, None when the narration speaks
    of that character in the third person ("caused me, Nippers,": someone else)."""
    named, where = _self_named(doc, nar or "", italics)
    top = named.most_common(2)
    if not top or (len(top) > 1 and top[0][1] <= top[1][1]):
        return None, None
    name = top[0][0]
    target = doc.registry.find(name, skip=nar)
    if target is not None and any(_third_person(doc, m, where) for m in doc.mentions if m.character == target.id):
        return None, None
    return target, name


def _third_person(doc: Document, m: Mention, where: list[tuple[int, int]]) -> bool:
    """Whether name mention ``m`` speaks of its character in the third person in the narration. Not so: the
    name in a paragraph that gives it as the narrator's ("I called myself Pip, and came to be called Pip"), or
    as a naming complement anywhere ("my name was Pip", "they called the boy Pip")."""
    if m.kind != "name" or m.in_quote:
        return False
    para = doc.paragraphs[m.para]
    if any(para.start <= s < para.end for s, _e in where):
        return False
    return doc.docs[m.para][m.tok_end - 1].dep_ not in _NAMING_DEPS


def name_self_named(doc: Document) -> None:
    """Before speaker attribution: a first-person narrator who names themself in the narration ("I called
    myself Pip", "My name is Ned Vale"; not in dialogue or italics) IS the character of that name, one candidate
    for attribution (its aliases and gender; never the "he" of a "he said", since the narration calls it "I").
    The character stage's narrator is merged into that character through the registry; with no narrator yet,
    ``doc.narrator_self`` tells the quote stage whom "I said" stands for. The other cases (a name given only in
    the narrator's own dialogue, or by others' vocatives) wait for ``name_narrator``, which needs the speakers."""
    nar = next((c for c in doc.analysis.characters if c.name.lower() == NARRATOR_NAME), None)
    if nar is None and doc.analysis.work.words >= settings()["narrator"]["third_person_words"]:
        return  # a long work the character stage found told in the third person: "My name is" of a letter
    target, name = _named_target(doc, nar.id if nar else None, ItalicSpans(doc.text))
    how = f"narrator names themself: {name}"
    if target is None:
        # the others' vocatives, counted before the speakers are known: the narrator's own untagged lines count
        # too, so the name must lead every other by more than after attribution (``name_narrator``)
        target = _vocative_target(doc, nar.id if nar else "", settings()["narrator"]["vocatives_before_speakers"])
        how = "narrator named: vocatives"
    if target is None:
        return
    if nar is not None:
        doc.registry.merge(nar.id, target.id, how)
    doc.narrator_self = target.id


def _vocative_target(doc: Document, nar: str, lead: float = 1.0) -> Character | None:
    """The character the others' vocatives name, never named in the narration (``_vocatives``), when they call it
    often enough (``min_vocatives``, ``vocatives_per_quote``) and ``lead`` times as often as anyone else."""
    cfg = settings()["narrator"]
    voc = _vocatives(doc, nar)
    ranked = voc.most_common(2)
    short = len(doc.analysis.quotes) < cfg["short_quotes"]
    need = cfg["min_vocatives_short"] if short else cfg["min_vocatives"]
    need = max(need, cfg["vocatives_per_quote"] * len(doc.analysis.quotes))
    if not ranked or ranked[0][1] < need or (len(ranked) > 1 and ranked[0][1] <= lead * ranked[1][1]):
        return None
    return next((c for c in doc.analysis.characters if c.id == ranked[0][0]), None)


def name_narrator(doc: Document) -> None:
    """Give the narrator character its name, merging it with the character of that name (see the module)."""
    chars = doc.analysis.characters
    # the character stage's narrator, or the one the quote stage added for a short text's "I said"
    nar = next((c for c in chars if c.name.lower() in (NARRATOR_NAME, "narrator")), None)
    if nar is None:
        return
    # the quote stage's narrator ("Narrator": "I said" tags) in a long work the character stage found told in
    # the third person is the "I" of letters and remembered speech: neither a "me, Squire," in someone's speech
    # nor the others' vocatives name it (characters.narrator_pov then drops it, or keeps a frame story's teller)
    cfg = settings()["narrator"]
    if nar.name.lower() != NARRATOR_NAME and doc.analysis.work.words >= cfg["third_person_words"]:
        return
    target, name = _named_target(doc, nar.id)
    if name is None:
        target = _vocative_target(doc, nar.id)
    if target is None:
        if name is not None:
            nar.name = name
            nar.aliases = [name, *[a for a in nar.aliases if a != name]]
        return
    doc.registry.merge(nar.id, target.id, "narrator named: " + (name or "vocatives"))
