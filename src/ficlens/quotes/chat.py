"""Chat logs and script-format dialogue: lines opened by the speaker's name and a colon, without quotation marks.

``[21:04] ginny: who took my charger``, ``**Tony:** who ordered forty pizzas``, ``DEAN: It's making the noise.``
Each such line is a quotation whose speaker is its label. A text uses the convention when it has at least
``chat_min_lines`` (settings ``[quotes]``) labelled lines and at least two labels used twice or more (one "Note:
..." line is never a chat); a label used once counts when a labelled line stands right before or after it. Labels
that name no speaker ("Summary:", "A/N:", "From:") are in ``data/lexicons/label_words.txt``. A stage direction in
parentheses at the start of the line ("SAM: (still typing) Then buy a new one.") is not part of the quotation.

Detection (``label_lines``) marks the lines; attribution (``assign``) gives each line its label's character —
the one the character stage found under that name, else a character of that name added through the quote
stage's seam (``speakers.add_character``). Lines with a timestamp, bold or italic label marks or a lower-case
handle are written messages (kind "written", outside the conversations' turns); bare ``NAME:`` lines are speech.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from ..document import Document, Mention, Paragraph, QuoteInfo
from ..lexicons import wordlist
from ..model import Quote
from ..settings import settings
from .common import _token_at
from .speakers import _Speakers, add_character, name_gender

METHOD = "label"

_LINE = re.compile(
    r"^[ \t]*"
    r"(?P<time>[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?[\])]?[ \t]*[-–]?[ \t]*)?"
    r"(?P<open>\*\*|__|\*|_)?"
    r"(?P<name>[A-Za-z][\w'’.-]{0,24}(?:[ \t][A-Z][\w'’.-]{0,24}){0,2})"
    r"(?P<close>\*\*|__|\*|_)?[ \t]*:(?P<close2>\*\*|__|\*|_)?[ \t]+"
    r"(?P<direction>\([^()\n]{1,80}\)[ \t]*)?"
    r"(?P<msg>\S[^\n]*?)[ \t]*$",
    re.MULTILINE,
)


@dataclass
class LabelLine:
    """One labelled line: the message's offsets in the text, the label and where it stands, whether written."""

    start: int
    end: int
    label: str
    label_start: int
    written: bool


def _label_words() -> frozenset[str]:
    return wordlist("data/lexicons/label_words.txt")


def label_lines(text: str, paragraphs: list[Paragraph]) -> dict[int, list[LabelLine]]:
    """The labelled lines of a text that uses the convention, by paragraph (empty when it does not)."""
    if ":" not in text:
        return {}
    skip = _label_words()
    found: list[tuple[re.Match[str], int]] = []  # (match, line number)
    line_no = last = 0
    for m in _LINE.finditer(text):
        name = m.group("name")
        words = name.lower().rstrip(".").split()
        if words[0] in skip or words[-1] in skip or (name.islower() and words[0] in STOP_WORDS):
            continue
        msg = m.group("msg")
        if msg.startswith("(") and msg.endswith(")"):
            continue  # "SAM: (stands up)": a stage direction, no line
        if m.group("open") and not (m.group("close") or m.group("close2")):
            continue  # "*Tony: ..." is emphasis gone astray, not a label
        line_no += text.count("\n", last, m.start())
        last = m.start()
        found.append((m, line_no))
    if len(found) < settings()["quotes"]["chat_min_lines"]:
        return {}
    # a labelled line opens its paragraph or follows another one: a hard-wrapped line that happens to start
    # "so: ..." mid-sentence does not
    rows = text.split("\n")
    kept: list[tuple[re.Match[str], int]] = []
    at: set[int] = set()
    for m, ln in found:
        if ln == 0 or not rows[ln - 1].strip() or (ln - 1) in at:
            kept.append((m, ln))
            at.add(ln)
    found = kept
    if len(found) < settings()["quotes"]["chat_min_lines"]:
        return {}
    uses = Counter(m.group("name").lower() for m, _ in found)
    if sum(1 for n in uses.values() if n >= 2) < 2:
        return {}
    line_nos = {ln for _m, ln in found}
    out: dict[int, list[LabelLine]] = {}
    starts = [p.start for p in paragraphs]
    pi = 0
    for m, ln in found:
        name = m.group("name")
        if uses[name.lower()] < 2 and not ({ln - 1, ln + 1, ln - 2, ln + 2} & line_nos):
            continue
        while pi + 1 < len(starts) and starts[pi + 1] <= m.start("name"):
            pi += 1
        if not paragraphs or not (paragraphs[pi].start <= m.start("name") < paragraphs[pi].end):
            continue
        written = bool(m.group("time") or m.group("open") or m.group("close") or m.group("close2")) or name.islower()
        out.setdefault(pi, []).append(LabelLine(m.start("msg"), m.end("msg"), name, m.start("name"), written))
    return out


