"""Who stands among a conversation's candidate speakers (quotes/candidates.py): a lone quotation opening its
scene with no one in reach stays unattributed (integration: the real spaCy model)."""

from __future__ import annotations

import pytest

SCENE_BEFORE = (
    "Tony and Brenda sat late in the library at Hetton. Tony read the paper while Brenda wrote her letters.\n\n"
    "The fire burned low. Rain ran down the long windows and the clock in the hall struck eleven.\n\n"
    "The papers lay unread on the table, and the dogs slept by the hearth.\n\n"
    "Outside, the wind moved in the elms of the park.\n\n"
    "* * *\n\n"
)


@pytest.mark.integration
def test_a_lone_quotation_opening_its_scene_stays_unattributed(analyzer) -> None:  # type: ignore[no-untyped-def]
    text = SCENE_BEFORE + '"Hello?"\n\nThe house was dark and the wind had risen over the park in the night.\n'
    a = analyzer.analyze_text(text)
    (q,) = [q for q in a.quotes if "Hello" in q.text]
    assert q.speaker is None


PRINCIPAL = (
    "Tony walked the long gallery at Hetton every morning. Tony loved the house; Tony knew every room of it, and "
    "Tony wound the clocks himself. Tony was happy there. He rode out with the hounds on Saturdays, and he read "
    "the lessons in church on Sundays. Tony liked his life.\n\n"
    "“You and your clocks,” said Brenda.\n\n"
    "“Somebody has to wind them,” said Tony. He smiled at her, and he went on down the gallery.\n\n"
    "Brenda stayed in bed until noon. Brenda read the papers and the letters from London.\n\n"
    "In the afternoon Brenda wrote to her sister.\n\n"
    "Brenda thought of London all the evening.\n\n"
    "* * *\n\n"
)

# a scene of bare lines: the groom is called by name, the master of the house never is
EXCHANGE = (
    "“I was thinking about the pony, sir.”\n\n"
    "“Oh yes, Ben?”\n\n"
    "“Will you want to be keeping the pony now?”\n\n"
    "“I hadn't thought. No, I suppose not.”\n"
)


@pytest.mark.integration
def test_an_exchange_with_one_named_party_gets_the_principal_character(analyzer) -> None:  # type: ignore[no-untyped-def]
    # the master of the house is the story's principal character, not the woman the scene before the break was
    # about
    text = PRINCIPAL + EXCHANGE
    a = analyzer.analyze_text(text)
    names = {c.id: c.name for c in a.characters}
    lines = [q for q in a.quotes if q.start > text.index("* * *")]
    assert [names.get(q.speaker) for q in lines] == ["Ben", "Tony", "Ben", "Tony"]


@pytest.mark.integration
def test_the_principal_character_is_no_partner_before_the_story_names_them(analyzer) -> None:  # type: ignore[no-untyped-def]
    # a prologue: the groom talks to a stranger; the principal character only comes on after the break
    text = EXCHANGE + "\n* * *\n\n" + PRINCIPAL.replace("* * *\n\n", "")
    a = analyzer.analyze_text(text)
    names = {c.id: c.name for c in a.characters}
    lines = [q for q in a.quotes if q.start < text.index("* * *")]
    assert len(lines) == 4 and "Tony" not in [names.get(q.speaker) for q in lines]
