"""Who talks how (quotes/idiolect.py): the forms of address and names a character's tagged lines use, and the words
of the lines the hand-weighted decoder gives them, against an untagged turn; tiny hand-built documents (no parse
needed)."""

from __future__ import annotations

import re

import pytest

from ficlens.document import Document, Mention, Paragraph
from ficlens.ingest.base import Work
from ficlens.model import Analysis, Quote, WorkInfo
from ficlens.quotes.common import Attribution
from ficlens.quotes.idiolect import IDIOLECT_FEATURES, Idiolect

COL = {n: i for i, n in enumerate(IDIOLECT_FEATURES)}
FORMS = [COL["form_share"], COL["form_known"]]

# Mack says "ma'am"; Dora says "sir" and calls him "Mack"; the last three lines are untagged
TEXT = """"I reckon it won't rain, ma'am," said Mack.

"Oh, sir, that is simply absurd," said Dora.

"Well, the barn isn't dry neither, ma'am," said Mack.

"Mack, you are hopeless," said Dora.

"It isn't my barn, ma'am."

"Simply dreadful, sir."

"Go home, Mack."
"""


def _parsed(text: str) -> tuple[Document, list[Quote]]:
    """A document of ``text`` (one paragraph a line) and its quotations, with no parse."""
    doc = Document(
        work=Work(text=text, format="txt", source="t"),
        analysis=Analysis(work=WorkInfo(None, [], "t", "txt", "en", 0)),
        paragraphs=[Paragraph(i, m.start(), m.end(), 0, 0) for i, m in enumerate(re.finditer(r"[^\n]+", text))],
    )
    quotes = [Quote(id=f"q{i}", start=m.start(), end=m.end(), text=m.group())
              for i, m in enumerate(re.finditer(r'"[^"]*"', text))]
    return doc, quotes


def _doc_and_quotes(tagged: tuple[str | None, ...] = ("mack", "dora", "mack", "dora")) -> tuple[Document, list[Quote]]:
    doc, quotes = _parsed(TEXT)
    for qi, who in enumerate(tagged):
        if who is not None:
            quotes[qi].speaker, quotes[qi].method = who, "explicit"
    # "Mack" inside Dora's second line and inside the last line: name mentions in quotes
    for at in (TEXT.index('"Mack, you') + 1, TEXT.index("Go home, Mack") + 9):
        doc.mentions.append(Mention(at, at + 4, doc.paragraph_at(at), 0, 1, "name", "Mack", "mack", in_quote=True))
    return doc, quotes


def test_an_untagged_line_follows_the_habit_of_the_one_who_talks_that_way() -> None:
    doc, quotes = _doc_and_quotes()
    cols = Idiolect(doc, quotes).columns([[4], [5], [6]], ["mack", "dora", "stranger"])
    share = cols[:, :, COL["form_share"]]
    # "ma'am" is Mack's in every tagged use; "sir" is Dora's; only Dora calls him "Mack"
    assert list(share[0]) == pytest.approx([1.0, 0.0, 0.0])
    assert list(share[1]) == pytest.approx([0.0, 1.0, 0.0])
    assert list(share[2]) == pytest.approx([0.0, 1.0, 0.0])
    assert cols[0, 0, COL["form_known"]] > 0.0 and cols[0, 0, COL["form_known"]] == cols[0, 2, COL["form_known"]]


def test_a_line_with_no_form_of_address_or_name_has_no_habit() -> None:
    doc, quotes = _doc_and_quotes()
    quotes[4].text = '"It isn\'t my barn."'
    cols = Idiolect(doc, quotes).columns([[4]], ["mack", "dora"])
    assert not cols[..., FORMS].any()


def test_a_form_both_use_is_shared_by_their_tagged_uses() -> None:
    doc, quotes = _doc_and_quotes()
    quotes[2].text = '"Well, the barn isn\'t dry neither, sir,"'  # Mack says "sir" once, Dora once
    cols = Idiolect(doc, quotes).columns([[5]], ["mack", "dora"])
    assert list(cols[0, :, COL["form_share"]]) == pytest.approx([0.5, 0.5])


def test_a_tagged_line_is_left_out_of_its_own_tally() -> None:
    doc, quotes = _doc_and_quotes()
    idio = Idiolect(doc, quotes)
    # Mack's first line: his third line says "ma'am" too, so the habit stands without the line itself
    assert list(idio.columns([[0]], ["mack", "dora"])[0, :, COL["form_share"]]) == pytest.approx([1.0, 0.0])
    # with only the first line tagged his, nothing is known of "ma'am" once it is left out
    doc, quotes = _doc_and_quotes(("mack", "dora", None, "dora"))
    cols = Idiolect(doc, quotes).columns([[0], [2]], ["mack", "dora"])
    assert not cols[0][..., FORMS].any()
    # the untagged third line still has the first line's habit to go by
    assert list(cols[1, :, COL["form_share"]]) == pytest.approx([1.0, 0.0])


