"""Chat logs and script-format lines ("ginny: ...", "**Tony:** ...", "DEAN: ...") as quotations with their
label's speaker (quotes/chat.py)."""

from __future__ import annotations

import pytest

from ficlens.quotes import chat

CHAT = (
    "Ginny opened the group chat.\n\n"
    "[21:04] ginny: who took my charger\n"
    "[21:04] ron: not me\n"
    '[21:05] hermione: Since the "incident."\n'
    "[21:06] ron: that was one time\n"
    "[21:07] ginny: it was three times\n\n"
    "She put the phone down.\n"
)


def _labelled(doc):  # type: ignore[no-untyped-def]
    return [(q.text, info.label, q.kind) for q, info in zip(doc.analysis.quotes, doc.quote_info, strict=True)]


def test_chat_timestamped_lines_are_written_quotations_with_their_labels(detected) -> None:  # type: ignore[no-untyped-def]
    doc = detected(CHAT)
    assert _labelled(doc) == [
        ("who took my charger", "ginny", "written"),
        ("not me", "ron", "written"),
        # the quotation marks inside a message are part of it, not a quotation of their own
        ('Since the "incident."', "hermione", "written"),
        ("that was one time", "ron", "written"),
        ("it was three times", "ginny", "written"),
    ]


def test_chat_bold_labels_in_either_place_of_the_colon(detected) -> None:  # type: ignore[no-untyped-def]
    text = "**Tony:** who ordered pizza\n\n**Clint**: define pizza\n\n**Tony:** all of it\n\n**Clint**: oh\n"
    assert [(t, lab) for t, lab, _k in _labelled(detected(text))] == [
        ("who ordered pizza", "Tony"), ("define pizza", "Clint"), ("all of it", "Tony"), ("oh", "Clint"),
    ]


def test_chat_script_lines_are_speech_without_their_stage_direction(detected) -> None:  # type: ignore[no-untyped-def]
    text = (
        "DEAN: It's making the noise.\n\nSAM: (still typing) Then buy a new one.\n\n"
        "DEAN: We fix things.\n\nSAM: (quietly) Fine.\n\nSAM: (stands up)\n"
    )
    assert _labelled(detected(text)) == [
        ("It's making the noise.", "DEAN", "speech"),
        ("Then buy a new one.", "SAM", "speech"),
        ("We fix things.", "DEAN", "speech"),
        ("Fine.", "SAM", "speech"),
    ]  # a line that is only a stage direction is nobody's quotation


@pytest.mark.parametrize(
    "text",
    [
        # a header and notes: labels that name no speaker
        "Title: Small Hours\nAuthor: someone\nFandom: Marvel\nRating: T\n\nA/N: thanks!\n\nNote: short one.\n",
        # too few lines, or only one label used twice
        "Rules: no running.\n\nDean: fine.\n\nSam: fine.\n\n\"Okay,\" he said.\n",
        "Dean: one.\n\nDean: two.\n\nSam: three.\n\nBobby: four.\n",
        # a hard-wrapped paragraph whose lines happen to start "so: ..."
        "He had one thing to say, and it was\nso: never again, and he said it\nso: twice, and then\n"
        "however: he left, and\nhowever: he came back.\n",
    ],
)
def test_chat_text_without_the_convention_has_no_labelled_lines(detected, text: str) -> None:  # type: ignore[no-untyped-def]
    doc = detected(text)
    assert chat.label_lines(doc.text, doc.paragraphs) == {}
    assert all(not info.label for info in doc.quote_info)


def test_chat_a_label_used_once_counts_next_to_other_labelled_lines(detected) -> None:  # type: ignore[no-untyped-def]
    text = "tony: who\nclint: me\ntony: why\nclint: because\nnat: stop it\n"
    assert [lab for _t, lab, _k in _labelled(detected(text))] == ["tony", "clint", "tony", "clint", "nat"]


@pytest.mark.parametrize(("label", "name"), [("DEAN", "Dean"), ("ginny", "Ginny"), ("xXNightOwlXx", "xXNightOwlXx")])
def test_chat_display_name_of_a_new_character(label: str, name: str) -> None:
    assert chat.display_name(label) == name


@pytest.mark.integration
@pytest.mark.parametrize("scorer", ["rules", "learned"])
def test_chat_each_line_is_its_labels_character(analyzer, scorer: str) -> None:  # type: ignore[no-untyped-def]
    keep = analyzer.speaker_model
    if scorer == "rules":
        analyzer.speaker_model = None
    try:
        analysis = analyzer.analyze_text(
            "Ron and Ginny had been fighting in the group chat all evening.\n\n" + CHAT.split("\n\n", 1)[1]
            + "\n\"Sorry,\" Ron said.\n"
        )
    finally:
        analyzer.speaker_model = keep
    by_id = {c.id: c.name for c in analysis.characters}
    got = [(q.text, by_id.get(q.speaker or ""), q.method) for q in analysis.quotes]
    assert [(t, n) for t, n, _m in got[:5]] == [
        ("who took my charger", "Ginny"), ("not me", "Ron"), ('Since the "incident."', "Hermione"),
        ("that was one time", "Ron"), ("it was three times", "Ginny"),
    ]
    assert {m for _t, _n, m in got[:5]} == {"label"}
    # "hermione" names no one the narration met: a character of that name, with the labels as its mentions
    herm = next(c for c in analysis.characters if c.name == "Hermione")
    assert herm.mentions == 1 and herm.quotes == 1
    assert herm.gender == "female"  # her first name says so
    assert got[5][:2] == ("Sorry,", "Ron")
