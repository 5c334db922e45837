"""Grouping names under titles (made-up mentions, no spaCy model): the title's class, ranks, gender from titles."""

from __future__ import annotations

from ficlens.characters.gender import decide_gender
from ficlens.characters.grouping import _Cluster, _group_names, _name_gender
from ficlens.characters.lex import lexicon
from ficlens.document import Mention

_TITLE_GENDER = {"mr.": "male", "mrs.": "female", "miss": "female", "monsieur": "male"}


def _m(text: str, sent: int) -> Mention:
    words = text.split()
    lx = lexicon()
    title = words[0].lower() if len(words) > 1 and words[0].lower().rstrip(".") in lx.titles else None
    key = " ".join(w.lower() for w in (words[1:] if title else words))
    return Mention(sent * 10, sent * 10 + len(text), 0, 0, 1, "name", text, gender_hint=_TITLE_GENDER.get(title or ""),
                   key=key, sent=sent)


def _groups(texts: list[str]) -> list[set[str]]:
    clusters, _ = _group_names([_m(t, i) for i, t in enumerate(texts)], None, lexicon())
    return [set(c.surfaces) for c in clusters]


def test_miss_and_mrs_of_one_surname_are_two_women() -> None:
    groups = _groups(["Mrs. Hale", "Miss Hale", "Mrs. Hale", "Miss Hale"])
    assert {"Mrs. Hale"} in groups
    assert {"Miss Hale"} in groups


def test_miss_folds_into_the_one_woman_of_that_surname_and_mrs_stays_apart() -> None:
    groups = _groups(["Margaret Hale", "Miss Hale", "Mrs. Hale", "Arthur Hale", "Mr. Hale"])
    assert {"Margaret Hale", "Miss Hale"} in groups
    assert {"Mrs. Hale"} in groups


def test_mr_and_monsieur_are_one_kind_of_title() -> None:
    groups = _groups(["Mr. Lebrun", "Monsieur Lebrun", "Madame Lebrun"])
    assert {"Mr. Lebrun", "Monsieur Lebrun"} in groups
    assert {"Madame Lebrun"} in groups


def test_a_rank_names_a_surname_not_a_first_name() -> None:
    groups = _groups(["Fitzwilliam Darcy", "Colonel Fitzwilliam", "Fitzwilliam Darcy"])
    assert {"Colonel Fitzwilliam"} in groups
    groups = _groups(["Frederick Tilney", "Captain Tilney"])
    assert groups == [{"Frederick Tilney", "Captain Tilney"}]


def test_two_ranks_of_one_surname_are_two_people() -> None:
    groups = _groups(["General Tilney", "Captain Tilney"])
    assert len(groups) == 2


def test_titled_mentions_outvote_loose_pronoun_votes() -> None:
    lx = lexicon()
    c = _Cluster(keys=["darcy"])
    c.title_votes["male"] = 12
    assert decide_gender(c, {"female": 6.0, "male": 1.0}, lx) == "male"
    c.title_votes.clear()
    assert decide_gender(c, {"female": 6.0, "male": 1.0}, lx) == "female"


def test_first_name_gender_is_weighed_by_mentions() -> None:
    lx = lexicon()
    c = _Cluster(keys=["will helen", "helen"])
    c.mentions = [_m("Will Helen", 0)] + [_m("Helen", i) for i in range(1, 6)]
    assert _name_gender(c, lx) == "female"


def test_a_title_across_a_line_break_groups_the_name_under_it() -> None:
    import types

    import spacy

    from ficlens.characters.cluster import _titles_across_breaks

    nlp = spacy.blank("en")
    d = nlp('"Well," said Mr.\nHilbery, and Hilbery smiled.')
    at = [t.i for t in d if t.text == "Hilbery"]
    names = [Mention(d[i].idx, d[i].idx + 7, 0, i, i + 1, "name", "Hilbery", key="hilbery", sent=0) for i in at]
    titles = _titles_across_breaks(types.SimpleNamespace(docs=[d]), names, lexicon())  # type: ignore[arg-type]
    assert titles == {id(names[0]): "mr"}  # the second "Hilbery" has no title before it
    mentions = [_m("Katharine Hilbery", 0), _m("Mrs. Hilbery", 1), _m("Mr. Hilbery", 2), names[0]]
    clusters, _ = _group_names(mentions, None, lexicon(), titles)
    mr = next(c for c in clusters if "Mr. Hilbery" in c.surfaces)
    assert mr.surfaces["Hilbery"] == 1 and mr.title_votes["male"] == 2