def overlaps(lines: list[LabelLine], start: int, end: int) -> bool:
    """Whether a quotation found by its marks lies on a labelled line (it is part of that line's message)."""
    return any(start < ln.end and ln.start < end for ln in lines)


def infos(lines: list[LabelLine], pi: int) -> list[tuple[int, int, QuoteInfo]]:
    return [
        (ln.start, ln.end, QuoteInfo(para=pi, style="chat" if ln.written else "script", label=ln.label))
        for ln in lines
    ]


def kind(info: QuoteInfo) -> str:
    return "written" if info.style == "chat" else "speech"


def display_name(label: str) -> str:
    """The name a label gives a new character: "DEAN" and "ginny" read as "Dean" and "Ginny"."""
    if label.isupper() or label.islower():
        return " ".join(w[:1].upper() + w[1:].lower() for w in label.split())
    return label


def assign(doc: Document, quotes: list[Quote], qinfos: list[QuoteInfo], speakers: _Speakers) -> None:
    """Each labelled line's speaker: the character called by its label (added when the text names no one so)."""
    if not any(info.label for info in qinfos):
        return  # no chat log or script (most works): nothing to read
    made: dict[str, str] = {}
    named = {m.start for m in doc.mentions if m.kind == "name"}
    for q, info in zip(quotes, qinfos, strict=True):
        if not info.label:
            continue
        key = info.label.lower()
        cid = made.get(key)
        if cid is None:
            cid = speakers.alias.get(key)
            if cid is None:
                c = doc.registry.find(info.label, most_prominent=True)
                cid = c.id if c is not None else None
            if cid is None:
                cid = _known_nickname(doc, key)
            if cid is None:
                name = display_name(info.label)
                gender = name_gender(name)
                cid = add_character(doc, name, gender=gender, first_start=q.start)
                speakers.gender[cid] = gender
            made[key] = cid
        q.speaker, q.method, q.confidence, q.addressees = cid, METHOD, settings()["quotes"]["chat_confidence"], []
        q.kind = kind(info)  # a stage direction's verb ("(still typing)") is no tag of the line
        _label_mention(doc, info, q.start, cid, speakers, named)


def _known_nickname(doc: Document, key: str) -> str | None:
    """The one character whose knowledge-base record (its fandom's) has the label as a name, alias or nickname
    ("Kacchan")."""
    hits = set()
    for cid, cands in doc.kb_candidates.items():
        for kc in cands:
            names = [getattr(kc, "name", ""), *getattr(kc, "aliases", ()), *getattr(kc, "nicknames", ())]
            if key in {str(n).lower() for n in names}:
                live = doc.registry.get(cid)
                if live is not None:
                    hits.add(live.id)
    return next(iter(hits)) if len(hits) == 1 else None


def _label_mention(
    doc: Document, info: QuoteInfo, msg_start: int, cid: str, speakers: _Speakers, named: set[int]
) -> None:
    """The label itself, as a name mention of its character (when the character stage had none there)."""
    para = doc.paragraphs[info.para]
    line_start = doc.text.rfind("\n", para.start, msg_start) + 1 or para.start
    at = doc.text.find(info.label, line_start, msg_start)
    if at < 0 or at in named:
        return
    d = doc.docs[info.para]
    if not len(d):
        return
    t0 = _token_at(d, at - para.start)
    t1 = _token_at(d, at + len(info.label) - 1 - para.start) + 1
    m = Mention(at, at + len(info.label), info.para, t0, t1, "name", info.label)
    doc.registry.attach(m, cid)
    speakers.new_mentions.append(m)
