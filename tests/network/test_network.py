"""The character network on hand-built documents (spacy.blank, no model)."""

from __future__ import annotations

import pytest
import spacy

from ficlens.document import Document, Mention, Paragraph
from ficlens.ingest.base import Work
from ficlens.model import Analysis, Character, Quote, Scene, WorkInfo
from ficlens.network import cues, effective_addressees, run

NLP = spacy.blank("en")
NLP.add_pipe("sentencizer")
NAMES = {"Ana": "c1", "Ben": "c2", "Cal": "c3"}


def _doc(paras: list[str], scenes: list[list[str]] | None = None, quotes: list[tuple[str, str, str | None]] = ()):
    """paras: paragraph texts; scenes: characters present per scene (one scene for all paragraphs by default);
    quotes: (quoted text incl. marks, speaker, addressee) found in the paragraphs."""
    text = "\n\n".join(paras)
    work = Work(text=text, format="txt", source="<t>")
    chars = [Character(id=cid, name=n) for n, cid in NAMES.items()]
    sc = scenes or [sorted(NAMES.values())]
    analysis = Analysis(work=WorkInfo(None, [], "<t>", "txt", "en", 0), characters=chars)
    pos = 0
    paragraphs = []
    for i, p in enumerate(paras):
        paragraphs.append(Paragraph(i, pos, pos + len(p), 0, min(i, len(sc) - 1) if scenes else 0))
        pos += len(p) + 2
    analysis.scenes = [
        Scene(index=k, chapter=0, start=0, end=len(text), break_marker=None, characters=list(cs))
        for k, cs in enumerate(sc)
    ]
    doc = Document(work=work, analysis=analysis, paragraphs=paragraphs)
    for p in paragraphs:
        doc.docs.append(NLP(text[p.start : p.end]))
    spans, qs = [], []
    for k, (qt, speaker, addressee) in enumerate(quotes):
        s = text.index(qt)
        spans.append((s, s + len(qt)))
        qs.append(Quote(id=f"q{k}", start=s, end=s + len(qt), text=qt.strip('"'), speaker=speaker,
                        addressees=[addressee] if addressee else []))
    doc.set_quote_spans(spans)
    analysis.quotes = qs
    for pi, d in enumerate(doc.docs):
        for tok in d:
            if tok.text in NAMES:
                start = paragraphs[pi].start + tok.idx
                doc.mentions.append(Mention(start, start + len(tok.text), pi, tok.i, tok.i + 1, "name", tok.text,
                                            character=NAMES[tok.text], in_quote=doc.in_quote(start)))
    return doc


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Ana kissed Ben slowly.", "romantic"),
        ("Ana punched Ben in the jaw.", "hostile"),
        ("Ana hugged her brother Ben.", "family"),
        ("Ana was Ben's best friend.", "friendship"),
        ("Ana sat next to Ben.", "unknown"),
        ("Ana did not kiss Ben.", "unknown"),
    ],
)
def test_network_kind_from_cues_in_shared_sentence(sentence: str, kind: str) -> None:
    doc = _doc([sentence])
    run(doc)
    inter = {(i.a, i.b): i for i in doc.analysis.interactions}
    assert inter[("c1", "c2")].kind == kind
    if kind != "unknown":
        assert inter[("c1", "c2")].evidence[0].text == sentence


def test_network_cue_needs_both_characters_in_sentence() -> None:
    doc = _doc(["Ana kissed the letter. Ben watched the door."])
    run(doc)
    inter = {(i.a, i.b): i for i in doc.analysis.interactions}
    assert inter[("c1", "c2")].kind == "unknown"


def test_network_quote_cue_between_speaker_and_addressee() -> None:
    doc = _doc(['"I love you," said Ana.'], quotes=[('"I love you,"', "c1", "c2")])
    run(doc)
    inter = {(i.a, i.b): i for i in doc.analysis.interactions}
    assert inter[("c1", "c2")].dialogue == 1
    assert inter[("c1", "c2")].kind == "romantic"


