"""Described characters who are named later: "the girl" who says "Buffy Summers. Hi." is Buffy Summers.

After speaker attribution, a character known only by a description (a speaker the quote stage added as
"The girl", with no name mentions) is merged into the named character it turns out to be — or takes that name
when no character has it yet — on explicit naming evidence only:

* a self-introduction in their own speech: the self-naming patterns of data/lexicons/self_naming.txt
  ("I'm Kara,", "My name's Kara", "Call me Kara"; also a title-name, "I'm the Doctor", when a character of
  that name exists), or a first sentence that is just a name, when it is a full
  name or a greeting follows ("Buffy Summers. Hi.", "Kara. Hello.");
* the other party naming them, in a quotation addressed to them alone: "Your name is Kara?", "You're Kara?";
* an apposition in the narration right after the description: "the girl — Buffy, apparently —",
  "the stranger (Kara)".

A described speaker whose head noun is a plural that names no people ("the strings") is no character and is
dropped.

A name the narration already uses for someone between the described character's first appearance and the
naming belongs to someone else (the one the narration calls so), and is never taken. A character the named
one speaks to is someone else too. Nearness alone never merges.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from ..document import Document, Mention
from ..model import Character
from .lex import lexicon

_NAME = r"(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"
# a title-name: "I'm the Doctor" names the speaker only after a character the story calls "the Doctor"
_TITLE_NAME = r"(?P<name>the [A-Z][\w'’-]+)"
_NARRATORS = {"the narrator", "narrator"}
_GREETING = re.compile(r"(?:[Hh]i|[Hh]ello|[Hh]ey|[Hh]owdy|[Nn]ice to meet|[Pp]leased to meet|[Gg]ood to meet)\b")
# the first sentence of a quotation, just a name: "Buffy Summers. Hi."
_BARE = re.compile(r"^[\"“‘']?\s*" + _NAME + r"[.!]\s*(?P<rest>.*)", re.S)
# the other party naming the one they speak to
_ADDRESS = (
    re.compile(r"\b[Yy]our name(?: is|'s|’s) " + _NAME + r"(?=[,.!?—…]|\s*[\"”])"),
    re.compile(r"\b[Yy]ou(?:'re|’re| are) " + _NAME + r"(?=\?)"),
)
# narration: "the girl — Buffy, apparently —", "the stranger (Kara)", "the girl, Buffy, ..."
_APPOSITION = re.compile(
    r"^\s*(?P<open>—|–|--|\(|,)\s*" + _NAME + r"(?:,\s*[a-z]+(?: [a-z]+)?)?\s*(?P<close>—|–|--|\)|,)"
)


@lru_cache(maxsize=1)
def _self_naming() -> tuple[re.Pattern[str], ...]:
    from importlib import resources

    raw = resources.files("ficlens").joinpath("data/lexicons/self_naming.txt").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return tuple(re.compile(p.replace("NAME", name)) for name in (_NAME, _TITLE_NAME) for p in lines)


def introduce_described(doc: Document) -> None:
    """Merge (or name) described characters that the story names explicitly; see the module."""
    chars = doc.analysis.characters
    named = {m.character for m in doc.mentions if m.kind == "name" and m.character is not None}
    described = {
        m.character for m in doc.mentions
        if m.kind == "description" and m.character is not None and m.character not in named
    }
    described = {
        c.id for c in chars if c.id in described and c.name.lower() not in _NARRATORS
    }
    described -= _drop_non_persons(doc, described)
    if not described:
        return
    names_at = {m.start: m for m in doc.mentions if m.kind == "name" and m.character is not None}
    evidence: dict[str, list[tuple[int, str]]] = {cid: [] for cid in described}
    for q in doc.analysis.quotes:
        span = doc.text[q.start : q.end]
        if q.speaker in described:
            for pat in _self_naming():
                for mm in pat.finditer(span):
                    evidence[q.speaker].append((q.start + mm.start("name"), mm.group("name")))
            bm = _BARE.match(span)
            if (
                bm is not None and q.start + bm.start("name") in names_at and re.search(r"\w", bm.group("rest"))
                and (" " in bm.group("name") or _GREETING.match(bm.group("rest")))
            ):
                evidence[q.speaker].append((q.start + bm.start("name"), bm.group("name")))
        if len(q.addressees) == 1 and q.addressees[0] in described and q.speaker != q.addressees[0]:
            for pat in _ADDRESS:
                for mm in pat.finditer(span):
                    evidence[q.addressees[0]].append((q.start + mm.start("name"), mm.group("name")))
    for m in doc.mentions:
        if m.kind == "description" and m.character in described and not m.in_quote:
            am = _APPOSITION.match(doc.text, m.end, min(len(doc.text), m.end + 80))
            if am is None or (am.group("open") == ",") != (am.group("close") == ","):
                continue
            if am.group("open") == "," and not _appositive(doc, m, am.start("name")):
                continue
            evidence[m.character].append((am.start("name"), am.group("name")))
    by_id = {c.id: c for c in chars}
    for cid in sorted(described, key=lambda c: by_id[c].first_start):
        src = by_id.get(cid)
        if src is None or not evidence[cid]:
            continue
        _introduce(doc, src, evidence[cid], names_at)


def _drop_non_persons(doc: Document, described: set[str]) -> set[str]:
    """Described characters whose head noun is a plural that names no people ("the strings" taken for a speaker
    in "like a puppet with the strings cut"): they are no characters. Returns the ids dropped."""
    people = lexicon().people_plurals
    plural: dict[str, bool] = {}
    for m in doc.mentions:
        if m.kind != "description" or m.character not in described or m.para >= len(doc.docs):
            continue
        head = doc.docs[m.para][m.tok_end - 1]
        is_plural = head.tag_ in ("NNS", "NNPS") and head.lower_ not in people
        plural[m.character] = plural.get(m.character, True) and is_plural
    dropped = {cid for cid, p in plural.items() if p}
    for cid in sorted(dropped):
        doc.registry.remove(cid, "no person: a plural thing taken for a speaker")
    return dropped


def _appositive(doc: Document, m: Mention, at: int) -> bool:
    """Whether the name at offset ``at`` is spaCy's apposition to the description ``m`` ("the girl, Buffy,")."""
    d = doc.docs[m.para]
    base = doc.paragraphs[m.para].start
    tok = next((t for t in d if base + t.idx == at), None)
    return tok is not None and tok.dep_ == "appos" and tok.head.i == m.tok_end - 1


