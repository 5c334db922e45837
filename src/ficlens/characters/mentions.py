"""Character mentions: proper names (NER plus capitalised PROPN runs) and personal pronouns."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..document import Document, Mention
from ..lexicons import pronoun_class, wordlist

_NAME_POS = {"PROPN"}


def _is_name_token(tok: Token, not_names: frozenset[str]) -> bool:
    t = tok.text
    return (
        t[:1].isupper()
        and t.isalpha() is not False
        and t.lower().strip(".") not in not_names
        and (tok.pos_ in _NAME_POS or tok.ent_type_ == "PERSON")
    )


def _name_spans(d: Doc, not_names: frozenset[str], titles: frozenset[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for ent in d.ents:
        if ent.label_ == "PERSON":
            s, e = ent.start, ent.end
            while e > s and (d[e - 1].is_punct or d[e - 1].text in ("'s", "’s", "'", "’")):
                e -= 1
            while s < e and d[s].lower_.strip(".") in not_names and d[s].lower_ not in titles:
                s += 1
            if e > s:
                spans.append((s, e))
    covered = {i for s, e in spans for i in range(s, e)}
    i = 0
    n = len(d)
    while i < n:
        tok = d[i]
        if i in covered or not _is_name_token(tok, not_names) or tok.ent_type_ not in ("", "PERSON"):
            i += 1
            continue
        j = i
        while j < n and j not in covered and _is_name_token(d[j], not_names) and d[j].ent_type_ in ("", "PERSON"):
            j += 1
        # A lone capitalised word opening a sentence is usually not a name unless NER says so.
        if not (j - i == 1 and tok.is_sent_start):
            spans.append((i, j))
        i = max(j, i + 1)
    # Attach a preceding title ("Mr.", "Professor") to the name.
    out = []
    for s, e in sorted(spans):
        if s > 0 and d[s - 1].lower_ in titles and d[s - 1].text[:1].isupper():
            s -= 1
        out.append((s, e))
    return out


def find_mentions(doc: Document) -> list[Mention]:
    """Name and pronoun mentions of every paragraph, in text order, unresolved."""
    not_names = wordlist("data/lexicons/not_names.txt")
    titles = wordlist("data/lexicons/titles.txt")
    pclass = pronoun_class()
    out: list[Mention] = []
    for pi, d in enumerate(doc.docs):
        base = doc.paragraphs[pi].start
        events: list[Mention] = []
        for s, e in _name_spans(d, not_names, titles):
            span = d[s:e]
            start, end = base + span.start_char, base + span.end_char
            events.append(Mention(start, end, pi, s, e, "name", span.text, in_quote=doc.in_quote(start)))
        for tok in d:
            cls = pclass.get(tok.lower_)
            if cls is None or tok.pos_ not in ("PRON", "DET"):
                continue
            start = base + tok.idx
            events.append(
                Mention(
                    start, start + len(tok.text), pi, tok.i, tok.i + 1, "pronoun", tok.text,
                    in_quote=doc.in_quote(start), gender_hint=cls,
                )
            )
        events.sort(key=lambda m: m.start)
        out.extend(events)
    return out
