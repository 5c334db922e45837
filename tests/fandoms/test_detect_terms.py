"""Fandom detection pieces without the model: term matching, candidate fit and name strength."""

from __future__ import annotations

from pathlib import Path

import spacy

from ficlens.document import Document, Paragraph
from ficlens.fandoms.detect import _fits, _strength, term_hits
from ficlens.fandoms.kb import KnowledgeBase
from ficlens.fandoms.kb_files import _read_file
from ficlens.fandoms.kb_model import KBCharacter
from ficlens.ingest.base import Work
from ficlens.model import Analysis, Character, WorkInfo


def _kb(tmp_path: Path) -> KnowledgeBase:
    (tmp_path / "x.toml").write_text(
        'name = "X"\nterms = ["Impala", "Men of Letters", "expression"]\nweak_terms = ["hunter"]\n',
        encoding="utf-8",
    )
    return KnowledgeBase([_read_file(tmp_path / "x.toml")])


def _doc(text: str) -> Document:
    nlp = spacy.blank("en")
    work = Work(text=text, format="txt", source="t")
    analysis = Analysis(work=WorkInfo(None, [], "t", "txt", "en", 0))
    doc = Document(work=work, analysis=analysis, paragraphs=[Paragraph(0, 0, len(text), 0, 0)])
    doc.docs.append(nlp(text))
    return doc


def test_terms_longest_match_case_and_strength(tmp_path: Path) -> None:
    kb = _kb(tmp_path)
    text = "The Men of Letters kept an Impala. An impala ran. His expression fell. The hunter sighed."
    hits = term_hits(_doc(text), kb)["X"]
    found = {(text[s:e], strong) for s, e, strong in hits}
    assert ("Men of Letters", True) in found
    assert ("Impala", True) in found
    assert ("impala", True) not in found  # a capitalised term must be capitalised in the text
    assert ("expression", False) in found  # a lowercase "strong" term counts as weak
    assert ("hunter", False) in found


def _char(name: str, aliases: list[str], gender: str = "unknown") -> Character:
    return Character(id="c1", name=name, aliases=aliases, gender=gender)


def test_fit_rejects_other_gender_and_other_surname() -> None:
    rose = KBCharacter(tag="Rose Tyler", name="Rose Tyler", aliases=("Rose",), gender="female", fandom="DW")
    assert _fits(_char("Rose", ["Rose"], "female"), rose)
    assert not _fits(_char("Rose", ["Rose"], "male"), rose)
    assert not _fits(_char("Rose Smith", ["Rose", "Rose Smith"]), rose)
    assert _fits(_char("Rose Tyler", ["Rose Tyler"]), rose)


def test_strength_full_name_distinctive_and_common() -> None:
    common = {"rose": "female"}
    dean = KBCharacter(tag="Dean Winchester", name="Dean Winchester", aliases=("Dean",), fandom="SPN")
    cas = KBCharacter(tag="Castiel", name="Castiel", aliases=("Castiel",), fandom="SPN")
    rose1 = KBCharacter(tag="Rose Tyler", name="Rose Tyler", aliases=("Rose",), fandom="DW")
    rose2 = KBCharacter(tag="Rose Lalonde", name="Rose Lalonde", aliases=("Rose",), fandom="HS")
    assert _strength(_char("Dean Winchester", ["Dean", "Dean Winchester"]), [dean], common) == (2.0, True)
    assert _strength(_char("Castiel", ["Castiel"]), [cas], common) == (1.5, False)
    weak, exact = _strength(_char("Rose", ["Rose"]), [rose1, rose2], common)
    assert weak < 0.5 and not exact
