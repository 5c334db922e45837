"""Archive warnings: events on the page, conservative, with evidence."""

from __future__ import annotations

from ficlens import tags
from ficlens.document import Document
from ficlens.model import Character, Scene
from tags.tagdoc import FILLER, make, mention, parsed

GORE = ["The blade laid open his cheek to the bone and blood sheeted down his jaw.",
        "He tore through the flesh of his arm and blood pooled black on the floor."]


def _warnings(doc: Document) -> list[str]:
    tags.run(doc)
    return [w.value for w in doc.analysis.tags.warnings]


def test_warnings_default_to_none_apply() -> None:
    assert _warnings(make([FILLER] * 5)) == ["No Archive Warnings Apply"]


def test_warnings_graphic_violence_needs_several_graphic_sentences() -> None:
    doc = make([FILLER, *GORE])
    assert _warnings(doc) == ["Graphic Depictions Of Violence"]
    assert all(doc.text[e.start : e.end] == e.text for e in doc.analysis.tags.warnings[0].evidence)
    assert _warnings(make([FILLER, GORE[0]])) == ["No Archive Warnings Apply"]


def test_warnings_rape_named_or_consent_violated_in_sexual_content() -> None:
    assert _warnings(make([FILLER, '"He raped me," she said.'])) == ["Rape/Non-Con"]
    # refusal cues alone, with no sexual content, are not enough
    assert _warnings(make(["I told him no. He didn't stop eating the cake."])) == ["No Archive Warnings Apply"]
    doc = make(["They were naked in the dark.", "I told him no. He didn't stop."])
    assert _warnings(doc) == ["Rape/Non-Con"]


def test_warnings_underage_needs_an_age_near_the_sex() -> None:
    assert _warnings(make(["They were sixteen.", "That night they had sex for the first time."])) == [
        "Underage Sex"
    ]
    assert _warnings(make(["That night they had sex for the first time."])) == ["No Archive Warnings Apply"]
    far = make(["They were sixteen.", *[FILLER] * 6, "That night they had sex for the first time."])
    assert _warnings(far) == ["No Archive Warnings Apply"]
    assert _warnings(make(["She was sixteen years old."])) == ["No Archive Warnings Apply"]  # no sex


Parse = tuple[list[str], list[int], list[str], list[str]]


def _death_doc(role: str, last: Parse, after: int = 0) -> Document:
    intro = parsed(["Bobby", "sat", "there", "."], [1, 1, 1, 1], ["nsubj", "ROOT", "advmod", "punct"],
                   ["PROPN", "VERB", "ADV", "PUNCT"])
    again = parsed(["Bobby", "smiled", "."], [1, 1, 1], ["nsubj", "ROOT", "punct"], ["PROPN", "VERB", "PUNCT"])
    final = parsed(*last)
    later = [parsed(["Bobby", "smiled", "."], [1, 1, 1], ["nsubj", "ROOT", "punct"], ["PROPN", "VERB", "PUNCT"])
             for _ in range(after)]
    docs = [intro, again, final, *later]
    doc = make([d.text for d in docs], docs=docs,
               characters=[Character("c1", "Bobby Singer", gender="male", role=role, mentions=3)],
               scenes=[Scene(0, 0, 0, 60, None)])
    for para in range(len(docs)):
        who = [t.i for t in doc.docs[para] if t.text == "Bobby"]
        if who:
            mention(doc, para, who[0], "c1")
    return doc


DEAD: Parse = (["Bobby", "was", "dead", "."], [1, 1, 1, 1], ["nsubj", "ROOT", "acomp", "punct"],
               ["PROPN", "AUX", "ADJ", "PUNCT"])


def test_warnings_major_character_death_on_the_page() -> None:
    doc = _death_doc("main", DEAD)
    assert _warnings(doc) == ["Major Character Death"]
    assert "Character Death" in [f.value for f in doc.analysis.tags.freeform]
    # a character only mentioned dies: a death, but not a major character's
    minor = _death_doc("mentioned", DEAD)
    assert _warnings(minor) == ["No Archive Warnings Apply"]
    assert "Character Death" in [f.value for f in minor.analysis.tags.freeform]
    # one who goes on acting in the narration did not stay dead (or was not the one who died)
    assert _warnings(_death_doc("main", DEAD, after=3)) == ["No Archive Warnings Apply"]
    assert _warnings(_death_doc("main", DEAD, after=1)) == ["Major Character Death"]


def test_warnings_background_and_hypothetical_deaths_do_not_count() -> None:
    background: Parse = (["Bobby", "had", "died", "years", "ago", "."], [2, 2, 2, 4, 2, 2],
                         ["nsubj", "aux", "ROOT", "npadvmod", "advmod", "punct"],
                         ["PROPN", "AUX", "VERB", "NOUN", "ADV", "PUNCT"])
    assert _warnings(_death_doc("main", background)) == ["No Archive Warnings Apply"]
    maybe: Parse = (["If", "Bobby", "died", "."], [2, 2, 2, 2], ["mark", "nsubj", "ROOT", "punct"],
                    ["SCONJ", "PROPN", "VERB", "PUNCT"])
    assert _warnings(_death_doc("main", maybe)) == ["No Archive Warnings Apply"]
    thing: Parse = (["A", "dead", "animal", "."], [2, 2, 2, 2], ["det", "amod", "ROOT", "punct"],
                    ["DET", "ADJ", "NOUN", "PUNCT"])
    assert _warnings(_death_doc("main", thing)) == ["No Archive Warnings Apply"]
