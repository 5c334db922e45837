"""``ficlens eval pdnc`` and ``ficlens train speakers`` on tiny synthetic PDNC-layout novels of our own."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ficlens.cli import cli

NOVEL = (
    "Nora and Felix waited on the platform in the rain.\n\n"
    '"The train is late again," said Nora.\n\n'
    '"It always is on Sundays," said Felix.\n\n'
    '"Then we should have taken the bus."\n\n'
    '"You hate the bus."\n'
)


def _novel(root: Path, name: str) -> None:
    d = root / name
    d.mkdir(parents=True)
    (d / "novel_text.txt").write_text(NOVEL, encoding="utf-8")
    with (d / "character_info.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Character ID", "Main Name", "Aliases", "Gender", "Category"])
        w.writerow([0, "Nora", "{'Nora'}", "F", "major"])
        w.writerow([1, "Felix", "{'Felix'}", "M", "major"])
    rows = []
    speakers = ["Nora", "Felix", "Nora", "Felix"]
    starts = [i for i in range(len(NOVEL)) if NOVEL[i] == '"' and (i == 0 or NOVEL[i - 1] == "\n")]
    for k, s in enumerate(starts):
        e = NOVEL.index('"', s + 1)
        other = speakers[1 - k % 2]
        rows.append([f"Q{k}", "", "[]", str([[s + 1, e]]), speakers[k], str([other]),
                     "Explicit" if k < 2 else "Implicit", ""])
    with (d / "quotation_info.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["quoteID", "quoteText", "subQuotationList", "quoteByteSpans", "speaker", "addressees",
                    "quoteType", "referringExpression"])
        w.writerows(rows)


def test_eval_pdnc_without_novels_is_one_coded_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "pdnc", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "[E200]" in result.output and "Traceback" not in result.output


@pytest.mark.integration
def test_eval_pdnc_cv_and_train_speakers_run_end_to_end(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    pytest.importorskip("lightgbm")
    data = tmp_path / "pdnc"
    for name in ("NovelA", "NovelB"):
        _novel(data, name)
    cache = tmp_path / "cache"
    result = CliRunner().invoke(cli, ["eval", "pdnc", "--data", str(data), "--cv", "--cache", str(cache)])
    assert result.exit_code == 0, result.output
    assert "speaker_accuracy_explicit" in result.output and "NovelA" in result.output
    assert list(cache.glob("*.spacy"))  # the parses are cached for the next run
    out = tmp_path / "model.json"
    result = CliRunner().invoke(cli, ["train", "speakers", "--pdnc", str(data), "-o", str(out), "--cache", str(cache)])
    assert result.exit_code == 0, result.output
    model = json.loads(out.read_text(encoding="utf-8"))
    assert model["format"] == "ficlens-speaker-model/1" and "tag_explicit" in model["speaker"]
    # the same data gives the same model
    again = tmp_path / "again.json"
    CliRunner().invoke(cli, ["train", "speakers", "--pdnc", str(data), "-o", str(again), "--cache", str(cache)])
    assert json.loads(again.read_text(encoding="utf-8"))["speaker"] == model["speaker"]


def test_train_speakers_needs_a_corpus(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["train", "speakers", "-o", str(tmp_path / "m.json")])
    assert result.exit_code == 2


@pytest.mark.integration
def test_eval_pdnc_speaker_model_option_picks_the_scorer(tmp_path: Path) -> None:
    data = tmp_path / "pdnc"
    _novel(data, "NovelA")
    cache = tmp_path / "cache"
    args = ["eval", "pdnc", "--data", str(data), "--cache", str(cache)]
    rules = CliRunner().invoke(cli, [*args, "--speaker-model", "rules"])
    assert rules.exit_code == 0, rules.output
    assert "speaker_accuracy" in rules.output
    missing = CliRunner().invoke(cli, [*args, "--speaker-model", str(tmp_path / "none.json")])
    assert missing.exit_code == 1 and "[E203]" in missing.output and "Traceback" not in missing.output


def test_floors_follow_the_scorer_the_figures_are_for(monkeypatch: pytest.MonkeyPatch) -> None:
    # the pinned floors are the shipped scorer's; "--speaker-model rules" is held to the rules' own, a model file
    # to none
    import ficlens.eval.litbank_quotes as lq
    from ficlens import eval as evaluation
    from ficlens.eval import EvalResult

    seen: list[str | None] = []

    def fake(data: object, limit: object, speaker_model: str | None = None, layout: str = "real") -> EvalResult:
        seen.append(speaker_model)
        return EvalResult("litbank-quotes", {"speaker_accuracy": 0.75})

    monkeypatch.setattr(lq, "evaluate", fake)
    monkeypatch.setattr(evaluation, "baseline", lambda: {
        "litbank-quotes": {"speaker_accuracy": 0.80}, "litbank-quotes:rules": {"speaker_accuracy": 0.70}})
    learned = CliRunner().invoke(cli, ["eval", "litbank-quotes"])
    rules = CliRunner().invoke(cli, ["eval", "litbank-quotes", "--speaker-model", "rules"])
    model_file = CliRunner().invoke(cli, ["eval", "litbank-quotes", "--speaker-model", "my.json"])
    assert seen == [None, "rules", "my.json"]
    assert learned.exit_code == 1 and "below the pinned floor: litbank-quotes.speaker_accuracy" in learned.output
    assert rules.exit_code == 0 and "0.700" in rules.output
    assert model_file.exit_code == 0 and "0.800" not in model_file.output
