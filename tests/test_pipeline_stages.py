"""The stage protocol: stages declare needs/provides; a stage that raises becomes a coded error naming it."""

from __future__ import annotations

import pytest
import spacy

from ficlens.document import Document, Paragraph
from ficlens.errors import StageError
from ficlens.fandoms.kb import KnowledgeBase
from ficlens.ingest.base import Work
from ficlens.model import Analysis, WorkInfo
from ficlens.pipeline import STAGES, Stage, check_stages, run_stages


def _doc(text: str = "Ann met Bo.") -> Document:
    a = Analysis(work=WorkInfo(None, [], "story.txt", "txt", "en", 3))
    doc = Document(
        work=Work(text=text, format="txt", source="story.txt"), analysis=a,
        paragraphs=[Paragraph(0, 0, len(text), 0, 0)],
    )
    doc.docs = [spacy.blank("en")(text)]
    return doc


def test_shipped_stages_are_in_an_order_that_satisfies_every_need() -> None:
    check_stages(STAGES)
    names = [s.name for s in STAGES]
    assert len(names) == len(set(names))
    # the one final renumbering comes after every stage that adds or merges characters
    assert names.index("characters.reconcile") > names.index("characters.narrator_pov")
    assert names.index("characters.reconcile") < names.index("network")


def test_a_stage_whose_need_nobody_provides_is_refused() -> None:
    stages = [
        Stage("b", lambda d, kb: None, needs=("speakers",)),
        Stage("a", lambda d, kb: None, provides=("speakers",)),
    ]
    with pytest.raises(StageError) as err:
        check_stages(stages)
    assert str(err.value).startswith("[E151]") and "'b'" in str(err.value)


def test_a_stage_that_raises_is_a_coded_error_naming_stage_and_file() -> None:
    ran: list[str] = []

    def ok(doc: Document, kb: KnowledgeBase) -> None:
        ran.append("ok")

    def bad(doc: Document, kb: KnowledgeBase) -> None:
        raise KeyError("c99")

    stages = [Stage("first", ok, provides=("x",)), Stage("broken", bad, needs=("x",)), Stage("never", ok)]
    with pytest.raises(StageError) as err:
        run_stages(_doc(), KnowledgeBase([]), stages)
    msg = str(err.value)
    assert msg.startswith("[E150]") and "'broken'" in msg and "story.txt" in msg and "c99" in msg
    assert "\n" not in msg
    assert err.value.stage == "broken" and ran == ["ok"]


def test_merges_a_stage_proposes_are_applied_before_the_next_stage() -> None:
    seen: list[str | None] = []

    def add_and_merge(doc: Document, kb: KnowledgeBase) -> None:
        a, b = doc.registry.add("Ann"), doc.registry.add("Annie")
        doc.analysis.scenes = []
        from ficlens.document import Mention

        m = Mention(0, 3, 0, 0, 1, "name", "Ann")
        doc.registry.attach(m, b)
        doc.mentions.append(m)
        doc.registry.merge(b, a, "nickname")

    def read(doc: Document, kb: KnowledgeBase) -> None:
        seen.append(doc.mentions[0].character)

    run_stages(_doc(), KnowledgeBase([]), [Stage("w", add_and_merge), Stage("r", read)])
    assert seen == ["c1"]
