"""Check mode: given tags against suggestions; forgotten warnings, missing and unsupported tags."""

from __future__ import annotations

from ficlens.model import Analysis, Character, CharacterTag, Evidence, RelationshipTag, Tags, TagValue, WorkInfo
from ficlens.tags.check import compare, norm, rating_gap

EV = [Evidence(10, 40, "The blade laid his cheek open.")]


def _analysis(given: Tags | None, suggested: Tags) -> Analysis:
    return Analysis(work=WorkInfo("T", [], "t.html", "html", "en", 500, given_tags=given), tags=suggested,
                    characters=[Character("c1", "Dean Winchester"), Character("c2", "Castiel",
                                                                              ao3_tag="Castiel (Supernatural)")])


def _suggested() -> Tags:
    return Tags(
        rating=TagValue("Mature", 0.7, EV), warnings=[TagValue("Graphic Depictions Of Violence", 0.8, EV)],
        categories=[TagValue("M/M")], fandoms=[TagValue("Supernatural")],
        relationships=[RelationshipTag("Castiel (Supernatural)/Dean Winchester", "romantic", ["c2", "c1"], 0.8, EV)],
        characters=[CharacterTag("Dean Winchester", "c1"), CharacterTag("Castiel (Supernatural)", "c2")],
        freeform=[TagValue("Angst", 0.6, EV), TagValue("Violence", 0.3, EV)],
    )


def test_check_norm_ignores_case_disambiguators_and_pair_order() -> None:
    assert norm("Dean Winchester/Castiel (Supernatural)") == norm("castiel/dean winchester")
    assert norm("Sam Winchester & Dean Winchester") == norm("Dean Winchester & Sam Winchester")
    assert norm("Hurt/Comfort") != norm("Angst")


def test_check_forgotten_warning_missing_and_unsupported_tags() -> None:
    given = Tags(rating=TagValue("Teen And Up Audiences"), warnings=[TagValue("No Archive Warnings Apply")],
                 categories=[TagValue("M/M")], fandoms=[TagValue("Supernatural")],
                 relationships=[RelationshipTag("Dean Winchester/Castiel", "romantic")],
                 characters=[CharacterTag("Dean Winchester", None)],
                 freeform=[TagValue("Fluff"), TagValue("Impala Sex")])
    r = compare(_analysis(given, _suggested()), min_confidence=0.5)
    assert [s.value for s in r.forgotten_warnings] == ["Graphic Depictions Of Violence"]
    assert r.forgotten_warnings[0].evidence == EV
    assert rating_gap(r) == 1
    rel = r.field("relationships")
    assert rel.agreed == ["Dean Winchester/Castiel"] and not rel.missing
    ff = r.field("freeform")
    assert [s.value for s in ff.missing] == ["Angst"]  # "Violence" is below the asked confidence
    assert ff.unsupported == ["Fluff"] and ff.not_judged == ["Impala Sex"]
    assert [s.value for s in r.field("characters").missing] == ["Castiel (Supernatural)"]


def test_check_no_forgotten_warning_when_given_or_creator_chose_not_to_warn() -> None:
    warned = Tags(warnings=[TagValue("Graphic Depictions Of Violence")])
    assert compare(_analysis(warned, _suggested())).forgotten_warnings == []
    chose = Tags(warnings=[TagValue("Creator Chose Not To Use Archive Warnings")])
    assert compare(_analysis(chose, _suggested())).forgotten_warnings == []
    r = compare(_analysis(None, _suggested()))
    assert not r.has_given_tags and [s.value for s in r.forgotten_warnings] == ["Graphic Depictions Of Violence"]
