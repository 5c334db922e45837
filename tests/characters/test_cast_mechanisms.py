"""Only people are characters, and each under its one name: mechanisms on tiny hand-built inputs."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from ficlens.characters.descriptions import _fits
from ficlens.characters.grouping import _Cluster
from ficlens.characters.introductions import introduce_described
from ficlens.characters.italics import ItalicSpans
from ficlens.characters.lex import lexicon
from ficlens.characters.mentions import _sentence_starts, _without_place
from ficlens.characters.name_scan import _hyphen_prefix, _media, _modal_question, _name_like, _Run, _title_opens
from ficlens.characters.name_votes import _Votes, place_tails
from ficlens.document import Document, Mention, Paragraph
from ficlens.ingest.base import Work
from ficlens.model import Analysis, Character, Quote, WorkInfo
from ficlens.segment import break_rules

_VOCAB = spacy.blank("en").vocab


def test_the_first_part_of_a_hyphenated_word_is_no_name() -> None:
    nlp = spacy.blank("en")
    assert _hyphen_prefix(nlp("Semi-skimmed milk")[0])
    assert _hyphen_prefix(nlp("Ex-boyfriend Dean")[0])
    assert not _hyphen_prefix(nlp("H-Harry ran")[0])  # a stutter
    assert not _hyphen_prefix(nlp("Jean-Luc ran")[0])  # a double name
    assert not _hyphen_prefix(nlp("Dean - the idiot")[0])  # a dash between words


def test_a_band_or_brand_where_music_or_a_product_goes_is_no_person() -> None:
    lx = lexicon()
    d = Doc(_VOCAB, words=["humming", "Zeppelin"], heads=[0, 0], deps=["ROOT", "dobj"])
    assert _media(d[1], lx)
    d = Doc(_VOCAB, words=["a", "Zeppelin", "tape"], heads=[2, 2, 2], deps=["det", "compound", "ROOT"])
    assert _media(d[1], lx)
    d = Doc(_VOCAB, words=["hugging", "Dean"], heads=[0, 0], deps=["ROOT", "dobj"])
    assert not _media(d[1], lx)
    d = Doc(_VOCAB, words=["listening", "to", "Sam"], heads=[0, 0, 1], deps=["ROOT", "prep", "pobj"])
    assert not _media(d[2], lx)  # one listens to people too


def test_a_modal_opening_a_question_is_no_first_name() -> None:
    def doc(words: list[str], tags: list[str]) -> Doc:
        return Doc(_VOCAB, words=words, tags=tags)

    # "Will Helen come?": the name is Helen
    assert _modal_question(doc(["Will", "Helen", "come", "?"], ["MD", "NNP", "VB", "."]), 0, 2)
    # the tagger calls "Will" a modal in "Will Turner drew" too: the past tense keeps the first name
    assert not _modal_question(doc(["Will", "Turner", "drew", "."], ["MD", "NNP", "VBD", "."]), 0, 2)
    assert not _modal_question(doc(["Will", "Graham"], ["MD", "NNP"]), 0, 2)  # nothing after the name
    assert not _modal_question(doc(["Will", "Helen", "come", "?"], ["NNP", "NNP", "VB", "."]), 0, 2)
    # "Will Helen's condition depreciate the property?": the modal's verb stands after the possessed noun (and the
    # tagger reads it VBP); "Will Turner, are you coming?" keeps the first name
    words = ["Will", "Helen", "'s", "condition", "depreciate", "the", "property", "?"]
    d = Doc(_VOCAB, words=words, tags=["MD", "NNP", "POS", "NN", "VBP", "DT", "NN", "."],
            heads=[4, 3, 1, 4, 4, 6, 4, 4], deps=["aux", "poss", "case", "nsubj", "ROOT", "det", "dobj", "punct"])
    assert _modal_question(d, 0, 2)
    d = Doc(_VOCAB, words=["Will", "Turner", ",", "are", "you", "coming", "?"],
            tags=["MD", "NNP", ",", "VBP", "PRP", "VBG", "."], heads=[5, 0, 5, 5, 5, 5, 5],
            deps=["aux", "nsubj", "punct", "aux", "nsubj", "ROOT", "punct"])
    assert not _modal_question(d, 0, 2)


def test_a_word_after_a_closed_quotation_opens_the_narration() -> None:
    # '"... goodbye--" Here Anne broke down': the parser runs the sentence on; "Here" still opens the narration
    words = ["goodbye", "--", '"', "Here", "Anne", "broke", "down"]
    d = Doc(_VOCAB, words=words, spaces=[False, False, True, True, True, True, False])
    _sent, initial, _n = _sentence_starts(d, 0)
    assert initial[3] and not initial[4]
    # an opening quotation mark (a space before it) or a quotation ending mid-sentence opens nothing
    d = Doc(_VOCAB, words=["said", "Tom", '"', "Here", "Anne"], spaces=[True, True, False, True, False])
    assert not _sentence_starts(d, 0)[1][3]
    d = Doc(_VOCAB, words=["word", ",", '"', "Here", "Anne"], spaces=[False, False, True, True, False])
    assert not _sentence_starts(d, 0)[1][3]


def test_a_courtesy_title_inside_a_run_of_names_opens_a_second_name() -> None:
    lx = lexicon()

    def doc(text: str) -> Doc:
        return Doc(_VOCAB, words=text.split())

    d = doc("behind Anne Mrs. Lynde got up")
    assert _title_opens(d, 2, lx)  # "Anne" and "Mrs. Lynde"
    assert _title_opens(doc("on Wednesday Miss Lucas came"), 2, lx)
    assert not _title_opens(doc("said Reggie St Cloud"), 2, lx)  # "St" is part of the surname
    assert not _title_opens(doc("Lady Anne Darcy came"), 1, lx)  # no title at 1
    assert not _title_opens(doc("Captain Sir Thomas"), 1, lx)  # a title after a title: one name
    assert not _title_opens(doc("asked John Mr."), 2, lx)  # no name after the title
    assert not _title_opens(doc("asked John Mr. and"), 2, lx)


def test_a_gendered_description_never_goes_to_a_character_of_the_other_gender() -> None:
    lx = lexicon()
    man, woman, anyone = _Cluster(gender="male"), _Cluster(gender="female"), _Cluster()
    assert not _fits(man, "sister", lx)  # "her sister" is no man
    assert not _fits(woman, "man", lx)  # "the young man" is no woman
    assert _fits(woman, "sister", lx) and _fits(man, "man", lx)
    assert _fits(anyone, "sister", lx)  # a character of unknown gender may be anyone
    assert _fits(man, "driver", lx) and _fits(woman, "driver", lx)  # a noun with no gender fits both


def test_italic_spans() -> None:
    text = "He said *Watson, stay* and **Deku:** hi, snake_case, _text_. 2*3*4"
    spans = ItalicSpans(text)
    assert text.index("Watson") in spans and text.index("Deku") in spans and text.index("text_") in spans
    assert text.index("He") not in spans and text.index("snake") not in spans and text.index("3") not in spans


def test_a_sentence_in_italics_is_no_pov_header() -> None:
    rules = break_rules()
    assert not rules.is_pov_line("*Bored.*") and not rules.is_break("*Bored.*")
    assert rules.pov_name("~Castiel~") == "Castiel" and rules.pov_name("*Mr. Smith*") == "Mr. Smith"


def _doc(text: str, chars: list[Character], quotes: list[Quote], mentions: list[Mention]) -> Document:
    a = Analysis(work=WorkInfo(None, [], "t", "txt", "en", 0))
    a.characters = chars
    a.quotes = quotes
    doc = Document(work=Work(text=text, format="txt", source="t"), analysis=a)
    doc.mentions = mentions
    return doc


def test_a_described_speaker_who_says_im_the_doctor_is_the_doctor() -> None:
    text = '"It\'s a box," said the man. "I\'m the Doctor." The Doctor grinned.'
    q1, q2 = text.index('"It'), text.index('"I\'m')
    doc = _doc(
        text,
        [Character("c1", "The Doctor", aliases=["The Doctor"], mentions=1),
         Character("c2", "The man", aliases=["The man"], mentions=1, quotes=2)],
        [Quote("q1", q1, q1 + 14, "It's a box,", speaker="c2"),
         Quote("q2", q2, q2 + 16, "I'm the Doctor.", speaker="c2")],
        [Mention(text.index("the man"), text.index("the man") + 7, 0, 0, 1, "description", "the man", character="c2"),
         Mention(text.rindex("The Doctor"), text.rindex("The Doctor") + 10, 0, 0, 1, "name", "The Doctor",
                 character="c1")],
    )
    introduce_described(doc)
    assert [c.name for c in doc.analysis.characters] == ["The Doctor"]
    assert [q.speaker for q in doc.analysis.quotes] == ["c1", "c1"]
    assert "the man" in doc.analysis.characters[0].aliases


def test_im_the_boss_names_no_one() -> None:
    text = '"I\'m the Boss," said the man.'
    doc = _doc(
        text,
        [Character("c1", "The man", aliases=["The man"], mentions=1, quotes=1)],
        [Quote("q1", 0, 14, "I'm the Boss,", speaker="c1")],
        [Mention(text.index("the man"), text.index("the man") + 7, 0, 0, 1, "description", "the man", character="c1")],
    )
    introduce_described(doc)
    assert [c.name for c in doc.analysis.characters] == ["The man"]


def _described_doc(head: str, tag: str) -> Document:
    text = f'"Go," said the {head}.'
    d = Doc(_VOCAB, words=['"', "Go", ",", '"', "said", "the", head, "."], tags=["", "", "", "", "", "DT", tag, ""])
    doc = _doc(
        text,
        [Character("c1", f"The {head}", aliases=[f"The {head}"], mentions=1, quotes=1)],
        [Quote("q1", 0, 5, "Go,", speaker="c1")],
        [Mention(text.index("the"), len(text) - 1, 0, 5, 7, "description", f"the {head}", character="c1")],
    )
    doc.paragraphs = [Paragraph(0, 0, len(text), 0, 0)]
    doc.docs = [d]
    return doc


def test_a_plural_thing_taken_for_a_speaker_is_no_character() -> None:
    doc = _described_doc("strings", "NNS")
    introduce_described(doc)
    doc.registry.reconcile()
    assert doc.analysis.characters == [] and doc.analysis.quotes[0].speaker is None
    for head, tag in (("twins", "NNS"), ("hunters", "NNS"), ("butler", "NN")):
        doc = _described_doc(head, tag)
        introduce_described(doc)
        assert [c.name for c in doc.analysis.characters] == [f"The {head}"], head


def _blank_doc(text: str) -> Document:
    a = Analysis(work=WorkInfo(None, [], "t", "txt", "en", len(text.split())))
    doc = Document(work=Work(text=text, format="txt", source="t"), analysis=a,
                   paragraphs=[Paragraph(0, 0, len(text), 0, 0)])
    doc.docs = [spacy.blank("en")(text)]
    return doc


def _name(doc: Document, word: str, cid: str, nth: int = 0, in_quote: bool = False) -> Mention:
    toks = [t for t in doc.docs[0] if t.text == word]
    t = toks[nth]
    m = Mention(t.idx, t.idx + len(word), 0, t.i, t.i + 1, "name", word, in_quote=in_quote)
    doc.registry.attach(m, cid)
    doc.mentions.append(m)
    return m


def test_a_name_in_italics_does_not_keep_the_narrator_from_being_named() -> None:
    from ficlens.characters.narrator import _vocatives

    text = 'I heard *Watson, stay with me* again. "Come on, John," he said. "Four, John."'
    doc = _blank_doc(text)
    nar = doc.registry.add("the narrator", aliases=["I"])
    john = doc.registry.add("John Watson", aliases=["John", "Watson"])
    _name(doc, "Watson", john)
    _name(doc, "John", john, 0, in_quote=True)
    _name(doc, "John", john, 1, in_quote=True)
    assert _vocatives(doc, nar)[john] == 2
    # the same name in plain narration is the narration speaking of someone else
    doc2 = _blank_doc(text.replace("*", " "))
    nar2 = doc2.registry.add("the narrator", aliases=["I"])
    john2 = doc2.registry.add("John Watson", aliases=["John", "Watson"])
    _name(doc2, "Watson", john2)
    _name(doc2, "John", john2, 0, in_quote=True)
    assert john2 not in _vocatives(doc2, nar2)


def test_reading_someones_texts_does_not_make_them_a_cited_source() -> None:
    from ficlens.characters.roles import _referenced

    text = "I read Mickey's texts. I read Austen. Rose quoted Austen."
    doc = _blank_doc(text)
    d = doc.docs[0]
    words = [t.text for t in d]
    assert words[:6] == ["I", "read", "Mickey", "'s", "texts", "."]
    heads = [1, 1, 4, 2, 1, 1, 7, 7, 7, 7, 11, 11, 11, 11]
    deps = ["nsubj", "ROOT", "poss", "case", "dobj", "punct", "nsubj", "ROOT", "dobj", "punct", "nsubj", "ROOT",
            "dobj", "punct"]
    doc.docs = [Doc(_VOCAB, words=words, spaces=[t.whitespace_ == " " for t in d], heads=heads, deps=deps)]
    mickey = doc.registry.add("Mickey Smith")
    austen = doc.registry.add("Jane Austen")
    _name(doc, "Mickey", mickey)
    _name(doc, "Austen", austen, 0)
    _name(doc, "Austen", austen, 1)
    assert _referenced(doc, set()) == {austen}


def _parsed_doc(words: list[str], heads: list[int], deps: list[str], pos: list[str], ents: list[str]) -> Document:
    d = Doc(_VOCAB, words=words, heads=heads, deps=deps, pos=pos, ents=ents)
    text = d.text
    a = Analysis(work=WorkInfo(None, [], "t", "txt", "en", len(words)))
    doc = Document(work=Work(text=text, format="txt", source="t"), analysis=a,
                   paragraphs=[Paragraph(0, 0, len(text), 0, 0)])
    doc.docs = [d]
    return doc


def test_a_first_name_labelled_a_place_where_only_a_place_goes_is_a_place() -> None:
    from ficlens.characters.mentions import find_mentions

    pos = ["PROPN", "VERB", "ADP", "PROPN", "PUNCT"]
    heads = [1, 1, 1, 2, 1]
    deps = ["nsubj", "ROOT", "prep", "pobj", "punct"]
    ents = ["B-PERSON", "O", "O", "B-GPE", "O"]
    there = _parsed_doc(["Cas", "waited", "in", "Lawrence", "."], heads, deps, pos, ents)
    names = {m.text for m in find_mentions(there)[0] if m.kind == "name"}
    assert names == {"Cas"}
    # "waited for Lawrence": a person, the place label notwithstanding
    waiting = _parsed_doc(["Cas", "waited", "for", "Lawrence", "."], heads, deps, pos, ents)
    names = {m.text for m in find_mentions(waiting)[0] if m.kind == "name"}
    assert names == {"Cas", "Lawrence"}


def test_a_title_name_is_a_name_where_its_fandom_shows() -> None:
    from ficlens.characters.mentions import find_mentions
    from ficlens.fandoms.kb import KnowledgeBase

    kb = KnowledgeBase.load()
    words = ["The", "Doctor", "grinned", "in", "the", "TARDIS", "at", "a", "Dalek", "."]
    heads = [1, 2, 2, 2, 5, 3, 2, 8, 6, 2]
    deps = ["det", "nsubj", "ROOT", "prep", "det", "pobj", "prep", "det", "pobj", "punct"]
    pos = ["DET", "PROPN", "VERB", "ADP", "DET", "PROPN", "ADP", "DET", "PROPN", "PUNCT"]
    doc = _parsed_doc(words, heads, deps, pos, ["O"] * len(words))
    found = [(m.kind, m.text) for m in find_mentions(doc, kb)[0] if m.kind != "pronoun"]
    assert found == [("name", "The Doctor")]  # Doctor Who shows (TARDIS, Dalek): the Doctor
    # a novel's "the Doctor", with no Doctor Who in sight, is a description (its doctor, "Doctor Mandelet")
    words[5], words[8] = "Hall", "Inn"
    doc = _parsed_doc(words, heads, deps, pos, ["O"] * len(words))
    found = [(m.kind, m.text) for m in find_mentions(doc, kb)[0] if m.text == "The Doctor"]
    assert found == [("description", "The Doctor")]


def test_a_name_called_out_in_dialogue_acts_by_name() -> None:
    from ficlens.characters.roles import _vocative

    def voc(words: list[str], at: int, pos: list[str] | None = None) -> bool:
        d = Doc(_VOCAB, words=words, pos=pos or ["X"] * len(words), deps=["dep"] * len(words),
                heads=list(range(len(words))))
        a = Analysis(work=WorkInfo(None, [], "t", "txt", "en", len(words)))
        document = Document(work=Work(text=d.text, format="txt", source="t"), analysis=a,
                            paragraphs=[Paragraph(0, 0, len(d.text), 0, 0)])
        document.docs = [d]
        t = d[at]
        return _vocative(document, Mention(t.idx, t.idx + len(t), 0, at, at + 1, "name", t.text, in_quote=True))

    assert voc(['"', "Take", "a", "drop", ",", "Janny", ",", '"'], 5)
    assert voc(['"', "Poirot", ",", "you", "jest", "!", '"'], 1)
    assert not voc(['"', "Janny", ",", '"', "he", "said"], 1)  # the name alone: a call, a cry
    assert not voc(['"', "Muerto", "!", '"'], 1)
    assert not voc(["near", "Westerham", ",", "Kent", ","], 3, ["ADP", "PROPN", "PUNCT", "PROPN", "PUNCT"])


def test_a_proper_noun_that_acts_twice_is_a_name_even_only_at_sentence_starts() -> None:
    from ficlens.characters.mentions import find_mentions

    def names(words: list[str], tag: str) -> set[str]:
        heads = [1, 1, 1, 4, 4, 4]
        deps = ["nsubj", "ROOT", "punct", "nsubj", "ROOT", "punct"]
        pos = [tag, "VERB", "PUNCT", tag, "VERB", "PUNCT"]
        doc = _parsed_doc(words, heads, deps, pos, ["O"] * 6)
        doc.docs = [Doc(_VOCAB, words=words, heads=heads, deps=deps, pos=pos, sent_starts=[1, 0, 0, 1, 0, 0])]
        return {m.text for m in find_mentions(doc)[0] if m.kind == "name"}

    assert names(["Jun", "pushes", ".", "Jun", "looks", "."], "PROPN") == {"Jun"}
    assert names(["Guilt", "gnawed", ".", "Guilt", "grew", "."], "NOUN") == set()
    assert names(["Jun", "pushes", ".", "Hana", "looks", "."], "PROPN") == set()  # once each: not enough


def test_an_honorific_after_a_hyphen_keeps_the_name() -> None:
    nlp = spacy.blank("en")
    lx = lexicon()
    assert not _hyphen_prefix(nlp("Todoroki-kun was there")[0], lx)
    assert not _hyphen_prefix(nlp("Uraraka-san!")[0], lx)
    assert _hyphen_prefix(nlp("Semi-skimmed milk")[0], lx)


def test_a_bare_surname_is_the_one_principal_character_of_that_name_and_gender() -> None:
    from ficlens.fandoms.detect import _by_surname
    from ficlens.fandoms.kb import KnowledgeBase

    kb = KnowledgeBase.load()
    ron = _by_surname(Character("c1", "Weasley", aliases=["Weasley"], gender="male"), kb)
    assert [k.name for k in ron] == ["Ron Weasley"]
    assert [k.name for k in _by_surname(Character("c1", "Weasley", aliases=["Weasley"], gender="female"), kb)] == [
        "Ginny Weasley"
    ]
    # several principal characters share it, or the gender is unknown and two would do: no link
    assert _by_surname(Character("c1", "Winchester", aliases=["Winchester"], gender="male"), kb) == []
    assert _by_surname(Character("c1", "Weasley", aliases=["Weasley"]), kb) == []
    # a full name is linked by its own name, never by its surname
    assert _by_surname(Character("c1", "Fred Weasley", aliases=["Fred Weasley"], gender="male"), kb) == []


def test_a_common_noun_opening_a_sentence_is_no_name_by_its_label_alone() -> None:
    from ficlens.characters.mentions import find_mentions

    def names(pos: str) -> set[str]:
        words = ["Lunch", ".", "Dean", "ate", "."]
        d = Doc(_VOCAB, words=words, heads=[0, 0, 3, 3, 3], deps=["ROOT", "punct", "nsubj", "ROOT", "punct"],
                pos=[pos, "PUNCT", "PROPN", "VERB", "PUNCT"], ents=["B-PERSON", "O", "B-PERSON", "O", "O"],
                sent_starts=[1, 0, 1, 0, 0])
        doc = _parsed_doc(words, [0, 0, 3, 3, 3], ["ROOT", "punct", "nsubj", "ROOT", "punct"],
                          [pos, "PUNCT", "PROPN", "VERB", "PUNCT"], ["B-PERSON", "O", "B-PERSON", "O", "O"])
        doc.docs = [d]
        return {m.text for m in find_mentions(doc)[0] if m.kind == "name"}

    assert names("NOUN") == {"Dean"}  # "Lunch." with a PERSON label: a common noun
    assert names("PROPN") == {"Lunch", "Dean"}  # tagged a proper noun too: the label may stand


def test_a_name_written_as_a_common_noun_is_a_kind_of_people() -> None:
    from ficlens.characters.mentions import find_mentions
    from ficlens.characters.name_votes import _group_use

    def names(first: str, second: str, dep: str, tag: str = "NNP") -> set[str]:
        words = [first, "Basques", "laughed", ".", second, "Basques", "cried", ".", "Bill", "smiled", "."]
        heads = [1, 2, 2, 2, 5, 6, 6, 6, 9, 9, 9]
        deps = [dep, "nsubj", "ROOT", "punct", dep, "nsubj", "ROOT", "punct", "nsubj", "ROOT", "punct"]
        if dep == "advmod":
            heads[0], heads[4] = 2, 6
        pos = ["DET", "PROPN", "VERB", "PUNCT", "DET", "PROPN", "VERB", "PUNCT", "PROPN", "VERB", "PUNCT"]
        tags = ["DT", tag, "VBD", ".", "DT", tag, "VBD", ".", "NNP", "VBD", "."]
        ents = ["O", "B-PERSON", "O", "O", "O", "B-PERSON", "O", "O", "B-PERSON", "O", "O"]
        doc = _parsed_doc(words, heads, deps, pos, ents)
        doc.docs = [Doc(_VOCAB, words=words, heads=heads, deps=deps, pos=pos, tags=tags, ents=ents,
                        sent_starts=[1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0])]
        return {m.text for m in find_mentions(doc)[0] if m.kind == "name"}

    assert names("These", "Several", "det") == {"Bill"}  # "These Basques", "Several Basques": a people
    assert names("then", "so", "advmod") == {"Basques", "Bill"}  # the same word used as a name
    assert names("then", "so", "advmod", "NNPS") == {"Bill"}  # tagged plural: a people
    lx = lexicon()
    d = Doc(_VOCAB, words=["a", "chilly", "Londoner"], heads=[2, 2, 2], deps=["det", "amod", "ROOT"],
            tags=["DT", "JJ", "NNP"])
    assert _group_use(d[2], lx)
    d = Doc(_VOCAB, words=["her", "Londoner"], heads=[1, 1], deps=["poss", "ROOT"], tags=["PRP$", "NNP"])
    assert not _group_use(d[1], lx)  # "my Harry": a possessive is no determiner of a kind


def test_a_narrator_called_by_name_far_more_often_than_the_narration_uses_it_is_still_named() -> None:
    from ficlens.characters.narrator import _vocatives

    # the narration uses the name once ("the party at Jo's"); the others call the narrator so ten times
    lines = " ".join(f'"Jo, wait {i}." ' for i in range(10))
    doc = _blank_doc("I went to the party at Jo . " + lines)
    nar = doc.registry.add("the narrator", aliases=["I"])
    jo = doc.registry.add("Jo", aliases=["Jo"])
    _name(doc, "Jo", jo)
    for i in range(10):
        _name(doc, "Jo", jo, i + 1, in_quote=True)
    assert _vocatives(doc, nar)[jo] == 10
    # nine vocatives for one use in the narration: the narration speaks of someone else
    doc2 = _blank_doc("I went to the party at Jo . " + " ".join(f'"Jo, wait {i}." ' for i in range(9)))
    nar2 = doc2.registry.add("the narrator", aliases=["I"])
    jo2 = doc2.registry.add("Jo", aliases=["Jo"])
    _name(doc2, "Jo", jo2)
    for i in range(9):
        _name(doc2, "Jo", jo2, i + 1, in_quote=True)
    assert jo2 not in _vocatives(doc2, nar2)


def test_a_tie_of_self_namings_is_no_evidence_and_the_vocatives_decide() -> None:
    from ficlens.characters.narrator import name_narrator

    text = 'My name is Ann . My name is Bea . "Jo, come here." "Wait, Jo."'
    doc = _blank_doc(text)
    nar = doc.registry.add("the narrator", aliases=["I"])
    jo = doc.registry.add("Jo", aliases=["Jo"])
    _name(doc, "Jo", jo, 0, in_quote=True)
    _name(doc, "Jo", jo, 1, in_quote=True)
    name_narrator(doc)
    assert doc.registry.resolve(nar) == jo
    # one name given more often than the others is the narrator's own
    doc2 = _blank_doc('My name is Ann . Call me Ann . My name is Bea . "Jo, come here." "Wait, Jo."')
    nar2 = doc2.registry.add("the narrator", aliases=["I"])
    jo2 = doc2.registry.add("Jo", aliases=["Jo"])
    _name(doc2, "Jo", jo2, 0, in_quote=True)
    name_narrator(doc2)
    assert doc2.registry.resolve(nar2) == nar2
    assert doc2.registry.get(nar2) is not None and doc2.registry.get(nar2).name == "Ann"


def test_a_frame_storys_narrator_who_speaks_often_is_kept_in_a_third_person_tale() -> None:
    from ficlens.characters.narrator_pov import narrator_from_pov
    from ficlens.model import Quote, Scene

    def run(n_quotes: int) -> bool:
        text = "Once upon a time a bear lived in a forest. " * 200
        doc = _blank_doc(text)
        doc.analysis.work.words = 2000
        doc.analysis.scenes = [Scene(0, 0, 0, len(text), None, person="third")]
        nar = doc.registry.add("the narrator", aliases=["I"])
        c = doc.registry.get(nar)
        assert c is not None
        c.quotes = n_quotes
        doc.analysis.quotes = [Quote(f"q{i}", i, i + 1, "x", speaker=nar) for i in range(n_quotes)]
        narrator_from_pov(doc)
        return doc.registry.get(nar) is not None

    assert run(12)  # "'Tell me a story,' I said." a dozen times: the teller of the frame story
    assert not run(2)  # a stray "I" in a letter: no narrator in a third-person story


def test_vocatives_do_not_name_the_quote_stages_narrator_of_a_long_third_person_work() -> None:
    from ficlens.characters.narrator import name_narrator

    def run(words: int, name: str) -> bool:
        doc = _blank_doc('"Jo, come here." "Wait, Jo."')
        doc.analysis.work.words = words
        nar = doc.registry.add(name, aliases=["I"])
        jo = doc.registry.add("Jo", aliases=["Jo"])
        _name(doc, "Jo", jo, 0, in_quote=True)
        _name(doc, "Jo", jo, 1, in_quote=True)
        name_narrator(doc)
        return doc.registry.resolve(nar) == jo

    assert run(200, "Narrator")  # a short story's "I said": the others' vocatives name the narrator
    assert run(20000, "the narrator")  # first-person narration the character stage found
    assert not run(20000, "Narrator")  # a long third-person novel's "I" of letters is no one to name so


def test_a_title_in_a_lisp_is_no_name() -> None:
    nlp = spacy.blank("en")
    lx = lexicon()
    d = nlp("and Mith Thquire and Thir Tom and Mr Smith and Beth and Thora and Thea")
    assert not _name_like(d[1], False, lx)  # "Miss"
    assert not _name_like(d[2], False, lx)  # "Squire"
    assert not _name_like(d[4], False, lx)  # "Sir"
    assert all(_name_like(d[i], False, lx) for i in (5, 7, 8, 10, 12, 14))  # Tom, Mr, Smith, Beth, Thora, Thea


def test_a_long_third_person_works_quote_stage_narrator_is_not_self_named() -> None:
    from ficlens.characters.narrator import name_narrator

    for words, kept in ((20000, "Narrator"), (200, "Jo")):
        doc = _blank_doc("They all knew me, Jo, by then.")
        doc.analysis.work.words = words
        nar = doc.registry.add("Narrator", aliases=["I"])
        name_narrator(doc)
        c = doc.registry.get(nar)
        assert c is not None and c.name == kept


def test_a_full_names_last_words_that_the_text_uses_as_a_place_are_no_surname() -> None:
    ok = {"margaret", "margaret howards end", "richard", "richard jefferies", "chelsea", "chelsea embankment",
          "helen", "helen schlegel"}
    votes = {
        "margaret": _Votes(person=20.0), "richard": _Votes(person=2.0), "helen": _Votes(person=9.0),
        "howards end": _Votes(person=2.0, place=10.0, at_place=6),  # "at Howards End", "to Howards End"
        "jefferies": _Votes(place=4.0, label_place=4.0),  # the recogniser's labels alone
        "chelsea": _Votes(person=4.0, place=5.1), "embankment": _Votes(place=4.3, at_place=2),  # the head is no person
        "schlegel": _Votes(person=6.0, place=1.0),  # a surname
        "pye": _Votes(person=1.0, place=6.0, after_article=3),  # "the Pyes": a family, never "at Pye"
    }
    ok = ok | {"josie", "josie pye"}
    votes["josie"] = _Votes(person=5.0)
    assert place_tails(ok, votes) == {"margaret howards end": ("margaret", 2)}
    # a place the text names as a character is not cut off
    assert place_tails(ok | {"howards end"}, votes) == {}
    # fewer times after a place preposition than the floor
    assert place_tails(ok, {**votes, "howards end": _Votes(place=5.0, at_place=1)}) == {}


def test_a_name_run_loses_the_place_it_ran_into() -> None:
    d = Doc(_VOCAB, words=["left", "Margaret", "Howards", "End", "."], heads=[0, 3, 3, 0, 0],
            deps=["ROOT", "compound", "compound", "dobj", "punct"])
    r = _Run(0, 1, 4, "margaret howards end", None, 0, "obj")
    cut = _without_place(d, r, "margaret", 2)
    assert (cut.s, cut.e, cut.key) == (1, 2, "margaret")
    # tokens that do not end with the place words leave the run as it is
    assert _without_place(d, _Run(0, 1, 3, "margaret howards end", None, 0, ""), "margaret", 2).e == 3


def _tagged(words: list[str], spaces: list[bool], pos: list[str], ents: list[str] | None = None) -> Doc:
    return Doc(_VOCAB, words=words, spaces=spaces, pos=pos, ents=ents)


def test_a_hyphen_inside_a_double_name_joins_its_halves_into_one_word() -> None:
    from ficlens.characters.name_scan import _name_hyphen, _words

    lx = lexicon()
    # spaCy splits "Grant-Menzies" into three tokens: the hyphen, glued on both sides, is inside the name
    d = _tagged(["Jock", "Grant", "-", "Menzies", "laughed"], [True, False, False, True, False],
                ["PROPN", "PROPN", "PUNCT", "PROPN", "VERB"])
    assert _name_hyphen(d, 2, lx)
    assert _words(d, 0, 4) == ["Jock", "Grant-Menzies"]
    # a dash between words is no join; nor a hyphen before a word in lowercase the tagger reads as no name
    d = _tagged(["Dean", "-", "Menzies"], [True, True, False], ["PROPN", "PUNCT", "PROPN"])
    assert not _name_hyphen(d, 1, lx)
    d = _tagged(["Semi", "-", "skimmed"], [False, False, False], ["ADJ", "PUNCT", "VERB"])
    assert not _name_hyphen(d, 1, lx)
    # the lowercase half of a given name the recogniser puts in a person's name joins; an honorific, a function
    # word or a proper noun outside a person's name does not ("Todoroki-kun", "Winnie-the-Pooh", "Hydro-chloride")
    person = ["B-PERSON", "I-PERSON", "I-PERSON", "O"]
    d = _tagged(["Jung", "-", "kook", "ran"], [False, False, True, False], ["PROPN", "PUNCT", "PROPN", "VERB"], person)
    assert _name_hyphen(d, 1, lx) and _words(d, 0, 3) == ["Jung-kook"]
    assert not _hyphen_prefix(d[0], lx)
    for half in ("kun", "the"):
        d = _tagged(["Todoroki", "-", half, "ran"], [False, False, True, False], ["PROPN", "PUNCT", "PROPN", "VERB"],
                    person)
        assert not _name_hyphen(d, 1, lx)
    d = _tagged(["Hydro", "-", "chloride", "."], [False, False, False, False], ["PROPN", "PUNCT", "PROPN", "PUNCT"])
    assert not _name_hyphen(d, 1, lx) and _hyphen_prefix(d[0], lx)
    # the recogniser's person is not enough for a long half or a chain of them (a bottle's label, a song)
    d = _tagged(["Hydro", "-", "chloride", "."], [False, False, False, False], ["PROPN", "PUNCT", "PROPN", "PUNCT"],
                ["B-PERSON", "I-PERSON", "I-PERSON", "O"])
    assert not _name_hyphen(d, 1, lx)
    d = _tagged(["Rum", "-", "tum", "-", "tiddle"], [False] * 5, ["PROPN", "PUNCT", "PROPN", "PUNCT", "PROPN"],
                ["B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "I-PERSON"])
    assert not _name_hyphen(d, 1, lx)
    # titles joined by a hyphen stay as they were read ("Detective-Inspector Japp": the name is "Japp")
    d = _tagged(["Detective", "-", "Inspector", "Japp"], [False, False, True, False],
                ["PROPN", "PUNCT", "PROPN", "PROPN"])
    assert not _name_hyphen(d, 1, lx)
