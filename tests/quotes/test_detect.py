"""Quotation detection on tiny texts (no model)."""

from __future__ import annotations


def spans(doc):  # type: ignore[no-untyped-def]
    return [doc.text[q.start : q.end] for q in doc.analysis.quotes]


def texts(doc):  # type: ignore[no-untyped-def]
    return [q.text for q in doc.analysis.quotes]


def test_straight_double_quotes(detected):  # type: ignore[no-untyped-def]
    doc = detected('"Hello," she said. "How are you?"\n\nHe waved.\n')
    assert spans(doc) == ['"Hello,"', '"How are you?"']
    assert texts(doc) == ["Hello,", "How are you?"]


def test_curly_double_quotes_with_nested_single(detected):  # type: ignore[no-untyped-def]
    doc = detected("“He told me ‘never again’ and left,” Sam said.\n")
    assert texts(doc) == ["He told me ‘never again’ and left,"]


def test_nested_double_inside_british_single(detected):  # type: ignore[no-untyped-def]
    text = "‘He said “go away”, so I went,’ she said.\n\n‘Right,’ he said.\n\n‘Then what?’\n"
    doc = detected(text)
    assert texts(doc) == ["He said “go away”, so I went,", "Right,", "Then what?"]


def test_british_single_quotes_not_apostrophes(detected):  # type: ignore[no-untyped-def]
    text = (
        "‘I don’t know,’ she said. ‘It’s the boys’ room, isn’t it?’\n\n"
        "'We'll go 'round later, 'cause it's late,' he said.\n\n"
        "‘Fine.’\n"
    )
    doc = detected(text)
    assert texts(doc) == [
        "I don’t know,",
        "It’s the boys’ room, isn’t it?",
        "We'll go 'round later, 'cause it's late,",
        "Fine.",
    ]
    for q in doc.analysis.quotes:
        assert doc.text[q.start] in "‘'" and doc.text[q.end - 1] in "’'"


def test_apostrophes_in_double_quote_text_are_not_quotes(detected):  # type: ignore[no-untyped-def]
    text = 'James\' car was parked outside. He\'d seen the boys\' bikes in the \'90s.\n\n"Right," he said.\n'
    doc = detected(text)
    assert texts(doc) == ["Right,"]


def test_multi_paragraph_dialogue(detected):  # type: ignore[no-untyped-def]
    text = '"It started long ago.\n\n"Then it got worse.\n\n"And now this," he said.\n\nShe nodded.\n'
    doc = detected(text)
    assert texts(doc) == ["It started long ago.", "Then it got worse.", "And now this,"]
    assert [i.continues for i in doc.quote_info] == [False, True, True]
    assert [i.open_end for i in doc.quote_info] == [True, True, False]


def test_unbalanced_quote_stays_in_its_paragraph(detected):  # type: ignore[no-untyped-def]
    text = '"I never finished this one, she said.\n\nThe rain went on all night.\n\nMorning came.\n'
    doc = detected(text)
    assert len(doc.analysis.quotes) == 1
    q = doc.analysis.quotes[0]
    assert q.end <= doc.text.index("The rain")


def test_unbalanced_opening_mark_does_not_swallow_next_quote(detected):  # type: ignore[no-untyped-def]
    text = 'He left. "Wait, she said. "Come back!" But he was gone.\n'
    doc = detected(text)
    assert texts(doc)[-1] == "Come back!"
    assert "But he" not in " ".join(texts(doc))


def test_closing_mark_of_a_quote_left_open(detected):  # type: ignore[no-untyped-def]
    # A quote running into the next paragraph that closes without a new opening mark.
    text = "“Watch the papers, beginning ‘Shipmate.’\n\nAfter three days, take it to the Embassy.” He left.\n"
    doc = detected(text)
    assert len(doc.analysis.quotes) == 2
    assert doc.quote_info[1].continues
    assert doc.analysis.quotes[1].text == "After three days, take it to the Embassy."


