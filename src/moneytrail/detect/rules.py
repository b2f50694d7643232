"""The rules in force (`rules_v2`) and where they fire, row by row or for a whole matrix."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from moneytrail.detect import rules_v2
from moneytrail.detect.rule import Rule

VERSION = rules_v2.VERSION
RULES = rules_v2.RULES


def fired(values: Mapping[str, float], dst_kind: str | None) -> list[Rule]:
    """The rules, in order, that fire on one row of feature `values` whose receiver is of
    `dst_kind`."""
    return [r for r in RULES if r.feature in values and r.fires(values[r.feature], dst_kind)]


def usable(features: Sequence[str]) -> list[tuple[int, Rule]]:
    """The rules whose feature is among `features`, with that feature's column."""
    return [(list(features).index(r.feature), r) for r in RULES if r.feature in features]


def fires(
    located: Sequence[tuple[int, Rule]],
    x: NDArray[np.float64],
    dst_kinds: Sequence[str | None],
) -> NDArray[np.bool_]:
    """Whether each of the `located` rules (from `usable`) fires on each row of `x` (one
    column per rule), the rows' receivers being of `dst_kinds`; NaN never fires."""
    out = np.zeros((len(x), len(located)), dtype=np.bool_)
    allowed: dict[frozenset[str], NDArray[np.bool_]] = {}  # one pass per distinct skip set
    for k, (j, r) in enumerate(located):
        col = x[:, j]
        hit = (col >= r.value) if r.op == ">=" else (col <= r.value)
        if r.skip_receivers:
            skip = r.skip_receivers
            if skip not in allowed:
                allowed[skip] = np.array([d not in skip for d in dst_kinds], dtype=np.bool_)
            hit &= allowed[skip]
        out[:, k] = hit
    return out
