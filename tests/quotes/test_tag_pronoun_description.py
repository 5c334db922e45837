"""A tag "he"/"she" right after narration whose subject is a described person ("the doctor") stands for that
person, not for a character the narration named before."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

_STORY = (
    "Tom Birch lay in the narrow bed under the window. Tom had not slept since Monday.\n\n"
    "Late in the evening {subject} came up the stairs and took the boy's wrist in {poss} hand.\n\n"
    '"There is nothing more to be done tonight," {pron} said. "I shall call again in the morning."\n'
)


def _names(analysis) -> list[str | None]:  # type: ignore[no-untyped-def]
    names = {c.id: c.name for c in analysis.characters}
    return [names.get(q.speaker) if q.speaker else None for q in analysis.quotes]


def test_a_tag_pronoun_after_a_described_subject_is_that_person(analyse):  # type: ignore[no-untyped-def]
    analysis, _ = analyse(_STORY.format(subject="the doctor", poss="his", pron="he"))
    assert _names(analysis) == ["The doctor", "The doctor"]


def test_a_named_subject_keeps_the_pronoun_as_the_character_stage_read_it(analyse):  # type: ignore[no-untyped-def]
    analysis, _ = analyse(_STORY.format(subject="Dr. Hale", poss="his", pron="he"))
    assert _names(analysis) == ["Dr. Hale", "Dr. Hale"]


def test_a_described_subject_of_the_other_gender_is_not_the_pronoun(analyse):  # type: ignore[no-untyped-def]
    # "the nurse" may be either; "the old woman" is not "he"
    analysis, _ = analyse(_STORY.format(subject="the old woman", poss="her", pron="he"))
    assert "The old woman" not in _names(analysis)
