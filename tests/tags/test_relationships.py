"""Relationship tags from romance events between two characters, in AO3 form; categories from them."""

from __future__ import annotations

from ficlens import tags
from ficlens.model import Character, Evidence, Interaction, RelationshipTag
from ficlens.tags.relationships import ao3_pair, categories
from tags.tagdoc import FILLER, make, mention


def _doc(lines: list[str], ga: str = "male", gb: str = "female", kind: str = "unknown", weight: float = 12,
         names: tuple[str, str] = ("Ann", "Bo")):  # type: ignore[no-untyped-def]
    doc = make(lines, characters=[Character("c1", names[0], gender=ga, role="main", mentions=5),
                                  Character("c2", names[1], gender=gb, role="main", mentions=5)],
               interactions=[Interaction("c1", "c2", weight, 3, 3, kind, [Evidence(0, 3, lines[0][:3])])])
    first = {names[0].split()[0]: "c1", names[1].split()[0]: "c2"}
    for pi, d in enumerate(doc.docs):
        for t in d:
            if t.text in first:
                mention(doc, pi, t.i, first[t.text])
    return doc


def test_relationships_romance_between_two_makes_a_ship() -> None:
    doc = _doc(["Ann kissed Bo.", "Bo held Ann's hand and they went on a date.", "Ann loved Bo."])
    tags.run(doc)
    t = doc.analysis.tags
    assert [(r.value, r.kind) for r in t.relationships] == [("Ann/Bo", "romantic")]
    assert t.relationships[0].members == ["c1", "c2"] and 0 < t.relationships[0].confidence < 1
    assert t.relationships[0].evidence and t.relationships[0].evidence[0].text.startswith("Ann kissed")
    assert [c.value for c in t.categories] == ["F/M"]


def test_relationships_love_alone_or_siblings_is_not_a_ship() -> None:
    doc = _doc(["Ann loved Bo.", FILLER, "Ann loved Bo again."])
    tags.run(doc)
    assert [r.kind for r in doc.analysis.tags.relationships if r.kind == "romantic"] == []
    sibs = _doc(["Ann Smith kissed Bo Smith on the cheek.", "Ann hugged her brother Bo.", "Bo kissed Ann."],
                names=("Ann Smith", "Bo Smith"))
    tags.run(sibs)
    assert [r.kind for r in sibs.analysis.tags.relationships] != ["romantic"]
    assert [c.value for c in sibs.analysis.tags.categories] == ["Gen"]


def test_relationships_close_friends_are_a_platonic_pair() -> None:
    doc = _doc(["Ann and Bo were best friends.", "Bo laughed with Ann."], ga="female", kind="friendship")
    tags.run(doc)
    assert [r.value for r in doc.analysis.tags.relationships] == ["Ann & Bo"]
    assert [c.value for c in doc.analysis.tags.categories] == ["Gen"]
    hostile = _doc(["Ann stabbed Bo.", "Bo punched Ann.", "Ann hated Bo."], ga="female", kind="friendship")
    tags.run(hostile)
    assert doc.analysis.tags.relationships and not hostile.analysis.tags.relationships


def test_relationships_ao3_order_and_one_shared_disambiguator() -> None:
    assert ao3_pair(["Dean Winchester", "Castiel (Supernatural)"], "/") == "Castiel (Supernatural)/Dean Winchester"
    assert ao3_pair(["Crowley (Good Omens)", "Aziraphale (Good Omens)"], "/") == "Aziraphale/Crowley (Good Omens)"
    assert ao3_pair(["Sam Winchester", "Dean Winchester"], " & ") == "Dean Winchester & Sam Winchester"


def test_relationships_categories_multi_only_with_two_real_pairs_of_kinds() -> None:
    chars = {c: Character(c, c, gender=g) for c, g in
             (("a", "male"), ("b", "female"), ("c", "male"), ("d", "male"), ("e", "unknown"))}
    pair = lambda x, y: RelationshipTag(f"{x}/{y}", "romantic", [x, y])  # noqa: E731
    assert [c.value for c in categories([pair("a", "b")], chars)] == ["F/M"]
    assert [c.value for c in categories([pair("a", "b"), pair("c", "d")], chars)] == ["F/M", "M/M", "Multi"]
    assert [c.value for c in categories([pair("a", "b"), pair("a", "b")], chars)] == ["F/M", "Multi"]
    assert [c.value for c in categories([pair("a", "e")], chars)] == ["Other"]
    assert [c.value for c in categories([], chars)] == ["Gen"]
