"""Archive warnings from events on the page, conservative, always with evidence (``tags/data/warnings.toml``).

- **Major Character Death**: a narration sentence with a death cue whose subject (or the object of "killed")
  is a main or supporting character already on the page; not in dialogue, not conditional ("if", "would"), not
  background ("had died", "years ago"), and the character does not come back later in the work.
- **Graphic Depictions Of Violence**: enough *graphic* sentences: a gore cue ("laid open", "blood pooled",
  "to the bone") with an injury, blood, violence or torture cue in it or in the sentence before or after.
- **Rape/Non-Con**: a sentence naming rape or sexual assault, or several consent-violation cues ("told him no",
  "didn't stop", "could not consent") in a work with sexual content.
- **Underage Sex**: a sexual-content sentence within a few sentences of an age under 18 ("they were sixteen",
  "a fifteen-year-old") or a school year ("sophomore").

Nothing found: "No Archive Warnings Apply".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Token

from ..document import Document
from ..lexicons import table
from ..model import Evidence, TagValue, evidence_from
from .text import Sentence

NO_WARNING = "No Archive Warnings Apply"
MCD = "Major Character Death"
GDV = "Graphic Depictions Of Violence"
RNC = "Rape/Non-Con"
UNDERAGE = "Underage Sex"

_AGE_WORDS = "twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eleven|ten"
_AGE = re.compile(
    rf"\b(?:(?:was|were|is|are|am|been|turned|aged|age|at|just)\s+(?:{_AGE_WORDS}|1[0-7])\b(?!\s*(?:minutes|hours|"
    rf"days|weeks|months|miles|feet|times|percent|o'clock|pounds|dollars|and a half))"
    rf"|(?:{_AGE_WORDS}|1[0-7])[- ]years?[- ]old)",
    re.IGNORECASE,
)
_SCHOOL = re.compile(r"\b(?:sophomore|freshman|middle school|junior prom|junior year|year (?:seven|eight|nine|ten|"
                     r"eleven)|(?:seventh|eighth|ninth|tenth|eleventh) grade)\b", re.IGNORECASE)
_HYPOTHETICAL = re.compile(r"\b(?:if|would|could|might|may|going to|gonna|not allowed|don't you dare|afraid|"
                           r"almost|nearly|thought|feared|pretend|as if|as though|supposed)\b", re.IGNORECASE)
_BACKGROUND = re.compile(r"\b(?:had (?:died|been dead|been killed)|years ago|long ago|when (?:he|she|they|i) was|"
                         r"since|before (?:he|she|they) was born|used to)\b", re.IGNORECASE)


@dataclass
class Death:
    character: str
    sentence: Sentence


@dataclass
class WarningFindings:
    """What the warning detectors found; later detectors (rating, additional tags) read it."""

    deaths: list[Death] = field(default_factory=list)  # every on-page death of a named character
    major_deaths: list[Death] = field(default_factory=list)
    graphic: list[Sentence] = field(default_factory=list)
    noncon: list[Sentence] = field(default_factory=list)
    underage: list[Sentence] = field(default_factory=list)
    warnings: list[TagValue] = field(default_factory=list)


def settings() -> dict[str, float]:
    return {k: float(v) for k, v in table("tags/data/warnings.toml")["thresholds"].items()}


def _ev(doc: Document, sents: list[Sentence], limit: int = 3) -> list[Evidence]:
    return [evidence_from(doc.text, s.start, s.end) for s in sents[:limit]]


def _mentions_by_sentence(doc: Document, sents: list[Sentence]) -> dict[int, list[tuple[int, str, str]]]:
    """sentence index -> (token index in its paragraph, character id, grammatical role) of resolved mentions."""
    starts: dict[int, list[Sentence]] = {}
    for s in sents:
        starts.setdefault(s.para, []).append(s)
    out: dict[int, list[tuple[int, str, str]]] = {}
    for m in doc.mentions:
        if m.character is None:
            continue
        for s in starts.get(m.para, []):
            if s.tok_start <= m.tok < s.tok_end:
                for t in range(m.tok, max(m.tok + 1, m.tok_end)):
                    out.setdefault(s.index, []).append((t, m.character, m.role))
                break
    return out


_DIE_VERBS = frozenset({"died", "dies", "perished", "drowned", "passed", "die"})
_KILL_VERBS = frozenset({"killed", "murdered", "slain", "executed"})
_FADE = frozenset({"emptied", "slack", "still", "glassy", "breathing", "gone"})


def _victim(s: Sentence, mentions: list[tuple[int, str, str]], death_context: bool) -> str | None:
    """The character a death sentence says died: the subject of "died"/"was dead"/"stopped breathing"/"was
    gone", the object of "killed" (or its passive subject), the owner of eyes that "emptied" or a hand that
    "went slack" (those only where death is already in the air); None when the death is not a character's."""
    by_tok = {tok: cid for tok, cid, _ in mentions}

    def subject(head: Token) -> str | None:
        for ch in head.children:
            if ch.dep_ in ("nsubj", "nsubjpass"):
                if ch.i in by_tok:
                    return by_tok[ch.i]
                for poss in ch.children:  # "his eyes emptied": the owner
                    if poss.dep_ == "poss" and poss.i in by_tok and death_context:
                        return by_tok[poss.i]
        return None

    for tok in s.span:
        low = tok.lower_
        if low in _DIE_VERBS and tok.pos_ in ("VERB", "AUX"):
            if low == "passed" and not any(ch.lower_ == "away" for ch in tok.children):
                continue
            who = subject(tok)
            if who:
                return who
        elif low == "dead":
            if tok.dep_ == "amod":
                if tok.head.i in by_tok:
                    return by_tok[tok.head.i]
                continue
            who = subject(tok.head) if tok.dep_ in ("acomp", "attr", "oprd", "xcomp") else subject(tok)
            if who:
                return who
        elif low in _KILL_VERBS:
            passive = any(ch.dep_ == "auxpass" for ch in tok.children)
            for ch in tok.children:
                if ch.dep_ in ("dobj", "obj") and ch.i in by_tok:
                    return by_tok[ch.i]
                if passive and ch.dep_ == "nsubjpass" and ch.i in by_tok:
                    return by_tok[ch.i]
        elif low in _FADE and death_context:
            head = tok.head if tok.dep_ in ("acomp", "xcomp", "advmod", "oprd") or low == "breathing" else tok
            who = subject(head)
            if who:
                return who
    return None


