"""Described speakers named later (characters/introductions.py): "the girl" who says "I'm Kara" is Kara."""

from __future__ import annotations

import pytest

from ficlens.characters.introductions import introduce_described
from ficlens.document import Document, Mention
from ficlens.ingest.base import Work
from ficlens.model import Analysis, Character, Quote, WorkInfo


def _chars(analysis):  # type: ignore[no-untyped-def]
    return {c.name: c for c in analysis.characters}


def _check_ids(analyzer, analysis) -> None:  # type: ignore[no-untyped-def]
    """Every id a mention or quote holds is a listed character."""
    ids = {c.id for c in analysis.characters}
    doc = analyzer.last_document
    assert all(m.character in ids for m in doc.mentions if m.character is not None)
    for q in analysis.quotes:
        assert q.speaker is None or q.speaker in ids
        assert set(q.addressees) <= ids and q.speaker not in q.addressees


SELF_INTRO = """Dean Winchester walked into the bar and sat down. The bar was almost empty.

A woman slid onto the stool beside him. She had a leather jacket and a scar across her chin.

"You look lost," the woman said.

"I'm fine," Dean said.

"I'm Kara, by the way," the woman said. "I run this place."

Dean nodded and drank his beer. Kara wiped the counter and smiled at him.
"""

MY_NAMES = """Sam Winchester sat in the library with a pile of books. Nobody else was there.

An old man shuffled between the shelves. He carried a lamp and a ring of keys.

"We close at nine," the old man said.

"I know," Sam said. "I just need another hour."

"My name's Walter," the old man said. "Ask me if you need anything."

Sam thanked him and went back to his books.
"""

BARE_NAME = """Dean Winchester waited by the car. The road was empty and the sky was grey.

A girl climbed out of the ditch with a stake in her hand. She wiped mud off her knees.

"Who are you?" Dean asked.

"Nobody you need to worry about," the girl said.

"Humor me."

"Faith Lehane. Hi," the girl said. "You're standing on my vampire."

Dean looked down at the dust under his boots.
"""

YOUR_NAME = """Dean Winchester leaned on the counter of the pawn shop. The place smelled of dust.

A girl came out of the back room with a box of old radios. She set it down hard.

"We don't buy guns," the girl said.

"I'm not selling a gun," Dean said. He looked at the badge pinned to her shirt. "Your name is Lena?"

"That's what the badge says," the girl said.
"""

APPOSITION = """Dean Winchester crouched behind the headstone. The night was cold and quiet.

A girl walked out of the fog with a stake in her hand.

"You can come out now," the girl said. "The vampire is dust."

Dean stood up slowly. The girl — Buffy, apparently — was already walking away.
"""

NEVER_NAMED = """Dean Winchester stood at the edge of the field. The crows were loud.

An old woman came down the lane with a basket of eggs. She stopped at the fence.

"You boys are not from here," the old woman said.

"No, ma'am," Dean said.

"Then go home," the old woman said. "Nothing good happens in this field."

Dean thanked her, and she walked on toward the village.
"""

TWO_DESCRIBED = """Dean Winchester parked outside the diner. Sam Winchester was asleep in the passenger seat.

A waitress came out to the car with a coffee pot. She tapped on the window.

"You boys want a refill?" the waitress asked.

"Sure," Dean said.

A cook leaned out of the kitchen door behind her. He was wiping his hands on an apron.

"Tell them we close at ten," the cook said.

"I'm Rosa, by the way," the waitress said. "Holler if you need anything."

Dean smiled at her and drank his coffee.
"""


@pytest.mark.integration
@pytest.mark.parametrize(
    ("text", "name", "description", "quotes"),
    [
        (SELF_INTRO, "Kara", "the woman", 3),
        (MY_NAMES, "Walter", "the old man", 3),
        (BARE_NAME, "Faith Lehane", "the girl", 3),
        (YOUR_NAME, "Lena", "the girl", 2),
        (APPOSITION, "Buffy", "the girl", 2),
    ],
    ids=["im-x", "my-names-x", "bare-name", "your-name-is", "apposition"],
)
def test_described_speaker_takes_the_name(analyzer, text, name, description, quotes):  # type: ignore[no-untyped-def]
    a = analyzer.analyze_text(text)
    chars = _chars(a)
    assert description.capitalize() not in chars
    assert description in chars[name].aliases
    assert chars[name].quotes == quotes
    assert sum(1 for q in a.quotes if q.speaker == chars[name].id) == quotes
    _check_ids(analyzer, a)


@pytest.mark.integration
def test_description_never_named_stays_separate(analyzer):  # type: ignore[no-untyped-def]
    a = analyzer.analyze_text(NEVER_NAMED)
    chars = _chars(a)
    assert "The old woman" in chars and chars["The old woman"].quotes == 3
    assert all("the old woman" not in c.aliases for c in a.characters)
    _check_ids(analyzer, a)


@pytest.mark.integration
def test_only_the_named_one_of_two_described_speakers_merges(analyzer):  # type: ignore[no-untyped-def]
    a = analyzer.analyze_text(TWO_DESCRIBED)
    chars = _chars(a)
    assert "the waitress" in chars["Rosa"].aliases and "The waitress" not in chars
    assert "The cook" in chars and "the cook" not in chars["Rosa"].aliases
    cook = chars["The cook"].id
    assert [q.text for q in a.quotes if q.speaker == cook] == ["Tell them we close at ten,"]
    _check_ids(analyzer, a)


# -- without the model: the merge itself -----------------------------------------------------------------------


