"""Our own fan-fiction-style passages with a gold speaker per quotation, scored for both scorers (floors pinned)."""

from __future__ import annotations

import pytest

from ficlens.document import Paragraph
from ficlens.errors import DataError
from ficlens.eval import baseline, get
from ficlens.eval.speakers import check, check_addressees, default_root, load, right
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


def test_eval_speakers_check_addressees_scores_only_entries_that_give_one() -> None:
    gold = {"narrator": "Maya", "quotes": [["Late", "Jess", "Maya"], ["Bus", "Maya"], ["Twice", "Maya", "Jess"],
                                           ["Gone", "Jess", ""], ["Home", "Jess", "Maya"]]}
    text = "Late. Bus. Twice. Gone. Home."
    a = _analysis([("“You're late,”", "c1"), ("“The bus”", "c2"), ("“Twice”", "c2"), ("“Gone”", None),
                   ("“Home”", "c1")])
    a.quotes[0].addressees = ["c2"]  # the unnamed narrator stands for Maya
    a.quotes[2].addressees = ["c2"]  # wrong: Jess was addressed
    rows = check_addressees(a, gold, text)
    assert [(s, got) for s, _w, got in rows] == [("Late", "Narrator"), ("Twice", "Narrator ✗"), ("Home", "")]
    assert right(rows) == 1


def test_eval_speakers_load_refuses_a_malformed_entry(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("“Hi,” she said.", encoding="utf-8")
    (tmp_path / "a.toml").write_text('quotes = [["Hi", "Jess", "Maya", "extra"]]', encoding="utf-8")
    with pytest.raises(DataError, match="E251"):
        load(tmp_path)


def test_eval_speakers_load_reads_html_passages_beside_text_ones(tmp_path) -> None:
    for name in ("b.html", "a.txt", "c.txt"):
        (tmp_path / name).write_text("“Hi,” she said.", encoding="utf-8")
    for name in ("a", "b"):
        (tmp_path / f"{name}.toml").write_text('quotes = [["Hi", "Jess"]]', encoding="utf-8")
    assert [p.name for p, _ in load(tmp_path)] == ["a.txt", "b.html"]  # c has no gold


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
    assert max(len({e[1] for e in g["quotes"]}) for _, g in gold) >= 5  # a five-person scene
    assert any(p.suffix == ".html" for p, _ in gold)  # an AO3 download, thoughts in <em>
    assert sum(1 for _, g in gold for e in g["quotes"] if len(e) == 3) >= 240  # addressees given
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


@pytest.mark.integration
def test_eval_speakers_scores_a_given_model_file(tmp_path) -> None:
    from ficlens.eval.speakers import evaluate
    from ficlens.quotes.model import SpeakerModel, packaged

    shipped_model = packaged()
    assert shipped_model is not None
    same = tmp_path / "same.json"
    shipped_model.save(same)
    # every candidate scored alike: the model file, not the packaged one, counts (a copy: the packaged is shared)
    blind = tmp_path / "blind.json"
    model = SpeakerModel.load(same)
    model.speaker[:] = 0.0
    model.trees, model.second = None, None
    model.save(blind)
    shipped = evaluate(None, 6)
    copied = evaluate(None, 6, speaker_model=str(same))
    degraded = evaluate(None, 6, speaker_model=str(blind))
    assert copied.metrics["model_speaker_accuracy"] == shipped.metrics["learned_speaker_accuracy"]
    assert copied.metrics["speaker_accuracy"] == copied.metrics["model_speaker_accuracy"]
    assert copied.metrics["rules_speaker_accuracy"] == shipped.metrics["rules_speaker_accuracy"]
    assert degraded.metrics["model_speaker_accuracy"] < shipped.metrics["learned_speaker_accuracy"]
    assert "learned_speaker_accuracy" not in copied.metrics