def detect(doc: Document, sents: list[Sentence]) -> WarningFindings:
    th = settings()
    found = WarningFindings()
    a = doc.analysis
    chars = {c.id: c for c in a.characters}
    mentions = _mentions_by_sentence(doc, sents)
    # deaths
    for s in sents:
        if not s.cues["death"] or s.quoted:
            continue
        if _HYPOTHETICAL.search(s.text) or _BACKGROUND.search(s.text):
            continue
        context = s.cues["death"] >= 2 or any(
            t.cues["death"] for t in sents[max(0, s.index - 3) : s.index] if t.scene == s.scene
        )
        victim = _victim(s, mentions.get(s.index, []), context)
        if victim is None or victim not in chars:
            continue
        cid = victim
        back = any(
            t.cues["resurrection"] and any(c == cid for _, c, _ in mentions.get(t.index, []))
            for t in sents[s.index + 1 :]
        )
        # one who goes on acting in the narration after dying has not stayed dead (or was never the one who died)
        acting = sum(
            1 for t in sents[s.index + 1 :]
            if not t.quoted and not t.cues["death"] and any(c == cid and r == "subj" for _, c, r in
                                                            mentions.get(t.index, []))
        )
        if back or acting >= th["death_max_acting_after"]:
            continue
        death = Death(cid, s)
        found.deaths.append(death)
        seen_before = sum(1 for si in mentions if si < s.index for _, c, _ in mentions[si] if c == cid)
        if chars[cid].role in ("main", "supporting") and seen_before >= th["death_min_mentions_before"]:
            found.major_deaths.append(death)
    # graphic violence
    def violent(t: Sentence) -> int:
        return t.cues["blood"] + t.cues["violence"] + t.cues["injury"] + t.cues["hurt"] + t.cues["torture"]

    for s in sents:
        if not s.cues["gore"]:
            continue
        near = [t for t in sents[max(0, s.index - 1) : s.index + 2] if t.scene == s.scene and t is not s]
        if s.cues["gore"] >= 2 or violent(s) or any(violent(t) or t.cues["gore"] for t in near):
            found.graphic.append(s)
    # rape / non-con
    sexual = any(s.cues["sex_reference"] or s.cues["sex_explicit"] or s.cues["nudity"] for s in sents)
    explicit = [s for s in sents if s.cues["rape_explicit"]]
    violation = [s for s in sents if s.cues["consent_violation"]]
    if len(explicit) >= th["noncon_min_explicit"] or (sexual and len(violation) >= th["noncon_min_violation"]):
        found.noncon = explicit + [s for s in violation if s not in explicit]
    # underage sex
    window = int(th["underage_window"])
    ages = [s for s in sents if _AGE.search(s.text) or _SCHOOL.search(s.text)]
    for s in sents:
        if not (s.cues["sex_reference"] or s.cues["sex_explicit"]):
            continue
        near = [t for t in ages if abs(t.index - s.index) <= window and t.scene == s.scene]
        if near:
            found.underage.extend(x for x in [*near, s] if x not in found.underage)
    # the warnings, with evidence
    conf = table("tags/data/calibration.toml").get("warnings", {})
    out = []
    if len(found.graphic) >= th["graphic_min_sentences"]:
        out.append(TagValue(GDV, _conf(conf, GDV, len(found.graphic), th["graphic_min_sentences"]),
                            _ev(doc, found.graphic)))
    if found.major_deaths:
        dead = {d.character for d in found.major_deaths}
        out.append(TagValue(MCD, _conf(conf, MCD, len(dead), 1), _ev(doc, [d.sentence for d in found.major_deaths])))
    if found.noncon:
        out.append(TagValue(RNC, _conf(conf, RNC, len(found.noncon), 1), _ev(doc, found.noncon)))
    if found.underage:
        out.append(TagValue(UNDERAGE, _conf(conf, UNDERAGE, len(found.underage), 2), _ev(doc, found.underage)))
    found.warnings = out or [TagValue(NO_WARNING, conf.get(NO_WARNING, 0.6), [])]
    return found


def _conf(calibration: dict[str, float], name: str, amount: float, needed: float) -> float:
    """The dev-set precision of this warning, a little higher with more evidence than the threshold needs."""
    base = float(calibration.get(name, 0.6))
    return round(min(0.97, base + 0.03 * max(0.0, amount - needed)), 2)
