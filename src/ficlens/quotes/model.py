"""The learned speaker and addressee scorers: weights in a small JSON file shipped in the package (a model card
beside it), read once per process; scoring is plain numpy (tree walks, dot products, a calibration curve).

A model file holds ``speaker`` (linear weights over ``SPEAKER_FEATURES`` plus the transition weights),
optionally ``trees`` (gradient-boosted regression trees over the same features; the emission score is then
``linear_share`` times the linear score plus the rest times the trees'), ``addressee`` (weights over
``ADDRESSEE_FEATURES``), ``calibration`` (a monotone curve from the decoder's posterior to the observed
accuracy) and ``meta`` (data, seed, cross-validated figures).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import DataError, Errors
from .decoder import Decoded, decode
from .decoder_batch import decode_many
from .features import (
    ADDRESSEE_FEATURES,
    SPEAKER_FEATURES,
    TRANSITIONS,
    FloatArray,
)
from .stacking import STACK_FEATURES, stack_features

PACKAGED = "quotes/data/speaker_model.json"
# A line that calls a candidate by name ("“Felix, stay behind me.”"), with none of that candidate's own tags, beats
# or tag paragraphs, is not theirs, whatever the turn-taking around it says: the emission of such a candidate is
# lowered by VETO (a log-odds no evidence outweighs) in every pass. The trees alone learn the call as one more
# feature: in the PDNC training novels 4.9% of the candidates called in a turn are labelled its speaker (shared
# surnames, "“Mary Datchet,” said Mary"), and a third pass's alternation then outweighed the call in a
# three-line exchange. Fast loop (docs/speakers.md, twenty-seventh session): untagged calls picked 20 times, 14
# of them wrong; with the veto 0.8491 -> 0.8500 (three passes), 0.8481 -> 0.8487 (two).
VETO = 30.0
_CALLED = SPEAKER_FEATURES.index("vocative_self")
_OWN = np.array([SPEAKER_FEATURES.index(f) for f in (
    "tag_explicit", "tag_anaphoric", "tag_descriptive", "tag_continuation", "beat", "orphan")])


def vetoed(X: FloatArray) -> FloatArray:
    """(turns, candidates) 1.0 where the candidate is called by name in the turn and no tag, action beat or tag
    paragraph of the turn is theirs, else 0.0; ``X``: (turns, candidates, features), SPEAKER_FEATURES first."""
    out: FloatArray = ((X[..., _CALLED] > 0) & ~(X[..., _OWN] > 0).any(axis=-1)).astype(float)
    return out


_TREE_ROWS = 256  # rows the trees score at once in ``emissions_many`` (the fastest on the bench text)
FORMAT = "ficlens-speaker-model/1"


@dataclass
class Trees:
    """Gradient-boosted trees as flat arrays, one row per tree (padded to the largest): a node goes left when its
    feature's value is at most its threshold; a leaf points to itself and carries its value. The score of a row
    is ``base`` plus the value of the leaf it reaches in every tree."""

    features: list[str]  # the feature names the trees were trained on, in column order
    base: float
    feature: npt.NDArray[np.int64]  # (trees, nodes)
    threshold: FloatArray
    left: npt.NDArray[np.int64]  # a leaf's children are itself
    right: npt.NDArray[np.int64]
    value: FloatArray
    sizes: list[int]  # the node count of each tree
    depth: int  # the longest root-to-leaf walk
    _columns: dict[tuple[str, ...], npt.NDArray[np.int64]] = field(default_factory=dict)
    _layout: dict[tuple[str, ...], tuple[Any, ...]] = field(default_factory=dict)  # see ``_splits``

    def columns(self, names: tuple[str, ...] = SPEAKER_FEATURES) -> npt.NDArray[np.int64]:
        """Where each tree feature sits in ``names`` (a feature this version lacks reads as 0)."""
        if names not in self._columns:
            ix = {n: i for i, n in enumerate(names)}
            self._columns[names] = np.array([ix.get(n, len(names)) for n in self.features], dtype=np.int64)
        return self._columns[names]

    def score(self, X: FloatArray, names: tuple[str, ...] = SPEAKER_FEATURES) -> FloatArray:
        """(rows,) raw scores (log-odds) for (rows, len(names)) features.

        Every split of every tree is tested for every row at once, and each tree's leaf is read off the
        outcomes with bit masks (the QuickScorer scheme of Lucchese et al., 2015), instead of walking the rows
        down the trees level by level (as deep as 13 levels for 15 leaves): with a tree's leaves numbered left
        to right, a split whose row goes right rules out the leaves of its left branch, and the leaf the walk
        would reach is the leftmost one no split rules out."""
        rows = X.shape[0]
        if rows == 0:
            return np.zeros(0)
        if names not in self._layout:
            self._layout[names] = self._splits(names)
        column, threshold, split_test, drop, leaf_value = self._layout[names]
        trees, leaves = leaf_value.shape
        # (tests, rows): each distinct test (column, threshold; many splits share one) against every row, one row
        # of ``XT`` per column (a feature this version lacks reads the zero column after the last); then (splits,
        # rows), the splits ordered slot-major: split j of every tree, then j + 1
        XT = np.vstack([X.T, np.zeros((1, rows))])
        go_right = (~(XT[column] <= threshold[:, None]))[split_test]
        # the leaves each split rules out (its left branch's where the row goes right), or-ed over each tree's
        # splits -> (trees, rows); the leftmost leaf still in play as a power of two, then its number (exact)
        ruled_out = np.multiply(go_right.view(np.uint8), drop[:, None], dtype=drop.dtype)
        out_of_play = np.bitwise_or.reduce(ruled_out.reshape(-1, trees, rows), axis=0)
        lowest = ~out_of_play & (out_of_play + drop.dtype.type(1))
        leaf = np.frexp(lowest.astype(np.float64))[1] - 1
        at = np.ascontiguousarray((leaf + leaves * np.arange(trees)[:, None]).T)  # (rows, trees)
        value = leaf_value.ravel()[at]  # row by row (the sum adds each row's trees in their order)
        out: FloatArray = self.base + value.sum(axis=1)
        return out

    def _splits(self, names: tuple[str, ...]) -> tuple[Any, ...]:
        """The trees as ``score`` reads them: the distinct tests (the column of ``X`` extended by a zero column,
        the threshold), each split's test and the leaves of its left branch (a bit mask: leaf ``i`` of a tree,
        counted left to right, is bit ``i``), the splits slot-major and each tree padded to the most splits with
        splits that rule out nothing; and (trees, leaves) the value of each tree's leaves in that order."""
        trees = self.feature.shape[0]
        splits: list[dict[int, int]] = []  # per tree: split -> the leaves of its left branch (bits)
        leaves: list[list[int]] = []  # per tree: the leaves left to right
        for t in range(trees):
            left, right = self.left[t].tolist(), self.right[t].tolist()
            in_left: dict[int, int] = {}
            order: list[int] = []
            stack: list[tuple[int, tuple[int, ...]]] = [(0, ())]  # (node, the splits it lies left of)
            while stack:
                j, lefts = stack.pop()
                if left[j] == j:
                    for a in lefts:
                        in_left[a] |= 1 << len(order)
                    order.append(j)
                    continue
                in_left[j] = 0
                stack.append((right[j], lefts))
                stack.append((left[j], (*lefts, j)))  # popped first: the left branch's leaves come first
            splits.append(in_left)
            leaves.append(order)
        most = max(len(o) for o in leaves)  # at most 64 (``from_json``)
        dtype = next(d for d in (np.uint8, np.uint16, np.uint32, np.uint64) if np.iinfo(d).bits >= most)
        width = max(1, *(len(s) for s in splits))
        cols = self.columns(names)
        column = np.full((width, trees), float(len(names)))
        threshold = np.zeros((width, trees))
        drop = np.zeros((width, trees), dtype=dtype)
        leaf_value = np.zeros((trees, most))
        for t in range(trees):
            nodes, k = list(splits[t]), len(splits[t])
            column[:k, t] = cols[self.feature[t, nodes]]
            threshold[:k, t] = self.threshold[t, nodes]
            drop[:k, t] = np.array(list(splits[t].values()), dtype=dtype)
            leaf_value[t, : len(leaves[t])] = self.value[t, leaves[t]]
        tests, split_test = np.unique(np.stack([column.ravel(), threshold.ravel()]), axis=1, return_inverse=True)
        return tests[0].astype(np.intp), tests[1], split_test.ravel(), drop.ravel(), leaf_value

    def to_json(self) -> dict[str, Any]:
        trees = []
        for i, n in enumerate(self.sizes):
            own = np.arange(n)
            leaf = self.left[i, :n] == own
            trees.append({
                "feature": [int(v) for v in np.where(leaf, 0, self.feature[i, :n])],
                "threshold": [float(v) for v in np.where(leaf, 0.0, self.threshold[i, :n])],
                "left": [int(v) for v in np.where(leaf, -1, self.left[i, :n])],
                "right": [int(v) for v in np.where(leaf, -1, self.right[i, :n])],
                "value": [float(f"{v:.7g}") for v in np.where(leaf, self.value[i, :n], 0.0)],
            })
        return {"features": self.features, "base": round(self.base, 6), "trees": trees}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Trees:
        """Trees from their JSON form (``left``/``right`` -1 at a leaf); ValueError when they do not hold up."""
        trees = data["trees"]
        features = [str(f) for f in data["features"]]
        sizes = [len(t["feature"]) for t in trees]
        if not trees or min(sizes) < 1:
            raise ValueError("no trees")
        shape = (len(trees), max(sizes))
        feature = np.zeros(shape, dtype=np.int64)
        threshold = np.zeros(shape)
        left = np.tile(np.arange(shape[1]), (shape[0], 1))
        right = left.copy()
        value = np.zeros(shape)
        for i, t in enumerate(trees):
            n = sizes[i]
            if not all(len(t[k]) == n for k in ("threshold", "left", "right", "value")):
                raise ValueError(f"tree {i}: arrays of different lengths")
            lt = np.array(t["left"], dtype=np.int64)
            rt = np.array(t["right"], dtype=np.int64)
            inner = lt >= 0
            own = np.arange(n)
            # children come after their parent: every walk ends at a leaf within the tree
            if np.any((lt[inner] <= own[inner]) | (lt[inner] >= n) | (rt[inner] <= own[inner]) | (rt[inner] >= n)):
                raise ValueError(f"tree {i}: a child out of order")
            feature[i, :n] = np.where(inner, t["feature"], 0)
            if np.any((feature[i, :n] < 0) | (feature[i, :n] >= len(features))):
                raise ValueError(f"tree {i}: unknown feature")
            if np.count_nonzero(~inner) > 64:  # ``score`` keeps a tree's leaves as the bits of one integer
                raise ValueError(f"tree {i}: more than 64 leaves")
            threshold[i, :n] = t["threshold"]
            left[i, :n] = np.where(inner, lt, own)
            right[i, :n] = np.where(inner, rt, own)
            value[i, :n] = t["value"]
        return cls(features, float(data["base"]), feature, threshold, left, right, value, sizes,
                   _depth(left, right))


