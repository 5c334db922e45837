"""The decoder over many conversations at once (``decoder_batch.decode_many``) gives ``decode``'s results to the
last bit, and the speaker model's batched path (``SpeakerModel.decode_many``) its ``decode``'s."""

from __future__ import annotations

import numpy as np
import pytest

from ficlens.quotes.decoder import decode
from ficlens.quotes.decoder_batch import decode_many
from ficlens.quotes.features import SPEAKER_FEATURES
from ficlens.quotes.model import packaged


def _conversations(seed: int, count: int) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray | None]]:
    rng = np.random.default_rng(seed)
    emits, scales, blocked = [], [], []
    for _ in range(count):
        n, m = int(rng.integers(1, 40)), int(rng.integers(1, 9))
        emits.append(rng.normal(scale=3.0, size=(n, m)))
        scales.append(np.where(rng.random(n) < 0.3, 0.5, 1.0))
        blocked.append(None if rng.random() < 0.2 else (rng.random((n, m)) < 0.3).astype(float))
    return emits, scales, blocked


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("best", [True, False])
def test_decode_many_is_decode_bit_for_bit(seed: int, best: bool) -> None:
    emits, scales, blocked = _conversations(seed, 30)
    got = decode_many(emits, -1.1, 0.7, scales, blocked, 0.4, same_gap=0.8, best=best)
    for e, s, b, dec in zip(emits, scales, blocked, got, strict=True):
        want = decode(e, -1.1, 0.7, s, b, 0.4, same_gap=0.8, best=best)
        assert dec.best == want.best
        assert dec.posterior.tobytes() == want.posterior.tobytes()


def test_model_decode_many_is_decode_bit_for_bit() -> None:
    model = packaged()
    if model is None:
        pytest.skip("no packaged speaker model")
    rng = np.random.default_rng(7)
    Xs, scales, blocked = [], [], []
    for _ in range(25):
        n, m = int(rng.integers(1, 30)), int(rng.integers(1, 9))
        X = rng.random((n, m, len(SPEAKER_FEATURES)))
        X[X < 0.6] = 0.0  # sparse, as the features are
        Xs.append(X)
        scales.append(np.where(rng.random(n) < 0.3, 0.5, 1.0))
        blocked.append((rng.random((n, m)) < 0.3).astype(float))
    got = model.decode_many(Xs, scales, blocked)
    for X, s, b, dec in zip(Xs, scales, blocked, got, strict=True):
        want = model.decode(X, s, b)
        assert dec.best == want.best
        assert dec.posterior.tobytes() == want.posterior.tobytes()
