"""Our own fan-fiction-style passages with a gold speaker per quotation, scored for both scorers (floors pinned)."""

from __future__ import annotations

import pytest

from ficlens.document import Paragraph
from ficlens.errors import DataError
from ficlens.eval import baseline, get
from ficlens.eval.speakers import check, default_root, load, right
from ficlens.model import Analysis, Character, Quote, WorkInfo


def _analysis(quotes: list[tuple[str, str | None]]) -> Analysis:
    chars = [Character("c1", "Jess Park", aliases=["Jess"]), Character("c2", "Narrator")]
    qs = [Quote(f"q{i}", i * 10, i * 10 + 5, text, speaker=sp) for i, (text, sp) in enumerate(quotes)]
    qs.append(Quote("qx", 900, 905, "“air quotes”", kind="other"))
    work = WorkInfo(title="t", authors=[], source="t.txt", format="txt", language="en", words=4)
    return Analysis(work=work, characters=chars, quotes=qs)


def test_eval_speakers_check_matches_snippets_in_order_and_names_by_word() -> None:
    gold = {"narrator": "Maya", "quotes": [["Late", "Jess"], ["Bus", "Maya"], ["Twice", "Jess"], ["Gone", "Jess"]]}
    text = "Late. Bus. Twice. Gone."
    a = _analysis([("“You're late,”", "c1"), ("“The bus”", "c2"), ("“Twice”", "c2"), ("“Gone”", None)])
    rows = check(a, gold, text)
    # "Jess" is one word of "Jess Park"; the narrator's line may go to the unnamed "Narrator"
    assert [got for _s, _w, got in rows] == ["Jess Park", "Narrator", "Narrator ✗", ""]
    assert right(rows) == 2


def test_eval_speakers_check_refuses_a_snippet_not_in_the_text() -> None:
    with pytest.raises(DataError, match="E207"):
        check(_analysis([]), {"quotes": [["Nowhere", "Jess"]]}, "Some other text.")


def test_eval_speakers_gold_covers_the_brief() -> None:
    gold = load(default_root())
    assert len(gold) >= 29
    assert sum(len(g["quotes"]) for _, g in gold) >= 450
    assert sum(1 for _, g in gold if g.get("narrator")) >= 3  # first-person narrators
    texts = " ".join(p.read_text(encoding="utf-8") for p, _ in gold)
    assert "texted" in texts and "typed" in texts  # texting
    assert max(len({w for _s, w in g["quotes"]}) for _, g in gold) >= 4  # a four-person scene
    labelled = [p.stem for p, _ in gold if _labelled(p.read_text(encoding="utf-8"))]
    assert len(labelled) >= 3  # chat logs and a script: "ginny: ...", "**Tony:** ...", "DEAN: ..."


def _labelled(text: str) -> bool:
    from ficlens.quotes.chat import label_lines

    return bool(label_lines(text, [Paragraph(0, 0, len(text), 0, 0)]))


@pytest.mark.integration
def test_eval_speakers_stays_above_its_floors() -> None:
    result = get("speakers")(None, None)
    floors = baseline()["speakers"]
    for key, floor in floors.items():
        assert result.metrics[key] >= floor, (key, result.notes)
    assert result.metrics["learned_speaker_accuracy"] >= result.metrics["rules_speaker_accuracy"]
