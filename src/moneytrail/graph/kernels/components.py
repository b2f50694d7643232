"""Union-find over integer ids: the components that pairs of ids join."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from moneytrail.graph.kernels.jit import jit

I64 = npt.NDArray[np.int64]


@jit
def _root(parent: I64, x: int) -> int:
    """The root of x, halving the path on the way."""
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


@jit
def components(n: int, a: I64, b: I64) -> I64:
    """Per id below `n`, the smallest id of its component once every `a[k]`, `b[k]` is joined."""
    parent = np.arange(n, dtype=np.int64)
    for k in range(a.size):
        ra, rb = _root(parent, a[k]), _root(parent, b[k])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    for x in range(n):
        parent[x] = _root(parent, x)
    return parent