def _mention(start: int, text: str, kind: str, cid: str, in_quote: bool = False) -> Mention:
    return Mention(start, start + len(text), 0, 0, 1, kind, text, character=cid, in_quote=in_quote)


def test_merge_moves_mentions_quotes_and_addressees() -> None:
    text = 'The girl waved. "Who are you?" Dean said. "Buffy Summers. Hi." Buffy grinned.'
    analysis = Analysis(work=WorkInfo(None, [], "t", "txt", "en", 0))
    analysis.characters = [
        Character("c1", "Dean", aliases=["Dean"], mentions=1),
        Character("c2", "Buffy Summers", aliases=["Buffy Summers", "Buffy"], mentions=2),
        Character("c3", "The girl", aliases=["The girl"], gender="female", mentions=1, quotes=1),
    ]
    q1 = text.index('"Who')
    q2 = text.index('"Buffy')
    analysis.quotes = [
        Quote("q1", q1, q1 + 14, "Who are you?", speaker="c1", addressees=["c3"]),
        Quote("q2", q2, q2 + 21, "Buffy Summers. Hi.", speaker="c3", addressees=["c2"]),
    ]
    doc = Document(work=Work(text=text, format="txt", source="t"), analysis=analysis)
    doc.mentions = [
        _mention(0, "The girl", "description", "c3"),
        _mention(text.index("Dean"), "Dean", "name", "c1"),
        _mention(q2 + 1, "Buffy Summers", "name", "c2", in_quote=True),
        _mention(text.rindex("Buffy"), "Buffy", "name", "c2"),
    ]
    introduce_described(doc)
    assert sorted(c.id for c in analysis.characters) == ["c1", "c2"]
    buffy = doc.registry.get("c2")
    assert buffy is not None and doc.registry.get("c3") is buffy
    assert doc.registry.log[0].src == "c3"
    assert buffy.aliases == ["Buffy Summers", "Buffy", "the girl"]
    assert buffy.mentions == 3 and buffy.quotes == 1 and buffy.gender == "female"
    assert [m.character for m in doc.mentions] == ["c2", "c1", "c2", "c2"]
    assert [(q.speaker, q.addressees) for q in analysis.quotes] == [("c1", ["c2"]), ("c2", [])]


def test_a_name_the_narration_already_uses_is_someone_else() -> None:
    text = 'The girl looked at Buffy. "Buffy Summers. Hi." she said.'
    analysis = Analysis(work=WorkInfo(None, [], "t", "txt", "en", 0))
    analysis.characters = [
        Character("c1", "Buffy Summers", aliases=["Buffy Summers", "Buffy"], mentions=2),
        Character("c2", "The girl", aliases=["The girl"], mentions=1, quotes=1),
    ]
    q = text.index('"Buffy')
    analysis.quotes = [Quote("q1", q, q + 21, "Buffy Summers. Hi.", speaker="c2", addressees=["c1"])]
    doc = Document(work=Work(text=text, format="txt", source="t"), analysis=analysis)
    doc.mentions = [
        _mention(0, "The girl", "description", "c2"),
        _mention(text.index("Buffy"), "Buffy", "name", "c1"),
        _mention(q + 1, "Buffy Summers", "name", "c1", in_quote=True),
    ]
    introduce_described(doc)
    assert [c.name for c in analysis.characters] == ["Buffy Summers", "The girl"]
    assert analysis.quotes[0].speaker == "c2"


def _doctor(reply_first: bool) -> Document:
    """The man in the suit says "I'm the Doctor"; the Doctor (the same man, split in two) speaks to him once,
    before or after the naming."""
    text = ('The man in the suit grinned. "Oh, hello." "I\'m the Doctor," said the man in the suit. '
            'The Doctor waved. "Oh, I like him."')
    analysis = Analysis(work=WorkInfo(None, [], "t", "txt", "en", 0))
    analysis.characters = [
        Character("c1", "The Doctor", aliases=["The Doctor", "Doctor"], mentions=2),
        Character("c2", "The man in the suit", aliases=["The man in the suit"], mentions=2, quotes=1),
    ]
    q1, q2, q3 = text.index('"Oh, h'), text.index('"I\'m'), text.index('"Oh, I')
    addressed = q1 if reply_first else q3
    analysis.quotes = [
        Quote("q1", q1, q1 + 12, "Oh, hello.", speaker="c1" if reply_first else "c2",
              addressees=["c2"] if addressed == q1 else []),
        Quote("q2", q2, q2 + 19, "I'm the Doctor,", speaker="c2"),
        Quote("q3", q3, q3 + 18, "Oh, I like him.", speaker="c1", addressees=["c2"] if addressed == q3 else []),
    ]
    doc = Document(work=Work(text=text, format="txt", source="t"), analysis=analysis)
    doc.mentions = [
        _mention(0, "The man in the suit", "description", "c2"),
        _mention(q2 + 5, "the Doctor", "name", "c1", in_quote=True),
        _mention(text.index("said the man") + 5, "the man in the suit", "description", "c2"),
        _mention(text.index("The Doctor waved"), "The Doctor", "name", "c1"),
    ]
    return doc


def test_the_named_one_speaking_to_the_described_one_only_after_the_naming_does_not_keep_them_apart() -> None:
    doc = _doctor(reply_first=False)
    introduce_described(doc)
    assert [c.name for c in doc.analysis.characters] == ["The Doctor"]
    assert "the man in the suit" in doc.analysis.characters[0].aliases
    # spoken to before the naming: someone else, kept apart
    doc = _doctor(reply_first=True)
    introduce_described(doc)
    assert [c.name for c in doc.analysis.characters] == ["The Doctor", "The man in the suit"]