def test_guesses_teach_no_habit() -> None:
    doc, quotes = _doc_and_quotes()
    for q in quotes[:4]:
        q.method = "turn-taking"  # the decoder's guesses, not tags
    cols = Idiolect(doc, quotes).columns([[4], [5]], ["mack", "dora"])
    assert not cols.any()  # neither forms nor words: without the decoder's answers only tags keep records


def _lines(lines: list[str]) -> tuple[Document, list[Quote]]:
    return _parsed("\n\n".join(f'"{x}"' for x in lines) + "\n")


def _rules(speakers: tuple[str | None, ...], sure: float = 0.5) -> list[Attribution]:
    return [Attribution(who, "turn-taking" if who else None, sure, []) for who in speakers]


# Mack says "reckon" and "ain't"; Dora says "simply" and "dreadful"; the last two lines are the turns scored
STYLE_LINES = [
    "I reckon it ain't going to rain.", "Simply dreadful weather, simply dreadful.",
    "I reckon the barn ain't dry.", "How simply dreadful of you!",
    "Ain't nobody going to fix it, I reckon.", "It is simply too dreadful to think of.",
    "I reckon so.", "Simply dreadful.",
]
STYLE_SPEAKERS = ("mack", "dora") * 4


def test_an_untagged_line_scores_higher_for_the_one_whose_words_it_uses() -> None:
    doc, quotes = _lines(STYLE_LINES)
    style = Idiolect(doc, quotes, _rules(STYLE_SPEAKERS)).columns([[6], [7]], ["mack", "dora", "stranger"])
    style = style[:, :, COL["style"]]
    assert style[0, 0] > 0.0 > style[0, 1]  # "I reckon so.": Mack's words
    assert style[1, 1] > 0.0 > style[1, 0]  # "Simply dreadful.": Dora's
    assert style[0, 2] == 0.0 and style[1, 2] == 0.0  # nobody's lines, no record


def test_without_the_decoder_only_tagged_lines_keep_records() -> None:
    doc, quotes = _lines(STYLE_LINES)
    for q, who in zip(quotes[:2], STYLE_SPEAKERS[:2], strict=True):
        q.speaker, q.method = who, "explicit"
    style = Idiolect(doc, quotes).columns([[6], [7]], ["mack", "dora"])[:, :, COL["style"]]
    assert style[0, 0] > style[0, 1] and style[1, 1] > style[1, 0]
    # the decoder's guesses in the quotes themselves teach nothing
    doc, quotes = _lines(STYLE_LINES)
    for q, who in zip(quotes, STYLE_SPEAKERS, strict=True):
        q.speaker, q.method = who, "turn-taking"
    assert not Idiolect(doc, quotes).columns([[6], [7]], ["mack", "dora"]).any()


def test_a_line_is_left_out_of_its_own_style_record() -> None:
    lines = [*STYLE_LINES[:6], "Thunderation, thunderation!", "Simply dreadful."]
    doc, quotes = _lines(lines)
    idio = Idiolect(doc, quotes, _rules(STYLE_SPEAKERS))
    # the only line with the word, given to Mack: scored as if it were nobody's, no likelier for him
    own = idio.columns([[6]], ["mack", "dora"])[0, :, COL["style"]]
    nobody = Idiolect(doc, quotes, _rules((*STYLE_SPEAKERS[:6], None, "dora"))).columns([[6]], ["mack", "dora"])
    assert list(own) == pytest.approx(list(nobody[0, :, COL["style"]]))
    # another line with the word is scored from the record that holds it
    lines[7] = "Thunderation."
    doc, quotes = _lines(lines)
    other = Idiolect(doc, quotes, _rules(STYLE_SPEAKERS)).columns([[7]], ["mack", "dora"])[0, :, COL["style"]]
    assert other[0] > 0.0 and other[0] > other[1]


def test_the_decoders_surer_answers_count_more() -> None:
    doc, quotes = _lines(STYLE_LINES)
    # Mack's "reckon" lines given to him surely, then as guesses (Dora's lines as sure either way)
    sure = _rules(STYLE_SPEAKERS, 0.9)
    unsure = [Attribution(a.speaker, a.method, 0.1 if a.speaker == "mack" else 0.9, []) for a in sure]
    col = COL["style"]
    high = Idiolect(doc, quotes, sure).columns([[6]], ["mack", "dora"])[0, :, col]
    low = Idiolect(doc, quotes, unsure).columns([[6]], ["mack", "dora"])[0, :, col]
    assert high[0] > low[0] > 0.0  # still his words, but a thinner record says less
