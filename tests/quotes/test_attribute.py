"""The attribution sieve, step by step, on passages written for it (real model, loaded once)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def by_name(analysis):  # type: ignore[no-untyped-def]
    return {c.id: c.name.split()[0] for c in analysis.characters}


def speakers(analysis):  # type: ignore[no-untyped-def]
    names = by_name(analysis)
    return [names.get(q.speaker) for q in analysis.quotes if q.kind != "other"]


def test_explicit_name_and_verb_either_order_any_tense(analyse):  # type: ignore[no-untyped-def]
    text = (
        'Martha opened the door.\n\n"You are late," Martha snapped.\n\n'
        '"The train was slow," whispered Arthur.\n\n"Sit down," Martha says.\n\nArthur asks, "Where?"\n'
    )
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Martha", "Arthur", "Martha", "Arthur"]
    assert all(q.method == "explicit" for q in analysis.quotes)
    assert all(q.confidence >= 0.9 for q in analysis.quotes)


def test_tag_in_adjacent_sentence_and_paragraph_keeps_one_speaker(analyse):  # type: ignore[no-untyped-def]
    text = 'Martha sat with Arthur.\n\n"I see." Martha put the cup down. "Then we go tomorrow," she said.\n'
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Martha", "Martha"]


def test_pronoun_tag_resolved(analyse):  # type: ignore[no-untyped-def]
    text = 'Arthur walked in.\n\n"Where is it?" he asked.\n\nMartha came down the stairs.\n\n"Upstairs," she said.\n'
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Arthur", "Martha"]
    assert analysis.quotes[0].method == "anaphoric"


def test_descriptive_subject_is_a_character(analyse):  # type: ignore[no-untyped-def]
    text = 'The rain fell on the station.\n\n"Tickets, please," the old conductor said.\n'
    analysis, document = analyse(text)
    q = analysis.quotes[0]
    assert q.method == "descriptive"
    ids = {c.id for c in analysis.characters}
    assert q.speaker in ids
    assert any(m.character == q.speaker and m.kind == "description" for m in document.mentions)


def test_action_beat(analyse):  # type: ignore[no-untyped-def]
    text = 'Martha and Arthur waited by the car.\n\nArthur shrugs. "Whatever."\n\n"Fine." Martha looked away.\n'
    analysis, _ = analyse(text)
    assert speakers(analysis) == ["Arthur", "Martha"]
    assert {q.method for q in analysis.quotes} == {"action-beat"}


def test_vocative_gives_addressee_and_speaker(analyse):  # type: ignore[no-untyped-def]
    text = (
        'Martha glared at Arthur.\n\n"Leave it," Martha said.\n\n"No," Arthur said.\n\n'
        '"Damn it, Arthur, just go."\n'
    )
    analysis, _ = analyse(text)
    names = by_name(analysis)
    last = analysis.quotes[-1]
    assert names[last.addressees[0]] == "Arthur"
    assert names[last.speaker] == "Martha"


def test_a_character_named_by_a_common_noun_is_addressed_in_lowercase(analyse):  # type: ignore[no-untyped-def]
    # "Nanny" is a character; "Good night, nanny" speaks to her, not to Joy, the one Tom was with (the addressee
    # the scene alone would give)
    text = (
        "At eight Nanny brought the tray up, and Tom watched Nanny set it by the bed. Joy sat with Tom by the fire, "
        "and Joy laughed at Tom, and Tom laughed at Joy.\n\n"
        '"Good night, nanny," said Tom.\n'
    )
    analysis, _ = analyse(text)
    names = {c.id: c.name for c in analysis.characters}
    q = analysis.quotes[0]
    assert names[q.speaker] == "Tom" and [names[a] for a in q.addressees] == ["Nanny"]


def test_says_to_gives_addressee(analyse):  # type: ignore[no-untyped-def]
    analysis, _ = analyse('Martha and Arthur stood there.\n\n"Go home," Martha said to Arthur.\n')
    names = by_name(analysis)
    q = analysis.quotes[0]
    assert names[q.speaker] == "Martha"
    assert [names[a] for a in q.addressees] == ["Arthur"]


def test_third_speaker_resets_the_pair(analyse):  # type: ignore[no-untyped-def]
    text = (
        'Martha and Arthur sat in the kitchen with Gwen.\n\n"Coffee?" Martha asked.\n\n"Please," Arthur said.\n\n'
        '"Me too," Gwen said.\n\n"Sugar?"\n\n"No."\n'
    )
    analysis, _ = analyse(text)
    # after Gwen, the two latest speakers are Gwen and Arthur: the untagged turns alternate between them
    assert speakers(analysis)[-2:] == ["Arthur", "Gwen"]


def _exchange(lines: int, start: int = 0) -> list[str]:
    return [f'"Line {start + k} of the talk."' for k in range(lines)]


def test_long_untagged_exchange_alternates_and_resets_after_scene_break(analyse):  # type: ignore[no-untyped-def]
    first = [
        "Martha faced Arthur across the table.", '"We need to talk," Martha said.', '"About what?" Arthur said.'
    ]
    second = [
        "Later that night, Gwen found Arthur on the roof.", '"Cold out here," Gwen said.', '"I know," Arthur said.'
    ]
    text = "\n\n".join([*first, *_exchange(20), "* * *", *second, *_exchange(4, 100)]) + "\n"
    analysis, _ = analyse(text)
    names = by_name(analysis)
    qs = [q for q in analysis.quotes if q.kind != "other"]
    run = qs[2:22]
    assert len(run) == 20
    expected = ["Martha" if k % 2 == 0 else "Arthur" for k in range(20)]
    assert [names.get(q.speaker) for q in run] == expected
    assert all(q.method == "turn-taking" for q in run)
    assert [names[q.addressees[0]] for q in run] == ["Arthur" if e == "Martha" else "Martha" for e in expected]
    # after the break Martha is gone: the new exchange is Gwen and Arthur's
    after = qs[24:]
    assert [names.get(q.speaker) for q in after] == ["Gwen", "Arthur", "Gwen", "Arthur"]


def test_kinds_thought_written_remembered(analyse):  # type: ignore[no-untyped-def]
    text = (
        'Martha read the card.\n\n"Back at six," the note said.\n\n"He is lying," Martha thought.\n\n'
        '"Never trust him," her mother had said.\n\n"Fine," Martha said.\n'
    )
    analysis, _ = analyse(text)
    kinds = [q.kind for q in analysis.quotes]
    assert kinds == ["written", "thought", "remembered", "speech"]
    assert analysis.quotes[0].speaker is None


def test_every_speaker_is_a_character_and_counts_are_filled(analyse):  # type: ignore[no-untyped-def]
    text = (
        'I met Martha at the gate.\n\n"You came," Martha said.\n\n"Of course," I said.\n\n'
        '"Hello," said a tall stranger.\n'
    )
    analysis, _ = analyse(text)
    ids = {c.id for c in analysis.characters}
    spoken = [q.speaker for q in analysis.quotes]
    assert None not in spoken and set(spoken) <= ids
    assert len(set(spoken)) == 3
    for c in analysis.characters:
        assert c.quotes == spoken.count(c.id)


def test_no_quotation_is_spoken_to_its_own_speaker(analyse):  # type: ignore[no-untyped-def]
    # three people, tags that the turn-taking disputes ("said Arthur" where the pair would give Martha): a line's
    # addressee is never the one saying it, even when the turn's decoded speaker and the line's own tag differ
    text = (
        'Martha, Arthur and June sat at the table.\n\n"Pass the salt," Martha said to June.\n\n'
        '"Here," June said.\n\n"Thanks," said Arthur, taking it from her.\n\n"That was for Martha," June said.\n\n'
        '"Was it?" said Arthur. "Sorry, Martha."\n\n"Never mind," Martha said.\n'
    )
    analysis, _ = analyse(text)
    spoken = [q for q in analysis.quotes if q.speaker is not None]
    assert len(spoken) >= 6
    assert all(q.speaker not in q.addressees for q in spoken)
    assert sum(1 for q in spoken if q.addressees) >= 5
