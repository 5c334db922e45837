"""A phone call heard from one side: every line of it is the one holding the phone.

"Hermione's mobile rang. She took it over to the window." ... "'Hi, Mum.'" ... "She listened." ... "'Fine. I'll tell
him.'" ... "She hung up." Turn-taking would hand every other line to whoever else is in the room; the caller is
never heard. A call runs from a paragraph whose narration speaks of a phone or a call ("phone", "rang", "missed
calls") to the first paragraph within ``phone_max_paragraphs`` (settings ``[quotes]``) that ends it ("hung up", "put
the phone down"; ``data/lexicons/phone_calls.toml``), in one scene. It is one-sided when its narration says the
holder listens ("She listened", "A pause.", "Whatever he said made her laugh"), it has two quote paragraphs or more,
and no tag or action beat of its lines names anyone but the holder (a heard caller, "Nina asked", makes it an
ordinary conversation); the listening must come after the call's first line. The holder is the subject of the
sentence that speaks of the phone ("She tucked the phone ..."), else the nearest subject of that paragraph, else the
first character it names. Its lines get the holder (method ``phone-call``)."""

from __future__ import annotations

import bisect
import re
from functools import cache

from ..document import Document, Mention, QuoteInfo
from ..lexicons import table
from ..model import Quote
from ..settings import settings

METHOD = "phone-call"
# the sieve's own evidence for a line: a tag or beat naming someone else rules a one-sided call out
_OWN_EVIDENCE = {"explicit", "anaphoric", "descriptive", "action-beat", "continuation"}


@cache
def _lexicon() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    lex = table("data/lexicons/phone_calls.toml")

    def words(key: str) -> re.Pattern[str]:
        return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in lex[key]) + r")\b", re.IGNORECASE)

    return words("start"), words("end"), words("listening")


@cache
def _end_phrases() -> tuple[str, ...]:
    return tuple(table("data/lexicons/phone_calls.toml")["end"])


def _find_all(lower: str, phrase: str) -> list[int]:
    out = []
    i = lower.find(phrase)
    while i >= 0:
        out.append(i)
        i = lower.find(phrase, i + 1)
    return out


def _narration(doc: Document, pi: int, quotes: list[Quote], by_para: dict[int, list[int]]) -> str:
    """The paragraph's text with its quotations blanked out."""
    p = doc.paragraphs[pi]
    chars = list(doc.text[p.start : p.end])
    for qi in by_para.get(pi, []):
        q = quotes[qi]
        for k in range(max(q.start, p.start) - p.start, min(q.end, p.end) - p.start):
            chars[k] = " "
    return "".join(chars)


def _holder(doc: Document, pi: int, at: int, starts: list[int]) -> str | None:
    """Who holds the phone: the subject of the sentence that speaks of it (offset ``at``), else the last subject
    before it in the paragraph, else the first after it, else the first character the paragraph names."""
    p = doc.paragraphs[pi]
    lo = bisect.bisect_left(starts, p.start)
    hi = bisect.bisect_left(starts, p.end)
    ms: list[Mention] = [m for m in doc.mentions[lo:hi] if m.character is not None and not m.in_quote]
    text = doc.text
    s0 = max(text.rfind(c, p.start, at) for c in ".!?") + 1 or p.start
    ends = [e for e in (text.find(c, at, p.end) for c in ".!?") if e >= 0]
    s1 = min(ends) if ends else p.end
    subj = [m for m in ms if m.role == "subj"]
    pick = next((m for m in subj if s0 <= m.start < s1), None)
    if pick is None:
        before = [m for m in subj if m.start < at]
        after = [m for m in subj if m.start >= at]
        pick = before[-1] if before else (after[0] if after else (ms[0] if ms else None))
    return None if pick is None else doc.registry.resolve(pick.character)


def one_sided_calls(doc: Document, quotes: list[Quote], infos: list[QuoteInfo]) -> list[tuple[str, list[int]]]:
    """(holder, the quotations of the call) for every phone call heard from one side."""
    start_re, end_re, listen_re = _lexicon()
    cfg = settings()["quotes"]
    max_paras, min_turns = cfg["phone_max_paragraphs"], cfg["phone_min_turns"]
    text = doc.text
    n = len(doc.paragraphs)
    # a call's end first (plain string search: most texts have none), then a phone word in the paragraphs
    # before it; each candidate is read closely below
    lower = text.lower()
    end_paras = sorted({
        doc.paragraph_at(i) for phrase in _end_phrases() for i in _find_all(lower, phrase)
    }) if n else []
    candidates = sorted({
        pi
        for pe in end_paras
        for pi in range(max(0, pe - max_paras + 1), pe)
        if start_re.search(text, doc.paragraphs[pi].start, doc.paragraphs[pi].end)
    })
    if not candidates:
        return []
    by_para: dict[int, list[int]] = {}
    for qi, info in enumerate(infos):
        if quotes[qi].kind == "speech":
            by_para.setdefault(info.para, []).append(qi)
    starts = [m.start for m in doc.mentions]
    out: list[tuple[str, list[int]]] = []
    done = -1
    for pi in candidates:
        if pi <= done:
            continue  # inside a call already read
        narr = _narration(doc, pi, quotes, by_para)
        m = start_re.search(narr)
        if m is None:
            continue
        at = doc.paragraphs[pi].start + m.start()
        scene = doc.paragraphs[pi].scene
        qids = [qi for qi in by_para.get(pi, []) if quotes[qi].start > at]
        listening = False  # said between the call's lines, not before the first
        end = None
        for pj in range(pi + 1, min(n, pi + max_paras)):
            if doc.paragraphs[pj].scene != scene:
                break
            narr_j = _narration(doc, pj, quotes, by_para)
            stop = end_re.search(narr_j)
            cut = doc.paragraphs[pj].start + (stop.start() if stop else len(narr_j))
            if qids:
                listening = listening or bool(listen_re.search(narr_j, 0, stop.start() if stop else len(narr_j)))
            qids += [qi for qi in by_para.get(pj, []) if quotes[qi].start < cut]
            if stop is not None:
                end = pj
                break
        if end is None:
            continue
        holder = _holder(doc, pi, at, starts)
        turns = {infos[qi].para for qi in qids}
        others = any(
            quotes[qi].method in _OWN_EVIDENCE and quotes[qi].speaker not in (None, holder) for qi in qids
        )
        if holder is not None and listening and len(turns) >= min_turns and not others:
            out.append((holder, qids))
        done = end
    return out


def assign(doc: Document, quotes: list[Quote], infos: list[QuoteInfo]) -> None:
    """Give every line of a one-sided phone call to the one holding the phone."""
    confidence = settings()["quotes"]["phone_confidence"]
    for holder, qids in one_sided_calls(doc, quotes, infos):
        for qi in qids:
            q = quotes[qi]
            if q.speaker != holder:
                q.speaker, q.method, q.confidence, q.addressees = holder, METHOD, confidence, []
