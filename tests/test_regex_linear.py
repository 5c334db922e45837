"""Regexes over story text are linear: on adversarial strings, 4x the input costs about 4x the time (a
quadratic pattern costs 16x). A ratio of the best of three runs, never an absolute time; sizes stay small."""

from __future__ import annotations

import time

import pytest

from ficlens.report._common import Paragraphs


def _best(fn, arg, runs: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn(arg)
        best = min(best, time.perf_counter() - t)
    return best


def growth(fn, make, n: int) -> float:  # type: ignore[no-untyped-def]
    """time(4n) / time(n): about 4 when linear, 16 when quadratic."""
    small, large = make(n), make(4 * n)
    _best(fn, small, 1)  # warm up
    return _best(fn, large) / max(_best(fn, small), 1e-6)


CASES = [
    ("report paragraphs, whitespace-only lines", Paragraphs, lambda n: "  \n" * n),
    ("report paragraphs, text then whitespace lines", Paragraphs,
     lambda n: "word\n" + " \t \n" * n),
]


@pytest.mark.parametrize("name,fn,make", CASES, ids=[c[0] for c in CASES])
def test_regex_cost_is_linear(name, fn, make):
    n = 20_000
    ratio = growth(fn, make, n)
    assert ratio < 10, f"{name}: 4x input took {ratio:.1f}x time (quadratic?)"
