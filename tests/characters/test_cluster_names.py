"""Name clustering on made-up mentions (no spaCy model): aliases, titles, shared surnames, nicknames."""

from __future__ import annotations

from pathlib import Path

from ficlens.characters.grouping import _group_names
from ficlens.characters.lex import lexicon
from ficlens.characters.names import is_diminutive as _diminutive_of
from ficlens.document import Mention
from ficlens.fandoms.kb import KnowledgeBase
from ficlens.fandoms.kb_files import _read_file


def _m(text: str, sent: int, title_gender: str | None = None, quoted: bool = False) -> Mention:
    words = text.split()
    if title_gender:
        words = words[1:]
    key = " ".join(w.lower() for w in words)
    return Mention(sent * 10, sent * 10 + len(text), 0, 0, 1, "name", text, in_quote=quoted,
                   gender_hint=title_gender, key=key, sent=sent)


def _groups(texts: list[tuple[str, str | None]], kb: KnowledgeBase | None = None) -> list[set[str]]:
    mentions = [_m(t, i, g) for i, (t, g) in enumerate(texts)]
    clusters, ambiguous = _group_names(mentions, kb, lexicon())
    return [set(c.surfaces) for c in clusters]


def test_first_name_and_surname_fold_into_full_name() -> None:
    groups = _groups([("Dean Winchester", None), ("Dean", None), ("Winchester", None), ("Bobby", None)])
    assert {"Dean Winchester", "Dean", "Winchester"} in groups
    assert {"Bobby"} in groups


def test_shared_surname_is_ambiguous_and_full_names_stay_apart() -> None:
    mentions = [_m(t, i) for i, t in enumerate(["Dean Winchester", "Sam Winchester", "Winchester", "Sam"])]
    clusters, ambiguous = _group_names(mentions, None, lexicon())
    surfaces = [set(c.surfaces) for c in clusters]
    assert {"Dean Winchester"} in surfaces
    assert {"Sam Winchester", "Sam"} in surfaces
    assert set(ambiguous) == {"winchester"}
    assert len(ambiguous["winchester"]) == 2


def test_titles_of_different_gender_are_different_people() -> None:
    groups = _groups([("Mr. Bennet", "male"), ("Mrs. Bennet", "female"), ("Elizabeth Bennet", None)])
    assert {"Mr. Bennet"} in groups
    assert {"Mrs. Bennet"} in groups
    assert {"Elizabeth Bennet"} in groups


def test_title_folds_into_full_name_of_same_gender() -> None:
    groups = _groups([("Fitzwilliam Darcy", None), ("Mr. Darcy", "male"), ("Darcy", None)])
    assert groups == [{"Fitzwilliam Darcy", "Mr. Darcy", "Darcy"}]


def test_regular_diminutive_folds() -> None:
    groups = _groups([("Sam", None), ("Sam", None), ("Sammy", None)])
    assert groups == [{"Sam", "Sammy"}]


def test_prefix_nickname_folds_but_not_across_gender() -> None:
    assert _groups([("Castiel", None), ("Castiel", None), ("Cas", None)]) == [{"Castiel", "Cas"}]
    assert len(_groups([("Samantha", None), ("Sam", None)])) == 2


def test_a_nickname_written_with_and_without_a_title_folds_into_its_full_name() -> None:
    # "Lizzy" joins "Miss Lizzy" first (two keys of one name): the pair is still one nickname of Elizabeth
    groups = _groups([("Elizabeth Bennet", None), ("Elizabeth Bennet", None), ("Elizabeth", None),
                      ("Miss Lizzy", "female"), ("Lizzy", None), ("Lizzy", None)])
    assert groups == [{"Elizabeth Bennet", "Elizabeth", "Miss Lizzy", "Lizzy"}]
    # a man's title keeps it apart from a woman's name
    groups = _groups([("Elizabeth Bennet", None), ("Elizabeth", None), ("Mr. Lizzy", "male"), ("Lizzy", None)])
    assert len(groups) == 2


def test_a_nickname_full_name_folds_into_the_full_name_it_shortens() -> None:
    groups = _groups([("Elizabeth Bennet", None), ("Elizabeth Bennet", None), ("Eliza Bennet", None),
                      ("Miss Eliza", "female"), ("Jane Bennet", None)])
    assert {"Elizabeth Bennet", "Eliza Bennet", "Miss Eliza"} in groups
    assert {"Jane Bennet"} in groups
    assert len(groups) == 2
    # both written under the same title, or neither: one person; the full name alone titled: a father and a son
    def full(text: str, sent: int) -> Mention:  # a full name under a title: the key is the name alone
        m = _m(text, sent)
        m.key = " ".join(text.lower().split()[-2:])
        return m

    def count(mentions: list[Mention]) -> int:
        return len(_group_names(mentions, None, lexicon())[0])

    assert count([full("Miss Elizabeth Bennet", 0), full("Miss Eliza Bennet", 1)]) == 1
    assert count([full("Francis Oakley", 0), full("Francis Oakley", 1), full("Frank Oakley", 2)]) == 1
    assert count([full("Mr. Thomas Gradgrind", 0), full("Tom Gradgrind", 1)]) == 2


