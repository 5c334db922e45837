"""A tag subject that describes someone by sex, age or looks ("returned the girl", "said the blond"): an epithet of
someone in the scene as often as someone new. Left to the conversation when someone of its gender is in reach
(``tag_subjects.open_epithet``, hand-built parses, no model), and a described speaker made of it yields to the
decoder's pick of a fitting gender (``learned.OwnTags``)."""

from __future__ import annotations

from types import SimpleNamespace

from ficlens.model import Quote
from ficlens.quotes.common import _Lex, _State
from ficlens.quotes.learned import OwnTags
from ficlens.quotes.tag_subjects import epithet_shape, open_epithet
from ficlens_testutil import tagged_parse

_LEX = SimpleNamespace(
    tag_kind=lambda w: "speech" if w in ("returned", "said") else None,
    epithets=frozenset({"girl", "man", "lady"}),
    gendered={"girl": "female", "man": "male", "lady": "female", "waiter": "male"},
    abstract_suffixes=("tion", "ness"),
    contrast=frozenset({"older", "younger", "dark-haired"}),
)


def _speakers(**kw):  # type: ignore[no-untyped-def]
    base = {"described": {}, "created": {}, "alias": {}, "gender": {"c1": "female", "c2": "male"}, "narrator": None}
    return SimpleNamespace(**{**base, **kw})


def _tag(det: str, noun: str, adj: str | None = None, tail: list[tuple[str, str, str, int]] | None = None):
    """'"Yes," returned the [adj] noun [tail].' as one paragraph: the quote, the verb, the subject."""
    words = ['"', "Yes", ",", '"', "returned", det]
    heads = [4, 4, 4, 4, 4, 7 if adj else 6]
    deps = ["punct", "intj", "punct", "punct", "ROOT", "det"]
    pos = ["PUNCT", "INTJ", "PUNCT", "PUNCT", "VERB", "DET"]
    if adj:
        words.append(adj)
        heads.append(7)
        deps.append("amod")
        pos.append("ADJ")
    noun_i = len(words)
    words.append(noun)
    heads.append(4)
    deps.append("nsubj")
    pos.append("NOUN")
    for w, dep, p, head in tail or []:
        words.append(w)
        heads.append(noun_i + head)
        deps.append(dep)
        pos.append(p)
    words.append(".")
    heads.append(4)
    deps.append("punct")
    pos.append("PUNCT")
    doc, d = tagged_parse(words, heads, deps, pos)
    doc.set_quote_spans([(0, d[3].idx + 1)])  # '"Yes,"'
    return doc, d, noun_i


def _in_reach(*cids: str) -> _State:
    return _State(recent=[(0, c) for c in cids], first_narrator=[None])


def test_a_description_by_sex_or_age_with_someone_of_its_gender_in_reach_is_left_to_the_conversation() -> None:
    doc, d, i = _tag("the", "girl")
    assert open_epithet(doc, 0, d[i], _speakers(), _in_reach("c1"), _LEX) == "female"  # type: ignore[arg-type]
    doc, d, i = _tag("the", "man", adj="older")
    assert open_epithet(doc, 0, d[i], _speakers(), _in_reach("c2"), _LEX) == "male"  # type: ignore[arg-type]
    doc, d, i = _tag("that", "lady")
    assert open_epithet(doc, 0, d[i], _speakers(), _in_reach("c1"), _LEX) == "female"  # type: ignore[arg-type]
    doc, d, i = _tag("the", "man", adj="dark-haired")
    assert epithet_shape(d[i], _LEX) == "male"  # type: ignore[arg-type]


def test_an_adjective_of_how_the_narration_sees_someone_is_no_epithet() -> None:
    # "continued the prostrate man": a description of its own, not one of two people told apart
    doc, d, i = _tag("the", "man", adj="prostrate")
    assert epithet_shape(d[i], _LEX) is None  # type: ignore[arg-type]
    assert open_epithet(doc, 0, d[i], _speakers(), _in_reach("c2"), _LEX) is None  # type: ignore[arg-type]


def test_no_one_of_its_gender_in_reach_keeps_the_description() -> None:
    doc, d, i = _tag("the", "girl")
    assert open_epithet(doc, 0, d[i], _speakers(), _in_reach("c2"), _LEX) is None  # type: ignore[arg-type]
    assert open_epithet(doc, 0, d[i], _speakers(), _in_reach(), _LEX) is None  # type: ignore[arg-type]


def test_someone_new_a_part_played_or_a_capitalised_epithet_keeps_the_description() -> None:
    state = _in_reach("c1", "c2")
    doc, d, i = _tag("a", "girl")  # someone new
    assert open_epithet(doc, 0, d[i], _speakers(), state, _LEX) is None  # type: ignore[arg-type]
    doc, d, i = _tag("the", "waiter")  # a part a person plays
    assert open_epithet(doc, 0, d[i], _speakers(), state, _LEX) is None  # type: ignore[arg-type]
    doc, d, i = _tag("the", "Man", adj="Invisible")  # a name the text gives
    assert open_epithet(doc, 0, d[i], _speakers(), state, _LEX) is None  # type: ignore[arg-type]


def test_a_description_already_made_a_speaker_or_given_as_an_alias_keeps_it() -> None:
    state = _in_reach("c1")
    doc, d, i = _tag("the", "girl")
    assert open_epithet(doc, 0, d[i], _speakers(described={"girl": "c9"}), state, _LEX) is None  # type: ignore[arg-type]
    assert open_epithet(doc, 0, d[i], _speakers(alias={"the girl": "c1"}), state, _LEX) is None  # type: ignore[arg-type]


