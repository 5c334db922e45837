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


# a story told over paragraphs, broken off by a chapter heading and taken up again after it: the new chapter
# names only a man of the story told (the teller, as in The Invisible Man, never)
TOLD = (
    "Captain Reyes found the old sailor in the harbour inn. Reyes bought him a drink, and Reyes asked about the "
    "wreck. Reyes had asked everyone in the port about the wreck. Reyes wanted the truth of it.\n\n"
    "“Tell me about the night of the storm,” said Reyes.\n\n"
    "“It was a black night,” said Hal, and he drank. “The wind came out of the north.”\n\n"
    "“Go on,” said Reyes.\n\n"
    "“We had three men on the pumps. You never saw such water.\n\n"
    "“I went below to the hold, and the sea was coming in over the cargo.\n\n"
    "“Then the mast went, and the boat went over the side.”\n\n"
    "CHAPTER TWO\n\n"
    "“We were two days in the boat. ‘Hold on, Ted,’ I told the cook, but he died on the first night.\n\n"
    "“On the second day we saw the light of the island, and we pulled for it with the last of our strength.\n\n"
    "“I do not know how we came ashore. I woke on the sand with the gulls over me.”\n\n"
    "“And the cargo?” asked Reyes.\n"
)


def _candidates_after(analyzer, monkeypatch, text: str, mark: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The names of the candidates of the first conversation after ``mark``."""
    from ficlens.quotes import features

    seen: list[tuple[int, list[str]]] = []
    real = features.candidates

    def spy(ctx, quotes, conv, narrator, rules=None):  # type: ignore[no-untyped-def]
        out = real(ctx, quotes, conv, narrator) if rules is None else real(ctx, quotes, conv, narrator, rules)
        seen.append((quotes[conv[0].qids[0]].start, list(out)))
        return out

    monkeypatch.setattr(features, "candidates", spy)
    a = analyzer.analyze_text(text)
    names = {c.id: c.name for c in a.characters}
    after = [cands for start, cands in seen if start > text.index(mark)]
    return [names[c] for c in after[0]]


@pytest.mark.integration
def test_a_story_told_across_a_chapter_break_keeps_its_teller_in_reach(analyzer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert "Hal" in _candidates_after(analyzer, monkeypatch, TOLD, "CHAPTER TWO")


@pytest.mark.integration
def test_a_scene_of_one_line_paragraphs_leaves_the_scene_before_out(analyzer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # the same break before lines of a paragraph each: a new scene, not the story told on
    text = TOLD.replace("boat. ‘Hold on, Ted,’ I told the cook, but he died on the first night.\n\n",
                        "boat. ‘Hold on, Ted,’ I told the cook, but he died on the first night.”\n\n")
    text = text.replace("strength.\n\n", "strength.”\n\n")
    assert "Hal" not in _candidates_after(analyzer, monkeypatch, text, "CHAPTER TWO")
