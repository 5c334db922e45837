"""Tiny documents for the tag detectors: spacy.blank with a sentencizer, or hand-built parses."""

from __future__ import annotations

from typing import Any

import spacy
from spacy.tokens import Doc

from ficlens.document import Document, Mention, Paragraph
from ficlens.ingest.base import Work
from ficlens.model import Analysis, WorkInfo

NLP = spacy.blank("en")
NLP.add_pipe("sentencizer")
FILLER = "They walked to the shop and bought bread and milk for the week."


def make(paragraphs: list[str], docs: list[Doc] | None = None, **analysis_fields: Any) -> Document:
    text = "\n\n".join(paragraphs)
    paras, pos = [], 0
    for i, p in enumerate(paragraphs):
        paras.append(Paragraph(i, pos, pos + len(p), 0, 0))
        pos += len(p) + 2
    words = len(text.split())
    analysis = Analysis(work=WorkInfo(None, [], "t", "txt", "en", words), **analysis_fields)
    doc = Document(work=Work(text=text, format="txt", source="t"), analysis=analysis, paragraphs=paras)
    doc.docs = docs if docs is not None else [NLP(p) for p in paragraphs]
    return doc


def parsed(words: list[str], heads: list[int], deps: list[str], pos: list[str]) -> Doc:
    """A hand-built parse of one sentence (heads are absolute token indices)."""
    spaces = [i + 1 < len(words) and words[i + 1] not in ".,!?" for i in range(len(words))]
    return Doc(NLP.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos,
               sent_starts=[True] + [False] * (len(words) - 1))


def mention(doc: Document, para: int, tok: int, cid: str, role: str = "subj", tok_end: int | None = None,
            kind: str = "name") -> Mention:
    t = doc.docs[para][tok]
    start = doc.paragraphs[para].start + t.idx
    m = Mention(start, start + len(t.text), para, tok, tok_end or tok + 1, kind, t.text, cid, role=role)
    doc.mentions.append(m)
    return m
