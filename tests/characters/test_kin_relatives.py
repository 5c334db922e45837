"""A description possessed by a resolved pronoun ("his wife", "her mother") that names the one other character of
the possessor's family name with a fitting title ("Mrs. Bennet" for Mr. Bennet's wife), on hand-built clusters."""

from __future__ import annotations

from collections import Counter

import pytest

from ficlens.characters.descriptions import _family_names, _same_surname_relative
from ficlens.characters.grouping import _Cluster
from ficlens.characters.lex import lexicon
from ficlens.document import Mention


def _cluster(surface: str, key: str, gender: str) -> _Cluster:
    m = Mention(0, len(surface), 0, 0, len(surface.split()), "name", surface)
    return _Cluster(keys=[key], mentions=[m], surfaces=Counter({surface: 1}), gender=gender)


def _cast(*people: tuple[str, str, str]) -> list[_Cluster]:
    return [_cluster(*p) for p in people]


_BENNETS = _cast(
    ("Mr. Bennet", "bennet", "male"),  # 0
    ("Mrs. Bennet", "bennet", "female"),  # 1
    ("Jane Bennet", "jane bennet", "female"),  # 2
    ("Mr. Bingley", "bingley", "male"),  # 3
    ("Master Tom Bennet", "tom bennet", "male"),  # 4
)


def test_a_title_before_a_surname_alone_gives_the_family_name() -> None:
    assert _family_names(_BENNETS[1]) == {"bennet"}
    assert _family_names(_BENNETS[2]) == {"bennet"}
    assert _family_names(_cluster("Pip", "pip", "male")) == set()


@pytest.mark.parametrize(
    ("possessor", "noun", "want"),
    [
        (0, "wife", 1),  # Mr. Bennet's wife: Mrs. Bennet, never Miss Jane Bennet nor a man
        (1, "husband", 0),  # Mrs. Bennet's husband: Mr. Bennet, not the boy written "Master Tom Bennet"
        (2, "mother", 1),  # Jane Bennet's mother: the married Mrs. Bennet
        (2, "father", 0),
        (3, "wife", None),  # no Mrs. Bingley in the cast
        (0, "sister", None),  # two women of the name fit ("*": any title): no one
    ],
)
def test_a_possessed_kin_noun_is_the_one_relative_of_the_possessors_name(
    possessor: int, noun: str, want: int | None
) -> None:
    lx = lexicon()
    got = _same_surname_relative(possessor, noun, lx.same_surname_kin[noun], _BENNETS, lx)
    assert got == want


def test_two_married_women_of_the_name_leave_his_wife_open() -> None:
    lx = lexicon()
    cast = _cast(("Mr. Hale", "hale", "male"), ("Mrs. Hale", "hale", "female"), ("Lady Hale", "hale", "female"))
    assert _same_surname_relative(0, "wife", lx.same_surname_kin["wife"], cast, lx) is None
    assert "uncle" not in lx.same_surname_kin and "cousin" not in lx.same_surname_kin  # other names, often


@pytest.mark.integration
@pytest.mark.parametrize("model", ["rules", "learned"])
def test_said_his_wife_is_the_wife_the_text_names_later(model: str) -> None:
    from ficlens.config import Options
    from ficlens.pipeline import Analyzer

    # the wife is "his wife" all through the first scene and named "Mrs. Hale" only after it
    text = (
        "Mr. Hale came in from the yard with the post in his hand and sat down at the table.\n\n"
        "\"There is a letter from the bank,\" said his wife. \"I saw the seal.\"\n\n"
        "\"I know it,\" said he.\n\n"
        "\"Will you not open it?\"\n\n"
        "\"Not before breakfast.\"\n\n"
        "\"You are very provoking,\" cried his wife, and she took the letter from his plate.\n\n"
        "He let her have it. Outside the rain went on over the hop gardens.\n\n"
        "That afternoon Mrs. Hale walked into the village and told the whole of it to the vicar's wife.\n"
    )
    a = Analyzer(Options(speaker_model=model)).analyze_text(text)
    names = {c.id: c.name for c in a.characters}
    said = [(q.text, names.get(q.speaker or "")) for q in a.quotes]
    wife = [t for t, n in said if n == "Mrs. Hale"]
    assert wife[:2] == ["There is a letter from the bank,", "I saw the seal."]
    assert "You are very provoking," in wife
    assert all(n == "Mr. Hale" for t, n in said if t.startswith(("I know it", "Not before")))


