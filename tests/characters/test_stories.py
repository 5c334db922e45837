"""Short stories through the real pipeline: every behaviour of the character and fandom stages."""

from __future__ import annotations

import pytest

from characters.story_helpers import by_name

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def analyze(analyzer):  # type: ignore[no-untyped-def]
    return analyzer.analyze_text


def test_alias_possessive_nickname_and_gender(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "Dean Winchester parked the car outside the motel. Dean's hands were shaking, and he hid them in his "
        "pockets.\n\n"
        "“Sammy,” he called. “Get the bags.”\n\n"
        "Sam rolled his eyes, but he got the bags. Sam always got the bags.\n\n"
        "Winchester luck, Dean thought. He laughed at his own joke."
    )
    dean = by_name(a, "Dean")
    assert "Dean Winchester" in dean.aliases
    assert "Dean's" not in dean.aliases  # possessive stripped
    assert dean.gender == "male" and dean.pronouns == "he/him"
    sam = by_name(a, "Sam")
    assert "Sammy" in sam.aliases
    assert sam.id != dean.id
    assert a.characters[0].id == dean.id  # most prominent first


def test_gender_from_pronouns_beats_the_name_prior(analyze) -> None:  # type: ignore[no-untyped-def]
    # "Sam" is a man's name by the prior; the story says she
    a = analyze(
        "Sam Carter walked into the lab. She put her coffee down and frowned at the screen.\n\n"
        "Sam tapped the glass. She had seen this pattern before, and she did not like it. Sam sighed."
    )
    sam = by_name(a, "Sam")
    assert sam.gender == "female"
    assert sam.pronouns == "she/her"


def test_pronouns_resolve_to_the_salient_character_of_their_gender(analyzer) -> None:  # type: ignore[no-untyped-def]
    analyzer.analyze_text(
        "Elena Gilbert opened the door. Damon Salvatore stood on the porch. She glared at him, and he smiled."
    )
    doc = analyzer.last_document
    a = doc.analysis
    elena, damon = by_name(a, "Elena Gilbert"), by_name(a, "Damon Salvatore")
    got = {m.text: m.character for m in doc.mentions if m.kind == "pronoun"}
    assert got["She"] == elena.id
    assert got["him"] == damon.id
    assert got["he"] == damon.id


def test_description_resolves_with_knowledge_base(analyzer) -> None:  # type: ignore[no-untyped-def]
    analyzer.analyze_text(
        "Dean Winchester and Sam Winchester drove all night. Castiel waited at the bunker.\n\n"
        "The younger Winchester was asleep when they arrived. The angel watched him from the door."
    )
    doc = analyzer.last_document
    a = doc.analysis
    sam = by_name(a, "Sam Winchester")
    cas = by_name(a, "Castiel")
    desc = {m.text.lower(): m.character for m in doc.mentions if m.kind == "description"}
    assert desc["the younger winchester"] == sam.id
    assert desc["the angel"] == cas.id
    assert "the younger Winchester" in sam.aliases


def test_two_characters_sharing_a_surname_stay_apart(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "Mr. Bennet sat in his library. Mrs. Bennet burst in, and she talked of nothing but the ball.\n\n"
        "Mr. Bennet did not look up from his book. Mrs. Bennet sighed and left him there."
    )
    mr, mrs = by_name(a, "Mr. Bennet"), by_name(a, "Mrs. Bennet")
    assert mr.id != mrs.id
    assert mr.gender == "male" and mrs.gender == "female"


def test_place_names_and_sentence_openers_are_not_characters(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "Guilt gnawed at Mira as she drove to Sunnydale. Perhaps it was the rain.\n\n"
        "Damn. She had left the map in Sunnydale. Mira turned the car around and drove back to Sunnydale."
    )
    names = {c.name for c in a.characters} | {al for c in a.characters for al in c.aliases}
    assert "Mira" in names
    for word in ("Guilt", "Perhaps", "Damn", "Sunnydale"):
        assert word not in names


def test_crossover(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "Castiel appeared in the flat on Baker Street without a sound. Sherlock Holmes did not look up.\n\n"
        "“You are an angel,” Sherlock said. “Dean Winchester sent you.”\n\n"
        "“Dean is worried,” Castiel said. John Watson put the kettle on and stared at the angel."
    )
    names = [f.name for f in a.fandoms]
    assert "Supernatural" in names and "Sherlock (TV)" in names
    assert a.crossover is True
    assert by_name(a, "Castiel").fandom == "Supernatural"
    assert by_name(a, "Sherlock Holmes").fandom == "Sherlock (TV)"


def test_single_fandom_story_with_a_shared_first_name(analyze) -> None:  # type: ignore[no-untyped-def]
    # "Rose" is a name in several fandoms; here the Doctor Who evidence decides, and it is no crossover
    a = analyze(
        "Rose Tyler ran back to the TARDIS. The Doctor was waiting at the doors with his sonic screwdriver.\n\n"
        "“Daleks,” Rose said. “Three of them, in the market.”\n\n"
        "Rose grabbed his hand and they ran."
    )
    assert a.fandoms and a.fandoms[0].name.startswith("Doctor Who")
    assert a.crossover is False
    assert by_name(a, "Rose").ao3_tag is not None and "Rose Tyler" in by_name(a, "Rose").ao3_tag


