"""The ad classifier as data: hashed n-gram weights, named-feature weights and its card.

Logistic regression over sublinear TF-IDF of hashed skeleton character n-grams
(L2-normalised) plus the named lexicon features. Stored as JSON (no pickle: loading a model
runs no code), with a version that changes whenever the weights change.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from moneytrail.osint.errors import OsintError
from moneytrail.osint.features import BUCKETS, Grams, char_grams
from moneytrail.osint.lexicon import NAMES, describe, named_values
from moneytrail.osint.normalize import Normalized

DEFAULT_MODEL = "ad_v1.json"
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Reason:
    """One thing that moved a score: a named feature or a character n-gram, and its weight."""

    feature: str
    weight: float
    explanation: str

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"feature": self.feature, "weight": round(self.weight, 3), "why": self.explanation}


@dataclass(frozen=True, slots=True)
class Score:
    """A probability that the text is a drug-shop ad, and what drove it, strongest first."""

    probability: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class AdModel:
    """Weights of the ad classifier: `idf` and `weight` per hash bucket (idf 0: unused)."""

    version: str
    idf: FloatArray
    weight: FloatArray
    named: dict[str, float]
    intercept: float
    card: dict[str, Any] = field(default_factory=dict)
    # Each bucket's slot in two small arrays of the buckets in use (idf > 0); slot 0 holds
    # idf 0 and weight 0 for every other bucket. A 2-byte slot per bucket and the small
    # arrays stay in the CPU caches far better than the full 8-byte-per-bucket arrays.
    _slot: npt.NDArray[np.uint16] = field(init=False, repr=False, compare=False)
    _used_idf: FloatArray = field(init=False, repr=False, compare=False)
    _used_weight: FloatArray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        used = np.flatnonzero(self.idf)
        if len(used) >= 1 << 16:
            raise OsintError(f"model uses {len(used)} buckets; at most {(1 << 16) - 1} fit")
        slot = np.zeros(BUCKETS, dtype=np.uint16)
        slot[used] = np.arange(1, len(used) + 1)
        object.__setattr__(self, "_slot", slot)
        object.__setattr__(self, "_used_idf", np.concatenate(([0.0], self.idf[used])))
        object.__setattr__(self, "_used_weight", np.concatenate(([0.0], self.weight[used])))

    def score(self, doc: Normalized, reasons: int = 6) -> Score:
        """The ad probability of a normalised text, with its strongest reasons."""
        grams = char_grams(doc.skeleton)
        parts = self._parts(grams)
        values = named_values(doc)
        named = [(v * self.named[n], n) for n, v in zip(NAMES, values, strict=True) if v]
        logit = self.intercept + float(parts.sum()) + sum(w for w, _ in named)
        return Score(1 / (1 + math.exp(-logit)), self._reasons(grams, parts, named, reasons))

    def _parts(self, grams: Grams) -> FloatArray:
        """Each distinct n-gram's contribution to the logit."""
        slot = self._slot[grams.buckets]
        tfidf = (1 + np.log(grams.counts)) * self._used_idf[slot]
        norm = float(np.sqrt(np.dot(tfidf, tfidf))) or 1.0
        parts: FloatArray = tfidf * self._used_weight[slot] / norm
        return parts

    def _reasons(
        self, grams: Grams, parts: FloatArray, named: list[tuple[float, str]], k: int
    ) -> tuple[Reason, ...]:
        strength = np.abs(parts)
        top = np.argpartition(-strength, k)[:k] if len(parts) > k else range(len(parts))
        found = [Reason(name, w, describe(name)) for w, name in named]
        for i in top:
            text = grams.gram_text(int(i))
            found.append(Reason(f"ngram:{text!r}", float(parts[i]), f"text has {text.strip()!r}"))
        found.sort(key=lambda reason: -abs(reason.weight))
        return tuple(found[:k])

    def to_json(self) -> dict[str, Any]:
        """The model as JSON-ready data (only the buckets in use)."""
        used = np.flatnonzero(self.idf)
        buckets = {
            str(b): [round(float(self.idf[b]), 5), round(float(self.weight[b]), 6)] for b in used
        }
        return {
            "version": self.version,
            "intercept": self.intercept,
            "named": self.named,
            "card": self.card,
            "buckets": buckets,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AdModel:
        """A model from `to_json` data; unknown named features are an error."""
        named = {str(k): float(v) for k, v in data["named"].items()}
        if set(named) != set(NAMES):
            raise OsintError(f"model names features {sorted(named)}, this code {sorted(NAMES)}")
        idf, weight = np.zeros(BUCKETS), np.zeros(BUCKETS)
        for bucket, (i, w) in data["buckets"].items():
            idf[int(bucket)], weight[int(bucket)] = i, w
        return cls(str(data["version"]), idf, weight, named, float(data["intercept"]), data["card"])


def save_model(model: AdModel, path: Path) -> None:
    """Write the model as compact JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def load_model(path: Path | None = None) -> AdModel:
    """A model file, or the one shipped in the package when no path is given."""
    try:
        if path is None:
            text = resources.files("moneytrail.osint").joinpath(DEFAULT_MODEL).read_text("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise OsintError(f"cannot read the ad model: {exc}; run `moneytrail osint train`") from exc
    return AdModel.from_json(json.loads(text))
