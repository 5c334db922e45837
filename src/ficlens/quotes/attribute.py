"""Quotation attribution: who speaks each quotation, and to whom. A sieve; each step names itself in ``method``.

1. ``explicit`` / ``anaphoric`` / ``descriptive``: a speech (thought, written) verb in narration in the quote's
   sentence or the adjacent one, with a name, a pronoun (resolved by the character stage, else locally) or a
   description ("his brother says") as its subject; either order, any tense. "says to X" / "tells X" give the
   addressee. A tag bound to the quote by punctuation wins over a nearer one: "“A,” said Tom, “B?” Ann
   laughed." gives B to Tom; a quote ending in a comma takes the verb after it even if the lexicon lacks it
   ("“Aw,” fleered Jack"). Reported speech is no tag ("Tom replied that he had not": Tom is the listener), and
   speech heard through someone ("Mary heard her say") is never the hearer's; an inverted verb right after the
   quote is a tag whatever the parser hangs on it, and "looked at Ben, who said, “…”" is Ben's. A description
   makes a described speaker: "an old man said" someone new, "the old man" the latest one so described, "said
   one of the women" / "said another" / "somebody exclaimed" one more person each. A paragraph ending on a
   tag ("Charlotte said:", "Mrs. Hurst began again.") tags the next paragraph's first quote.
2. ``paragraph``: a quote without a tag of its own goes on the turn of the quote before it in its paragraph
   ("“Yes,” he said. “We should go.”"); a quotation that continues an open one keeps its speaker. A quote whose
   own tag names nobody known is left to the conversation.
3. ``action-beat``: the subject of a narrative sentence in the quote's paragraph ("Dean shrugs."), one before
   the quote preferred (after it, it is as often the listener's reaction): a first guess the decoder revisits.
4. The conversation decoder. A conversation is a run of quote paragraphs (turns), ended by a scene break or a
   long narration. Its participants are the characters its tags, action beats and addressees name (and, weakly,
   those its narration names). Second-order Viterbi over the turns chooses the speaker sequence with the best
   score: + each tag for its speaker (by method: explicit > descriptive > anaphoric), + each action beat for its
   subject, + a change of speaker between turns and more for the one before last speaking again (A B A B),
   + the one the previous turn spoke to (vocative, "said to B") answering; - a name called in the turn's own
   quote, - a pronoun tag's other gender, - the same speaker twice running. Explicit and descriptive tags
   stand; an anaphoric tag whose character nothing else in the conversation supports may be overruled (the
   pronoun read as the other participant of its gender). A turn's ``method`` is its speaker's strongest
   evidence in that turn ("explicit", "anaphoric", "action-beat"; "vocative" when the previous turn spoke to
   them; else "turn-taking") and ``confidence`` comes from the margin between the best and second-best
   speaker's max-marginal score.
5. ``context``: the last character named in the preceding narration who is not the addressee, for quotes the
   decoder had nothing for.

Everything is one pass over the quote paragraphs plus one over the conversation turns: linear in the quotes
(the decoder's states are pairs of participants, at most six of them).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from spacy.attrs import IS_ALPHA

from ..document import Document, QuoteInfo
from ..lexicons import pronoun_class
from ..model import Quote
from ..settings import settings
from .chat import assign as assign_labels
from .common import _SENT_BREAK as _SENT_BREAK  # the sentence-break pattern, checked by tests/test_regex_linear.py
from .common import Attribution, _Evidence, _Lex, _State
from .conversation import _exchange_addressees
from .learned import Collector, attribute_conversations, snapshot
from .model import SpeakerModel
from .phone import assign as assign_calls
from .rules import _decode
from .sieve import _attribute_paragraph, _context, _lead_tag, _orphan_tag
from .speakers import _Speakers
from .speech_tags import _in_quote_flags, _mention_index


def attribute(doc: Document, model: SpeakerModel | Collector | None = None) -> None:
    """Fill speaker, addressees, method, confidence and kind of every quote; each character's quote count.

    model: the learned scorer for the conversation step (``Options.speaker_model``); None: the hand-weighted
    decoder; a ``Collector``: record the conversation features for training.
    """
    quotes = doc.analysis.quotes
    infos = doc.quote_info if len(doc.quote_info) == len(quotes) else [
        QuoteInfo(para=doc.paragraph_at(q.start)) for q in quotes
    ]
    lex = _Lex.load()
    speakers = _Speakers(doc, lex)
    mention_at = _mention_index(doc)
    pclass = pronoun_class()
    by_para: dict[int, list[int]] = {}
    for qi, info in enumerate(infos):
        by_para.setdefault(info.para, []).append(qi)
    state = _State()
    ev = _Evidence()
    for m in doc.mentions:
        if m.character is not None and not m.in_quote:
            ev.named.setdefault(m.para, []).append(m.character)
    mention_ptr = 0
    mentions = doc.mentions
    narr_words = [0] * len(doc.paragraphs)
    para_speaker: dict[int, str] = {}
    para_addressee: dict[int, str] = {}
    for pi, d in enumerate(doc.docs):
        # advance the recent-character window over narration before this paragraph
        while mention_ptr < len(mentions) and mentions[mention_ptr].para < pi:
            m = mentions[mention_ptr]
            if m.character is not None and not m.in_quote:
                state.recent.append((m.para, m.character))
            mention_ptr += 1
        qids = by_para.get(pi)
        if not qids:
            narr_words[pi] = int(np.count_nonzero(d.to_array(IS_ALPHA))) if len(d) else 0
            if narr_words[pi] <= settings()["quotes"]["orphan_words"]:
                _orphan_tag(doc, pi, d, by_para, lex, speakers, mention_at, pclass, state)
            _lead_tag(doc, pi, d, lex, speakers, mention_at, pclass, state)
            continue
        base = doc.paragraphs[pi].start
        spans = [(quotes[q].start, quotes[q].end) for q in qids]
        flags = _in_quote_flags(d, base, spans)
        alpha = d.to_array(IS_ALPHA).tolist() if len(d) else []  # one array read: no Token objects made
        narr_words[pi] = sum(1 for a, quoted in zip(alpha, flags, strict=True) if a and not quoted)
        _attribute_paragraph(doc, pi, d, base, qids, flags, lex, speakers, mention_at, pclass, state, ev)
        for qi in qids:
            q = quotes[qi]
            if q.speaker is not None and q.kind != "other":
                para_speaker.setdefault(pi, q.speaker)
                state.recent.append((pi, q.speaker))
                state.last_turn = (pi, q.speaker)
            if q.addressees and pi not in para_addressee:
                para_addressee[pi] = q.addressees[0]
    # characters met more than once: a name seen once in a quote ("Sugar?") may be a word, not a listener
    narrated = {c.id for c in doc.analysis.characters if c.mentions >= 2}
    if isinstance(model, Collector):
        snapshot(doc, model)
    sieve = _attributions(quotes)
    _decode(doc, quotes, infos, narr_words, speakers, narrated, ev)
    _context(doc, quotes, infos, state, ev.stranger)
    # the other party of a two-person exchange is the addressee where nothing else says so
    _exchange_addressees(doc, quotes, infos, narr_words)
    if model is not None:
        # the learned scorer reads the hand-weighted decoder's answer as evidence, from the sieve's state
        rules = _attributions(quotes)
        _restore(quotes, sieve)
        attribute_conversations(doc, quotes, infos, narr_words, speakers, ev, model, rules)
        if isinstance(model, Collector):
            _restore(quotes, rules)  # training: the rules attribute the quotes
    # a chat log's or a script's lines are their labels' (quotes/chat.py), whatever the decoders read
    assign_labels(doc, quotes, infos, speakers)
    # a phone call heard from one side: all its lines are the holder's (quotes/phone.py)
    assign_calls(doc, quotes, infos)
    speakers.claim_narration()
    if speakers.new_mentions:
        doc.mentions = sorted([*doc.mentions, *speakers.new_mentions], key=lambda m: m.start)
    counts = Counter(q.speaker for q in quotes if q.speaker is not None)
    for c in doc.analysis.characters:
        c.quotes = counts.get(c.id, 0)



def _attributions(quotes: list[Quote]) -> list[Attribution]:
    return [Attribution(q.speaker, q.method, q.confidence, list(q.addressees)) for q in quotes]


def _restore(quotes: list[Quote], saved: list[Attribution]) -> None:
    for q, a in zip(quotes, saved, strict=True):
        q.speaker, q.method, q.confidence, q.addressees = a.speaker, a.method, a.confidence, list(a.addressees)
