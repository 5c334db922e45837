"""AO3 tag suggestions from cue words and the analysis (no model: spacy.blank with a sentencizer)."""

from __future__ import annotations

import pytest
import spacy

from ficlens import tags
from ficlens.document import Document, Paragraph
from ficlens.ingest.base import Work
from ficlens.model import Analysis, Character, Evidence, FandomGuess, Interaction, Scene, WorkInfo

_NLP = spacy.blank("en")
_NLP.add_pipe("sentencizer")


def make(paragraphs: list[str], **analysis_fields) -> Document:  # type: ignore[no-untyped-def]
    text = "\n\n".join(paragraphs)
    paras, pos = [], 0
    for i, p in enumerate(paragraphs):
        paras.append(Paragraph(i, pos, pos + len(p), 0, 0))
        pos += len(p) + 2
    words = len(text.split())
    analysis = Analysis(work=WorkInfo(None, [], "t", "txt", "en", words), **analysis_fields)
    doc = Document(work=Work(text=text, format="txt", source="t"), analysis=analysis, paragraphs=paras)
    doc.docs = [_NLP(p) for p in paragraphs]
    return doc


FILLER = "They walked to the shop and bought bread and milk for the week."


@pytest.mark.parametrize(
    "extra,rating",
    [
        ([], "General Audiences"),
        (["Damn it, that hurt."], "Teen And Up Audiences"),
        (["Fuck this. Fucking hell, shit."] * 3, "Mature"),
        (["His cock was hard. She moaned, naked, and he was thrusting; her orgasm came."] * 3, "Explicit"),
    ],
)
def test_tags_rating_follows_the_strongest_content(extra, rating):
    doc = make([FILLER] * 10 + extra)
    tags.run(doc)
    r = doc.analysis.tags.rating
    assert r is not None and r.value == rating
    assert 0 < r.confidence < 1
    for ev in r.evidence:
        assert doc.text[ev.start : ev.end] == ev.text


def test_tags_warnings_default_to_none_apply_and_graphic_violence_needs_gore():
    quiet = make([FILLER] * 5)
    tags.run(quiet)
    assert [w.value for w in quiet.analysis.tags.warnings] == ["No Archive Warnings Apply"]
    gory = make(
        [
            "Blood everywhere; he stabbed him, the knife in the wound, guts and entrails, a severed hand, "
            "the skull broken, blood, blood, kill, killed."
        ]
        * 4
    )
    tags.run(gory)
    values = [w.value for w in gory.analysis.tags.warnings]
    assert values == ["Graphic Depictions Of Violence"]
    assert gory.analysis.tags.warnings[0].evidence


def _pair(kind: str, cues: float, weight: float, ga: str = "male", gb: str = "female") -> dict:
    return {
        "characters": [Character("c1", "Ann", gender=ga, role="main"), Character("c2", "Bo", gender=gb, role="main")],
        "interactions": [
            Interaction("c1", "c2", weight, 3, 3, kind, [Evidence(0, 4, "They")], kind_scores={kind: cues})
        ],
    }


@pytest.mark.parametrize(
    "kind,cues,weight,ga,gb,expected,category",
    [
        ("romantic", 3, 12, "male", "female", ["Ann/Bo"], "F/M"),
        ("romantic", 3, 12, "male", "male", ["Ann/Bo"], "M/M"),
        ("sexual", 4, 12, "female", "female", ["Ann/Bo"], "F/F"),
        ("romantic", 1, 12, "male", "female", [], "Gen"),  # one "love" in passing is not a ship
        ("family", 3, 20, "male", "male", ["Ann & Bo"], "Gen"),
        ("family", 3, 4, "male", "male", [], "Gen"),  # not close enough to tag
        ("unknown", 0, 30, "male", "male", [], "Gen"),
    ],
)
def test_tags_relationships_and_categories(kind, cues, weight, ga, gb, expected, category):
    doc = make([FILLER], **_pair(kind, cues, weight, ga, gb))
    tags.run(doc)
    t = doc.analysis.tags
    assert [r.value for r in t.relationships] == expected
    assert [c.value for c in t.categories] == [category]
    for r in t.relationships:
        assert r.members == ["c1", "c2"] and 0 < r.confidence < 1


def test_tags_freeform_from_scenes_and_fandoms():
    scenes = [
        Scene(0, 0, 0, 10, None, "c1", 0.8, "third", "present"),
        Scene(1, 0, 10, 20, "***", "c2", 0.8, "third", "present"),
    ]
    doc = make(
        [FILLER],
        scenes=scenes,
        characters=[Character("c1", "Ann", role="main"), Character("c2", "Bo", role="main")],
        fandoms=[FandomGuess("Supernatural", 0.9), FandomGuess("Buffy the Vampire Slayer (TV)", 0.8)],
        crossover=True,
    )
    tags.run(doc)
    values = [f.value for f in doc.analysis.tags.freeform]
    assert "Crossover" in values and "Alternating Points of View" in values and "Present Tense" in values
    assert [f.value for f in doc.analysis.tags.fandoms] == ["Supernatural", "Buffy the Vampire Slayer (TV)"]
    assert [c.value for c in doc.analysis.tags.characters] == ["Ann", "Bo"]
