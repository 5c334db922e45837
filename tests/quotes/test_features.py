"""Speaker features filled from the features array itself (quotes/features.py), no spaCy."""

from __future__ import annotations

import numpy as np
import pytest

from ficlens.quotes.features import RELATIVE, SPEAKER_FEATURES, fill_relative

F = {n: i for i, n in enumerate(SPEAKER_FEATURES)}


def test_relative_features_compare_each_candidate_with_the_best_other_one_of_its_turn() -> None:
    X = np.zeros((2, 3, len(SPEAKER_FEATURES)))
    X[0, :, F["recency"]] = [0.5, 0.2, 0.9]
    X[1, :, F["salience"]] = [1.0, 1.0, 0.25]  # a tie at the top: neither is ahead of the other
    fill_relative(X)
    assert list(X[0, :, F["rel_recency"]]) == pytest.approx([-0.4, -0.7, 0.4])
    assert list(X[1, :, F["rel_salience"]]) == pytest.approx([0.0, 0.0, -0.75])
    # a feature nobody has is 0 relative to everyone; the source columns are left as they were
    assert not X[:, :, F["rel_support"]].any()
    assert list(X[0, :, F["recency"]]) == pytest.approx([0.5, 0.2, 0.9])
    assert all(f"rel_{f}" in F for f in RELATIVE)


def test_relative_features_of_a_lone_candidate_stay_zero() -> None:
    X = np.zeros((3, 1, len(SPEAKER_FEATURES)))
    X[:, 0, F["recency"]] = 0.8
    fill_relative(X)
    assert not X[:, :, F["rel_recency"]].any()


def test_the_rules_addressee_of_the_turn_before_is_no_speaker_feature() -> None:
    # the hand-weighted decoder reads its addressee off its own speakers: as a column it handed the rules' partner
    # of an untagged run to the turn after (twelfth session); the rules' own picks and the text's vocatives stay
    assert "rules_addressed_prev" not in SPEAKER_FEATURES
    assert {"rules_pick", "rules_prev", "rules_next", "addressed_prev"} <= set(SPEAKER_FEATURES)
    # nor in the shipped model, whose trees read exactly the speaker features
    import json
    from importlib import resources

    from ficlens.quotes.model import PACKAGED

    data = json.loads(resources.files("ficlens").joinpath(PACKAGED).read_text(encoding="utf-8"))
    assert data["trees"]["features"] == list(SPEAKER_FEATURES)
    assert "rules_addressed_prev" not in data["speaker"]