def test_a_described_speaker_of_the_same_noun_in_reach_keeps_the_description() -> None:
    # "said the man with the black beard" two paragraphs up: "said the older man" is no epithet of a name
    doc, d, i = _tag("the", "man", adj="older")
    speakers = _speakers(created={"c9": "man"}, gender={"c2": "male", "c9": "male"})
    assert open_epithet(doc, 0, d[i], speakers, _in_reach("c2", "c9"), _LEX) is None  # type: ignore[arg-type]
    assert open_epithet(doc, 0, d[i], speakers, _in_reach("c2"), _LEX) == "male"  # type: ignore[arg-type]


def test_an_identifying_phrase_names_someone_described() -> None:
    # "returned the man with the black beard": the text's name for a person of its own
    tail = [("with", "prep", "ADP", 0), ("the", "det", "DET", 4), ("black", "amod", "ADJ", 4),
            ("beard", "pobj", "NOUN", 1)]
    doc, d, i = _tag("the", "man", tail=tail)
    lex = SimpleNamespace(**vars(_LEX))
    assert open_epithet(doc, 0, d[i], _speakers(), _in_reach("c2"), lex) is None  # type: ignore[arg-type]


def test_a_noun_the_narration_just_used_points_back_to_that_person() -> None:
    # 'A man came in. "Yes," returned the man.'
    words = ["A", "man", "came", "in", ".", '"', "Yes", ",", '"', "returned", "the", "man", "."]
    heads = [1, 2, 2, 2, 2, 9, 9, 9, 9, 9, 11, 9, 9]
    deps = ["det", "nsubj", "ROOT", "prt", "punct", "punct", "intj", "punct", "punct", "ROOT", "det", "nsubj",
            "punct"]
    pos = ["DET", "NOUN", "VERB", "ADP", "PUNCT", "PUNCT", "INTJ", "PUNCT", "PUNCT", "VERB", "DET", "NOUN", "PUNCT"]
    doc, d = tagged_parse(words, heads, deps, pos)
    doc.set_quote_spans([(d[5].idx, d[8].idx + 1)])  # '"Yes,"'
    assert open_epithet(doc, 0, d[11], _speakers(), _in_reach("c2"), _LEX) is None  # type: ignore[arg-type]


def test_the_epithet_nouns_come_from_the_lexicon() -> None:
    lex = _Lex.load()
    assert {"girl", "man", "blond"} <= lex.epithets
    assert not {"waiter", "clerk", "detective"} & lex.epithets


def _quote(speaker: str, method: str = "descriptive") -> Quote:
    return Quote("q1", 0, 5, '"Yes"', speaker=speaker, method=method)


def test_a_described_epithet_yields_to_the_decoders_pick_of_a_fitting_gender() -> None:
    ep = OwnTags(gender={"c9": "female", "c8": "unknown"}, genders={"c1": "female", "c2": "male", "c3": "unknown"})
    assert ep.yields(_quote("c9"), "c1")
    assert ep.yields(_quote("c9"), "c3")  # a pick of unknown gender fits
    assert not ep.yields(_quote("c9"), "c2")  # a man is not "the girl"
    assert ep.yields(_quote("c8"), "c2")  # "the person": anyone
    assert not ep.yields(_quote("c9"), "c9")  # the decoder agrees


def test_a_named_tag_or_a_part_played_never_yields() -> None:
    ep = OwnTags(gender={"c9": "female"}, genders={"c1": "female", "c7": "male"})
    assert not ep.yields(_quote("c1", method="explicit"), "c9")  # "said Ruth"
    assert not ep.yields(_quote("c7"), "c1")  # "said the waiter": not an epithet's character
    assert not ep.yields(_quote("c9", method="anaphoric"), "c1")


def test_an_earlier_tags_epithet_is_no_description_to_point_back_to() -> None:
    # '"Hi," said the man. "Yes," returned the man.': the first "the man" is an epithet too, not someone described
    words = ['"', "Hi", ",", '"', "said", "the", "man", ".", '"', "Yes", ",", '"', "returned", "the", "man", "."]
    heads = [4, 4, 4, 4, 4, 6, 4, 4, 12, 12, 12, 12, 12, 14, 12, 12]
    deps = ["punct", "intj", "punct", "punct", "ROOT", "det", "nsubj", "punct", "punct", "intj", "punct", "punct",
            "ROOT", "det", "nsubj", "punct"]
    pos = ["PUNCT", "INTJ", "PUNCT", "PUNCT", "VERB", "DET", "NOUN", "PUNCT", "PUNCT", "INTJ", "PUNCT", "PUNCT",
           "VERB", "DET", "NOUN", "PUNCT"]
    doc, d = tagged_parse(words, heads, deps, pos)
    doc.set_quote_spans([(0, d[3].idx + 1), (d[8].idx, d[11].idx + 1)])  # '"Hi,"', '"Yes,"'
    assert open_epithet(doc, 0, d[14], _speakers(), _in_reach("c2"), _LEX) == "male"  # type: ignore[arg-type]


def test_a_he_or_she_tag_stands_against_the_first_person_narrator() -> None:
    # '"No," I said. ... "This is a good place," he said.': the turn went to the narrator, the second quote is his
    ep = OwnTags(gender={}, genders={"c7": "male", "c3": "male"}, narrator="c7")
    assert ep.stands(_quote("c3", method="anaphoric"), "c7", "male")
    assert not ep.stands(_quote("c3", method="anaphoric"), "c2", "male")  # the pick is no narrator
    assert not ep.stands(_quote("c3", method="anaphoric"), "c7", None)  # no third-person pronoun in the tag
    assert not ep.stands(_quote("c3", method="turn-taking"), "c7", "male")  # no tag of its own
    assert not OwnTags({}, {}).stands(_quote("c3", method="anaphoric"), "c7", "male")  # third-person narration
