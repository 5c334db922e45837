"""Addressee features: the whole-conversation matrix is the per-turn rows, stacked."""

from __future__ import annotations

import numpy as np

from ficlens.quotes.addressees import addressee_features, addressee_matrix
from ficlens.quotes.features import ADDRESSEE_FEATURES


def test_addressee_matrix_is_the_addressee_features_of_every_turn() -> None:
    rng = np.random.default_rng(3)
    static = rng.random((6, 3, 8))
    for seq in ([0, 1, None, 1, 0, 2], [0, 1, 0, 1, 0, 1], [None, None, 2, 2, 0, None]):
        matrix = addressee_matrix(static, seq)
        assert matrix.shape == (6, 3, len(ADDRESSEE_FEATURES))
        for k in range(6):
            assert np.array_equal(matrix[k], addressee_features(static, seq, k))
