"""A tag "he"/"she" right after narration whose subject is a described person ("the doctor") stands for that
person, not for a character the narration named before."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

_STORY = (
    "Tom Birch lay in the narrow bed under the window. Tom had not slept since Monday.\n\n"
    "Late in the evening {subject} came up the stairs and took the boy's wrist in {poss} hand.\n\n"
    '"There is nothing more to be done tonight," {pron} said. "I shall call again in the morning."\n'
)


def _names(analysis) -> list[str | None]:  # type: ignore[no-untyped-def]
    names = {c.id: c.name for c in analysis.characters}
    return [names.get(q.speaker) if q.speaker else None for q in analysis.quotes]


def test_a_tag_pronoun_after_a_described_subject_is_that_person(analyse):  # type: ignore[no-untyped-def]
    analysis, _ = analyse(_STORY.format(subject="the doctor", poss="his", pron="he"))
    assert _names(analysis) == ["The doctor", "The doctor"]


def test_a_named_subject_keeps_the_pronoun_as_the_character_stage_read_it(analyse):  # type: ignore[no-untyped-def]
    analysis, _ = analyse(_STORY.format(subject="Dr. Hale", poss="his", pron="he"))
    assert _names(analysis) == ["Dr. Hale", "Dr. Hale"]


def test_a_described_subject_of_the_other_gender_is_not_the_pronoun(analyse):  # type: ignore[no-untyped-def]
    # "the nurse" may be either; "the old woman" is not "he"
    analysis, _ = analyse(_STORY.format(subject="the old woman", poss="her", pron="he"))
    assert "The old woman" not in _names(analysis)


def test_a_named_main_clause_subject_right_before_is_the_tag_pronoun(analyse):  # type: ignore[no-untyped-def]
    text = (
        "Miss Lane sat with Mary Ord by the fire. Mary had a letter from Ellen in her lap, and Ellen had written "
        "it in a hurry to Mary.\n\n"
        '"Will you read it to me?" asked Mary.\n\n'
        "Miss Lane took the letter from Mary and read the first lines to Mary in a low voice. "
        '"She is coming home on Sunday," she said.\n'
    )
    analysis, _ = analyse(text)
    assert _names(analysis) == ["Mary Ord", "Miss Lane"]


def test_only_a_main_clause_subject_counts() -> None:
    import spacy
    from spacy.tokens import Doc

    from ficlens.quotes.tag_subjects import _main_clause

    vocab = spacy.blank("en").vocab
    # "Dan sat down and Tony laughed when Rabbit spoke ."
    words = ["Dan", "sat", "down", "and", "Tony", "laughed", "when", "Rabbit", "spoke", "."]
    heads = [1, 1, 1, 1, 5, 1, 8, 8, 5, 1]
    deps = ["nsubj", "ROOT", "prt", "cc", "nsubj", "conj", "advmod", "nsubj", "advcl", "punct"]
    d = Doc(vocab, words=words, heads=heads, deps=deps)
    assert _main_clause(d[0])  # the sentence's own verb
    assert _main_clause(d[4])  # a verb joined to it by "and"
    assert not _main_clause(d[7])  # "when Rabbit spoke": a clause hung on it


def _chain(words: list[str], heads: list[int], deps: list[str], pos: list[str], mentions: dict[int, tuple[str, str]]):  # type: ignore[no-untyped-def]
    """The reading of the last token (a tag "she"/"he") by the narration subjects before it, on a hand-built parse
    whose ``mentions`` (token -> kind, character) stand for the character stage's reading."""
    from ficlens.document import Mention
    from ficlens.quotes.common import _Lex, _State
    from ficlens.quotes.speakers import _Speakers
    from ficlens.quotes.tag_subjects import _described_antecedent
    from ficlens_testutil import tagged_parse

    doc, d = tagged_parse(words, heads, deps, pos)
    mention_at = {
        (0, i): Mention(d[i].idx, d[i].idx + len(d[i].text), 0, i, i + 1, kind, d[i].text, character=cid)
        for i, (kind, cid) in mentions.items()
    }
    lex = _Lex.load()
    pclass = {"she": "female", "he": "male", "her": "female"}
    tag = d[len(d) - 1]
    return _described_antecedent(doc, 0, tag, pclass[tag.lower_], mention_at, pclass, _Speakers(doc, lex), _State(),
                                 lex)


