"""The learned speaker and addressee scorers: weights in a small JSON file shipped in the package (a model card
beside it), read once per process; scoring is plain numpy (dot products, a calibration curve).

A model file holds ``speaker`` (weights over ``SPEAKER_FEATURES`` plus the two transition weights), ``addressee``
(weights over ``ADDRESSEE_FEATURES``), ``calibration`` (a monotone curve from the decoder's posterior to the
observed accuracy) and ``meta`` (data, seed, cross-validated figures).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import DataError, Errors
from .features import ADDRESSEE_FEATURES, SPEAKER_FEATURES, TRANSITIONS, FloatArray

PACKAGED = "quotes/data/speaker_model.json"
FORMAT = "ficlens-speaker-model/1"


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

    def emissions(self, X: FloatArray) -> FloatArray:
        """(turns, candidates) scores from (turns, candidates, features)."""
        out: FloatArray = X @ self.speaker
        return out

    def addressee_scores(self, A: FloatArray) -> FloatArray:
        out: FloatArray = A @ self.addressee + self.addressee_bias
        return out

    def calibrate(self, p: float) -> float:
        return float(np.interp(p, self.cal_x, self.cal_y))

    def to_json(self) -> dict[str, Any]:
        weights = [round(float(v), 6) for v in [*self.speaker, self.same, self.abab, self.abab_blocked]]
        return {
            "format": FORMAT,
            "speaker": dict(zip([*SPEAKER_FEATURES, *TRANSITIONS], weights, strict=True)),
            "addressee": dict(zip(ADDRESSEE_FEATURES, [round(float(v), 6) for v in self.addressee], strict=True)),
            "addressee_bias": round(float(self.addressee_bias), 6),
            "calibration": {"x": [round(float(v), 4) for v in self.cal_x],
                            "y": [round(float(v), 4) for v in self.cal_y]},
            "meta": self.meta,
        }

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
        tmp.write_text(json.dumps(self.to_json(), indent=1, sort_keys=False) + "\n", encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def from_json(cls, data: dict[str, Any], source: str = "<model>") -> SpeakerModel:
        try:
            if data.get("format") != FORMAT:
                raise ValueError(f"not a {FORMAT} file")
            sp = data["speaker"]
            ad = data["addressee"]
            # features a file lacks weigh nothing; unknown ones are ignored (older or newer files still load)
            return cls(
                speaker=np.array([float(sp.get(n, 0.0)) for n in SPEAKER_FEATURES]),
                same=float(sp.get("same", 0.0)),
                abab=float(sp.get("abab", 0.0)),
                abab_blocked=float(sp.get("abab_blocked", 0.0)),
                addressee=np.array([float(ad.get(n, 0.0)) for n in ADDRESSEE_FEATURES]),
                addressee_bias=float(data.get("addressee_bias", 0.0)),
                cal_x=np.array([float(v) for v in data["calibration"]["x"]]),
                cal_y=np.array([float(v) for v in data["calibration"]["y"]]),
                meta=dict(data.get("meta", {})),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise DataError(Errors.E203.format(path=source, reason=exc)) from None

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
    """``""`` or ``"rules"``: none (the hand-weighted decoder, the default: it is still the better one on LitBank
    and on fan-fiction passages, see docs/speakers.md); ``"learned"``: the packaged model; else a model file."""
    if spec in ("", "rules"):
        return None
    if spec == "learned":
        return packaged()
    return SpeakerModel.load(Path(spec))
