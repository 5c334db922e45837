"""Names a hard-wrapped text breaks over two lines ("Mr. Beachfield\\nDavis") are read as one name."""

from __future__ import annotations

import pytest
import spacy

from characters.story_helpers import by_name
from ficlens.characters.gender import decide_gender
from ficlens.characters.grouping import _Cluster
from ficlens.characters.lex import lexicon
from ficlens.characters.name_scan import _line_break


def test_one_line_break_is_a_wrap_a_blank_line_is_not() -> None:
    d = spacy.blank("en")("Mr. Beachfield\nDavis came.\n\nSoon  after")
    spaces = [t for t in d if t.is_space]
    assert [_line_break(t) for t in spaces] == [True, False, False]  # "\n", "\n\n", the second of two spaces
    assert not any(_line_break(t) for t in d if not t.is_space)


def test_split_title_votes_without_pronouns_leave_the_gender_unknown() -> None:
    # a full name written once under "Mr." and once under "Mrs." and no pronoun said anything: no guess (this
    # used to fail on an empty tally)
    c = _Cluster(keys=["superintendent bell"])
    c.title_votes.update({"male": 1, "female": 1})
    assert decide_gender(c, {}, lexicon()) == "unknown"


@pytest.mark.integration
def test_a_full_name_wrapped_over_two_lines_is_one_character(analyzer) -> None:  # type: ignore[no-untyped-def]
    a = analyzer.analyze_text(
        '"I cannot agree with you, Mr. Talbot," broke in Mr. Beachfield\n'
        "Davis, who was a great hunter of foxes.\n\n"
        '"Any doubt!" exclaimed Mr. Davis, and Horace Talbot\n'
        "laughed at him."
    )
    davis = by_name(a, "Mr. Davis")
    assert "Beachfield Davis" in davis.aliases or davis.name == "Mr. Beachfield Davis"
    assert davis.gender == "male"
    # no character is called by half the name alone, and no name keeps the line break
    assert not any(c.name in ("Beachfield", "Mr. Beachfield") for c in a.characters)
    assert not any("\n" in n for c in a.characters for n in [c.name, *c.aliases] if n[:1].isupper())
    talbot = by_name(a, "Horace Talbot")
    assert "Mr. Talbot" in talbot.aliases or talbot.name == "Mr. Talbot"


@pytest.mark.integration
def test_a_title_at_the_end_of_a_line_is_read_as_before(analyzer) -> None:  # type: ignore[no-untyped-def]
    # the name alone, grouped under the title of the line above (cluster._titles_across_breaks)
    analyzer.analyze_text(
        "Ada Pell and her husband came in from the rain. Mrs.\n"
        "Pell shook out her umbrella by the door, and Mr. Pell went to the fire."
    )
    names = [m.text for m in analyzer.last_document.mentions if m.kind == "name"]
    assert "Pell" in names and "Mr. Pell" in names and "Mrs. Pell" not in names
