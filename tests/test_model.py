import json

import pytest

from ficlens.errors import DataError
from ficlens.model import (
    Analysis,
    Chapter,
    Character,
    CharacterTag,
    Evidence,
    Quote,
    RelationshipTag,
    Scene,
    Tags,
    TagValue,
    WorkInfo,
    evidence_from,
)
from ficlens.schema import validate


def _analysis() -> Analysis:
    ev = [Evidence(0, 5, "Hello")]
    tags = Tags(
        rating=TagValue("Mature", 0.7, ev),
        warnings=[TagValue("No Archive Warnings Apply", 0.5, [])],
        categories=[TagValue("M/M", 0.6)],
        fandoms=[TagValue("Supernatural", 0.9)],
        relationships=[RelationshipTag("Castiel/Dean Winchester", "romantic", ["c1", "c2"], 0.5, ev)],
        characters=[CharacterTag("Dean Winchester", "c1", 0.9)],
        freeform=[TagValue("Angst", 0.3, ev)],
    )
    given = Tags(rating=TagValue("Explicit"), words=1234)
    return Analysis(
        work=WorkInfo("T", ["A"], "x.txt", "txt", "en", 2, given_tags=given),
        chapters=[Chapter(0, None, 0, 11)],
        scenes=[Scene(0, 0, 0, 11, None, "c1", 0.8, "third", "present", ["c1", "c2"])],
        characters=[Character("c1", "Dean Winchester", ["Dean"], "male", "he/him", "Supernatural",
                              "Dean Winchester", 3, 1, "main", 0),
                    Character("c2", "Castiel", ["Cas"], "male", "he/him", "Supernatural", "Castiel", 1, 0,
                              "supporting", 6)],
        quotes=[Quote("q1", 0, 7, "Hello", "c1", ["c2"], "explicit", 0.9)],
        tags=tags,
        stats={"words": 2, "sentences": 1, "paragraphs": 1, "dialogue_ratio": 0.5, "seconds": 0.1},
        tool={"name": "ficlens", "version": "0"},
    )


def test_model_json_round_trip():
    a = _analysis()
    text = a.to_json()
    b = Analysis.from_json(text)
    assert b.to_json() == text
    assert b.work.given_tags is not None and b.work.given_tags.words == 1234
    assert b.tags.relationships[0].members == ["c1", "c2"]


def test_model_json_validates_against_schema():
    validate(json.loads(_analysis().to_json()))


def test_model_include_text():
    a = _analysis()
    a.text = "Hello world"
    assert "text" not in a.to_dict()
    assert a.to_dict(include_text=True)["text"] == "Hello world"


@pytest.mark.parametrize(
    "payload,code",
    [("not json", "E031"), ("[]", "E031"), ('{"schema_version": 2, "work": {}}', "E032"),
     ('{"schema_version": 1, "work": {"title": 1}}', "E031")],
)
def test_model_from_json_rejects_bad_input(payload, code):
    with pytest.raises(DataError, match=code):
        Analysis.from_json(payload)


def test_model_evidence_from_cuts_long_spans():
    text = "x" * 1000
    ev = evidence_from(text, 10, 900, limit=50)
    assert (ev.start, ev.end) == (10, 900)
    assert len(ev.text) == 50 and ev.text.endswith("…")
