"""Pairing of the two legs of a trader's deal: candidates in a time band, one-to-one.

A first leg `i` (a "payment": time, value in tenge) and a later second leg `j` (time, value
in tenge) are candidates when `j` follows `i` within `within` µs and the first exceeds the
second's value by a margin in `[low, high]` (the trader's spread). Either leg may be the
tenge one: a payment for USDT, or USDT sold for tenge.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from moneytrail.graph.kernels.jit import jit
from moneytrail.graph.kernels.reach import first_at

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


@jit
def _grow(buffer: I64, count: int) -> I64:
    """`buffer`, doubled when `count` reached its size."""
    if count < buffer.size:
        return buffer
    return np.concatenate((buffer, np.empty(buffer.size, np.int64)))


@jit
def candidates(
    pay_ts: I64, pay_value: F64, got_ts: I64, got_value: F64, within: int, low: float, high: float
) -> tuple[I64, I64]:
    """Candidate pairs (first leg index, second leg index); `got_ts` sorted ascending."""
    pays, gots = np.empty(1024, np.int64), np.empty(1024, np.int64)
    count = 0
    for i in range(pay_ts.size):
        lo = first_at(got_ts, 0, got_ts.size, pay_ts[i])
        hi = first_at(got_ts, lo, got_ts.size, pay_ts[i] + within + 1)
        for j in range(lo, hi):
            if got_value[j] <= 0.0:
                continue
            margin = pay_value[i] / got_value[j] - 1.0
            if low <= margin <= high:
                pays, gots = _grow(pays, count), _grow(gots, count)
                pays[count], gots[count] = i, j
                count += 1
    return pays[:count], gots[:count]


@jit
def one_to_one(pays: I64, gots: I64, order: I64, n_pay: int, n_got: int) -> I64:
    """Indices of the candidates kept, taken in `order` (best first), each side used once."""
    used_pay, used_got = np.zeros(n_pay, np.uint8), np.zeros(n_got, np.uint8)
    kept = np.empty(order.size, np.int64)
    count = 0
    for k in order:
        if used_pay[pays[k]] == 0 and used_got[gots[k]] == 0:
            used_pay[pays[k]], used_got[gots[k]] = 1, 1
            kept[count] = k
            count += 1
    return kept[:count]