def _introduce(doc: Document, src: Character, found: list[tuple[int, str]], names_at: dict[int, Mention]) -> None:
    chars = doc.analysis.characters
    not_names = lexicon().not_names
    start = min(
        [src.first_start]
        + [m.start for m in doc.mentions if m.character == src.id]
        + [q.start for q in doc.analysis.quotes if q.speaker == src.id]
    )
    votes: Counter[str] = Counter()
    target_of: dict[str, Character | None] = {}
    for at, name in found:
        title_name = name.startswith("the ")
        if not title_name and any(w.lower() in not_names for w in name.split()):
            continue
        mention = names_at.get(at)
        target = next((c for c in chars if mention is not None and c.id == mention.character), None)
        if target is None:
            target = doc.registry.by_name(name, skip=src.id) if title_name else doc.registry.find(name, skip=src.id)
        if title_name and (target is None or target.id == src.id):
            continue  # "I'm the boss" names no one the story knows
        if target is not None and not _plausible(doc, src, target, start, at):
            continue
        key = target.id if target is not None else name
        votes[key] += 1
        target_of[key] = target
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return
    key = ranked[0][0]
    dst = target_of[key]
    description = src.name[:1].lower() + src.name[1:]
    if dst is None:
        src.name = key
        src.aliases = [key, description]
        return
    _merge(doc, src, dst, description)


def _plausible(doc: Document, src: Character, dst: Character, start: int, at: int) -> bool:
    """Not someone else: the narration does not call anyone ``dst`` between the described character's first
    appearance and the naming, and ``dst`` does not speak to the described character before the naming (after
    it, the two halves of one person split in two make the conversation read them as talking to each other:
    "Oh, I like him," from the Doctor, to "the man in the suit" who had said "I'm the Doctor")."""
    if any(
        start <= m.start < at and m.character == dst.id and m.kind == "name" and not m.in_quote
        for m in doc.mentions
    ):
        return False
    return not any(q.speaker == dst.id and src.id in q.addressees and q.start < at for q in doc.analysis.quotes)


def _merge(doc: Document, src: Character, dst: Character, description: str) -> None:
    """Fold ``src`` into ``dst`` through the registry; its description becomes an alias of ``dst``."""
    if description.lower() not in {x.lower() for x in [dst.name, *dst.aliases]}:
        dst.aliases.append(description)
    doc.registry.merge(src.id, dst.id, f"introduced: {description!r} is {dst.name}")
    doc.registry.reconcile()
