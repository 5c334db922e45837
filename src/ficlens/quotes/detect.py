"""Quotation detection: where every quotation starts and ends, paragraph by paragraph.

Handles straight and curly double quotes, British single-quote dialogue (told apart from apostrophes, elisions
and plural possessives by the shape around each mark), quotes nested in the other style, guillemets, em-dash
dialogue where a text uses it, dialogue that runs over several paragraphs, and unbalanced marks (a quotation
never runs past its paragraph). Offsets include the quotation marks; the text is never rewritten.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..document import Document, QuoteInfo
from ..lexicons import wordlist
from ..model import Quote
from ..settings import settings
from . import chat

_MARK_RE = re.compile("[\"“”„'‘’«»]")
_DASHES = ("—", "–", "―", "--")
_CLOSE_FOLLOW = set(".,;:!?)]}—–-…/*_~") | set("\"“”'‘’«»")
_OPEN_PRECEDE = set("([{—–-/*_~") | set("\"“”'‘’«»")
_SENT_END = set(".!?…")
_DASH_CHARS = set("—–―-")
# what may follow a closing mark that ends a broken-off line: space, an aside's bracket, another mark
_CLOSERS_AFTER_DASH = set(")]}([,.;:!?") | set("\"“”'‘’")


@dataclass
class _Mark:
    pos: int  # offset in the paragraph
    family: str  # "d" double, "s" single, "g" guillemet
    can_open: bool
    can_close: bool
    weak_close: bool = False  # a plural possessive shape: "the boys' room"
    weak_open: bool = False  # an elision that may open a line: "'Course not.'"


def _elisions() -> frozenset[str]:
    return wordlist("data/lexicons/elisions.txt")


def _classify(
    para: str, i: int, ch: str, elisions: frozenset[str], guillemet_reversed: bool, single_primary: bool = False
) -> _Mark | None:
    prev = para[i - 1] if i > 0 else ""
    nxt = para[i + 1] if i + 1 < len(para) else ""
    space_before = prev == "" or prev.isspace() or prev in _OPEN_PRECEDE
    space_after = nxt == "" or nxt.isspace() or nxt in _CLOSE_FOLLOW
    if ch in "’'" and prev in _DASH_CHARS and (nxt == "" or nxt.isspace() or nxt in _CLOSERS_AFTER_DASH):
        return _Mark(i, "s", False, True)  # a line broken off: "I think --’ (for ...)", "Why would I—' 'Stop.'"
    if ch in "‘'" and nxt in _DASH_CHARS and (prev == "" or prev.isspace() or prev in "([{"):
        return _Mark(i, "s", True, False)  # a line taken up again after an aside: "‘-- yes, that's right.’"
    if ch in "«»":
        opener = "»" if guillemet_reversed else "«"
        return _Mark(i, "g", ch == opener, ch != opener)
    if ch in "“„":
        return _Mark(i, "d", True, False)
    if ch == "”":
        return _Mark(i, "d", False, True)
    if ch == '"':
        can_open = space_before and not (nxt == "" or nxt.isspace())
        can_close = space_after and not (prev == "" or prev.isspace())
        if not can_open and not can_close:  # glued on both sides (word"word) or alone: let parity decide
            can_open = can_close = True
        return _Mark(i, "d", can_open, can_close)
    # single marks: ‘ ’ '
    if prev.isalnum() and nxt.isalnum():
        return None  # an apostrophe inside a word: don't, O'Brien, rock'n'roll
    if space_before and not space_after:
        word = re.match(r"[A-Za-z]+", para[i + 1 : i + 16])
        if nxt.isdigit() or (word is not None and word.group().lower() in elisions and ch != "‘"):
            if single_primary and nxt.isupper() and _line_start(para, i):
                # "'Course not.": a capitalised elision where a line of dialogue starts; it opens a quotation
                # only if a closing mark follows before any other opening one (paragraph_quotes)
                return _Mark(i, "s", True, False, weak_open=True)
            return None  # '90s, 'em, 'cause
        return _Mark(i, "s", True, False)
    if space_after and not space_before:
        if prev in "sSzZ" and nxt == " " and i + 2 < len(para) and para[i + 2].isalpha():
            return _Mark(i, "s", False, True, weak_close=True)
        if prev.isalpha() and nxt == " " and i + 2 < len(para) and para[i + 2].isalpha() and ch != "’":
            return _Mark(i, "s", False, True, weak_close=True)  # goin' home
        return _Mark(i, "s", False, True)
    return None


def _line_start(para: str, i: int) -> bool:
    """Whether offset ``i`` opens the paragraph or a sentence (after ". ", "! ", "? ")."""
    head = para[:i].rstrip()
    return not head or head[-1] in _SENT_END and head != para[:i]


@dataclass
class _Style:
    primary: str  # "d" or "s"
    dash: bool
    guillemet_reversed: bool


def choose_style(paras: list[str]) -> _Style:
    """Which marks a text uses for dialogue: counted over paragraph-initial openers."""
    double = single = dash = g_open = g_rev = 0
    for p in paras:
        s = p.lstrip()
        if not s:
            continue
        c = s[0]
        if c in "\"“„":
            double += 1
        elif c in "‘'’" and len(s) > 1 and s[1].isalpha():
            word = re.match(r"[A-Za-z]+", s[1:16])
            if c == "‘" or word is None or word.group().lower() not in _elisions():
                single += 1
        elif s.startswith(_DASHES):
            dash += 1
        elif c == "«":
            g_open += 1
        elif c == "»":
            g_rev += 1
    primary = "s" if single > double else "d"
    n = len(paras) or 1
    use_dash = dash >= 3 and dash > 2 * max(double, single) and dash >= 0.05 * n
    return _Style(primary, use_dash, g_rev > g_open)


@dataclass
class _Piece:
    start: int
    end: int
    family: str
    continues: bool = False
    open_end: bool = False


def paragraph_quotes(para: str, style: _Style, carry: str | None) -> tuple[list[_Piece], str | None]:
    """Quotations of one paragraph (offsets in it) and the family of a quotation left open at its end.

    ``carry``: the family of a quotation the previous paragraph left open (it may go on here).
    """
    elisions = _elisions()
    marks: list[_Mark] = []
    for m in _MARK_RE.finditer(para):
        mk = _classify(para, m.start(), m.group(), elisions, style.guillemet_reversed, style.primary == "s")
        if mk is not None:
            marks.append(mk)
    out: list[_Piece] = []
    top = {style.primary, "g"}
    cur: _Mark | None = None
    first = True
    for k, mk in enumerate(marks):
        if cur is None:
            if first and mk.family == carry:
                first = False
                if mk.can_close and not mk.can_open:
                    # the quotation left open in the previous paragraph ends here without a new opening mark
                    out.append(_Piece(0, mk.pos + 1, mk.family, continues=True))
                    continue
            if mk.can_open and not (mk.weak_open and not _closed_before_reopened(marks, k + 1, mk.family)):
                cur = mk
            continue
        if mk.family != cur.family:
            continue  # a quote of the other style nested inside this one, or an apostrophe
        if mk.can_close:
            if mk.weak_close and any(
                m2.family == cur.family and m2.can_close and not m2.weak_close
                for m2 in _until_next_open(marks, k + 1, cur.family)
            ):
                continue
            out.append(_Piece(cur.pos, mk.pos + 1, cur.family))
            cur = None
        elif mk.can_open:
            # a new opening mark before a close: the previous quotation was left open; end it before this mark
            end = mk.pos
            while end > cur.pos + 1 and para[end - 1].isspace():
                end -= 1
            out.append(_Piece(cur.pos, end, cur.family, open_end=True))
            cur = mk
    left: str | None = None
    # an unclosed quote of the secondary style is an apostrophe we misread: drop it
    if cur is not None and cur.family in top:
        out.append(_Piece(cur.pos, len(para.rstrip()), cur.family, open_end=True))
        left = cur.family
    # a paragraph that opens with a quotation while the previous one was left open continues it
    lead = len(para) - len(para.lstrip())
    if carry is not None and out and not out[0].continues and out[0].start == lead and out[0].family == carry:
        out[0].continues = True
    if style.dash:
        out = _dash_quotes(para, out)
    return out, left


def _closed_before_reopened(marks: list[_Mark], k: int, family: str) -> bool:
    """Whether the next mark of ``family`` from index ``k`` on can close a quotation (and cannot open one)."""
    nxt = next((m for m in marks[k:] if m.family == family), None)
    return nxt is not None and nxt.can_close and not nxt.can_open


def _until_next_open(marks: list[_Mark], k: int, family: str) -> list[_Mark]:
    out = []
    for m in marks[k:]:
        if m.family != family:
            continue
        if m.can_open and not m.can_close:
            break
        out.append(m)
    return out


# an unmarked tag inside dash dialogue: "— Back to barracks! he said sternly." (punctuation, then a subject of up
# to three words and a verb)
_DASH_TAG = re.compile(r"([,.!?;:…])\s+((?:[A-Z][\w.’']*\s+){1,3}|(?:he|she|I|they|we)\s+)([a-z]+)\b")
# the inverted order: "—You're late, said Mireille.", "—No, said the man." (punctuation, a verb, then a name, a
# pronoun or "the" and a noun)
_DASH_TAG_INVERTED = re.compile(r"([,.!?;:…])\s+()([a-z]+)\s+(?:[A-Z][\w’']*|he|she|the\s+[a-z]+)\b")


_NARRATION_START = re.compile(r"(?:He|She|They|We|His|Her|Their|It|Then|The)\b")


def _dash_quotes(para: str, pieces: list[_Piece]) -> list[_Piece]:
    """Em-dash dialogue: a paragraph opening with a dash is speech up to the next spaced dash, an unmarked tag
    ("— Back to barracks! he said sternly. Go on." ends at "!"; what follows the tag's sentence is speech
    again) or its end."""
    s = para.lstrip()
    lead = len(para) - len(s)
    if not s.startswith(_DASHES) or any(p.start <= lead for p in pieces):
        return pieces
    body_start = lead + (2 if s.startswith("--") else 1)
    m = re.search(r"\s(?:—|–|―|--)\s?", para[body_start:])
    end = body_start + m.start() if m else len(para.rstrip())
    verbs = wordlist("data/lexicons/speech_verbs.txt")
    out: list[_Piece] = []
    found = [*_DASH_TAG.finditer(para, body_start, end), *_DASH_TAG_INVERTED.finditer(para, body_start, end)]
    for t in sorted(found, key=lambda t: t.start()):
        if t.group(3) not in verbs or (t.group(2).strip() in ("I",) and t.group(1) not in ",!?"):
            continue
        out.append(_Piece(lead, t.start(1) + 1, "dash"))
        # the speech resumes after the tag's sentence ("he cried briskly. That will do nicely.")
        stop = re.search(r"[.!?:]\s+(?=\S)", para[t.end() : end])
        if stop is not None:
            rest = t.end() + stop.end()
            tail = para[rest:end].rstrip()
            # narration goes on instead ("He added in a preacher's tone:") when it opens with a third-person
            # subject or leads into the next speech
            if tail and not _NARRATION_START.match(tail) and not tail.endswith(":"):
                out.append(_Piece(rest, end, "dash", continues=True))
        break
    if not out:
        out = [_Piece(lead, end, "dash")]
    return out + [p for p in pieces if p.start >= end]


def _inline(text: str, start: int, end: int, inner: str, pstart: int) -> bool:
    """A short quotation inside a sentence with no punctuation of its own: a scare quote or a title."""
    k = start - 1
    while k >= pstart and text[k] in " \t":
        k -= 1
    if k < pstart:
        return False
    before = text[k]
    if not (before.isalnum() or before in ",;("):
        return False
    stripped = inner.rstrip()
    if not stripped or stripped[-1] in ".,!?…—–-;:":
        return False
    if len(stripped.split()) > settings()["quotes"]["inline_max_words"]:
        return False
    # "she said 'no' and left" is still speech: look at the word before
    word = re.search(r"([A-Za-z]+)\W*$", text[max(pstart, k - 20) : k + 1])
    return not (word and word.group(1).lower() in wordlist("data/lexicons/speech_verbs.txt"))


def detect(doc: Document) -> None:
    """Set ``doc.quote_spans``, ``doc.quote_info`` and ``doc.analysis.quotes`` (unattributed)."""
    text = doc.text
    paras = [text[p.start : p.end] for p in doc.paragraphs]
    style = choose_style(paras)
    labelled = chat.label_lines(text, doc.paragraphs)  # chat logs and scripts: "ginny: ...", "DEAN: ..."
    found: list[tuple[int, int, QuoteInfo]] = []
    carry: str | None = None
    prev_scene = None
    for pi, (p, ptext) in enumerate(zip(doc.paragraphs, paras, strict=True)):
        if prev_scene is not None and p.scene != prev_scene:
            carry = None
        prev_scene = p.scene
        pieces, carry = paragraph_quotes(ptext, style, carry)
        if pi in labelled:
            lines = labelled[pi]
            pieces = [pc for pc in pieces if not chat.overlaps(lines, p.start + pc.start, p.start + pc.end)]
            found.extend(chat.infos(lines, pi))
            carry = None
        for pc in pieces:
            if pc.end <= pc.start:
                continue
            style_name = {"d": "double", "s": "single", "g": "guillemet"}.get(pc.family, pc.family)
            info = QuoteInfo(para=pi, style=style_name, continues=pc.continues, open_end=pc.open_end)
            found.append((p.start + pc.start, p.start + pc.end, info))
    found.extend(_italic_thoughts(doc, [(s, e) for s, e, _ in found]))
    doc.set_quote_spans([(s, e) for s, e, _ in found])
    found.sort(key=lambda f: f[0])
    quotes: list[Quote] = []
    infos: list[QuoteInfo] = []
    for i, (s, e, info) in enumerate(found):
        inner = _inner(text, s, e, info)
        q = Quote(id=f"q{i + 1}", start=s, end=e, text=inner.strip())
        if info.style == "italic":
            q.kind = "thought"
        elif info.label:
            q.kind = chat.kind(info)
        else:
            info.inline = not info.continues and _inline(text, s, e, inner, doc.paragraphs[info.para].start)
            if info.inline:
                q.kind = "other"
        quotes.append(q)
        infos.append(info)
    doc.analysis.quotes = quotes
    doc.quote_info = infos


# An italic run is a thought when it reads like one: a few words at least, not a whole italic passage (a
# letter, a flashback; settings [quotes] thought_min_words, thought_max_words), and a sentence of its own or a
# direct first- or second-person clause.
_THOUGHT_END = tuple(".?!…—-")


def _italic_thoughts(doc: Document, quoted: list[tuple[int, int]]) -> list[tuple[int, int, QuoteInfo]]:
    """Italic runs outside quotation marks that read as direct thought ("*This is bad,* Dean thinks")."""
    text = doc.text
    person = {"i", "me", "my", "we", "us", "our", "you", "your"}
    spans = sorted(quoted)
    starts = [a for a, _ in spans]
    out: list[tuple[int, int, QuoteInfo]] = []
    cfg = settings()["quotes"]
    for a, b in doc.work.italics:
        inner = text[a:b].strip()
        words = inner.split()
        if not (cfg["thought_min_words"] <= len(words) <= cfg["thought_max_words"]):
            continue
        i = bisect.bisect_right(starts, b) - 1
        if i >= 0 and spans[i][1] > a:  # inside (or across) a quotation: emphasis in dialogue
            continue
        lowered = {w.strip(".,!?;:…—-\"'“”‘’").lower() for w in words}
        # a clause ending in a comma is tagged after it ("*This is bad,* he thinks")
        if not (inner.endswith(_THOUGHT_END) or inner.endswith(",") or lowered & person):
            continue
        pi = doc.paragraph_at(a)
        if not (doc.paragraphs[pi].start <= a and b <= doc.paragraphs[pi].end):
            continue
        out.append((a, b, QuoteInfo(para=pi, style="italic")))
    return out


def _inner(text: str, s: int, e: int, info: QuoteInfo) -> str:
    if info.style == "italic" or info.label:
        return text[s:e]
    a = s if info.continues and text[s] not in "\"“„'‘’«»—–―-" else s + 1
    if info.style == "dash" and text.startswith("--", s):
        a = s + 2
    b = e - 1 if (not info.open_end and text[e - 1] in "\"”'’«»") else e
    return text[a:b]