def _depth(left: npt.NDArray[np.int64], right: npt.NDArray[np.int64]) -> int:
    """The greatest depth of a node over all trees (children follow their parent in node order)."""
    depth = np.zeros(left.shape, dtype=np.int64)
    rows = np.arange(left.shape[0])
    for j in range(left.shape[1]):
        inner = left[:, j] != j
        for child in (left[:, j], right[:, j]):
            r = rows[inner]
            depth[r, child[inner]] = depth[r, j] + 1
    return int(depth.max()) if depth.size else 0


@dataclass
class SpeakerModel:
    speaker: FloatArray  # (len(SPEAKER_FEATURES),)
    same: float
    abab: float
    addressee: FloatArray  # (len(ADDRESSEE_FEATURES),)
    addressee_bias: float = 0.0
    cal_x: FloatArray = field(default_factory=lambda: np.array([0.0, 1.0]))
    cal_y: FloatArray = field(default_factory=lambda: np.array([0.0, 1.0]))
    meta: dict[str, Any] = field(default_factory=dict)
    abab_blocked: float = 0.0
    trees: Trees | None = None
    same_gap: float = 0.0  # added to ``same`` across narration (see ``decoder.decode``)

    linear_share: float = 1.0  # with trees: emission = share * linear + (1 - share) * trees
    # the next pass: a scorer over SPEAKER_FEATURES + STACK_FEATURES (this pass's posteriors of the turn and its
    # neighbours), decoded again, with its own transitions and maybe a next pass of its own (``train.PASSES``);
    # the calibration stays on the outer model
    second: SpeakerModel | None = None
    stacked: bool = False  # this scorer reads SPEAKER_FEATURES + STACK_FEATURES (a second pass)

    @property
    def transitions(self) -> tuple[float, float, float, float]:
        """The transition weights: same, abab, abab_blocked, same_gap."""
        return self.same, self.abab, self.abab_blocked, self.same_gap

    @property
    def names(self) -> tuple[str, ...]:
        return (*SPEAKER_FEATURES, *STACK_FEATURES) if self.stacked else SPEAKER_FEATURES

    def emissions(self, X: FloatArray) -> FloatArray:
        """(turns, candidates) scores from (turns, candidates, features): linear, blended with the trees', less
        ``VETO`` where ``vetoed``."""
        out: FloatArray = X @ self.speaker
        if self.trees is not None:
            flat = X.reshape(-1, X.shape[-1])
            tree: FloatArray = self.trees.score(flat, self.names).reshape(X.shape[:-1])
            out = self.linear_share * out + (1.0 - self.linear_share) * tree
        return out - VETO * vetoed(X)

    def decode(self, X: FloatArray, scale: FloatArray | None = None, blocked: FloatArray | None = None) -> Decoded:
        """The decoder over this model's scores of one conversation's features ``X`` (turns, candidates,
        SPEAKER_FEATURES); with a second pass, decoded again over the second scorer's scores of ``X`` and the
        first pass's posteriors (``stack_features``)."""
        emit = self.emissions(X)
        s = self.second
        # a pass whose posteriors feed the next needs no best path of its own
        dec = decode(emit, self.same, self.abab, scale, blocked, self.abab_blocked, same_gap=self.same_gap,
                     best=s is None)
        if not emit.size:
            return dec
        while s is not None:
            emit = s.emissions(np.concatenate([X, stack_features(dec.posterior, emit, scale)], axis=-1))
            dec = decode(emit, s.same, s.abab, scale, blocked, s.abab_blocked, same_gap=s.same_gap,
                         best=s.second is None)
            s = s.second
        return dec

    def emissions_many(self, Xs: list[FloatArray]) -> list[FloatArray]:
        """``emissions`` of each conversation's features (the same numbers): the trees score the rows of
        neighbouring conversations together, about ``_TREE_ROWS`` at a time (a row's score does not depend on the
        rows beside it; far more at once run out of cache); the linear part stays one product per conversation,
        as ``emissions`` computes it (a longer matrix product may add a row's terms in another order)."""
        out: list[FloatArray] = [X @ self.speaker for X in Xs]
        trees, start = self.trees, 0
        while trees is not None and start < len(Xs):
            stop, rows = start, 0
            while stop < len(Xs) and (rows < _TREE_ROWS or stop == start):
                rows += Xs[stop].shape[0] * Xs[stop].shape[1]
                stop += 1
            group = Xs[start:stop]
            flat = group[0].reshape(-1, group[0].shape[-1]) if len(group) == 1 else np.concatenate(
                [X.reshape(-1, X.shape[-1]) for X in group])
            tree = trees.score(flat, self.names)
            at = 0
            for i in range(start, stop):
                n = Xs[i].shape[0] * Xs[i].shape[1]
                out[i] = self.linear_share * out[i] + (1.0 - self.linear_share) * tree[at : at + n].reshape(
                    Xs[i].shape[:-1])
                at += n
            start = stop
        return [o - VETO * vetoed(X) for o, X in zip(out, Xs, strict=True)]

    def decode_many(
        self, Xs: list[FloatArray], scales: list[FloatArray], blocked: list[FloatArray | None]
    ) -> list[Decoded]:
        """``decode`` of many conversations (the same results): their rows scored together and the conversations
        of each candidate count decoded together (``decoder_batch.py``), far fewer numpy calls."""
        emits = self.emissions_many(Xs)
        s = self.second
        decs = decode_many(emits, self.same, self.abab, scales, blocked, self.abab_blocked, same_gap=self.same_gap,
                           best=s is None)
        todo = [i for i, e in enumerate(emits) if e.size]
        while s is not None:
            Xn = [np.concatenate([Xs[i], stack_features(decs[i].posterior, emits[i], scales[i])], axis=-1)
                  for i in todo]
            again_emits = s.emissions_many(Xn)
            again = decode_many(again_emits, s.same, s.abab, [scales[i] for i in todo], [blocked[i] for i in todo],
                                s.abab_blocked, same_gap=s.same_gap, best=s.second is None)
            for i, dec, e in zip(todo, again, again_emits, strict=True):
                decs[i], emits[i] = dec, e
            s = s.second
        return decs

    def addressee_scores(self, A: FloatArray) -> FloatArray:
        out: FloatArray = A @ self.addressee + self.addressee_bias
        return out

    def calibrate(self, p: float) -> float:
        return float(np.interp(p, self.cal_x, self.cal_y))

    def calibrated(self, p: FloatArray) -> FloatArray:
        """``calibrate`` of each value of ``p`` at once."""
        out: FloatArray = np.interp(p, self.cal_x, self.cal_y)
        return out

    def _scorer_json(self) -> dict[str, Any]:
        weights = [round(float(v), 6) for v in [*self.speaker, self.same, self.abab, self.abab_blocked,
                                                 self.same_gap]]
        out: dict[str, Any] = {"speaker": dict(zip([*self.names, *TRANSITIONS], weights, strict=True))}
        if self.trees is not None:
            out["linear_share"] = round(float(self.linear_share), 6)
            out["trees"] = self.trees.to_json()
        if self.stacked and self.second is not None:
            out["second"] = self.second._scorer_json()  # a third pass, within the second's
        return out

    def to_json(self) -> dict[str, Any]:
        scorer = self._scorer_json()
        out: dict[str, Any] = {
            "format": FORMAT,
            "speaker": scorer.pop("speaker"),
            "addressee": dict(zip(ADDRESSEE_FEATURES, [round(float(v), 6) for v in self.addressee], strict=True)),
            "addressee_bias": round(float(self.addressee_bias), 6),
            "calibration": {"x": [round(float(v), 4) for v in self.cal_x],
                            "y": [round(float(v), 4) for v in self.cal_y]},
            "meta": self.meta,
        }
        out.update(scorer)
        if self.second is not None:
            out["second"] = self.second._scorer_json()
        return out

    def save(self, path: Path) -> None:
        path = Path(path)
        if path.exists():
            try:
                ours = json.loads(path.read_text(encoding="utf-8")).get("format") == FORMAT
            except (OSError, ValueError, AttributeError):
                ours = False
            if not ours:
                raise DataError(Errors.E204.format(path=path))
        tmp = path.with_name(path.name + ".tmp")
        data = self.to_json()
        # the trees compact, one line each: each tree stands in as a placeholder string, replaced after dumping
        compact: list[str] = []
        parts = [data]
        while "second" in parts[-1]:
            parts.append(parts[-1]["second"])
        for part in parts:
            if "trees" in part:
                for i, t in enumerate(part["trees"]["trees"]):
                    part["trees"]["trees"][i] = f"@tree{len(compact)}@"
                    compact.append(json.dumps(t, separators=(",", ":")))
        text = json.dumps(data, indent=1, sort_keys=False)
        for i, line in enumerate(compact):
            text = text.replace(f'"@tree{i}@"', line, 1)
        json.loads(text)  # well-formed
        tmp.write_text(text + "\n", encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str = "<model>") -> SpeakerModel:
        try:
            if data.get("format") != FORMAT:
                raise ValueError(f"not a {FORMAT} file")
            ad = data["addressee"]
            model = cls._scorer(data, False)
            second = cls._scorer(data["second"], True) if "second" in data else None
            # features a file lacks weigh nothing; unknown ones are ignored (older or newer files still load)
            return cls(
                speaker=model.speaker, same=model.same, abab=model.abab, abab_blocked=model.abab_blocked,
                same_gap=model.same_gap,
                trees=model.trees, linear_share=model.linear_share, second=second,
                addressee=np.array([float(ad.get(n, 0.0)) for n in ADDRESSEE_FEATURES]),
                addressee_bias=float(data.get("addressee_bias", 0.0)),
                cal_x=np.array([float(v) for v in data["calibration"]["x"]]),
                cal_y=np.array([float(v) for v in data["calibration"]["y"]]),
                meta=dict(data.get("meta", {})),
            )
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise DataError(Errors.E203.format(path=source, reason=exc)) from None

    @classmethod
    def _scorer(cls, data: dict[str, Any], stacked: bool) -> SpeakerModel:
        """The emission scorer and transitions of one pass (no addressee or calibration)."""
        sp = data["speaker"]
        names = (*SPEAKER_FEATURES, *STACK_FEATURES) if stacked else SPEAKER_FEATURES
        then = cls._scorer(data["second"], True) if stacked and "second" in data else None
        return cls(
            speaker=np.array([float(sp.get(n, 0.0)) for n in names]),
            same=float(sp.get("same", 0.0)), abab=float(sp.get("abab", 0.0)),
            abab_blocked=float(sp.get("abab_blocked", 0.0)), same_gap=float(sp.get("same_gap", 0.0)),
            addressee=np.zeros(0),
            trees=Trees.from_json(data["trees"]) if "trees" in data else None,
            linear_share=float(data.get("linear_share", 1.0)), stacked=stacked, second=then,
        )

    @classmethod
    def load(cls, path: Path) -> SpeakerModel:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise DataError(Errors.E203.format(path=path, reason=exc)) from None
        return cls.from_json(data, str(path))


@lru_cache(maxsize=1)
def packaged() -> SpeakerModel | None:
    """The model shipped in the package (None when absent: the hand-weighted decoder is used)."""
    res = resources.files("ficlens").joinpath(PACKAGED)
    if not res.is_file():
        return None
    return SpeakerModel.from_json(json.loads(res.read_text(encoding="utf-8")), PACKAGED)


def load_model(spec: str) -> SpeakerModel | None:
    """``"learned"`` (the default): the packaged model; ``"rules"`` or ``""``: none (the hand-weighted decoder);
    else a model file."""
    if spec in ("", "rules"):
        return None
    if spec == "learned":
        return packaged()
    return SpeakerModel.load(Path(spec))