def test_a_pronoun_subject_before_the_tag_passes_the_reading_on_to_the_name_it_continues() -> None:
    # "Nora smiled . She was tired . she": the "She" goes on Nora's chain, whatever the character stage made of it
    words = ["Nora", "smiled", ".", "She", "was", "tired", ".", "she"]
    heads = [1, 1, 1, 4, 4, 4, 4, 7]
    deps = ["nsubj", "ROOT", "punct", "nsubj", "ROOT", "acomp", "punct", "ROOT"]
    pos = ["PROPN", "VERB", "PUNCT", "PRON", "AUX", "ADJ", "PUNCT", "PRON"]
    found = _chain(words, heads, deps, pos, {0: ("name", "c1"), 3: ("pronoun", "c2"), 7: ("pronoun", "c2")})
    assert found == "c1"


def test_a_description_before_a_pronoun_chain_is_not_the_tag_pronoun() -> None:
    # "the vicar smiled . He was tired . he": the chain may have passed over the vicar ("he told the vicar ...")
    words = ["the", "vicar", "smiled", ".", "He", "was", "tired", ".", "he"]
    heads = [1, 2, 2, 2, 5, 5, 5, 5, 8]
    deps = ["det", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "acomp", "punct", "ROOT"]
    pos = ["DET", "NOUN", "VERB", "PUNCT", "PRON", "AUX", "ADJ", "PUNCT", "PRON"]
    assert _chain(words, heads, deps, pos, {4: ("pronoun", "c2"), 8: ("pronoun", "c2")}) is None


def _resolve_tag(words: list[str], heads: list[int], deps: list[str], pos: list[str],
                 mentions: dict[int, tuple[str, str, bool]], recent: list[tuple[int, str]]) -> str | None:
    """The character ``tag_subjects._resolve`` reads the last token (a tag "he") as, on a hand-built parse whose
    ``mentions`` (token -> kind, character, inside a quotation) stand for the character stage's reading, with
    ``recent`` the (paragraph, character) named or speaking before."""
    from ficlens.document import Mention
    from ficlens.quotes.common import _Lex, _State
    from ficlens.quotes.speakers import _Speakers
    from ficlens.quotes.tag_subjects import _resolve
    from ficlens_testutil import tagged_parse

    doc, d = tagged_parse(words, heads, deps, pos)
    mention_at = {
        (0, i): Mention(d[i].idx, d[i].idx + len(d[i].text), 0, i, i + 1, kind, d[i].text, character=cid,
                        in_quote=quoted)
        for i, (kind, cid, quoted) in mentions.items()
    }
    lex, state = _Lex.load(), _State(recent=list(recent))
    cid, _how = _resolve(doc, 0, d[len(d) - 1], mention_at, {"he": "male"}, _Speakers(doc, lex), state, lex, True)
    return cid


# '“ Do n't tell Hollis , ” he'
_ABOUT = (["“", "Do", "n't", "tell", "Hollis", ",", "”", "he"],
          [3, 3, 3, 3, 3, 3, 3, 7],
          ["punct", "aux", "neg", "ROOT", "dobj", "punct", "punct", "ROOT"],
          ["PUNCT", "AUX", "PART", "VERB", "PROPN", "PUNCT", "PUNCT", "PRON"])


def test_a_tag_pronoun_is_not_the_one_its_quotation_talks_about() -> None:
    # the character stage read "he" as Hollis, named only inside the quotation: the latest other man in reach
    mentions = {4: ("name", "c1", True), 7: ("pronoun", "c1", False)}
    assert _resolve_tag(*_ABOUT, mentions, [(0, "c2"), (0, "c1")]) == "c2"
    # nobody else in reach: the reading stands
    assert _resolve_tag(*_ABOUT, mentions, [(0, "c1")]) == "c1"


def test_a_tag_pronoun_named_in_the_narration_too_keeps_its_reading() -> None:
    # 'Rain fell on Hollis . “ Do n't tell Hollis , ” he': named in the narration before the quotation as well
    words, heads, deps, pos = _ABOUT
    words = ["Rain", "fell", "on", "Hollis", ".", *words]
    heads = [1, 1, 1, 2, 1, *[h + 5 for h in heads]]
    deps = ["nsubj", "ROOT", "prep", "pobj", "punct", *deps]
    pos = ["NOUN", "VERB", "ADP", "PROPN", "PUNCT", *pos]
    mentions = {3: ("name", "c1", False), 9: ("name", "c1", True), 12: ("pronoun", "c1", False)}
    assert _resolve_tag(words, heads, deps, pos, mentions, [(0, "c2"), (0, "c1")]) == "c1"
