"""quotes/phone.py: a phone call heard from one side gives all its lines to the one holding the phone (tiny
documents: detected quotations, hand-made mentions and attributions; no model)."""

from __future__ import annotations

import pytest

from ficlens.document import Mention
from ficlens.quotes.phone import METHOD, assign, one_sided_calls

CALL = (
    "Ada's phone rang. She took it to the window.\n\n"
    '"Hi, Mum."\n\n'
    "She listened for a while.\n\n"
    '"Yes. Sunday at one."\n\n'
    '"He is coming."\n\n'
    "She hung up and came back to the table.\n\n"
    '"Who was that?" Ben asked.\n'
)


def _call(detected, text: str, speakers: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    """The text's quotations attributed as given ((name, method) each), Ada and Ben known, "She" in the first
    paragraph a subject mention of Ada."""
    doc = detected(text)
    ada = doc.registry.add("Ada", gender="female")
    ben = doc.registry.add("Ben", gender="male")
    ids = {"Ada": ada, "Ben": ben}
    she = text.index("She")
    doc.mentions = [
        Mention(0, 3, 0, 0, 1, "name", "Ada", character=ada, role="poss"),
        Mention(she, she + 3, 0, 5, 6, "pronoun", "She", character=ada, role="subj"),
    ]
    for q, (name, method) in zip(doc.analysis.quotes, speakers, strict=True):
        q.speaker, q.method = ids[name], method
    return doc, ids


def test_phone_the_lines_of_a_one_sided_call_are_the_holder_s(detected) -> None:  # type: ignore[no-untyped-def]
    doc, ids = _call(
        detected, CALL,
        [("Ada", "turn-taking"), ("Ben", "turn-taking"), ("Ada", "turn-taking"), ("Ben", "explicit")],
    )
    assign(doc, doc.analysis.quotes, doc.quote_info)
    got = [(q.speaker, q.method) for q in doc.analysis.quotes]
    assert got == [
        (ids["Ada"], "turn-taking"), (ids["Ada"], METHOD), (ids["Ada"], "turn-taking"),
        (ids["Ben"], "explicit"),  # after she hung up: an ordinary line
    ]


@pytest.mark.parametrize(
    ("text", "methods"),
    [
        # the caller is heard: a tag names someone else
        (CALL, ["turn-taking", "explicit", "turn-taking", "explicit"]),
        # nothing says she listens to someone unheard
        (CALL.replace("She listened for a while.", "She sat down."), ["turn-taking"] * 3 + ["explicit"]),
        # the call never ends
        (CALL.replace("She hung up and came", "She came"), ["turn-taking"] * 3 + ["explicit"]),
    ],
)
def test_phone_a_call_heard_from_both_sides_or_unbounded_is_left_alone(  # type: ignore[no-untyped-def]
    detected, text: str, methods: list[str]
) -> None:
    doc, _ids = _call(detected, text, [("Ada", methods[0]), ("Ben", methods[1]), ("Ada", methods[2]),
                                        ("Ben", methods[3])])
    assert one_sided_calls(doc, doc.analysis.quotes, doc.quote_info) == []