def test_network_reply_addresses_previous_speaker() -> None:
    doc = _doc(['"Hello there," Ana said.', '"Hi," Ben said.'],
               quotes=[('"Hello there,"', "c1", None), ('"Hi,"', "c2", None)])
    ads = effective_addressees(doc)
    assert ads == {"q0": [], "q1": ["c1"]}
    run(doc)
    inter = {(i.a, i.b): i for i in doc.analysis.interactions}
    assert inter[("c1", "c2")].dialogue == 1


def test_network_cooccurrence_counts_paragraphs_while_present() -> None:
    paras = ["Ana and Ben ate.", "Ana and Ben slept.", "Ana thought of Cal."]
    doc = _doc(paras, scenes=[["c1", "c2"]])
    run(doc)
    inter = {(i.a, i.b): i for i in doc.analysis.interactions}
    assert inter[("c1", "c2")].cooccurrence == 2
    assert inter[("c1", "c2")].scenes == 1
    assert ("c1", "c3") not in inter  # Cal is not present: a remembered mention makes no tie


def test_network_cue_lexicon_loads_all_kinds() -> None:
    kinds = {k for entries in cues().words.values() for k, _ in entries}
    assert kinds == {"romantic", "sexual", "family", "friendship", "hostile"}


@pytest.mark.integration
@pytest.mark.parametrize(
    ("story", "a", "b", "kind"),
    [("harbour", "Iris", "Delphine", "romantic"), ("rivals", "Corin", "Valen", "hostile"),
     ("the_quarry", "Kieran", "Theo", "family"), ("two_keys", "Ada", "Miles", "friendship")],
)
def test_network_kind_on_gold_passages(story: str, a: str, b: str, kind: str) -> None:
    from ficlens.eval.pov import character_named, default_root

    result = _analyzer().analyze_path(default_root() / f"{story}.txt")
    x, y = character_named(result, a), character_named(result, b)
    assert x and y
    got = next(i for i in result.interactions if {i.a, i.b} == {x, y})
    assert got.kind == kind, got.kind_scores
    assert got.evidence


_ANALYZER = []


def _analyzer():  # type: ignore[no-untyped-def]
    from ficlens.pipeline import Analyzer

    if not _ANALYZER:
        _ANALYZER.append(Analyzer())
    return _ANALYZER[0]


@pytest.mark.integration
def test_network_cue_shared_by_three_counts_less_per_pair(analyzer):
    text = (
        "Marcus and Julia sit by the fire. Marcus kisses Julia.\n\n"
        "Marcus, Julia and Oren talk about love for an hour.\n\n"
        "“Tea?” Oren asks Julia. She nods.\n"
    )
    a = analyzer.analyze_text(text)
    ids = {c.name.split()[0]: c.id for c in a.characters}
    scores = {frozenset((i.a, i.b)): i.kind_scores for i in a.interactions}
    two = scores[frozenset((ids["Marcus"], ids["Julia"]))].get("romantic", 0.0)
    three = scores[frozenset((ids["Julia"], ids["Oren"]))].get("romantic", 0.0)
    assert two > three > 0


@pytest.mark.integration
def test_network_cue_about_a_thing_is_not_about_the_pair(analyzer):
    text = (
        "Marcus looks at Julia. “I love this town,” Marcus tells Julia.\n\n"
        "Julia shrugs. “I love the coffee,” she tells Marcus.\n\n"
        "Marcus grins at Julia. “You love the rain,” he tells her.\n"
    )
    a = analyzer.analyze_text(text)
    assert all(i.kind_scores.get("romantic", 0.0) == 0.0 for i in a.interactions)
    assert all(r.kind != "romantic" for r in a.tags.relationships)


@pytest.mark.integration
def test_network_possessed_family_word_relates_only_its_possessor_and_referent(analyzer):
    text = (
        "Nina asks Tom about his brother. Tom tells Nina about his brother.\n\n"
        "Nina listens to Tom. Nina knows Tom misses his brother.\n\n"
        "“Call him,” Nina tells Tom.\n"
    )
    a = analyzer.analyze_text(text)
    ids = {c.name.split()[0]: c.id for c in a.characters}
    scores = {frozenset((i.a, i.b)): i for i in a.interactions}
    pair = scores[frozenset((ids["Nina"], ids["Tom"]))]
    assert pair.kind_scores.get("family", 0.0) == 0.0
    assert pair.kind != "family"
