"""Per-work lookups the conversation features read (``features.conversation_features``): where and how often
each character is named, scene shares, the narration's mentions in text order, narration person by scene."""

from __future__ import annotations

import bisect
import math
from collections import Counter, defaultdict

from ..document import Document
from ..settings import settings
from .antecedents import Narration
from .beat_verbs import BeatVerbs
from .common import _Evidence
from .idiolect import Idiolect
from .speakers import _Speakers


class Context:
    """Per-work lookups the features read: where each character is named, salience, scene shares, narration
    person by scene."""

    def __init__(self, doc: Document, ev: _Evidence, speakers: _Speakers) -> None:
        self.doc = doc
        self.ev = ev
        self.speakers = speakers
        self.named_at: dict[str, list[int]] = defaultdict(list)
        for para in sorted(ev.named):
            for cid in ev.named[para]:
                self.named_at[cid].append(para)
        self.mentions = {c.id: c.mentions for c in doc.analysis.characters}
        self.quoted_names: dict[int, set[str]] = defaultdict(set)
        for m in doc.mentions:
            if m.in_quote and m.kind == "name" and m.character is not None:
                self.quoted_names[m.para].add(m.character)
        scene_counts: dict[int, Counter[str]] = defaultdict(Counter)
        first: Counter[int] = Counter()
        pron: Counter[int] = Counter()
        paras = doc.paragraphs
        for m in doc.mentions:
            if m.in_quote:
                continue
            sc = paras[m.para].scene if m.para < len(paras) else 0
            if m.character is not None:
                scene_counts[sc][m.character] += 1
            if m.kind == "pronoun":
                pron[sc] += 1
                if m.gender_hint == "first":
                    first[sc] += 1
        self.scene_counts = scene_counts
        # narration mentions of characters in text order: (start, character, is the subject)
        narr = sorted((m.start, m.character, m.role == "subj") for m in doc.mentions
                      if not m.in_quote and m.character is not None)
        self.narr_starts = [x[0] for x in narr]
        self.narr = narr
        self.narration = Narration.of([(m.start, m.character, m.para, m.role == "subj") for m in doc.mentions
                                       if not m.in_quote and m.character is not None])
        self.scene_first = {sc: first[sc] / pron[sc] for sc in pron if pron[sc]}
        cfg = settings()["quotes"]
        share, least = cfg["first_person_share"], cfg["first_person_min"]
        total_first = sum(first.values())
        total_pron = sum(pron.values())
        self.first_person = total_pron > 0 and total_first / total_pron >= share and total_first >= least
        # the scenes told in the first person (a third-person novel's letter or memoir chapter)
        self.first_scenes = {sc for sc in pron if first[sc] >= least and first[sc] / pron[sc] >= share}
        # each character's tagged words and forms of address (``idiolect.py``), built by the first conversation
        # that reads them
        self.idiolect: Idiolect | None = None
        # the narration subjects by paragraph and their verbs' class (``beat_verbs.py``), read on first use
        self.beat_verbs: BeatVerbs | None = None

    def narrator_present(self, scene: int) -> bool:
        """Whether the narrator stands among the candidates of every conversation of ``scene``: the narration, of
        the whole work or of this scene, is in the first person, or the work is told in the second person ("you
        tell him"). A third-person story whose letters or inset tales say "I said" leaves it to the tags."""
        return self.first_person or scene in self.first_scenes or self.speakers.second_person()

    def last_named(self, cid: str, para: int) -> int | None:
        ps = self.named_at.get(cid)
        if not ps:
            return None
        i = bisect.bisect_right(ps, para) - 1
        return ps[i] if i >= 0 else None

    def last_of(self, cids: set[str], before: int, subject: bool, reach: int = 40) -> str | None:
        """The character (of ``cids``) of the latest narration mention before offset ``before`` (a subject only,
        when ``subject``), looking back at most ``reach`` mentions."""
        i = bisect.bisect_left(self.narr_starts, before) - 1
        stop = max(-1, i - reach)
        while i > stop:
            _start, cid, subj = self.narr[i]
            if cid in cids and (subj or not subject):
                return cid
            i -= 1
        return None

    def recency(self, cid: str, para: int) -> float:
        last = self.last_named(cid, para)
        return 0.0 if last is None else math.exp(-(para - last) / 3.0)