def test_shared_first_name_without_support_links_nothing(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "Rose walked to the bakery every morning. She liked the smell of bread and the quiet street.\n\n"
        "Rose paid for two loaves and went home to her cat."
    )
    rose = by_name(a, "Rose")
    assert rose.fandom is None and rose.ao3_tag is None
    assert a.fandoms == []


def test_original_characters_link_to_no_fandom(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "Maren Oakhart had never seen the sea. Her brother Tobin told her it was just a lot of water.\n\n"
        "“You're wrong,” Maren said. Tobin laughed, and she threw a pinecone at him."
    )
    assert all(c.fandom is None for c in a.characters)
    assert a.fandoms == [] and a.crossover is False
    maren = by_name(a, "Maren")
    assert maren.name == "Maren Oakhart" and maren.gender == "female"


def test_the_author_in_a_files_header_block_is_no_character(analyze) -> None:  # type: ignore[no-untyped-def]
    a = analyze(
        "Title: The Lantern Keeper\n\nAuthor: Martin Quill\n\n\n"
        "Edith Varga climbed the tower stairs. She lit the lamp and waited.\n\n"
        "“Anyone there?” she called. Nobody answered her."
    )
    names = {n for c in a.characters for n in [c.name, *c.aliases]}
    assert "Edith Varga" in names
    assert not any("Quill" in n or "Martin" in n for n in names)


def test_a_place_run_into_a_first_name_is_no_surname(analyze) -> None:  # type: ignore[no-untyped-def]
    # "left Margaret Howards End": a verb's two objects read as one name; the text names the house on its own
    a = analyze(
        "Margaret Schlegel took the train to Howards End. At Howards End the wych-elm still leaned over the "
        "house, and Margaret walked in the garden.\n\n"
        "“Mrs. Wilcox left Margaret Howards End,” said Dolly. “And yet she never lived at Howards End.”\n\n"
        "Margaret smiled. She had always loved Howards End."
    )
    names = [c.name for c in a.characters]
    assert not any("Howards" in n for n in names), names
    margaret = by_name(a, "Margaret")
    assert margaret.name == "Margaret Schlegel"
    assert "Margaret Howards End" not in margaret.aliases


def test_a_hyphenated_name_is_one_name(analyze) -> None:  # type: ignore[no-untyped-def]
    # spaCy splits a hyphen between two letters: "Jock Grant-Menzies" was "Jock Grant" and "Menzies", "Jean-Luc
    # Picard" was "Jean" and "Luc Picard"; a stutter is the name it stutters
    a = analyze(
        "Jock Grant-Menzies walked into the club. “Hullo,” said Jock Grant-Menzies.\n\n"
        "“Are you going?” asked Jean-Luc Picard. Jean-Luc smiled at him.\n\n"
        "“No,” said Grant-Menzies. “I'm not.” Jock laughed.\n\n"
        "“H-Harry, wait!” Jean-Luc said.\n\n"
        "The rope hung slack. Slack-Jeff laughed at it."
    )
    names = {c.name for c in a.characters}
    jock = by_name(a, "Jock Grant-Menzies")
    assert "Jock" in jock.aliases
    assert "Jean-Luc" in by_name(a, "Jean-Luc Picard").aliases
    assert not names & {"Menzies", "Jock Grant", "Luc Picard", "Jean", "Luc", "H"}
    # a word the text writes in lowercase opens a sentence: the hyphenated word goes whole or stays ("-Jeff")
    assert not any(n.startswith("-") for c in a.characters for n in [c.name, *c.aliases])


def test_a_shared_first_name_in_the_narration_is_not_the_one_called_by_surname(analyze) -> None:  # type: ignore[no-untyped-def]
    # two Sams: the narration calls one "Sam Winchester" and the other "Wilson". Wilson is named more often and
    # nearer, but a bare "Sam" in the narration is the one the narration calls by his first name
    a = analyze(
        "Sam Winchester was in the library with the old books. Sam Winchester read until the lamps hummed. "
        "The boy Sam Winchester never minded the dust.\n\n"
        "Sam Wilson came to the bunker at noon. Wilson set his shield down by the door, and Wilson asked for "
        "coffee. Wilson was tired after the drive. Wilson drank the coffee. Wilson went out to the garage. "
        "Wilson fixed the car.\n\n"
        "Rain came over the hills. The roads filled with water. The radio talked about floods in the valley. "
        "The clock in the hall struck one, then two. Somewhere a dog barked at the thunder. The kettle boiled and "
        "nobody took it off. The lights flickered once. The storm went on into the evening. A shutter banged "
        "upstairs.\n\n"
        "Sam closed the last book and rubbed his eyes.\n\n"
        "“I found it,” Sam said. “The ritual is in here.”\n\n"
    )
    winchester = by_name(a, "Sam Winchester")
    wilson = by_name(a, "Sam Wilson")
    assert "Sam" in winchester.aliases and "Sam" not in wilson.aliases
    assert [q.speaker for q in a.quotes] == [winchester.id, winchester.id]
