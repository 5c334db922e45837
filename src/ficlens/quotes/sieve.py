"""The sieve's paragraph step: tags bound to each quote, continuations, the paragraph's own turn, orphan tag
paragraphs and action beats; and the last resort, the character last named in the narration before a quote."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..document import Document, Mention, QuoteInfo
from ..lexicons import wordlist
from ..model import Quote
from ..settings import settings
from .clause_subject import _cleft, missed_subject
from .common import (
    _NOMINATIVE,
    _SENT_BREAK,
    CONF,
    _Evidence,
    _Lex,
    _set,
    _speech_quote,
    _spoken,
    _State,
    _Tag,
    _token_at,
)
from .speakers import _Speakers
from .speech_tags import (
    _beat_subject,
    _loose_tag,
    _resolve,
    _tag_of,
)
from .tag_syntax import _governing_subject, _reported, _subject
from .vocatives import _vocative, role_names


def _attribute_paragraph(
    doc: Document, pi: int, d: Doc, base: int, qids: list[int], flags: list[bool], lex: _Lex,
    speakers: _Speakers, mention_at: dict[tuple[int, int], Mention], pclass: dict[str, str], state: _State,
    ev: _Evidence,
) -> None:
    quotes = doc.analysis.quotes
    sents = list(d.sents)
    toks = list(d)  # each token made once: a sentence's tokens are read two or three times below
    sent_of = [0] * len(d)
    for si, s in enumerate(sents):
        for t in range(s.start, s.end):
            sent_of[t] = si
    tags: list[_Tag] = []
    beats: list[tuple[int, int, str, float]] = []  # (offset, sentence, character, confidence)
    listeners: dict[int, str] = {}  # sentence -> who answers in reported speech there ("Tom replied that ...")
    for si, s in enumerate(sents):
        stoks = toks[s.start : s.end]
        # "Arthur replied that he had not": the one who reports the speech is its listener, not a beat
        rep = next(
            (t for t in stoks if not flags[t.i] and lex.tag_kind(t.lower_) == "speech" and _reported(t, flags)),
            None,
        )
        beat_found = rep is not None
        if rep is not None and (rsub := _subject(rep, flags)) is not None:
            cid, _m = _resolve(doc, pi, rsub, mention_at, pclass, speakers, state, lex, allow_description=False)
            if cid is not None:
                listeners[si] = cid
        narration = (t for t in stoks if not flags[t.i] and not t.is_punct and not t.is_space)
        lead = None if beat_found else next(narration, None)
        if lead is not None:
            m = mention_at.get((pi, lead.i))
            if m is not None and m.tok == lead.i and (m.kind == "name" or lead.lower_ in _NOMINATIVE):
                head = d[m.tok_end - 1]
                if m.tok_end < len(d) and not flags[m.tok_end] and d[m.tok_end].text not in ("'s", "’s"):
                    cid, conf = _beat_subject(doc, pi, head, mention_at, pclass, speakers, state, lex)
                    if cid is not None:
                        beats.append((base + head.idx, si, cid, conf))
                        beat_found = True
        for tok in stoks:
            if flags[tok.i]:
                continue
            kind = lex.tag_kind_of(tok)
            if kind is not None:
                tag = _tag_of(doc, pi, tok, kind, si, base, flags, lex, speakers, mention_at, pclass, state)
                if tag is not None:
                    tags.append(tag)
                    continue
            if not beat_found and tok.dep_ in ("nsubj", "nsubjpass") and not flags[tok.head.i]:
                cid, conf = _beat_subject(doc, pi, tok, mention_at, pclass, speakers, state, lex)
                if cid is not None:
                    beats.append((base + tok.idx, si, cid, conf))
                    beat_found = True
    lone = None if beats or tags else _lone_narration_before(doc, pi, qids[0])
    if lone is not None:
        # "Captain Ortiz waited until the crew had squeezed in before she spoke." then an untagged speech: the
        # subject of the narration right before the first quote of an exchange counts like an action beat; so
        # does that of a narration paragraph between two turns ("He held out a cup. She took it." then her
        # untagged line), for less: it is as often the listener's reaction
        announcer = _narration_subject(doc, pi - 1)
        if announcer is not None:
            cid, conf = _beat_subject(doc, pi - 1, announcer, mention_at, pclass, speakers, state, lex)
            if cid is not None:
                beats.append((doc.paragraphs[pi - 1].start + announcer.idx, -1, cid, conf - lone))
    # "… and then said:" after the last quote: the tag introduces the next paragraph's quote, not these
    trailing = _trailing_lead(doc, d, base, qids, tags)
    if trailing is not None:
        tags = [t for t in tags if t is not trailing]
    para_tag: _Tag | None = None
    unknown_tag = False
    own_tag: set[int] = set()  # quotes with a tag of their own, resolved or not
    text = doc.text
    for n, qi in enumerate(qids):
        q = quotes[qi]
        if not _speech_quote(q):
            continue
        qs_tok = _token_at(d, q.start - base)
        qe_tok = _token_at(d, q.end - base - 1)
        s_first, s_last = sent_of[qs_tok], sent_of[qe_tok]
        lo = quotes[qids[n - 1]].end if n > 0 else base  # narration between this quote and its neighbours
        hi = quotes[qids[n + 1]].start if n + 1 < len(qids) else base + _text_len(d)
        inner_end = text[q.start : q.end].rstrip("\"”'’«» ")[-1:]
        best: tuple[tuple[int, int], _Tag] | None = None
        # "Tom said, “A,” and Ann said, “B.”": a tag after this quote that introduces the next one is the next
        # one's; this quote keeps the tag that introduces it
        forward: set[int] = set()
        if n + 1 < len(qids) and any(
            lo <= t.verb_off < q.start and s_first - 1 <= t.sent and _binds(text, t, q.start) for t in tags
        ):
            forward = {id(t) for t in tags if q.end <= t.verb_off < hi and _binds(text, t, hi)}
        for tag in tags:
            if not (s_first - 1 <= tag.sent <= s_last + 1):
                continue
            before = tag.verb_off < q.start
            if before:
                dist = q.start - tag.verb_off
                bound = tag.verb_off >= lo and _binds(text, tag, q.start)
                # "“A,” said Tom, “B.”": the tag between the halves of one speech binds the second half
                tier = 0 if bound and (inner_end != "," or forward) else 2
            else:
                dist = tag.verb_off - q.end
                gap = text[q.end : tag.verb_off]
                bound = tag.verb_off < hi and not _SENT_BREAK.search(gap) and id(tag) not in forward
                # "“Quite impossible.” But the suggestion had been uttered": a quote that ends its sentence is not
                # tagged by the next sentence's verb
                bound = bound and not (inner_end == "." and tag.sent > s_last)
                # "“A,” said Tom": bound by the comma; "“A?” Tom asked": bound, unless a tag before binds it
                tier = (0 if inner_end in (",", "—", "-") else 1) if bound else 2
            # a tag after the quote is the usual order: prefer it at equal distance
            key = (tier, dist * 2 + (1 if before else 0))
            if best is None or key < best[0]:
                best = (key, tag)
        if best is None and inner_end in (",", "!", "?"):
            # "“Aw,” fleered Happy Jack": a quote ending in a comma is followed by its tag, whatever the verb;
            # after "!" or "?" only a verb with a name after it ("“Never!” pouted Louisa")
            loose = _loose_tag(doc, pi, d, q.end - base, sent_of[qe_tok], base, flags, lex, speakers, mention_at,
                               pclass, state, inverted=inner_end != ",")
            if loose is not None:
                best = ((0, 0), loose)
        if best is not None:
            tag = best[1]
            own_tag.add(qi)
            if tag.kind != "speech":
                q.kind = tag.kind
            elif tag.remembered:
                q.kind = "remembered"
            if tag.hearer is not None:
                ev.hearer[qi] = tag.hearer
            if tag.character is not None:
                _set(q, tag.character, tag.method)
                para_tag = para_tag or tag
                if tag.pron is not None:
                    ev.tag_pron[qi] = tag.pron
            elif tag.kind == "speech":
                unknown_tag = True
                if tag.stranger:
                    ev.stranger.add(qi)
                if tag.not_speaker is not None:
                    ev.not_speaker[qi] = tag.not_speaker
                if tag.pron in ("male", "female"):
                    ev.tag_pron[qi] = tag.pron  # "said his wife": a woman, whoever she is
            if tag.addressee is not None and tag.addressee != q.speaker:
                q.addressees = [tag.addressee]
    if state.lead is not None and state.lead[0] == pi - 1:
        # the previous paragraph ended in a tag ("Charlotte said:"): it is this paragraph's first quote's
        first = next((qi for qi in qids if _speech_quote(quotes[qi])), None)
        if first is not None and quotes[first].speaker is None and first not in own_tag:
            _set(quotes[first], state.lead[1], state.lead[2])
            own_tag.add(first)
    state.lead = None
    if trailing is not None and trailing.character is not None:
        state.lead = (pi, trailing.character, trailing.method)
    for qi in qids:
        q = quotes[qi]
        s_end = sent_of[_token_at(d, q.end - base - 1)]
        who = listeners.get(s_end) or listeners.get(s_end + 1)
        if who is not None and not q.addressees and q.speaker != who and _speech_quote(q):
            q.addressees = [who]
    # a continued quotation keeps the previous one's speaker
    info0 = doc.quote_info[qids[0]] if len(doc.quote_info) == len(quotes) else None
    if info0 is not None and info0.continues and qids[0] > 0:
        prev = quotes[qids[0] - 1]
        if prev.speaker is not None and quotes[qids[0]].speaker is None:
            _set(quotes[qids[0]], prev.speaker, "continuation")
    # quotes without a tag of their own; one whose tag names nobody we know is left to the conversation
    open_q = [qi for qi in qids if quotes[qi].speaker is None and _speech_quote(quotes[qi]) and qi not in own_tag]
    owner = next((quotes[qi].speaker for qi in qids if quotes[qi].speaker and _speech_quote(quotes[qi])), None)
    if owner is None and open_q and state.orphan is not None and state.orphan[0] == pi - 1:
        for qi in open_q:
            _set(quotes[qi], state.orphan[1], "action-beat", CONF["action-beat"] - 0.05)
        ev.orphan[pi] = state.orphan[1]
        owner = state.orphan[1]
    if owner is None and beats and open_q and not unknown_tag:
        # an action beat: the narrative subject nearest the first quote, one before it preferred ("Tom
        # shrugged. “Maybe.”"); one after it is as often the listener's reaction, so it counts for less
        first_q = quotes[open_q[0]]
        leading = [b for b in beats if b[0] < first_q.start]
        off, _si, cid, conf = (
            max(leading, key=lambda b: b[0]) if leading else min(beats, key=lambda b: abs(b[0] - first_q.start))
        )
        if not leading:
            conf -= 0.1
        del off
        for qi in open_q:
            _set(quotes[qi], cid, "action-beat", conf)
        owner = cid
    if owner is not None:
        # a quote without a tag goes on the turn of the quote before it in the paragraph ("“Yes,” he said.
        # “We should go.”"), or of the one after it when it leads
        for n, qi in enumerate(qids):
            q = quotes[qi]
            if q.speaker is not None or qi not in open_q:
                continue
            near = next((quotes[k].speaker for k in reversed(qids[:n]) if quotes[k].speaker), None)
            near = near or next((quotes[k].speaker for k in qids[n + 1 :] if quotes[k].speaker), None)
            _set(q, near or owner, "paragraph")
    # every action beat is evidence for the conversation decoder: one before the first quote counts most
    first_start = quotes[qids[0]].start
    before, after = settings()["quotes"]["beat_before"], settings()["quotes"]["beat_after"]
    ev.beats[pi] = [(cid, conf * (before if off < first_start else after)) for off, _si, cid, conf in beats]
    if open_q:
        last_start = max(quotes[qi].start for qi in qids if _speech_quote(quotes[qi]))
        ev.between[pi] = [(cid, conf) for off, _si, cid, conf in beats if first_start <= off < last_start]
    # vocatives: addressees from names spoken to inside the quotes
    for qi in qids:
        q = quotes[qi]
        if not _speech_quote(q):
            continue
        if state.role_names is None:
            state.role_names = role_names(doc, lex.role_nouns)
        voc = _vocative(doc, pi, d, base, q, mention_at, state.role_names)
        if voc is None:
            continue
        ev.vocative[qi] = voc
        if voc == q.speaker and q.method == "anaphoric" and ev.tag_pron.get(qi) in ("male", "female"):
            # "“Tom, listen,” he said": whoever "he" is, not the Tom he speaks to; the latest other of that gender
            other = _latest_other(state, speakers, pi, ev.tag_pron[qi], voc)
            if other is not None:
                _set(q, other, "anaphoric")
        if not q.addressees and voc != q.speaker:
            q.addressees = [voc]


def _opens_exchange(doc: Document, pi: int, first: int) -> bool:
    """Whether paragraph ``pi`` (first quote ``first``) opens an exchange: narration right before it and no
    quotation in the two paragraphs before."""
    if pi < 1 or len(doc.quote_info) != len(doc.analysis.quotes):
        return False
    return first == 0 or doc.quote_info[first - 1].para < pi - 2


def _lone_narration_before(doc: Document, pi: int, first: int) -> float | None:
    """How much less than an action beat the subject of the narration paragraph right before paragraph ``pi``
    (first quote ``first``) counts for its untagged quote: when it opens an exchange, or when it is the one
    paragraph of narration between two turns (``[quotes] between_turns_beat``); None otherwise, and always across
    a scene break (the narration before it is another scene's: "…,” said Brenda to herself. / * * * / “I was
    thinking about the pony, sir.”" is the groom's)."""
    if pi < 1 or doc.paragraphs[pi - 1].scene != doc.paragraphs[pi].scene:
        return None
    if _opens_exchange(doc, pi, first):
        return 0.1
    if pi < 2 or first == 0 or len(doc.quote_info) != len(doc.analysis.quotes):
        return None
    penalty = settings()["quotes"]["between_turns_beat"]
    return penalty if penalty < 1 and doc.quote_info[first - 1].para == pi - 2 else None


def _narration_subject(doc: Document, pi: int) -> Token | None:
    """The subject of the main verb of a narration paragraph's last sentence ("Ortiz waited ... before she
    spoke.": Ortiz), or of its last coordinate clause with a subject of its own, the one nearest the quote
    ("Beaver was dressed by then and she had grown to value their gossip.": she)."""
    d = doc.docs[pi]
    if not len(d):
        return None
    last = list(d.sents)[-1]
    root = last.root
    if root.pos_ not in ("VERB", "AUX"):
        return None
    while True:
        nxt = [c for c in root.children if c.dep_ == "conj" and c.i > root.i and c.pos_ in ("VERB", "AUX")
               and any(s.dep_ in ("nsubj", "nsubjpass") for s in c.children)]
        if not nxt:
            break
        root = nxt[-1]
    if root.lower_ in wordlist("data/lexicons/hearing_verbs.txt"):
        return _heard(root)  # "He heard her speak.": she is about to, not he
    return next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _heard(verb: Token) -> Token | None:
    """Who a hearing verb hears: the subject of its clause ("heard her speak"), or the owner of the voice it
    hears ("heard Henrietta's voice", "heard the voice of Tom"); None when neither is there."""
    for c in verb.children:
        if c.dep_ in ("ccomp", "xcomp"):
            return next((s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")), None)
        if c.dep_ == "dobj" and c.lower_ in wordlist("data/lexicons/voice_nouns.txt"):
            return next((p for p in c.children if p.dep_ == "poss"), None) or next(
                (g for p in c.children if p.dep_ == "prep" and p.lower_ == "of" for g in p.children
                 if g.dep_ == "pobj"),
                None,
            )
    return None


def _latest_other(state: _State, speakers: _Speakers, pi: int, gender: str, other: str) -> str | None:
    """The latest character of ``gender`` (or of unknown gender) in the recent narration and turns who is not
    ``other`` nor the narrator, within the look-back."""
    for para, cid in reversed(state.recent[-20:]):
        if pi - para > settings()["quotes"]["lookback"]:
            break
        if cid not in (other, speakers.narrator) and speakers.gender.get(cid, "unknown") in ("unknown", gender):
            return cid
    return None



def _orphan_tag(
    doc: Document, pi: int, d: Doc, by_para: dict[int, list[int]], lex: _Lex, speakers: _Speakers,
    mention_at: dict[tuple[int, int], Mention], pclass: dict[str, str], state: _State,
) -> None:
    """A short narrative paragraph with a speech tag and no quote ("Big Medicine bellowed, close beside him.")
    tags the unattributed quote right before it; failing that, it is an action beat for the quote after it. One
    that ends on a colon, comma or dash ("Poirot damped my ardour by remarking:") introduces the next quote."""
    if _tail(d, 2).endswith(_LEAD_ENDS):
        return
    flags = [False] * len(d)
    base = doc.paragraphs[pi].start
    for tok in d:
        if lex.tag_kind(tok.lower_) != "speech":
            continue
        if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in tok.children):
            continue  # "he said nothing", "she asked him to stay": not a tag for a quote
        if _not_speaking(tok):
            continue
        tag = _tag_of(doc, pi, tok, "speech", 0, base, flags, lex, speakers, mention_at, pclass, state)
        if tag is None or tag.character is None:
            continue
        quotes = doc.analysis.quotes
        prev = by_para.get(pi - 1)
        if prev and all(quotes[q].speaker is None for q in prev if _speech_quote(quotes[q])):
            for q in prev:
                if _speech_quote(quotes[q]):
                    _set(quotes[q], tag.character, tag.method, CONF[tag.method] - 0.1)
            state.recent.append((pi, tag.character))
        return



def _not_speaking(verb: Token) -> bool:
    """A speech verb of a narration paragraph that tells no line: negated ("He didn't answer"), or joined to a
    negated verb ("Kofi sighed and didn't argue"). A progressive ("He was laughing.") stays a tag: on LitBank
    it is more often the speaker's than the listener's (rules 0.730 with it a tag, 0.722 without)."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return any(c.dep_ == "conj" and any(g.dep_ == "neg" for g in c.children) for c in verb.children)


_LEAD_ENDS = (":", ",", "—", "--")
# a tag before a quotation binds it when this ends the narration between them ("“A,” said Tom; “B.”")
_BINDS_NEXT = (",", ":", ";", "—", "-")


def _binds(text: str, tag: _Tag, quote_start: int) -> bool:
    """Whether a tag before a quote introduces it: the narration between them ends in a comma, colon or dash
    and holds no sentence break ("Tom said, “…”")."""
    gap = text[tag.verb_off : quote_start]
    return gap.rstrip()[-1:] in _BINDS_NEXT and not _SENT_BREAK.search(gap)


_GO = {"go", "goes", "went"}


def _text_len(d: Doc) -> int:
    """``len(d.text)`` without building the text (``Doc.text`` joins every token)."""
    return d[-1].idx + len(d[-1].text_with_ws) if len(d) else 0


def _tail(d: Doc, n: int) -> str:
    """The end of ``d.text.rstrip()``, at least ``n`` characters of it when there are, read from the last tokens
    (``Doc.text`` joins every token)."""
    tail = ""
    for i in range(len(d) - 1, -1, -1):
        tail = d[i].text_with_ws + tail
        if len(tail.rstrip()) >= n:
            break
    return tail.rstrip()


def _trailing_lead(doc: Document, d: Doc, base: int, qids: list[int], tags: list[_Tag]) -> _Tag | None:
    """The speech tag after the paragraph's last quote when the paragraph ends on it with a colon, comma or dash
    ("“Yes.” Then he turned to her and said:"): it introduces the next paragraph's quote."""
    quotes = doc.analysis.quotes
    last_end = max(quotes[qi].end for qi in qids)
    tail = doc.text[last_end : base + _text_len(d)].rstrip()
    if not tail.endswith(_LEAD_ENDS):
        return None
    after = [t for t in tags if t.verb_off >= last_end and t.kind == "speech"]
    return after[-1] if after else None


def _lead_tag(
    doc: Document, pi: int, d: Doc, lex: _Lex, speakers: _Speakers, mention_at: dict[tuple[int, int], Mention],
    pclass: dict[str, str], state: _State,
) -> None:
    """A narrative paragraph that ends on a speech verb and a colon, comma or dash ("Charlotte said,", "Helen,
    with her mouth full, cried:") tags the first quote of the next paragraph (``state.lead``)."""
    state.lead = None
    tail = _tail(d, 2)
    # a paragraph that stops on a word ("soon went on"): its closing dash lost in the text's layout; one that
    # ends a sentence whose main verb is the speech ("Mrs. Hurst began again.", "Henry spoke.")
    full_stop = tail.endswith(".")
    if not (tail.endswith(_LEAD_ENDS) or tail[-1:].isalpha() or full_stop) or len(d) == 0:
        return
    flags = [False] * len(d)
    base = doc.paragraphs[pi].start
    last = list(d.sents)[-1]
    for tok in reversed(list(last)):
        if lex.tag_kind(tok.lower_) != "speech":
            continue
        if full_stop and not (
            (tok.dep_ == "ROOT" or tok.dep_ in ("conj", "xcomp") and tok.head.dep_ == "ROOT" or _cleft(tok))
            and (tok.lower_ not in _GO or any(c.dep_ == "prt" and c.lower_ == "on" for c in tok.children))
        ):
            return  # "Beaver rose to go.": only "went on" speaks
        tag = _tag_of(doc, pi, tok, "speech", 0, base, flags, lex, speakers, mention_at, pclass, state)
        if tag is not None and tag.character is not None:
            state.lead = (pi, tag.character, tag.method)
        elif tag is None and not _reported(tok, flags):
            # "took the first opportunity of saying,": the subject of the clause that governs the verb
            subj = _governing_subject(tok, flags, lambda v: missed_subject(v, flags, mention_at, pi))
            if subj is not None:
                cid, method = _resolve(doc, pi, subj, mention_at, pclass, speakers, state, lex, allow_description=False)
                if cid is not None:
                    state.lead = (pi, cid, method)
        return


def _context(
    doc: Document, quotes: list[Quote], infos: list[QuoteInfo], state: _State, stranger: set[int]
) -> None:
    """Last resort: the character last named in narration before the quote (within a few paragraphs)."""
    recent = state.recent
    k = 0
    last: list[tuple[int, str]] = []
    for qi, q in enumerate(quotes):
        pi = infos[qi].para
        while k < len(recent) and recent[k][0] < pi:
            last.append(recent[k])
            k += 1
        if q.speaker is not None or not _spoken(q) or qi in stranger:
            continue
        for para, cid in reversed(last[-8:]):
            if pi - para > settings()["quotes"]["lookback"]:
                break
            if cid in q.addressees:
                continue
            _set(q, cid, "context")
            break