def test_guillemets(detected):  # type: ignore[no-untyped-def]
    doc = detected("«Bonjour», dit-il. «Ça va?»\n")
    assert texts(doc) == ["Bonjour", "Ça va?"]


def test_em_dash_dialogue(detected):  # type: ignore[no-untyped-def]
    lines = ["—Good morning — he said.", "—Morning.", "—Is it raining?", "He looked out.", "—No."]
    doc = detected("\n\n".join(lines) + "\n")
    assert texts(doc) == ["Good morning", "Morning.", "Is it raining?", "No."]
    assert all(i.style == "dash" for i in doc.quote_info)


def test_em_dash_not_dialogue_in_quote_text(detected):  # type: ignore[no-untyped-def]
    doc = detected('"Hi," she said.\n\n—and then nothing.\n\n"Bye."\n')
    assert texts(doc) == ["Hi,", "Bye."]


def test_scare_quotes_and_titles_are_other(detected):  # type: ignore[no-untyped-def]
    doc = detected('His "friend" played "Hey Jude" badly. "Stop that," she said.\n')
    kinds = [(q.text, q.kind) for q in doc.analysis.quotes]
    assert kinds == [("friend", "other"), ("Hey Jude", "other"), ("Stop that,", "speech")]


def test_offsets_are_stable(detected):  # type: ignore[no-untyped-def]
    text = "Intro.\n\n“One,” she said. ‘Two’ is a title.\n"
    doc = detected(text)
    assert doc.text == text
    for q in doc.analysis.quotes:
        assert q.text in text[q.start : q.end]
    assert doc.quote_spans == [(q.start, q.end) for q in doc.analysis.quotes]


def test_em_dash_dialogue_ends_at_an_unmarked_tag(detected):  # type: ignore[no-untyped-def]
    lines = [
        "— Back to the house! he said sternly. He added in a low voice:",
        "— Thanks, old friend, he cried. That will do nicely.",
        "— No.",
        "— Really?",
    ]
    doc = detected("\n\n".join(lines) + "\n")
    assert texts(doc) == ["Back to the house!", "Thanks, old friend,", "That will do nicely.", "No.", "Really?"]
    assert doc.quote_info[2].continues


def test_em_dash_dialogue_ends_at_an_inverted_tag(detected):  # type: ignore[no-untyped-def]
    # the verb before the name: "—You're late, said Mireille."; "—Friend of yours? asked Luc. Or mine?"
    lines = ["—You're late, said Mireille.", "—Safe.", "—Friend of yours? asked Luc. Or mine?", "—No, said the man."]
    doc = detected("\n\n".join(lines) + "\n")
    assert texts(doc) == ["You're late,", "Safe.", "Friend of yours?", "Or mine?", "No,"]


def test_a_single_quoted_line_broken_off_by_a_dash_and_taken_up_again(detected):  # type: ignore[no-untyped-def]
    # before: a mark between a dash and a space was neither an opening nor a closing one, so the two lines and
    # the aside between them were read as one quotation
    text = (
        "‘It must be far,’ she said. ‘Four miles, I think --’ (she had learnt that at school) "
        "‘-- yes, about four.’\n\n"
        "'I was going to—' 'No.'\n"
    )
    doc = detected(text)
    assert texts(doc) == ["It must be far,", "Four miles, I think --", "-- yes, about four.", "I was going to—", "No."]


def test_a_capitalised_elision_opens_a_single_quoted_line(detected):  # type: ignore[no-untyped-def]
    text = (
        "'Are you cross?'\n\n"
        "'Course not,' said Tam. 'Why would I be?'\n\n"
        "'Em boys went 'round the back. 'Cause of the rain.\n\n"
        "'Fine.'\n"
    )
    doc = detected(text)
    # "'Course not,'" closes before any new opening: a line; "'Em" and "'Cause" in narration never close: elisions
    assert texts(doc) == ["Are you cross?", "Course not,", "Why would I be?", "Fine."]