_HALLS = _cast(
    ("Mrs. Hall", "hall", "female"),  # 0
    ("Nora Hall", "nora hall", "female"),  # 1
    ("Tess Hall", "tess hall", "female"),  # 2
    ("Aunt Edith", "edith", "female"),  # 3
    ("Mr. Quayle", "quayle", "male"),  # 4
    ("Ruth Quayle", "ruth quayle", "female"),  # 5
    ("Mrs. Quayle", "quayle", "female"),  # 6
)


@pytest.mark.parametrize(
    ("possessor", "addressed", "present", "want"),
    [
        # "“Nora,” cried her mother" with "her" read as Mrs. Hall herself: the mother of the one called by name
        (0, [1], {}, 0),
        # no one called by name: Nora and Tess, the two women of the exchange, have one mother between them
        (0, [], {1: 95, 2: 98}, 0),
        # Nora and Ruth in the exchange: two mothers, no answer
        (None, [], {1: 95, 5: 98}, None),
        # Ruth spoke too long ago (more than the reach of 10 paragraphs): Nora's mother
        (None, [], {1: 95, 5: 80}, 0),
        # a man in the exchange is no "her": Mr. Quayle's relatives are not asked
        (None, [], {1: 95, 4: 98}, 0),
    ],
)
def test_her_mother_in_an_exchange_is_the_mother_of_the_one_called_or_present(
    possessor: int | None, addressed: list[int], present: dict[int, int], want: int | None
) -> None:
    from ficlens.characters.descriptions import _kin_in_exchange

    lx = lexicon()
    got = _kin_in_exchange("her", "mother", possessor, 100, _HALLS, present, addressed, lx, 10)
    assert got == want


def test_his_wife_in_an_exchange_is_asked_of_the_men_only() -> None:
    from ficlens.characters.descriptions import _kin_in_exchange

    lx = lexicon()
    # Mr. Quayle present: his wife is Mrs. Quayle; with "her" (a woman's husband) nobody fits "wife"'s owner
    assert _kin_in_exchange("his", "wife", None, 100, _HALLS, {4: 99, 1: 99}, [], lx, 10) == 6
    assert _kin_in_exchange("her", "husband", None, 100, _HALLS, {4: 99}, [], lx, 10) is None
    assert _kin_in_exchange("her", "aunt", None, 100, _HALLS, {1: 99}, [], lx, 10) is None  # no family name to share


@pytest.mark.parametrize(
    ("noun", "possessor", "want"),
    [
        ("aunt", 1, 3),  # "her aunt": the one character written "Aunt Edith"
        ("aunt", 3, None),  # the aunt herself is no one's aunt here
        ("uncle", 1, None),  # no "Uncle" in the cast
    ],
)
def test_her_aunt_is_the_one_character_titled_aunt(noun: str, possessor: int, want: int | None) -> None:
    from ficlens.characters.descriptions import _titled_relative

    assert _titled_relative(noun, possessor, _HALLS) == want
    assert noun in lexicon().title_kin and "father" not in lexicon().title_kin  # "Father Brown" is a priest


@pytest.mark.integration
def test_cried_her_mother_after_her_own_narration_is_the_mother_of_the_one_she_calls(analyzer) -> None:  # type: ignore[no-untyped-def]
    # the narration just before is about Mrs. Hall, so "her" reads as Mrs. Hall herself (no mother of hers in the
    # cast); the quotation calls Nora by name: her mother is Mrs. Hall
    text = (
        "Mrs. Hall kept the shop on Mill Lane with her two daughters, Nora Hall and Tess Hall.\n\n"
        "\"The carrier has not come,\" said Nora.\n\n"
        "Mrs. Hall put down the scoop. She had weighed the flour twice already, and she was cross with everybody.\n\n"
        "\"Nora,\" cried her mother, \"he came an hour ago, while you slept.\"\n\n"
        "\"Then where are the parcels?\"\n"
    )
    a = analyzer.analyze_text(text)
    names = {c.id: c.name for c in a.characters}
    doc = analyzer.last_document
    mother = [m for m in doc.mentions if m.kind == "description" and m.text == "her mother"]
    assert len(mother) == 1 and names.get(mother[0].character or "") == "Mrs. Hall"
    assert "her mother" not in next(c for c in a.characters if c.name == "Mrs. Hall").aliases
