"""``--format ao3``: the posting form's fields in order, ready to paste."""

from __future__ import annotations

from ficlens.model import Analysis, CharacterTag, RelationshipTag, Tags, TagValue, WorkInfo
from ficlens.report import EXTENSIONS, RENDERERS, render


def test_report_ao3_fields_in_posting_order() -> None:
    tags = Tags(rating=TagValue("Teen And Up Audiences"), warnings=[TagValue("No Archive Warnings Apply")],
                categories=[TagValue("M/M")], fandoms=[TagValue("Supernatural")],
                relationships=[RelationshipTag("Castiel/Dean Winchester", "romantic")],
                characters=[CharacterTag("Dean Winchester", "c1"), CharacterTag("Castiel (Supernatural)", "c2")],
                freeform=[TagValue("Fluff"), TagValue("Tags, with commas")])
    a = Analysis(work=WorkInfo("Morning", [], "s.txt", "txt", "en", 100), tags=tags)
    out = render(a, "ao3")
    assert "ao3" in RENDERERS and EXTENSIONS["ao3"].endswith(".txt")
    assert out.splitlines() == [
        "Title: Morning",
        "Rating: Teen And Up Audiences",
        "Archive Warnings: No Archive Warnings Apply",
        "Categories: M/M",
        "Fandoms: Supernatural",
        "Relationships: Castiel/Dean Winchester",
        "Characters: Dean Winchester, Castiel (Supernatural)",
        "Additional Tags: Fluff, Tags with commas",
    ]


def test_report_ao3_empty_fields_stay_empty() -> None:
    out = render(Analysis(work=WorkInfo(None, [], "s.txt", "txt", "en", 0)), "ao3")
    assert out.splitlines()[0] == "Rating: " and out.splitlines()[-1] == "Additional Tags: "
