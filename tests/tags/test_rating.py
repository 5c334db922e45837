"""The rating follows graded evidence; the sentences that set it are its evidence."""

from __future__ import annotations

import pytest

from ficlens import tags
from tags.tagdoc import FILLER, make

SEX = "His cock was hard and she moaned as he was thrusting into her."


@pytest.mark.parametrize(
    "extra,rating",
    [
        ([], "General Audiences"),
        (["Damn it, that hurt."], "Teen And Up Audiences"),
        (["Oh, fuck this."], "Teen And Up Audiences"),
        (["Blood ran down his face."], "Teen And Up Audiences"),
        (["They had sex that night, then slept."], "Mature"),
        ([SEX], "Mature"),  # one explicit sentence: described briefly
        ([SEX] * 3, "Explicit"),
        (["Fuck. Shit. Fucking hell. Fuck you. Shit, shit."] * 2, "Mature"),  # dense strong profanity
    ],
)
def test_rating_follows_the_strongest_signal(extra: list[str], rating: str) -> None:
    doc = make([FILLER] * 3 + extra)
    tags.run(doc)
    r = doc.analysis.tags.rating
    assert r is not None and r.value == rating
    assert 0 < r.confidence < 1
    if rating == "General Audiences":
        assert r.evidence == []
    else:
        assert r.evidence
    for ev in r.evidence:
        assert doc.text[ev.start : ev.end] == ev.text


def test_rating_density_threshold_needs_enough_profanity_per_words() -> None:
    doc = make([FILLER] * 400 + ["Fuck. Shit. Fucking hell. Fuck you. Shit, shit."] * 2)
    tags.run(doc)
    assert doc.analysis.tags.rating is not None
    assert doc.analysis.tags.rating.value == "Teen And Up Audiences"
