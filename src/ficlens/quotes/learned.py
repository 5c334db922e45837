"""The learned conversation step: features per conversation, the decoder over the model's scores, speakers
and addressees written back to the quotes. A ``Collector`` in place of the model records the features instead
(for training) and lets the hand-weighted decoder attribute the quotes."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..document import Document, QuoteInfo
from ..model import Quote
from .addressees import addressee_matrix
from .common import CONF, Attribution, _Evidence, _set
from .conversation import _conversations
from .decoder import Decoded
from .features import Context, ConversationFeatures, conversation_features
from .model import SpeakerModel
from .speakers import _Speakers

_KEEP = ("explicit", "descriptive", "continuation")  # a tag of the quote's own stands
_CHUNK_ROWS = 4096


@dataclass(frozen=True)
class OwnTags:
    """Where a quote's own tag and the decoder's pick for its turn disagree.

    A described speaker yields (``yields``): a tag whose subject the quote stage made a new character of a
    description by sex, age or looks ("returned the girl", "said the old man"; ``_Speakers.epithets``) gives way
    when the decoder gives the turn to another candidate whose gender fits. Such a description is an epithet of
    someone in the scene as often as a newcomer (measured with the shipped model on the 14 PDNC training novels:
    where the two disagree, the decoder is right in 45 such quotations, the tag in 28), while a part a person
    plays ("said the waiter") keeps its own tag.

    A pronoun tag stands (``stands``) where the pick contradicts it: "he" or "she" is never the first-person
    narrator, so a paragraph that holds "“No,” I said." and "“This is a good place,” he said." has two speakers.
    """

    gender: dict[str, str]  # described character -> its gender
    genders: dict[str, str]  # every candidate's gender, as the quote stage knows it
    narrator: str | None = None  # the first-person narrator's character, when the narration is in the first person

    def yields(self, q: Quote, pick: str) -> bool:
        g = self.gender.get(q.speaker or "")
        if q.method != "descriptive" or g is None or q.speaker == pick:
            return False
        return g == "unknown" or self.genders.get(pick, "unknown") in (g, "unknown")

    def stands(self, q: Quote, pick: str, pron: str | None) -> bool:
        """Whether a quote's own pronoun tag stands against the turn's pick: "he" or "she" is never the narrator
        who says "I" ("“No,” I said. ... “This is a good place,” he said." in one paragraph: two speakers)."""
        return self.narrator is not None and pick == self.narrator and q.method == "anaphoric" and pron in (
            "male", "female"
        )


@dataclass
class Record:
    """One conversation as the training code needs it: its features and each turn's quote spans."""

    features: ConversationFeatures
    spans: list[list[tuple[int, int]]]


@dataclass
class Collector:
    """Stands in for the model during training: records every conversation's features."""

    records: list[Record] = field(default_factory=list)
    # character id -> lower-cased names and aliases, and -> its mentions (start, end, kind), when recorded
    names: dict[str, set[str]] = field(default_factory=dict)
    mentions: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)


def attribute_conversations(
    doc: Document, quotes: list[Quote], infos: list[QuoteInfo], narr_words: list[int], speakers: _Speakers,
    ev: _Evidence, model: SpeakerModel | Collector, rules: list[Attribution] | None = None,
) -> None:
    ctx = Context(doc, ev, speakers)
    narrator = speakers.narrator
    if ctx.first_person:
        first = next((m.start for m in doc.mentions if m.gender_hint == "first" and not m.in_quote), 0)
        narrator = speakers.narrator_id(first)
    # the conversations go to the scorer in chunks of about ``_CHUNK_ROWS`` (turn, candidate) rows: scoring and
    # decoding many at once saves most of the numpy calls (``SpeakerModel.decode_many``, the same results), and a
    # chunk keeps the arrays of a long novel small
    own_tags = OwnTags(speakers.epithets(), speakers.gender, narrator if ctx.first_person else None)
    chunk: list[ConversationFeatures] = []
    rows = 0
    for conv in _conversations(doc, quotes, infos, narr_words):
        cf = conversation_features(ctx, quotes, conv, narrator, rules)
        if isinstance(model, Collector):
            model.records.append(Record(cf, [[(quotes[q].start, quotes[q].end) for q in t.qids] for t in conv]))
            continue
        if not cf.candidates:
            continue  # nobody in reach: unattributed rather than guessed
        chunk.append(cf)
        rows += len(conv) * len(cf.candidates)
        if rows >= _CHUNK_ROWS:
            _attribute_chunk(quotes, chunk, ev, model, own_tags)
            chunk, rows = [], 0
    if chunk and isinstance(model, SpeakerModel):  # (a Collector never fills a chunk)
        _attribute_chunk(quotes, chunk, ev, model, own_tags)


