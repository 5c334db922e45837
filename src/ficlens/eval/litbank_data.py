"""LitBank (Bamman et al., CC BY 4.0) read into plain text with gold mentions and quotations as offsets.

LitBank's files are tokenised, one sentence a line, with no paragraph breaks. We rebuild readable text
(detokenised) and lay it out in paragraphs the way novels are typeset: a paragraph is one speaker's turn, with
the narration around it. From the shape of the sentences alone (never the gold annotations):

* a sentence opening with a quotation mark after one ending with a closing mark starts a paragraph (a reply:
  "quote after quote" is a change of speaker in printed dialogue);
* so does one after narration ("He turned away. ¶ “Bye.”" is the usual print for a narration paragraph followed by
  dialogue), except after a sentence that opened with a quotation and ended in its tag ("“Yes,” he said. “We
  should go.”" is one turn);
* narration never starts a paragraph of its own after a quotation: "“Hello.” He turned away." is one paragraph
  (the speaker's action beat);
* two quotations with nothing but a space between them ("“Well --” “No!”") are two turns: a break goes between.

In a text that writes dialogue with dashes (more sentences open with "—" or "--" than with a quotation mark,
as Joyce does), a sentence opening with a dash starts a paragraph: each speech is printed as its own line.

Straight single quotes are lone "'" tokens: one closes an open quotation, opens one at a sentence's start or
after punctuation, and is otherwise an apostrophe ("o ' the" -> "o' the"); an opening mark the sentence
splitter left at the end of a sentence glues to the next.

That rebuilt layout is what plain text without paragraph breaks gets; for LitBank itself the loader uses the
real one by default: the paragraph starts of the original Project Gutenberg texts (``litbank_layout.py``, a
table of (sentence, token) positions derived from LitBank's ``original/`` folder), for each text the table has
(99 of the 100; ``layout="rebuilt"`` gives the heuristic's everywhere).

Measured on LitBank's own speakers as a proxy for paragraph breaks (a break between two consecutive quotations
agrees with a change of speaker), this agrees for 0.75 of the pairs (1,679 pairs, re-measured with the single
quotes and dash lines) against 0.71 for a paragraph at every quote-opening sentence. A gold (sentence,
token) coordinate maps to character offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "”", "’", "'s", "n't", "'ll", "'re", "'ve",
                    "'m", "'d", "’s", "n’t", "’ll", "’re", "’ve", "’m", "’d", "%", "..."}
_NO_SPACE_AFTER = {"(", "[", "{", "“", "‘", "$"}
_OPENERS = {"“", "‘", '"', "'"}
_DASH_OPENERS = {"—", "--"}
_CLOSERS = {"”", "’", '"', "'"}
# a straight single quote token opens a quotation at a sentence's start or after punctuation
_BEFORE_SQ_OPEN = {",", ":", ";", "--", ".", "!", "?", "(", "'", '"', "“", "”"}


@dataclass
class GoldMention:
    start: int
    end: int
    entity: str
    category: str
    kind: str  # PROP | NOM | PRON
    text: str


@dataclass
class GoldQuote:
    start: int
    end: int
    speaker: str | None
    text: str


@dataclass
class LitBankDoc:
    name: str
    text: str
    # tokens[s][t] = (start, end) character offsets of token t of sentence s
    tokens: list[list[tuple[int, int]]] = field(default_factory=list)
    mentions: list[GoldMention] = field(default_factory=list)
    quotes: list[GoldQuote] = field(default_factory=list)

    def span(self, s1: int, t1: int, s2: int, t2: int) -> tuple[int, int]:
        """Offsets of tokens (s1, t1) .. (s2, t2), both inclusive."""
        return self.tokens[s1][t1][0], self.tokens[s2][t2][1]


def _detokenise(
    lines: list[list[str]], breaks: set[tuple[int, int]] | None = None
) -> tuple[str, list[list[tuple[int, int]]]]:
    """Readable text and each token's offsets. ``breaks``: the (sentence, token) positions that start a
    paragraph (the real layout); None lays the paragraphs out by the heuristic above."""
    parts: list[str] = []
    pos = 0
    offsets: list[list[tuple[int, int]]] = []
    dq_open = False  # inside a straight double quote, to decide its spacing
    dash = sum(1 for ws in lines if ws and ws[0] in _DASH_OPENERS) > sum(1 for ws in lines if ws and ws[0] in _OPENERS)
    sq_open = False  # inside a straight single quote ("' Mr. Heathcliff ? '" in LitBank's tokens)
    last_opened = False  # the sentence before ended with an opening quotation mark
    prev_sent: list[str] = []
    for si, words in enumerate(lines):
        if si > 0 and words:
            # an opening mark the sentence splitter left at the end of the sentence before glues to this one
            if breaks is not None:
                brk = (si, 0) in breaks  # the real layout
            else:
                brk = bool(prev_sent) and _new_paragraph(prev_sent, words, dash)
            sep = "\n\n" if brk else ("" if last_opened else " ")
            parts.append(sep)
            pos += len(sep)
        sent: list[tuple[int, int]] = []
        prev = None
        prev_sq_opened = False
        closed = False  # the previous token closed a quotation
        for wi, w in enumerate(words):
            # a lone straight single quote: closes an open one, opens after punctuation or before a capital
            # ("the ladies said ' Poor child! '"), else an apostrophe ("goin ' home", "the boys ' room")
            sq = w == "'"
            nxt = words[wi + 1] if wi + 1 < len(words) else ""
            sq_opens = sq and not sq_open and (
                prev is None or prev in _BEFORE_SQ_OPEN or closed
                or (nxt[:1].isupper() and nxt != "I" and not prev.endswith(("s", "in")))
            )
            sq_closes = sq and sq_open
            if prev is not None:
                opens = w in ("“", "‘") or (w == '"' and not dq_open) or sq_opens
                if (closed and opens) if breaks is None else (si, wi) in breaks:
                    parts.append("\n\n")  # two quotations side by side: two turns (or the real layout's break)
                    pos += 2
                else:
                    glue = (
                        w in _NO_SPACE_BEFORE
                        or prev in _NO_SPACE_AFTER
                        or (w == '"' and dq_open)
                        or (prev == '"' and dq_open)
                        or (sq and not sq_opens)
                        or prev_sq_opened
                    )
                    if not glue:
                        parts.append(" ")
                        pos += 1
            closed = w in ("”", "’") or (w == '"' and dq_open) or sq_closes
            if w == '"':
                dq_open = not dq_open
            if sq_opens or sq_closes:
                sq_open = sq_opens
            prev_sq_opened = sq_opens
            parts.append(w)
            sent.append((pos, pos + len(w)))
            pos += len(w)
            prev = w
        offsets.append(sent)
        if words:
            prev_sent = words
            last = words[-1]
            last_opened = last in ("“", "‘") or prev_sq_opened or (last == '"' and dq_open)
    return "".join(parts), offsets


def _new_paragraph(prev: list[str], words: list[str], dash: bool = False) -> bool:
    """Whether sentence ``words`` starts a paragraph after ``prev``: only a quotation starts one, after a
    quotation or after narration, not after its own tag sentence. ``dash``: the text writes dialogue with
    dashes (more sentences open with one than with a quotation mark), and a dash opens a speech."""
    if dash and words and words[0] in _DASH_OPENERS:
        return True  # dash dialogue: each speech its own paragraph
    if not words or words[0] not in _OPENERS:
        return False
    if prev[-1] in _CLOSERS:
        return True
    return prev[0] not in _OPENERS


def _read_tokens(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    if text.endswith("\n"):
        text = text[:-1]
    return [line.split(" ") if line else [] for line in text.split("\n")]


LAYOUTS = ("real", "rebuilt")


def load_doc(root: Path, name: str, layout: str = "real") -> LitBankDoc:
    """One LitBank document by its file stem (e.g. ``1342_pride_and_prejudice_brat``), laid out in its original
    paragraphs (``layout="real"``, when the packaged table has the text) or in the heuristic's
    (``"rebuilt"``)."""
    coref = root / "coref" / "tsv"
    quotes = root / "quotations" / "tsv"
    txt = coref / f"{name}.txt"
    if not txt.is_file():
        txt = quotes / f"{name}.txt"
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    lines = _read_tokens(txt)
    breaks = _real_layout().get(name) if layout == "real" else None
    text, offsets = _detokenise(lines, breaks)
    doc = LitBankDoc(name=name, text=text, tokens=offsets)
    ann = coref / f"{name}.ann"
    if ann.is_file():
        entity_of: dict[str, str] = {}
        raw: dict[str, tuple[int, int, str, str, str]] = {}
        for line in ann.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if cols[0] == "MENTION" and len(cols) >= 9:
                s, e = doc.span(int(cols[2]), int(cols[3]), int(cols[4]), int(cols[5]))
                raw[cols[1]] = (s, e, cols[7], cols[8], cols[6])
            elif cols[0] == "COREF" and len(cols) >= 3:
                entity_of[cols[1]] = cols[2]
        for mid, (s, e, cat, kind, _t) in raw.items():
            doc.mentions.append(GoldMention(s, e, entity_of.get(mid, mid), cat, kind, text[s:e]))
        doc.mentions.sort(key=lambda m: (m.start, m.end))
    qann = quotes / f"{name}.ann"
    if qann.is_file():
        spans: dict[str, tuple[int, int]] = {}
        speakers: dict[str, str] = {}
        for line in qann.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if cols[0] == "QUOTE" and len(cols) >= 6:
                spans[cols[1]] = doc.span(int(cols[2]), int(cols[3]), int(cols[4]), int(cols[5]))
            elif cols[0] == "ATTRIB" and len(cols) >= 3:
                speakers[cols[1]] = cols[2]
        for qid, (s, e) in spans.items():
            doc.quotes.append(GoldQuote(s, e, speakers.get(qid), text[s:e]))
        doc.quotes.sort(key=lambda q: q.start)
    return doc


def names(root: Path) -> list[str]:
    folder = root / "coref" / "tsv"
    if not folder.is_dir():
        folder = root / "quotations" / "tsv"
    return sorted(p.stem for p in folder.glob("*.txt"))


def load_litbank(root: Path, limit: int | None = None, layout: str = "real") -> list[LitBankDoc]:
    """Every LitBank document under ``root`` (sorted by name), or the first ``limit``; ``layout`` as in
    ``load_doc``."""
    todo = names(root)
    if limit is not None:
        todo = todo[:limit]
    return [load_doc(root, n, layout) for n in todo]


@cache
def _real_layout() -> dict[str, set[tuple[int, int]]]:
    from .litbank_layout import load_layout

    return load_layout()
