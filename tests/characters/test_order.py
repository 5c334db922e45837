"""Character ids follow prominence after every stage that adds mentions; every reference is renumbered."""

from __future__ import annotations

from ficlens.characters.order import order_characters
from ficlens.document import Document, Mention
from ficlens.ingest.base import Work
from ficlens.model import Analysis, Character, Quote, Scene, WorkInfo


def test_order_renumbers_every_reference():
    a = Analysis(
        work=WorkInfo(None, [], "t", "txt", "en", 3),
        characters=[
            Character("c1", "Ann", mentions=2, first_start=0),
            Character("c2", "Bo", mentions=9, first_start=5),
        ],
        quotes=[Quote("q1", 0, 3, "x", speaker="c2", addressees=["c1"])],
        scenes=[Scene(0, 0, 0, 9, None, pov="c2", characters=["c1", "c2"])],
    )
    doc = Document(work=Work(text="Ann. Bo.", format="txt", source="t"), analysis=a)
    doc.mentions = [Mention(0, 3, 0, 0, 1, "name", "Ann", character="c1"), Mention(5, 7, 0, 2, 3, "name", "Bo", "c2")]
    order_characters(doc)
    assert [(c.id, c.name) for c in a.characters] == [("c1", "Bo"), ("c2", "Ann")]
    assert (a.quotes[0].speaker, a.quotes[0].addressees) == ("c1", ["c2"])
    assert (a.scenes[0].pov, a.scenes[0].characters) == ("c1", ["c2", "c1"])
    assert [m.character for m in doc.mentions] == ["c2", "c1"]


def test_order_ties_break_by_first_appearance():
    a = Analysis(
        work=WorkInfo(None, [], "t", "txt", "en", 3),
        characters=[Character("c1", "Late", mentions=3, first_start=50), Character("c2", "Early", mentions=3)],
    )
    order_characters(Document(work=Work(text="", format="txt", source="t"), analysis=a))
    assert [c.name for c in a.characters] == ["Early", "Late"]