def _attribute_chunk(
    quotes: list[Quote], chunk: list[ConversationFeatures], ev: _Evidence, model: SpeakerModel,
    own_tags: OwnTags,
) -> None:
    """Decode a chunk of conversations and write each one's speakers, confidences and addressees."""
    decoded = model.decode_many([cf.speaker for cf in chunk], [cf.scale for cf in chunk], [cf.blocked for cf in chunk])
    for cf, dec in zip(chunk, decoded, strict=True):
        _write_conversation(quotes, cf, dec, ev, model, own_tags)


def _write_conversation(
    quotes: list[Quote], cf: ConversationFeatures, dec: Decoded, ev: _Evidence, model: SpeakerModel,
    own_tags: OwnTags,
) -> None:
    """One conversation's decoded speakers (and addressees) written to its quotes."""
    conv = cf.turns
    m = len(cf.candidates)
    seq: list[int | None] = list(dec.best)
    # each turn's confidence: the calibrated posterior of its pick (the whole conversation in one call)
    sure = model.calibrated(dec.posterior[np.arange(len(conv)), dec.best]).tolist()
    for k, t in enumerate(conv):
        if all(qi in ev.stranger for qi in t.qids) and not cf.methods[k]:
            seq[k] = None
            continue  # "a voice said": spoken by someone the text does not name
        c = dec.best[k]
        conf = round(sure[k], 3)
        heard_by = {ev.hearer[qi] for qi in t.qids if qi in ev.hearer}
        if cf.candidates[c] in heard_by:
            # "Martha heard her say": whoever says it, the one who hears it does not (the sieve's rule, kept
            # over the scorer's pick): the likeliest other candidate
            others = [i for i in np.argsort(-dec.posterior[k]).tolist() if cf.candidates[i] not in heard_by]
            if others:
                c = seq[k] = others[0]
                conf = round(float(model.calibrated(dec.posterior[k, c : c + 1])[0]), 3)
        cid = cf.candidates[c]
        method = cf.methods[k].get(cid, "turn-taking")
        for qi in t.qids:
            q = quotes[qi]
            if q.speaker is not None and q.speaker != cid and (
                q.method in _KEEP and not own_tags.yields(q, cid) or own_tags.stands(q, cid, ev.tag_pron.get(qi))
            ):
                if q.speaker in cf.candidates:
                    q.confidence = disputed_confidence(model)
                continue
            _set(q, cid, method if method in CONF else "turn-taking", conf)
        t.speaker = cid
    if m < 2:
        return
    # as Python floats: a few candidates per turn, read one turn at a time
    all_scores: list[list[float]] = model.addressee_scores(addressee_matrix(cf.addressee, seq)).tolist()
    index = {c: i for i, c in enumerate(cf.candidates)}
    for k, t in enumerate(conv):
        spoke = seq[k]
        if spoke is None:
            continue
        scores = all_scores[k]
        scores[spoke] = -math.inf
        for qi in t.qids:
            # a quote whose own tag kept another speaker than the turn's is not spoken to that speaker
            own = list(scores)
            said_by = quotes[qi].speaker
            if said_by is not None and said_by in index:
                own[index[said_by]] = -math.inf
            j = max(range(m), key=own.__getitem__)  # the first of the best, as ``np.argmax``
            if own[j] == -math.inf:
                continue
            quotes[qi].addressees = [cf.candidates[j]]


def disputed_confidence(model: SpeakerModel) -> float:
    """The confidence of a quote whose own tag names someone the decoder did not pick: the tag stands, but two
    readings disagree with no evidence which is right, so a two-way even chance, calibrated. Measured leave one
    novel out on PDNC, such tags are right 45% of the time whatever the decoder's posterior (the tag's own
    posterior, used before, put them at 0.15 and pulled the lowest confidence band 6.4 points under its
    accuracy)."""
    return round(model.calibrate(0.5), 3)


def snapshot(doc: Document, collector: Collector) -> None:
    """Record the characters' names and mentions as they are when the quote stage runs (later stages may
    renumber them)."""
    for c in doc.analysis.characters:
        collector.names[c.id] = {n.strip().lower() for n in [c.name, *c.aliases] if n and n.strip()}
    for mn in doc.mentions:
        if mn.character is not None:
            collector.mentions.setdefault(mn.character, []).append((mn.start, mn.end, mn.kind))
