"""The rules in force (`rules_v4`) and where they fire, row by row or for a whole matrix."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from moneytrail.detect import rules_v4
from moneytrail.detect.ends import NOWHERE, End, Ends, skipped
from moneytrail.detect.rule import Rule

VERSION = rules_v4.VERSION
RULES = rules_v4.RULES

Located = list[tuple[tuple[int, ...], Rule]]
"""Rules with the column of each of their conditions' features."""


def fired(
    values: Mapping[str, float],
    sender: End = NOWHERE,
    receiver: End = NOWHERE,
    among: Sequence[Rule] = RULES,
) -> list[Rule]:
    """The rules `among` (those in force unless given), in order, that fire on one row of
    feature `values` of a transfer between these ends."""
    return [
        r
        for r in among
        if all(c.feature in values for c in r.conditions) and r.fires(values, sender, receiver)
    ]


def usable(features: Sequence[str], among: Sequence[Rule] = RULES) -> Located:
    """The rules `among` (those in force unless given) all of whose features are among
    `features`, with those features' columns."""
    names = list(features)
    return [
        (tuple(names.index(c.feature) for c in r.conditions), r)
        for r in among
        if all(c.feature in names for c in r.conditions)
    ]


def fires(
    located: Located,
    x: NDArray[np.float64],
    ends: Sequence[Ends],
) -> NDArray[np.bool_]:
    """Whether each of the `located` rules (from `usable`) fires on each row of `x` (one
    column per rule), the rows' transfers being between `ends`; NaN never holds."""
    out = np.zeros((len(x), len(located)), dtype=np.bool_)
    kept: dict[tuple[int, frozenset[str]], NDArray[np.bool_]] = {}  # one pass per skip set
    for k, (cols, r) in enumerate(located):
        hit = np.ones(len(x), dtype=np.bool_)
        for j, c in zip(cols, r.conditions, strict=True):
            col = x[:, j]
            hit &= (col >= c.value) if c.op == ">=" else (col <= c.value)
        for side, skip in ((0, r.skip_senders), (1, r.skip_receivers)):
            if skip:
                if (side, skip) not in kept:
                    keep = [not skipped(skip, e[side]) for e in ends]
                    kept[side, skip] = np.array(keep, dtype=np.bool_)
                hit &= kept[side, skip]
        out[:, k] = hit
    return out
