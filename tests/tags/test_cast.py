"""Character tags: main and supporting characters, most important first, canonical tag form."""

from __future__ import annotations

from ficlens.model import Analysis, Character, WorkInfo
from ficlens.tags.cast import character_tags


def test_cast_main_first_canonical_form_and_no_misread_names() -> None:
    a = Analysis(work=WorkInfo(None, [], "", "txt", "en", 100), characters=[
        Character("c1", "Cas", ao3_tag="Castiel (Supernatural)", role="supporting", mentions=9, quotes=2),
        Character("c2", "Dean", ao3_tag="Dean Winchester", role="main", mentions=20, quotes=5),
        Character("c3", "Sam", role="main", mentions=40, gender="male"),
        Character("c4", "Snow", role="supporting", mentions=1),
        Character("c5", "Bobby", role="mentioned", mentions=2, gender="male"),
        Character("c6", "Rowena", role="referenced", mentions=1, gender="female"),
        Character("c7", "The vampire", role="supporting", mentions=6, quotes=2, gender="male"),
    ])
    tags = character_tags(a)
    assert [t.value for t in tags] == ["Sam", "Dean Winchester", "Castiel (Supernatural)"]
    assert [t.id for t in tags] == ["c3", "c2", "c1"]
    assert tags[0].confidence > tags[-1].confidence
