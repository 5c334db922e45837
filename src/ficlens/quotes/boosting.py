"""The emission trees: gradient boosting (LightGBM) under a softmax over each turn's candidates, exported to the
plain arrays that ``model.Trees`` scores in numpy. Training only (the ``train`` extra).

Why a softmax: a turn has exactly one speaker among its candidates, and the decoder adds the emission scores to
the transitions as log-probabilities up to a constant per turn. Trees fitted to "is this candidate the speaker?"
one row at a time (a binary log-loss) learn how likely a candidate is whatever the others look like: a turn
whose two candidates both look good and a turn where neither does teach the same thing. Under the softmax the
gradient of a candidate is its share of the turn minus the truth, so the trees learn what sets the speaker apart
from the others of the same turn. Leave one novel out on the 14 PDNC training novels (cached features, the two
passes): see docs/speakers.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import DataError, Errors
from .model import Trees

FloatArray = npt.NDArray[np.float64]

# small enough to ship as JSON (BAGS x 100 trees of at most 15 leaves); lambda_l2 and min_data_in_leaf as before
# with scikit-learn's trees; one thread, row-wise histograms and deterministic mode: the same model byte for byte
ROUNDS = 100
# the trees are the average of BAGS boosted ensembles, each grown on its own random BAG_FRACTION of the rows (its
# seed: the model's seed + its number). One ensemble moved a point on LitBank and our passages when two training
# novels lost three junk characters (0.808 -> 0.797); three, on the same features, fast loop 0.8436 -> 0.8462
# (implicit 0.7765 -> 0.7813; five 0.8468), at three times the trees' share of attribution (docs/speakers.md).
# Two since the model has three passes (``train.PASSES``): the same number of trees as two passes of three
BAGS = 2
BAG_FRACTION = 0.7
PARAMS: dict[str, Any] = {
    "num_leaves": 15, "learning_rate": 0.1, "lambda_l2": 1.0, "min_data_in_leaf": 20, "max_bin": 255,
    "num_threads": 1, "deterministic": True, "force_row_wise": True, "verbose": -1,
    "monotone_constraints_method": "basic",
}


def _lightgbm() -> Any:
    try:
        import lightgbm
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise DataError(Errors.E202.format(reason=exc)) from None
    return lightgbm


def softmax_objective(groups: npt.NDArray[np.int64]) -> Callable[[FloatArray, Any], tuple[FloatArray, FloatArray]]:
    """The gradient and hessian of the cross-entropy of a softmax over each group of consecutive rows (a turn's
    candidates) against its labels (normalised: two candidates that both match the gold speaker share it)."""
    starts = np.concatenate([[0], np.cumsum(groups)[:-1]]).astype(np.intp)
    gid = np.repeat(np.arange(len(groups)), groups)

    def objective(preds: FloatArray, data: Any) -> tuple[FloatArray, FloatArray]:
        y = np.asarray(data.get_label(), dtype=float)
        e = np.exp(preds - np.maximum.reduceat(preds, starts)[gid])
        p = e / np.add.reduceat(e, starts)[gid]
        truth = y / np.maximum(np.add.reduceat(y, starts)[gid], 1e-12)
        return p - truth, np.maximum(p * (1.0 - p), 1e-6)

    return objective


def fit_softmax_trees(X: FloatArray, y: FloatArray, groups: Sequence[int] | npt.NDArray[np.int64], seed: int,
                      names: list[str], monotone: dict[str, int] | None = None) -> Trees | None:
    """Trees over ``X`` (rows grouped by turn: ``groups`` gives each turn's row count, in order) trained so that
    a softmax over each turn's scores picks its speaker; ``monotone``: feature name -> +1 / -1 (the score may
    only rise / fall with it). None when there is nothing to learn (no positive or no negative row, too few
    rows, no feature that varies)."""
    g = np.asarray(groups, dtype=np.int64)
    if int(g.sum()) != X.shape[0]:
        raise ValueError(f"groups cover {int(g.sum())} rows, X has {X.shape[0]}")
    if len(set(y.tolist())) < 2:
        return None
    # too few rows to split (every leaf holds min_data_in_leaf) or no feature that varies: the linear score alone
    if X.shape[0] < 2 * PARAMS["min_data_in_leaf"] or not np.any(X.max(axis=0) > X.min(axis=0)):
        return None
    lgb = _lightgbm()
    params = dict(PARAMS, seed=seed, objective=softmax_objective(g),
                  monotone_constraints=[(monotone or {}).get(n, 0) for n in names])
    dumps = []
    for k in range(BAGS):
        bag = dict(params, bagging_fraction=BAG_FRACTION, bagging_freq=1, bagging_seed=seed + k) if BAGS > 1 else params
        booster = lgb.train(bag, lgb.Dataset(X, label=y, feature_name=[f"f{i}" for i in range(X.shape[1])]),
                            num_boost_round=ROUNDS)
        dumps.append(booster.dump_model())
    return export(average_dumps(dumps), names)


def average_dumps(dumps: list[dict[str, Any]]) -> dict[str, Any]:
    """LightGBM model dumps as one whose score is their mean: all their trees, each leaf's value divided by the
    number of dumps (a boosted ensemble's score is the sum of its trees'). The dumps are changed in place."""
    if len(dumps) == 1:
        return dumps[0]
    trees: list[dict[str, Any]] = []
    for dump in dumps:
        for info in dump["tree_info"]:
            stack = [info["tree_structure"]]
            while stack:
                node = stack.pop()
                if "split_feature" in node:
                    stack += [node["left_child"], node["right_child"]]
                else:
                    node["leaf_value"] = float(node["leaf_value"]) / len(dumps)
            trees.append(info)
    return {"tree_info": trees}


def export(dump: dict[str, Any], names: list[str]) -> Trees:
    """A LightGBM model dump as ``Trees`` (nodes numbered parent before children; LightGBM's splits send a row
    left when its value is at most the threshold, as ``Trees`` does; our features are never missing)."""
    trees = []
    for info in dump["tree_info"]:
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        value: list[float] = []
        stack: list[tuple[dict[str, Any], int, str]] = [(info["tree_structure"], -1, "")]
        while stack:
            node, parent, side = stack.pop()
            i = len(feature)
            if parent >= 0:
                (left if side == "l" else right)[parent] = i
            leaf = "split_feature" not in node
            if not leaf and node.get("decision_type", "<=") != "<=":
                raise ValueError(f"unsupported split {node.get('decision_type')!r}")
            feature.append(0 if leaf else int(node["split_feature"]))
            threshold.append(0.0 if leaf else float(node["threshold"]))
            left.append(-1)
            right.append(-1)
            value.append(float(node["leaf_value"]) if leaf else 0.0)
            if not leaf:
                stack.append((node["right_child"], i, "r"))
                stack.append((node["left_child"], i, "l"))
        trees.append({"feature": feature, "threshold": threshold, "left": left, "right": right, "value": value})
    return Trees.from_json({"features": names, "base": 0.0, "trees": trees})
