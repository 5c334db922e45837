"""A tag "he"/"she" after its paragraph's second quotation ("“…,” said Tom. … “…,” he added") is read by the
character stage as the paragraph's first tag's speaker when the pronoun has that speaker's gender, not as the
man the narration between made a subject."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

_STORY = (
    "Tom Birch and Ned Vale sat on the porch of the store until dark. Ned Vale whittled a stick with his knife.\n\n"
    '"Rain tonight," said Tom. Ned looked up at the sky. "The barn roof will leak again," he added.\n\n'
    '"It always does," said Ned.\n'
)


def _tag_pronoun(analyse, text: str, pron: str) -> str | None:  # type: ignore[no-untyped-def]
    analysis, doc = analyse(text)
    names = {c.id: c.name for c in analysis.characters}
    m = next(m for m in doc.mentions if m.text == pron and m.para == 1)
    return names.get(m.character or "")


def test_a_second_tag_pronoun_is_the_paragraphs_first_speaker(analyse):  # type: ignore[no-untyped-def]
    assert _tag_pronoun(analyse, _STORY, "he") == "Tom Birch"


def test_a_second_tag_pronoun_of_the_other_gender_is_someone_else(analyse):  # type: ignore[no-untyped-def]
    text = _STORY.replace("sat on the porch", "sat with Ann Gray on the porch")
    text = text.replace("Ned looked up", "Ann looked up")
    assert _tag_pronoun(analyse, text.replace("he added", "she added"), "she") == "Ann Gray"
