"""The learned speaker model: its file format, the packaged model, and training on tiny synthetic data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ficlens.errors import DataError
from ficlens.quotes.conversation import _Turn
from ficlens.quotes.features import ADDRESSEE_FEATURES, SPEAKER_FEATURES, TRANSITIONS, ConversationFeatures
from ficlens.quotes.learned import Record
from ficlens.quotes.model import SpeakerModel, load_model, packaged


def _model() -> SpeakerModel:
    return SpeakerModel(
        speaker=np.arange(len(SPEAKER_FEATURES), dtype=float) / 10, same=-1.5, abab=2.0,
        addressee=np.ones(len(ADDRESSEE_FEATURES)), addressee_bias=-0.5,
        cal_x=np.array([0.0, 0.5, 1.0]), cal_y=np.array([0.1, 0.4, 0.9]), meta={"seed": 3},
    )


def test_model_round_trips_through_its_file(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    _model().save(path)
    back = SpeakerModel.load(path)
    assert np.allclose(back.speaker, _model().speaker)
    assert (back.same, back.abab, back.addressee_bias) == (-1.5, 2.0, -0.5)
    assert back.meta == {"seed": 3}
    assert back.calibrate(0.25) == pytest.approx(0.25)
    # overwriting its own file is fine; a file ficlens did not write is never overwritten
    _model().save(path)
    other = tmp_path / "notes.json"
    other.write_text('{"mine": true}', encoding="utf-8")
    with pytest.raises(DataError, match="E204"):
        _model().save(other)
    assert json.loads(other.read_text(encoding="utf-8")) == {"mine": True}


def test_bad_model_files_are_coded_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="E203"):
        SpeakerModel.load(bad)
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    with pytest.raises(DataError, match="E203"):
        load_model(str(bad))
    assert load_model("rules") is None and load_model("") is None
    assert load_model("learned") is packaged()


def test_packaged_model_is_small_complete_and_calibrated() -> None:
    from importlib import resources

    m = packaged()
    assert m is not None
    raw = resources.files("ficlens").joinpath("quotes/data/speaker_model.json").read_text(encoding="utf-8")
    assert len(raw) < 200_000
    data = json.loads(raw)
    assert set(data["speaker"]) == {*SPEAKER_FEATURES, *TRANSITIONS}
    # an explicit tag is evidence for its speaker; a name called inside the quote is evidence against
    assert m.speaker[SPEAKER_FEATURES.index("tag_explicit")] > 1.0
    assert m.speaker[SPEAKER_FEATURES.index("vocative_self")] < 0
    # calibration is monotone and within 0..1
    assert np.all(np.diff(m.cal_y) >= 0) and m.cal_y[0] >= 0 and m.cal_y[-1] <= 1


def _synthetic(seed: int, n_conv: int = 30) -> list:  # type: ignore[type-arg]
    """Two people talking, a third candidate who never speaks: an explicit tag (on 60% of turns) names the
    speaker; speakers alternate; each speaks to the other."""
    from ficlens.quotes.train import Labelled, TextData

    rng = np.random.default_rng(seed)
    out = []
    for t in range(3):
        td = TextData(f"text{t}")
        for _c in range(n_conv):
            n, m = 6, 3
            first = int(rng.integers(0, 2))
            seq = [(first + k) % 2 for k in range(n)]
            X = np.zeros((n, m, len(SPEAKER_FEATURES)))
            for k in range(n):
                if rng.random() < 0.6:
                    X[k, seq[k], SPEAKER_FEATURES.index("tag_explicit")] = 1.0
                X[k, :, SPEAKER_FEATURES.index("rank")] = [1.0, 0.5, 0.33]
            A = np.zeros((n, m, 7))
            turns = [_Turn(k, [k], None, False, None) for k in range(n)]
            cf = ConversationFeatures(turns, ["a", "b", "c"], X, np.ones(n), A, [{} for _ in range(n)])
            lab = [[i == seq[k] for i in range(m)] for k in range(n)]
            addr = [[i == 1 - seq[k] for i in range(m)] for k in range(n)]
            td.convs.append(Labelled(Record(cf, [[(k, k + 1)] for k in range(n)]), lab, addr))
        out.append(td)
    return out


def test_training_learns_tags_and_turn_taking_and_is_reproducible(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from ficlens.quotes.train import decoded_posteriors, fit

    data = _synthetic(0)
    m1 = fit(data, seed=7)
    m2 = fit(data, seed=7)
    assert m1.to_json() == m2.to_json()
    assert m1.speaker[SPEAKER_FEATURES.index("tag_explicit")] > 0.5
    assert m1.same < 0 < m1.abab  # alternation learned from the gold sequences
    # decoded on fresh conversations of the same kind, turn-taking fills the untagged turns
    held = _synthetic(1, 10)
    pairs = decoded_posteriors(m1, held)
    assert sum(ok for _, ok in pairs) / len(pairs) > 0.95
    # the addressee of a two-person exchange is the other one
    assert m1.addressee[ADDRESSEE_FEATURES.index("prev_speaker")] > 0
