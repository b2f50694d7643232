"""Plain-words explanations: a model score as named feature contributions (SHAP values)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from moneytrail.features.catalog import sentence


@dataclass(frozen=True)
class Reason:
    """One named contribution to a score, with its sentence and observed value."""

    feature: str
    value: float
    contribution: float
    text: str


def top_reasons(
    features: list[str],
    row: NDArray[np.float64] | list[float],
    contrib: NDArray[np.float64],
    k: int = 5,
) -> list[Reason]:
    """The `k` features that pushed the score most, strongest first (bias column ignored)."""
    order = np.argsort(-np.abs(contrib[: len(features)]))[:k]
    return [_reason(features[i], float(row[i]), float(contrib[i])) for i in order.tolist()]


def _reason(feature: str, value: float, contribution: float) -> Reason:
    direction = "raises" if contribution > 0 else "lowers"
    shown = "missing" if value != value else f"{value:g}"
    text = f"{sentence(feature)} = {shown} ({direction} the score)"
    return Reason(feature, value, contribution, text)
