"""Who a speech tag's verb speaks to, on hand-built parses (no model): never the tag's own subject."""

from __future__ import annotations

from ficlens.document import Mention
from ficlens.quotes.speech_tags import _addressee
from ficlens_testutil import tagged_parse as _tagged


def test_the_subject_parsed_as_the_object_is_not_spoken_to() -> None:
    # "“…” cried his wife": the parser makes "his wife" the object of "cried"; it is who speaks
    doc, d = _tagged(["cried", "his", "wife"], [0, 2, 0], ["ROOT", "poss", "dobj"], ["VERB", "PRON", "NOUN"])
    wife = Mention(6, 14, 0, 1, 3, "description", "his wife", character="c2")
    at = {(0, 2): wife}
    assert _addressee(d[0], at, 0, d[2]) is None
    assert _addressee(d[0], at, 0) == "c2"  # read without its subject, the object is whom it speaks to


def test_the_object_of_told_is_spoken_to() -> None:
    # "she told Tom": Tom is spoken to, the subject stays the speaker
    doc, d = _tagged(["she", "told", "Tom"], [1, 1, 1], ["nsubj", "ROOT", "dobj"], ["PRON", "VERB", "PROPN"])
    tom = Mention(9, 12, 0, 2, 3, "name", "Tom", character="c1")
    assert _addressee(d[1], {(0, 2): tom}, 0, d[0]) == "c1"