def test_a_kinship_title_stands_before_a_first_name() -> None:
    def titled(text: str, sent: int) -> Mention:  # a title of no gender: the name's key is the name alone
        m = _m(text, sent)
        m.key = text.split()[-1].lower()
        return m

    def groups_of(mentions: list[Mention]) -> list[set[str]]:
        return [set(c.surfaces) for c in _group_names(mentions, None, lexicon())[0]]

    groups = groups_of([_m("Elizabeth Bennet", 0), titled("Cousin Elizabeth", 1), titled("Cousin Bennet", 2)])
    assert {"Elizabeth Bennet", "Cousin Elizabeth"} in groups
    assert {"Cousin Bennet"} in groups  # not a surname, as after a rank
    groups = groups_of([_m("Fitzwilliam Darcy", 0), titled("Colonel Fitzwilliam", 1), titled("Colonel Darcy", 2)])
    assert {"Fitzwilliam Darcy", "Colonel Darcy"} in groups  # "Colonel Fitzwilliam" is not Fitzwilliam Darcy
    assert {"Colonel Fitzwilliam"} in groups


def test_a_nickname_full_name_named_beside_the_full_name_is_someone_else() -> None:
    mentions = [_m("Elizabeth Bennet", 1), _m("Eliza Bennet", 1), _m("Elizabeth Bennet", 2)]
    clusters, _ = _group_names(mentions, None, lexicon())
    assert len(clusters) == 2
    # and a full name of another surname is never a host
    assert len(_groups([("Elizabeth Bennet", None), ("Eliza Darcy", None)])) == 2


def test_names_side_by_side_are_never_merged() -> None:
    mentions = [_m("Sam", 1), _m("Sammy", 1), _m("Sam", 2)]
    clusters, _ = _group_names(mentions, None, lexicon())
    assert len(clusters) == 2


def test_diminutive_rules() -> None:
    lx = lexicon()
    assert _diminutive_of("sammy", "sam", lx)
    assert _diminutive_of("tommy", "tom", lx)
    assert _diminutive_of("lizzy", "elizabeth", lx)  # from the list
    assert not _diminutive_of("sam", "sammy", lx)
    assert not _diminutive_of("dan", "dana", lx)  # both common names: no prefix rule
    assert not _diminutive_of("sam", "samantha", lx)  # a unisex name: no pair from the nicknames package


def test_knowledge_base_nickname_needs_fandom_support(tmp_path: Path) -> None:
    (tmp_path / "spn.toml").write_text(
        'name = "SPN"\n'
        '[[characters]]\ntag = "Sam W"\nname = "Sam W"\naliases = ["Sam"]\nnicknames = ["Moose"]\n'
        '[[characters]]\ntag = "Dean W"\nname = "Dean W"\naliases = ["Dean"]\n'
        '[[characters]]\ntag = "Bobby S"\nname = "Bobby S"\naliases = ["Bobby"]\n',
        encoding="utf-8",
    )
    kb = KnowledgeBase([_read_file(tmp_path / "spn.toml")])
    # Dean and Bobby support the fandom: "Moose" is Sam
    groups = _groups([("Sam", None), ("Sam", None), ("Moose", None), ("Dean", None), ("Bobby", None)], kb)
    assert {"Sam", "Moose"} in groups
    # alone, nothing supports the fandom: "Moose" stays apart
    groups = _groups([("Sam", None), ("Sam", None), ("Moose", None)], kb)
    assert {"Moose"} in groups


def test_a_nickname_from_the_nicknames_package_folds_into_its_full_name() -> None:
    # "Frank" and "Jem" are in no hand-made list: the nicknames package pairs them with Francis and James
    assert _groups([("Francis", None), ("Francis", None), ("Frank", None)]) == [{"Francis", "Frank"}]
    assert _groups([("James Harthouse", None), ("James", None), ("Jem", None)]) == [{"James Harthouse", "James", "Jem"}]


def test_a_package_pair_with_another_initial_is_not_taken() -> None:
    # the package pairs "eliza" with "louisa" too; two women of those names are two characters
    lx = lexicon()
    assert _diminutive_of("eliza", "elizabeth", lx)
    assert not _diminutive_of("eliza", "louisa", lx)
    assert len(_groups([("Louisa", None), ("Louisa", None), ("Eliza", None)])) == 2
    # a rhyming nickname comes from the hand-made list only
    assert _diminutive_of("peggy", "margaret", lx)