def test_knowledge_base_gender_yields_to_first_name_and_pronouns() -> None:
    from ficlens.fandoms.kb_model import KBCharacter

    lx = lexicon()
    woman = KBCharacter(tag="Edmund X", name="Edmund X", aliases=("Edmund",), gender="female", fandom="F")
    # a first name the list knows as a man's outranks a namesake of another gender in some fandom
    c = _Cluster(keys=["edmund"], kb=[woman])
    c.mentions = [_m("Edmund", 0)]
    assert decide_gender(c, {}, lx) == "male"
    # a name the list does not know: the knowledge base decides when the pronouns are too few
    c = _Cluster(keys=["zorp"], kb=[woman])
    c.mentions = [_m("Zorp", 0)]
    assert decide_gender(c, {"male": 1.0}, lx) == "female"


def test_a_gendered_noun_used_as_a_name_gives_its_gender() -> None:
    lx = lexicon()
    c = _Cluster(keys=["nanny"])
    c.mentions = [_m("Nanny", i) for i in range(3)]
    assert _name_gender(c, lx) == "female"
    c = _Cluster(keys=["nanny smith"])  # only a one-word name: "Nanny Smith" is no evidence by this rule
    c.mentions = [_m("Nanny Smith", 0)]
    assert _name_gender(c, lx) == "unknown"


def _pending(first_gender: str, pronoun_votes: float = 5) -> list[set[str]]:
    from ficlens.characters.grouping import _Tally, join_pending

    lx = lexicon()
    texts = ["Hercule Poirot", "Monsieur Poirot", "Monsieur Poirot"]
    clusters, _ = _group_names([_m(t, i) for i, t in enumerate(texts)], None, lx)
    assert len(clusters) == 2  # a first name of unknown gender: no evidence yet
    votes = []
    for c in clusters:
        v = _Tally({first_gender: pronoun_votes} if "Hercule Poirot" in c.surfaces else {})
        c.gender = decide_gender(c, v, lx)
        votes.append(v)
    return [set(c.surfaces) for c in join_pending(clusters, votes, lx)]


def test_a_titled_surname_joins_the_full_name_the_pronouns_gave_the_titles_gender() -> None:
    assert _pending("male") == [{"Hercule Poirot", "Monsieur Poirot"}]


def test_a_titled_surname_stays_apart_from_a_full_name_of_the_other_gender_or_none() -> None:
    assert len(_pending("female")) == 2  # "Mr Verloc" and a "Winnie Verloc" the pronouns made a woman
    assert len(_pending("male", pronoun_votes=1)) == 2  # one pronoun says too little


def test_titled_surname_joins_the_one_full_name_written_under_that_title() -> None:
    """"Mrs. Lynde" is the "Mrs. Rachel Lynde" the story writes twice, though "Thomas Lynde" shares the
    surname; "Mr. Gradgrind" is "Mr. Thomas Gradgrind" beside a son "Tom Gradgrind"; the first name under
    the title ("Mrs. Rachel") joins too."""
    groups = _groups(["Mrs. Rachel Lynde", "Thomas Lynde", "Mrs. Lynde", "Mrs. Rachel Lynde", "Mrs. Rachel"])
    assert {"Mrs. Rachel Lynde", "Mrs. Lynde", "Mrs. Rachel"} in groups
    groups = _groups(["Mr. Thomas Gradgrind", "Tom Gradgrind", "Mr. Gradgrind", "Mr. Thomas Gradgrind"])
    assert {"Mr. Thomas Gradgrind", "Mr. Gradgrind"} in groups
    assert {"Tom Gradgrind"} in groups


def test_titled_full_name_written_once_or_twice_titled_names_or_miss_are_no_evidence() -> None:
    groups = _groups(["Mr. Thomas Gradgrind", "Tom Gradgrind", "Mr. Gradgrind"])  # written so once: apart
    assert {"Mr. Gradgrind"} in groups
    two = ["Mr. John Cavendish", "Mr. Lawrence Cavendish", "Mr. Cavendish"] * 2
    assert {"Mr. Cavendish"} in _groups(two)
    # "Miss Schlegel" is the elder sister even where the story writes "Miss Helen Schlegel"
    groups = _groups(["Miss Helen Schlegel", "Margaret Schlegel", "Miss Schlegel", "Miss Helen Schlegel"])
    assert {"Miss Schlegel"} in groups



