"""Plain-words explanations: a model score as named feature contributions (SHAP values)."""

from __future__ import annotations

import functools
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
    contrib: NDArray[np.float64] | list[float],
    k: int = 5,
    order: list[int] | None = None,
) -> list[Reason]:
    """The `k` features that pushed the score most, strongest first (bias column ignored).
    `order`: the features already sorted so (for many rows at once, `strongest`)."""
    if order is None:
        order = np.argsort(-np.abs(np.asarray(contrib[: len(features)])))[:k].tolist()
    return [_reason(features[i], float(row[i]), float(contrib[i])) for i in order[:k]]


def strongest(contribs: NDArray[np.float64], n_features: int, k: int = 5) -> list[list[int]]:
    """For each row of SHAP values, its `k` strongest features as `top_reasons` orders them
    (the same sort, row by row)."""
    return np.argsort(-np.abs(contribs[:, :n_features]), axis=1)[:, :k].tolist()  # type: ignore[no-any-return]


def _reason(feature: str, value: float, contribution: float) -> Reason:
    direction = "raises" if contribution > 0 else "lowers"
    shown = "missing" if value != value else f"{value:g}"
    return Reason(
        feature, value, contribution, f"{_sentence(feature)} = {shown} ({direction} the score)"
    )


_sentence = functools.cache(sentence)
