"""The character registry: the one owner of character identity in an analysis.

Every character of a work lives in ``doc.analysis.characters``; the registry (``doc.registry``) is the only code
that adds a character under a fresh id, folds one character into another and renumbers ids. Stages use it so:

- ``add(name, ...) -> id``: a new character (a speaker or a POV character a stage finds with no character yet).
- ``merge(src, dst, reason) -> id``: propose that ``src`` is the same person as ``dst``. The record of ``dst``
  takes ``src``'s counts, aliases and first appearance at once and ``src`` leaves the live list, so lookups made
  right after see one character; the *references* to ``src`` (mentions, quote speakers and addressees, scene POV,
  presence and ``pov_shifts``, interactions, relationship and character tags, knowledge-base candidates) are
  rewritten by ``reconcile()``. Merges may come in any order and chain (a→b, then b→c); ``resolve(id)`` gives
  the live character an id now stands for.
- ``reassign(src, dst, scenes, reason)``: move ``src``'s references inside some scenes to ``dst`` (a
  first-person narrator who is a named character in those scenes); ``src`` is merged away if nothing is left.
- ``remove(id, reason)``: the character is no person after all; its references are cleared at ``reconcile()``.
- ``attach(mention, id)``: resolve a mention to a character, counting it.
- lookups: ``get(id)``, ``by_name(name)`` (name or alias, case-insensitive, only when one character has it),
  ``find(name)`` (``by_name``, else the one character sharing its first word), ``ids()``, ``live``.
- ``reconcile()``: apply the pending merges to every reference (the pipeline calls it after each stage);
  ``renumber()``: the one final renumbering, ``c1`` the most prominent (mentions, then quotes, then first
  appearance), run once by the ``characters.reconcile`` stage; ``references()`` lists every id the analysis
  holds (tests check each one points at a live character).

``log`` keeps every merge with its reason (``"fandom: same canonical character"``, ``"narrator named"``, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Character

if TYPE_CHECKING:
    from ..document import Document, Mention

__all__ = ["CharacterRegistry", "MergeRecord", "PRONOUNS_OF_GENDER"]

_REMOVED = "\x00removed"
# how the POV stage found a POV the text itself names (docs/pov.md, ``pov_note``)
_NAMED_POV = ("header", "signature", "self-named", "vocative", "same narrator as the work's other first-person scenes")
PRONOUNS_OF_GENDER = {"male": "he/him", "female": "she/her", "nonbinary": "they/them"}


@dataclass(frozen=True)
class MergeRecord:
    src: str
    dst: str
    reason: str


class CharacterRegistry:
    """The characters of one analysis and every reference to them (see the module docstring)."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._parent: dict[str, str] = {}  # merged id -> the id it was merged into (until the renumbering)
        self._pending = False  # merges whose references reconcile() has not rewritten yet
        self.log: list[MergeRecord] = []

    # -- the live characters ---------------------------------------------------------------------------
    @property
    def live(self) -> list[Character]:
        """The live characters, in their current order (most prominent first once ranked)."""
        return self._doc.analysis.characters

    def ids(self) -> list[str]:
        return [c.id for c in self.live]

    def get(self, cid: str | None) -> Character | None:
        """The live character ``cid`` stands for (following merges), or None."""
        rid = self.resolve(cid)
        if rid is None:
            return None
        for c in self.live:
            if c.id == rid:
                return c
        return None

    def resolve(self, cid: str | None) -> str | None:
        """The live id ``cid`` now stands for: itself, or the character it was merged into (None if removed)."""
        seen = 0
        while cid is not None and cid in self._parent and seen < 10_000:
            cid = self._parent[cid]
            seen += 1
        return None if cid == _REMOVED else cid

    def by_name(self, name: str, skip: str | None = None) -> Character | None:
        """The one live character called ``name`` (its name or an alias, case-insensitive)."""
        low = name.lower()
        hits = [c for c in self.live if c.id != skip and low in {a.lower() for a in [c.name, *c.aliases]}]
        return hits[0] if len(hits) == 1 else None

    def find(self, name: str, skip: str | None = None, most_prominent: bool = False) -> Character | None:
        """``by_name``; when no character has the name, the one whose names share its first word.
        ``most_prominent``: when several have the name, the first of them in the live order."""
        low = name.lower()
        exact = [c for c in self.live if c.id != skip and low in {a.lower() for a in [c.name, *c.aliases]}]
        if len(exact) == 1 or (exact and most_prominent):
            return exact[0]
        if exact or not low.split():
            return None
        first = low.split()[0]
        hits = [
            c for c in self.live
            if c.id != skip and first in {w.lower() for a in [c.name, *c.aliases] for w in a.split()}
        ]
        return hits[0] if len(hits) == 1 else None

    # -- writing ---------------------------------------------------------------------------------------
    def _fresh_id(self) -> str:
        used = {c.id for c in self.live} | set(self._parent) | set(self._parent.values())
        nums = [int(u[1:]) for u in used if u[:1] == "c" and u[1:].isdigit()]
        n = max(nums, default=0) + 1
        while f"c{n}" in used:
            n += 1
        return f"c{n}"

    def add(
        self,
        name: str,
        *,
        aliases: Iterable[str] | None = None,
        gender: str = "unknown",
        first_start: int = 0,
        mentions: int = 0,
        role: str = "mentioned",
        kb: list[Any] | None = None,
    ) -> str:
        """Add a character; return its (provisional) id. ``aliases`` defaults to ``[name]``."""
        cid = self._fresh_id()
        self.live.append(
            Character(
                id=cid,
                name=name,
                aliases=list(dict.fromkeys(aliases if aliases is not None else [name])),
                gender=gender,
                pronouns=PRONOUNS_OF_GENDER.get(gender),
                mentions=mentions,
                first_start=first_start,
                role=role,
            )
        )
        if kb:
            self._doc.kb_candidates[cid] = list(kb)
        return cid

    def attach(self, mention: Mention, cid: str) -> None:
        """Resolve ``mention`` to character ``cid`` (counted in its mentions)."""
        c = self.get(cid)
        if c is None:
            return
        mention.character = c.id
        c.mentions += 1

    def merge(self, src: str, dst: str, reason: str) -> str:
        """Fold character ``src`` into ``dst`` (see the module docstring); return the live id of the result.

        Either id may already have been merged; merging a character into itself does nothing.
        """
        s, d = self.get(src), self.get(dst)
        if s is None or d is None or s is d:
            return d.id if d is not None else (s.id if s is not None else dst)
        d.mentions += s.mentions
        d.quotes += s.quotes
        have = {a.lower() for a in [d.name, *d.aliases]}
        own = [s.name, *s.aliases] if s.name and not s.name.startswith(("the narrator", "you (")) else s.aliases
        for a in own:
            if a and a.lower() not in have:
                d.aliases.append(a)
                have.add(a.lower())
        d.first_start = min(d.first_start, s.first_start)
        if d.gender == "unknown" and s.gender != "unknown":
            d.gender, d.pronouns = s.gender, s.pronouns
        if d.fandom is None and s.fandom is not None:
            d.fandom, d.ao3_tag = s.fandom, s.ao3_tag
        kb = self._doc.kb_candidates
        if s.id in kb:
            extra = kb.pop(s.id)
            kb.setdefault(d.id, extra)
        self._parent[s.id] = d.id
        self._pending = True
        self.live.remove(s)
        self.log.append(MergeRecord(s.id, d.id, reason))
        return d.id

    def remove(self, cid: str, reason: str) -> None:
        """Drop character ``cid`` (no person after all: "Merlin" of "Merlin's beard", a narrator of a third-person
        story); every reference to it is cleared at ``reconcile()``."""
        c = self.get(cid)
        if c is None:
            return
        self.live.remove(c)
        self._doc.kb_candidates.pop(c.id, None)
        self._parent[c.id] = _REMOVED
        self._pending = True
        self.log.append(MergeRecord(c.id, "", reason))

    def reassign(self, src: str, dst: str, scenes: set[int], reason: str) -> int:
        """Move ``src``'s mentions, quotes and scene presence inside ``scenes`` to ``dst``; merge ``src`` into
        ``dst`` when nothing else refers to it. Returns the number of mentions moved."""
        self.reconcile()
        s, d = self.get(src), self.get(dst)
        if s is None or d is None or s is d or not scenes:
            return 0
        doc = self._doc
        moved = 0
        for m in doc.mentions:
            if m.character == s.id and doc.paragraphs[m.para].scene in scenes:
                m.character = d.id
                moved += 1
        if not moved:
            return 0
        s.mentions = max(0, s.mentions - moved)
        d.mentions += moved
        for q in doc.analysis.quotes:
            if doc.paragraphs[doc.paragraph_at(q.start)].scene not in scenes:
                continue
            if q.speaker == s.id:
                q.speaker = d.id
            q.addressees = [x for x in dict.fromkeys(d.id if x == s.id else x for x in q.addressees) if x != q.speaker]
        for sc in doc.analysis.scenes:
            if sc.index in scenes:
                if sc.pov == s.id:
                    sc.pov = d.id
                sc.characters = list(dict.fromkeys(d.id if x == s.id else x for x in sc.characters))
        self._recount_quotes()
        if s.id not in set(self.references()):
            d.first_start = min(d.first_start, s.first_start)
            self.merge(s.id, d.id, reason)
            self.reconcile()
        else:
            self.log.append(MergeRecord(s.id, d.id, reason + " (in some scenes)"))
        return moved

    def prune(self) -> None:
        """Remove characters nothing stands behind: no mention, no quotation, no scene's POV (a speaker the quote
        stage described but never attributed, say)."""
        scenes = self._doc.analysis.scenes
        # a POV the text names (a header, a letter's signature) stands even with no mention; a POV picked from
        # focal evidence for a character nothing mentions does not
        povs = {s.pov for s in scenes if s.pov_note in _NAMED_POV}
        for c in list(self.live):
            if c.mentions <= 0 and c.quotes <= 0 and c.id not in povs:
                self.remove(c.id, "nothing refers to it")
        if self._pending:
            for s in scenes:
                if s.pov is not None and self.resolve(s.pov) is None:
                    s.pov_confidence, s.pov_note = 0.0, None

    def rank(self) -> None:
        """Order the live list by prominence (ids unchanged)."""
        self.live.sort(key=_prominence)

    # -- references ------------------------------------------------------------------------------------
    def _rewrite(self, f: Callable[[str], str | None]) -> None:
        """Rewrite every character reference in the analysis through ``f`` (None drops the reference)."""
        doc = self._doc
        a = doc.analysis
        for m in doc.mentions:
            if m.character is not None:
                m.character = f(m.character)
        for q in a.quotes:
            if q.speaker is not None:
                q.speaker = f(q.speaker)
            q.addressees = [
                x for x in dict.fromkeys(y for y in (f(z) for z in q.addressees) if y is not None) if x != q.speaker
            ]
        kb: dict[str, list[Any]] = {}
        for k, v in doc.kb_candidates.items():
            nk = f(k)
            if nk is not None:
                kb.setdefault(nk, v)
        doc.kb_candidates = kb
        for s in a.scenes:
            if s.pov is not None:
                s.pov = f(s.pov)
            s.characters = list(dict.fromkeys(y for y in (f(x) for x in s.characters) if y is not None))
            for shift in s.pov_shifts:
                if isinstance(shift.get("pov"), str):
                    shift["pov"] = f(shift["pov"])
        inters = []
        for i in a.interactions:
            x, y = f(i.a), f(i.b)
            if x is None or y is None or x == y:
                continue
            i.a, i.b = x, y
            inters.append(i)
        a.interactions = inters
        for t in a.tags.characters:
            if t.id is not None:
                t.id = f(t.id)
        for r in a.tags.relationships:
            r.members = [y for y in (f(x) for x in r.members) if y is not None]

    def reconcile(self) -> None:
        """Apply the pending merges to every reference."""
        if not self._pending:
            return
        live = {c.id for c in self.live}

        def f(cid: str) -> str | None:
            r = self.resolve(cid)
            return r if r in live else None

        self._rewrite(f)
        self._pending = False
        self._recount_quotes()
        self.rank()

    def renumber(self) -> None:
        """The one final renumbering: ``c1``..``cN`` by prominence, everywhere (after pruning phantoms)."""
        self.prune()
        self.reconcile()
        ranked = sorted(self.live, key=_prominence)
        new_id = {c.id: f"c{i + 1}" for i, c in enumerate(ranked)}
        for c in ranked:
            c.id = new_id[c.id]
        self._doc.analysis.characters = ranked
        self._rewrite(lambda cid: new_id.get(cid))
        self._parent.clear()

    def references(self) -> Iterator[str]:
        """Every character id the analysis refers to (mentions, quotes, scenes, interactions, tags, KB)."""
        doc = self._doc
        a = doc.analysis
        for m in doc.mentions:
            if m.character is not None:
                yield m.character
        for q in a.quotes:
            if q.speaker is not None:
                yield q.speaker
            yield from q.addressees
        yield from doc.kb_candidates
        for s in a.scenes:
            if s.pov is not None:
                yield s.pov
            yield from s.characters
            for shift in s.pov_shifts:
                if isinstance(shift.get("pov"), str):
                    yield shift["pov"]
        for i in a.interactions:
            yield i.a
            yield i.b
        for t in a.tags.characters:
            if t.id is not None:
                yield t.id
        for r in a.tags.relationships:
            yield from r.members

    def _recount_quotes(self) -> None:
        counts: dict[str, int] = {}
        for q in self._doc.analysis.quotes:
            if q.speaker is not None:
                counts[q.speaker] = counts.get(q.speaker, 0) + 1
        if not counts:
            return
        for c in self.live:
            c.quotes = counts.get(c.id, 0)


def _prominence(c: Character) -> tuple[int, int, int]:
    return (-c.mentions, -c.quotes, c.first_start)
