"""The trees' scoring (``Trees.score``, all splits at once with leaf bit masks) against a plain walk down each tree,
on random trees of every size a model file may hold (one leaf to 64), ties at the thresholds and missing values."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from ficlens.errors import DataError
from ficlens.quotes.features import ADDRESSEE_FEATURES, SPEAKER_FEATURES
from ficlens.quotes.model import SpeakerModel, Trees

_VALUES = np.array([0.0, 0.25, 0.5, 1.0, 2.0])  # feature values; the thresholds are drawn from them (ties)


def _random_tree(rng: np.random.Generator, leaves: int, n_features: int) -> dict[str, Any]:
    """A tree of ``leaves`` leaves in the file's form, children numbered after their parent (depth first)."""
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []

    def grow(n: int) -> int:
        at = len(feature)
        feature.append(0)
        threshold.append(0.0)
        left.append(-1)
        right.append(-1)
        value.append(0.0)
        if n == 1:
            value[at] = float(rng.normal())
            return at
        feature[at] = int(rng.integers(n_features))
        threshold[at] = float(rng.choice(_VALUES))
        k = int(rng.integers(1, n))  # leaves on the left
        left[at] = grow(k)
        right[at] = grow(n - k)
        return at

    grow(leaves)
    return {"feature": feature, "threshold": threshold, "left": left, "right": right, "value": value}


def _walk(tree: dict[str, Any], x: np.ndarray) -> float:
    """The leaf value a row reaches: left when its feature's value is at most the threshold."""
    j = 0
    while tree["left"][j] >= 0:
        j = tree["left"][j] if x[tree["feature"][j]] <= tree["threshold"][j] else tree["right"][j]
    return float(tree["value"][j])


@pytest.mark.parametrize("sizes", [[1], [1, 2, 3], [8, 9, 15, 16], [17, 31, 32, 33], [5, 64, 40]])
def test_trees_score_each_row_by_the_leaf_its_walk_reaches(sizes: list[int]) -> None:
    rng = np.random.default_rng(sum(sizes))
    names = ("a", "b", "c", "d")
    # the trees read a feature the scoring names lack ("gone"): it reads as 0
    features = ["c", "gone", "a", "d", "b"]
    trees = [_random_tree(rng, s, len(features)) for s in sizes for _ in range(3)]
    model = Trees.from_json({"features": features, "base": 0.5, "trees": trees})
    X = rng.choice(_VALUES, size=(200, len(names)))
    X[rng.random(X.shape) < 0.05] = np.nan  # a missing value goes right, as in the walk
    full = np.column_stack([X[:, names.index(f)] if f in names else np.zeros(len(X)) for f in features])
    expected = np.array([0.5 + sum(_walk(t, row) for t in trees) for row in full])
    assert np.allclose(model.score(X, names), expected, rtol=0, atol=1e-12)
    # row by row, and with fewer rows than trees, the same scores
    assert np.allclose(model.score(X[:1], names), expected[:1], rtol=0, atol=1e-12)
    assert np.allclose(model.score(X[:2], names), expected[:2], rtol=0, atol=1e-12)
    assert model.score(X[:0], names).shape == (0,)


def test_the_speaker_features_score_with_the_default_names() -> None:
    rng = np.random.default_rng(3)
    features = ["tag_explicit", "recency", "salience"]
    trees = [_random_tree(rng, 15, len(features)) for _ in range(20)]
    model = Trees.from_json({"features": features, "base": -1.0, "trees": trees})
    X = rng.choice(_VALUES, size=(50, len(SPEAKER_FEATURES)))
    own = X[:, [SPEAKER_FEATURES.index(f) for f in features]]
    expected = [-1.0 + sum(_walk(t, row) for t in trees) for row in own]
    assert np.allclose(model.score(X), expected, rtol=0, atol=1e-12)


def test_a_tree_of_more_than_64_leaves_is_a_coded_error() -> None:
    rng = np.random.default_rng(0)
    data = SpeakerModel(speaker=np.zeros(len(SPEAKER_FEATURES)), same=0.0, abab=0.0,
                        addressee=np.zeros(len(ADDRESSEE_FEATURES))).to_json()
    data["trees"] = {"features": ["tag_explicit"], "base": 0.0, "trees": [_random_tree(rng, 65, 1)]}
    with pytest.raises(DataError, match="E203.*64 leaves"):
        SpeakerModel.from_json(data)
    data["trees"]["trees"] = [_random_tree(rng, 64, 1)]
    assert SpeakerModel.from_json(data).trees is not None
