"""The names a first-person narrator gives themself (no model): a title is no name; a name the narration gives
makes the narrator that character before attribution (characters.self_named)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from ficlens.characters.narrator import _self_named, name_self_named
from ficlens.document import Document, Mention, Paragraph
from ficlens.ingest.base import Work
from ficlens.model import Analysis, WorkInfo
from ficlens.pipeline import STAGES
from ficlens.quotes.common import _Lex
from ficlens.quotes.speakers import _Speakers
from ficlens_testutil import tagged_parse

_VOCAB = spacy.blank("en").vocab


@pytest.mark.parametrize(
    ("words", "want"),
    [
        (["Call", "me", "Ann", "."], {"Ann": 1}),
        (["Call", "me", "Mrs.", "Cole", "."], {}),  # "Mrs" before its period: a title, not a name
    ],
)
def test_narrator_self_naming_skips_a_title(words: list[str], want: dict[str, int]) -> None:
    n = len(words)
    doc, _d = tagged_parse(words, [0] * n, ["ROOT"] + ["dep"] * (n - 1), ["VERB"] + ["X"] * (n - 1))
    named, _where = _self_named(doc, "c1")
    assert dict(named) == want


def _doc(words: list[str]) -> Document:
    n = len(words)
    doc, _d = tagged_parse(words, [0] * n, ["ROOT"] + ["dep"] * (n - 1), ["VERB"] + ["X"] * (n - 1))
    return doc


def test_called_myself_is_self_naming() -> None:
    named, _where = _self_named(_doc(["I", "called", "myself", "Pip", "."]), "c1")
    assert dict(named) == {"Pip": 1}


def test_self_named_narrator_is_merged_before_attribution() -> None:
    doc = _doc(["My", "name", "is", "Ned", "Vale", "."])
    nar = doc.registry.add("the narrator", aliases=["I"])
    ned = doc.registry.add("Ned Vale", gender="male")
    name_self_named(doc)
    assert doc.registry.resolve(nar) == doc.registry.resolve(ned) == doc.narrator_self
    assert [c.name for c in doc.analysis.characters] == ["Ned Vale"]
    assert doc.analysis.characters[0].gender == "male"


def test_with_no_narrator_yet_the_named_character_is_recorded() -> None:
    doc = _doc(["My", "name", "is", "Ned", "Vale", "."])
    ned = doc.registry.add("Ned Vale", gender="male")
    name_self_named(doc)
    assert doc.narrator_self == ned
    # the quote stage takes that character as the narrator of "I said" instead of making a "Narrator"
    assert _Speakers(doc, _Lex.load()).narrator_id(0) == ned
    assert [c.name for c in doc.analysis.characters] == ["Ned Vale"]


def test_a_self_naming_inside_a_quotation_waits_for_the_speakers() -> None:
    doc = _doc(['"', "My", "name", "is", "Ned", "Vale", ".", '"'])
    doc.set_quote_spans([(0, len(doc.text))])
    nar = doc.registry.add("the narrator", aliases=["I"])
    ned = doc.registry.add("Ned Vale", gender="male")
    name_self_named(doc)
    assert doc.narrator_self is None
    assert doc.registry.resolve(nar) != doc.registry.resolve(ned)


def _two_paragraphs(first: list[str], second: list[str]) -> Document:
    """Two paragraphs of hand-built parses (every word a dependent of the first, the last a direct object)."""
    docs = [
        Doc(_VOCAB, words=ws, heads=[0] * len(ws), deps=["ROOT"] + ["dep"] * (len(ws) - 2) + ["dobj"])
        for ws in (first, second)
    ]
    text = docs[0].text + "\n\n" + docs[1].text
    at = len(docs[0].text) + 2
    doc = Document(
        work=Work(text=text, format="txt", source="t"), analysis=Analysis(work=WorkInfo(None, [], "t", "txt", "en", 0)),
        paragraphs=[Paragraph(0, 0, at - 2, 0, 0), Paragraph(1, at, len(text), 0, 0)],
    )
    doc.docs = docs
    return doc


@pytest.mark.parametrize(("first", "third_person"), [(["I", "met", "Ned"], True), (["I", "was", "Ned"], False)])
def test_a_name_the_narration_uses_in_the_third_person_is_someone_else(first: list[str], third_person: bool) -> None:
    doc = _two_paragraphs(first, ["Call", "me", "Ned", "."])
    if not third_person:
        doc.docs[0][2].dep_ = "attr"  # "I was Ned": a naming complement, no reference to someone else
    nar = doc.registry.add("the narrator", aliases=["I"])
    ned = doc.registry.add("Ned", gender="male")
    m = Mention(len(first[0]) + len(first[1]) + 2, len(doc.docs[0].text), 0, 2, 3, "name", "Ned")
    doc.registry.attach(m, ned)
    doc.mentions = [m]
    name_self_named(doc)
    assert (doc.registry.resolve(nar) == doc.registry.resolve(ned)) is not third_person


def test_the_self_named_stage_runs_before_attribution() -> None:
    names = [s.name for s in STAGES]
    assert names.index("characters.self_named") < names.index("quotes.attribute") < names.index(
        "characters.narrator"
    )