def test_a_first_name_glued_once_to_a_word_no_other_name_has_is_no_second_bearer() -> None:
    # "...and on Margaret Oniton left its mark": once, and no other name says "oniton"
    groups = _groups(["Margaret Schlegel", "Miss Schlegel", "Margaret Oniton", "Margaret", "Margaret"])
    assert {"Margaret Schlegel", "Miss Schlegel", "Margaret"} in groups
    assert {"Margaret Oniton"} in groups


def test_a_first_name_two_full_names_share_stays_ambiguous() -> None:
    names = [_m(t, i) for i, t in enumerate(["Helen Schlegel", "Miss Schlegel", "Helen Wilcox", "Mr. Wilcox", "Helen"])]
    clusters, ambiguous = _group_names(names, None, lexicon())
    assert len(ambiguous["helen"]) == 2
    assert not any("Helen" in c.surfaces for c in clusters)


def test_a_full_name_written_once_leaves_its_first_name_to_the_bearer_named_so_throughout() -> None:
    # "She was Brenda Rex" once, "Katharine Cassandra" once (two first names side by side), beside a Brenda and
    # a Katharine whose full names the story writes again and again: the bare first names are theirs
    often = ["Brenda Last"] * 10 + ["Katharine Hilbery"] * 10 + ["Cassandra Otway"] * 3
    names = [_m(t, i) for i, t in enumerate([*often, "Brenda Rex", "Katharine Cassandra", "Brenda", "Katharine"])]
    clusters, ambiguous = _group_names(names, None, lexicon())
    groups = [set(c.surfaces) for c in clusters]
    assert {"Brenda Last", "Brenda"} in groups and {"Brenda Rex"} in groups
    assert {"Katharine Hilbery", "Katharine"} in groups and {"Katharine Cassandra"} in groups
    # two bearers each written more than the rare share, or a surname, stay ambiguous
    names = [_m(t, i) for i, t in enumerate(["Helen Schlegel"] * 10 + ["Helen Wilcox"] * 3 + ["Helen"])]
    assert len(_group_names(names, None, lexicon())[1]["helen"]) == 2
    names = [_m(t, i) for i, t in enumerate(["Elizabeth Bennet"] * 20 + ["Mary Bennet", "Bennet"])]
    assert len(_group_names(names, None, lexicon())[1]["bennet"]) == 2


def test_a_pet_name_used_again_and_again_stays_apart_from_a_full_name_written_once() -> None:
    # "before you could say Jack Robinson" once, "Jacky" a dozen times: she is no Jack
    groups = _groups(["Jack Robinson"] + ["Jacky"] * 12)
    assert {"Jack Robinson"} in groups and {"Jacky"} in groups
    # a full name written often enough takes its pet name
    assert _groups(["Jack Robinson"] * 2 + ["Jacky"] * 12) == [{"Jack Robinson", "Jacky"}]


def test_mrs_before_a_mans_full_name_is_his_wife_not_him() -> None:
    # "Mrs. Charles Wilcox" (the wife called by her husband's name) was grouped with Charles Wilcox, who then
    # took her lines and her gender
    groups = _groups(["Charles Wilcox", "Charles", "Mrs. Charles Wilcox", "Charles Wilcox", "Mrs. Charles Wilcox"])
    assert {"Charles Wilcox", "Charles"} in groups
    assert {"Mrs. Charles Wilcox"} in groups
    # a title of the name's own gender stays one person: "Mr. Charles Wilcox" is Charles Wilcox
    assert _groups(["Charles Wilcox", "Mr. Charles Wilcox"]) == [{"Charles Wilcox", "Mr. Charles Wilcox"}]


def test_a_bare_surname_is_not_the_woman_named_only_under_her_title() -> None:
    # "Mrs Beaver" is never "Beaver": the bare surname is her son John Beaver's, and it used to go to whichever
    # of the two was more salient, which made two "Beaver"s of one conversation
    groups = _groups(["John Beaver", "Mrs. Beaver", "Beaver", "Mrs. Beaver", "Beaver"])
    assert {"John Beaver", "Beaver"} in groups
    assert {"Mrs. Beaver"} in groups
    # two bearers besides her stay ambiguous between them, not her
    names = [_m(t, i) for i, t in enumerate(["John Thorpe", "Isabella Thorpe", "Mrs. Thorpe", "Thorpe"])]
    clusters, ambiguous = _group_names(names, None, lexicon())
    assert sorted(c.words[0] for c in ambiguous["thorpe"]) == ["isabella", "john"]
    # a woman named under her title alone keeps her bare surname when no one else bears it
    assert _groups(["Mrs. Norris", "Norris", "Mrs. Norris"]) == [{"Mrs. Norris", "Norris"}]
