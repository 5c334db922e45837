"""Roles: a person only quoted or cited is `referenced`, never main or supporting."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from ficlens.characters.roles import assign_roles
from ficlens.document import Document, Mention, Paragraph
from ficlens.ingest.base import Work
from ficlens.model import Analysis, Quote, Scene, WorkInfo


def _doc(text: str) -> Document:
    a = Analysis(work=WorkInfo(None, [], "t", "txt", "en", 10))
    a.scenes = [Scene(0, 0, 0, len(text), None)]
    doc = Document(work=Work(text=text, format="txt", source="t"), analysis=a,
                   paragraphs=[Paragraph(0, 0, len(text), 0, 0)])
    words = ["Austen", "wrote", "it", ".", "Ron", "read", "on", "."]
    spaces = [True, True, False, True, True, True, False, False]
    # "Austen" is the subject of "wrote", "Ron" of "read"
    heads = [1, 1, 1, 1, 5, 5, 5, 5]
    deps = ["nsubj", "ROOT", "dobj", "punct", "nsubj", "ROOT", "prt", "punct"]
    doc.docs = [Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=heads, deps=deps)]
    assert doc.docs[0].text == text
    return doc


def test_a_cited_author_is_referenced_and_a_speaker_is_not() -> None:
    text = 'Austen wrote it. Ron read on.'
    doc = _doc(text)
    reg = doc.registry
    austen = reg.add("Jane Austen")
    ron = reg.add("Ron")
    for cid, word in ((austen, "Austen"), (ron, "Ron")):
        i = text.index(word)
        tok = next(t.i for t in doc.docs[0] if t.idx == i)
        m = Mention(i, i + len(word), 0, tok, tok + 1, "name", word, in_quote=word == "Austen")
        reg.attach(m, cid)
        doc.mentions.append(m)
    doc.analysis.quotes = [Quote("q1", 0, 5, "x", speaker=ron)]
    reg.get(ron).quotes = 1  # type: ignore[union-attr]  # the quote stage counts the lines it attributes
    doc.analysis.scenes[0].characters = [austen, ron]
    assign_roles(doc)
    roles = {c.name: c.role for c in doc.analysis.characters}
    assert roles["Jane Austen"] == "referenced"
    assert roles["Ron"] in ("main", "supporting")


def test_an_unnamed_described_character_is_at_most_mentioned() -> None:
    from ficlens.characters.roles import _described

    assert _described("The chatty old woman") and _described("the girl") and not _described("Molly Weasley")


def _named(words: int, names: int, pov: bool = False, tok: int = 4) -> str:
    """Role of "Ron", who speaks five lines and has forty mentions, ``names`` of them by name, in a work of
    ``words`` words (the rest are pronouns resolved to him)."""
    text = 'Austen wrote it. Ron read on.'
    doc = _doc(text)
    doc.analysis.work.words = words
    reg = doc.registry
    ron = reg.add("Ron")
    i = text.index("Ron")
    for _ in range(names):
        m = Mention(i, i + 3, 0, tok, tok + 1, "name", "Ron")
        reg.attach(m, ron)
        doc.mentions.append(m)
    c = reg.get(ron)
    assert c is not None
    c.quotes, c.mentions = 5, 40
    doc.analysis.quotes = [Quote(f"q{k}", 0, 5, "x", speaker=ron) for k in range(5)]
    doc.analysis.scenes[0].characters = [ron]
    if pov:
        doc.analysis.scenes[0].pov = ron
    assign_roles(doc)
    return next(c.role for c in doc.analysis.characters if c.name == "Ron")


def test_a_long_work_must_call_a_main_or_supporting_character_by_name_often_enough() -> None:
    # 60,000 words: three name mentions needed (settings [roles] words_per_name, names_max)
    assert _named(60000, 1) == "mentioned"
    assert _named(60000, 2) == "mentioned"
    assert _named(60000, 3) in ("main", "supporting")
    # a one-shot: one name mention is enough
    assert _named(2000, 1) in ("main", "supporting")
    # a POV character needs one name fewer
    assert _named(60000, 1, pov=True) == "mentioned"
    assert _named(60000, 2, pov=True) == "main"
    assert _named(2000, 0, pov=True) == "main"


def test_a_name_only_ever_where_a_place_goes_is_no_cast_member() -> None:
    text = "They went to Kew. Ron read on."
    a = Analysis(work=WorkInfo(None, [], "t", "txt", "en", 2000))
    a.scenes = [Scene(0, 0, 0, len(text), None)]
    doc = Document(work=Work(text=text, format="txt", source="t"), analysis=a,
                   paragraphs=[Paragraph(0, 0, len(text), 0, 0)])
    words = ["They", "went", "to", "Kew", ".", "Ron", "read", "on", "."]
    spaces = [True, True, True, False, True, True, True, False, False]
    heads = [1, 1, 1, 2, 1, 6, 6, 6, 6]
    deps = ["nsubj", "ROOT", "prep", "pobj", "punct", "nsubj", "ROOT", "prt", "punct"]
    doc.docs = [Doc(spacy.blank("en").vocab, words=words, spaces=spaces, heads=heads, deps=deps)]
    reg = doc.registry
    ids = {w: reg.add(w) for w in ("Kew", "Ron")}
    for w, tok in (("Kew", 3), ("Kew", 3), ("Ron", 5), ("Ron", 5)):
        i = text.index(w)
        m = Mention(i, i + len(w), 0, tok, tok + 1, "name", w)
        reg.attach(m, ids[w])
        doc.mentions.append(m)
    for cid in ids.values():
        c = reg.get(cid)
        assert c is not None
        c.quotes, c.mentions = 5, 40
    doc.analysis.quotes = [Quote(f"q{k}", 0, 5, "x", speaker=cid) for k, cid in enumerate(ids.values())]
    doc.analysis.scenes[0].characters = list(ids.values())
    assign_roles(doc)
    roles = {c.name: c.role for c in doc.analysis.characters}
    assert roles["Kew"] == "mentioned"
    assert roles["Ron"] in ("main", "supporting")


def test_a_long_work_must_name_a_cast_member_as_the_subject_of_a_verb() -> None:
    # token 2 ("it") is an object: named three times, never acting by name (settings [roles] subject_words)
    assert _named(60000, 3, tok=2) == "mentioned"
    assert _named(60000, 3, tok=4) in ("main", "supporting")
    assert _named(2000, 3, tok=2) in ("main", "supporting")
