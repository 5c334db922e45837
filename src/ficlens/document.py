"""The working state one analysis passes between stages: the text, its paragraphs and their parses, and the
intermediate annotations (mentions, quote spans) that later stages read. The final results go into the
``Analysis`` model; this holds what the stages share on the way there."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from .ingest.base import Work
from .model import Analysis

if TYPE_CHECKING:
    from .characters.registry import CharacterRegistry


@dataclass
class Paragraph:
    """A paragraph of story text: ``text[start:end]``, in chapter ``chapter`` and scene ``scene``."""

    index: int
    start: int
    end: int
    chapter: int
    scene: int


@dataclass
class Mention:
    """A mention of a character: a name ("Dean"), a pronoun ("he") or a description ("the angel").

    start/end: character offsets in the work's text; para/tok/tok_end: paragraph index and token range in that
    paragraph's Doc; character: the character id once resolved, else None.
    """

    start: int
    end: int
    para: int
    tok: int
    tok_end: int
    kind: str  # "name" | "pronoun" | "description"
    text: str
    character: str | None = None
    in_quote: bool = False
    gender_hint: str | None = None  # "male" / "female" / "plural" for pronouns and gendered nouns
    # Added by the character stage: the name's clustering key ("dean winchester"; a description's words),
    # the global index of its sentence, and its grammatical role ("subj", "obj", "poss" or "").
    key: str = ""
    sent: int = -1
    role: str = ""


@dataclass
class QuoteInfo:
    """Detection facts about one quotation (parallel to ``analysis.quotes``), for attribution.

    para: its paragraph; style: "double", "single", "guillemet", "dash" or "italic" (a thought set in italics,
    no quotation marks); continues: it carries on a quotation
    left open at the end of the previous paragraph (same speaker); open_end: it is left open at its paragraph's
    end; inline: it sits inside a sentence (after a word), the shape of a scare quote or title; label: the name
    that opens its line in a chat log or a script ("ginny: ...", "DEAN: ..."; style "chat" or "script",
    ``quotes/chat.py``), else "".
    """

    para: int
    style: str = "double"
    continues: bool = False
    open_end: bool = False
    inline: bool = False
    label: str = ""


@dataclass
class Document:
    work: Work
    analysis: Analysis
    paragraphs: list[Paragraph] = field(default_factory=list)
    # one parse per paragraph: a list, or for a long work a PackedDocs (parses.py) that rebuilds them on access
    docs: Sequence[Doc] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # character id -> knowledge-base characters its names could be (set by the character stage; the fandom
    # stage links each character to one of them when the story supports that fandom)
    kb_candidates: dict[str, list[Any]] = field(default_factory=dict)
    # (start, end) of every quotation, sorted, set by the quote detection stage
    quote_spans: list[tuple[int, int]] = field(default_factory=list)
    _quote_starts: list[int] = field(default_factory=list, repr=False)
    # one QuoteInfo per quotation of ``analysis.quotes``, set by the quote detection stage
    quote_info: list[QuoteInfo] = field(default_factory=list)
    # the character a first-person narrator names themself as in the narration ("My name is Ned Vale"), set
    # before attribution (characters.self_named): the quote stage's narrator when it must make one
    narrator_self: str | None = None
    # the one owner of character identity: adds, merges and renumbers characters (characters/registry.py)
    registry: CharacterRegistry = field(init=False, repr=False)

    def __post_init__(self) -> None:
        from .characters.registry import CharacterRegistry

        self.registry = CharacterRegistry(self)

    def set_quote_spans(self, spans: list[tuple[int, int]]) -> None:
        self.quote_spans = sorted(spans)
        self._quote_starts = [s for s, _ in self.quote_spans]

    def in_quote(self, offset: int) -> bool:
        """Whether ``offset`` lies inside a quotation (quotation marks included)."""
        i = bisect.bisect_right(self._quote_starts, offset) - 1
        return i >= 0 and offset < self.quote_spans[i][1]

    @property
    def text(self) -> str:
        return self.work.text

    def char_span(self, para: int, token: Token | Span) -> tuple[int, int]:
        """Offsets in the work's text of a token or span of paragraph ``para``."""
        base = self.paragraphs[para].start
        if isinstance(token, Token):
            return base + token.idx, base + token.idx + len(token.text)
        return base + token.start_char, base + token.end_char

    def paragraph_at(self, offset: int) -> int:
        """Index of the paragraph containing ``offset`` (or the last one starting before it)."""
        lo, hi = 0, len(self.paragraphs) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.paragraphs[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo
