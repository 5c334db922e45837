"""A speech-tag pronoun with no one of its gender in reach by salience is the conversation's latest participant
of that gender (tiny hand-built dialogue states; one passage written here with the model)."""

from __future__ import annotations

import pytest

from ficlens.characters.dialogue import _Dialogue
from ficlens.characters.grouping import _Cluster


def _people() -> list[_Cluster]:
    return [
        _Cluster(keys=["ann"], gender="female"),  # 0
        _Cluster(keys=["bob"], gender="male"),  # 1
        _Cluster(keys=["carl"], gender="male"),  # 2
        _Cluster(keys=["pat"], gender="unknown"),  # 3
        _Cluster(narrator="first"),  # 4
    ]


def test_latest_participant_of_the_gender_wins() -> None:
    dlg = _Dialogue()
    cl = _people()
    dlg.took_part(10, 1)  # Bob spoke at paragraph 10
    dlg.took_part(12, 2)  # Carl at 12
    dlg.took_part(13, 0)  # Ann at 13
    assert dlg.recent(14, "male", cl, set()) == 2
    assert dlg.recent(14, "female", cl, set()) == 0
    dlg.took_part(13, 1)  # Bob addressed by name at 13: now the latest man
    assert dlg.recent(14, "male", cl, set()) == 1


def test_skipped_and_future_and_distant_participants_do_not_count() -> None:
    dlg = _Dialogue()
    cl = _people()
    dlg.took_part(10, 1)
    dlg.took_part(12, 2)
    assert dlg.recent(14, "male", cl, {2}) == 1  # Carl is barred (addressed in this paragraph, say)
    assert dlg.recent(11, "male", cl, set()) == 1  # a later turn is not evidence
    assert dlg.recent(12 + 41, "male", cl, set()) is None  # beyond tag_reach paragraphs
    assert dlg.recent(14, "female", cl, set()) is None  # no woman took part


def test_unknown_gender_counts_less_and_the_narrator_never() -> None:
    dlg = _Dialogue()
    cl = _people()
    dlg.took_part(13, 3)  # Pat (gender unknown) just spoke
    dlg.took_part(13, 4)
    assert dlg.recent(14, "female", cl, set()) == 3  # the only candidate at all
    dlg.took_part(11, 0)  # Ann, two paragraphs earlier, outweighs the unknown Pat
    assert dlg.recent(14, "female", cl, set()) == 0


_EXCHANGE = (
    "Hugo Brandt and Walter Keene walked out to the pier at dusk with a lantern.\n\n"
    "The boats knocked against the posts. Gulls quarrelled over the nets. The tide was turning. "
    "Far off a bell rang twice. Rain came in from the sea. The planks were slick and dark. "
    "Nobody else was about.\n\n"
    "“It's cold tonight,” said Hugo.\n\n"
    "“It always is,” said Walter.\n\n"
    "“You could have stayed home.”\n\n"
    "“And miss this?”\n\n"
    "“Suit yourself.”\n\n"
    "“I will.”\n\n"
    "“Pass the flask.”\n\n"
    "“Here.”\n\n"
    "“Still cold,” he said."
)


@pytest.mark.integration
def test_long_exchange_tag_pronoun_is_a_participant(analyzer) -> None:  # type: ignore[no-untyped-def]
    """Eight quotations after the last name, "he said" is still one of the two men talking, though the salience
    of both has faded and the scene has two men in its dialogue."""
    a = analyzer.analyze_text(_EXCHANGE)
    doc = analyzer.last_document
    names = {c.id: c.name for c in a.characters}
    he = [m for m in doc.mentions if m.text == "he"][-1]
    assert names.get(he.character or "") in ("Hugo Brandt", "Walter Keene")


@pytest.mark.integration
def test_long_exchange_action_beat_pronoun_is_a_participant(analyzer) -> None:  # type: ignore[no-untyped-def]
    """The same for an action beat's subject: “Still cold.” He pulled his collar up."""
    text = _EXCHANGE.replace("“Still cold,” he said.", "“Still cold.” He pulled his collar up.")
    a = analyzer.analyze_text(text)
    doc = analyzer.last_document
    names = {c.id: c.name for c in a.characters}
    he = [m for m in doc.mentions if m.text == "He"][-1]
    assert names.get(he.character or "") in ("Hugo Brandt", "Walter Keene")


def test_addressee_answers_only_the_turn_right_before() -> None:
    """“Bob, look at this,” said Ann. / “…,” he said: Bob answers. With an untagged quotation between
    (Bob's reply, say), the next “he said” is not decided by that vocative."""
    cl = _people()
    dlg = _Dialogue(qparas={1, 2, 3})
    dlg.tagged[1] = 0
    dlg.addressed[1] = [1]
    dlg.note(1)
    assert dlg.choose(2, "male", cl) == 1
    assert dlg.choose(3, "male", cl) is None
    assert dlg.choose(2, "female", cl) is None  # Ann spoke; no woman was addressed


def test_second_tag_of_a_paragraph_is_its_first_tags_speaker() -> None:
    """“…,” said Bob. Carl frowned. “…,” he added: the paragraph's first speech-tag subject goes on speaking when
    the second tag's pronoun has his gender; a pronoun of the other gender is not decided so."""
    cl = _people()
    dlg = _Dialogue(qparas={1, 2})
    dlg.tagged[1] = 0  # Ann's line, then Bob's
    dlg.note(1)
    dlg.addressed[1] = [1]
    dlg.tagged[2] = 1  # paragraph 2: "“…,” said Bob. … “…,” he added"
    dlg.note(2)
    assert dlg.choose(2, "male", cl) == 1  # Bob, not Carl, the narration's latest man
    assert dlg.choose(2, "female", cl) is None  # "she added" there is left to salience
    dlg.tagged[2] = 3  # a first tag of unknown gender (Pat) decides nothing
    assert dlg.choose(2, "male", cl) is None
