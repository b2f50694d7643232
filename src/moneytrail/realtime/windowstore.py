"""The four sliding windows of every account of a shard, as arrays updated in numba.

Mirrors `moneytrail.features.windows`: a window at time t holds the account's legs with time
in [t - length, t]. Each account keeps its legs of the longest window in a ring (a
power-of-two region of a shared pool); the shorter windows are suffixes of it, each with its
own start and running sums. Distinct counterparties are counted without a set: a leg points
to the next leg of the same counterparty and direction, so a leg leaving a window takes its
counterparty with it exactly when no later one points on. Amounts are integers (minor
units); sums of squares are kept in 128 bits, so the spread is exact before its square root.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from moneytrail.features.windows import WINDOWS
from moneytrail.graph.kernels.jit import jit

I64 = NDArray[np.int64]
U64 = NDArray[np.uint64]
F64 = NDArray[np.float64]

LENGTHS = np.array(list(WINDOWS.values()), dtype=np.int64)
N_WINDOWS = len(LENGTHS)
# running sums per window
N_IN, N_OUT, SUM_IN, SUM_OUT, SENDERS, RECEIVERS, ROUND, NIGHT, CRYPTO, ATM, KNOWN, FAST, PAYERS = (
    range(13)
)
N_SUMS = 13
# leg flag bits (`KNOWN_PAYER`: an incoming leg whose sender is one hop from a known requisite)
INCOMING, IS_ROUND, IS_NIGHT, IS_CRYPTO, IS_ATM, KNOWN_CP, IS_FAST, KNOWN_PAYER = (
    1,
    2,
    4,
    8,
    16,
    32,
    64,
    128,
)
N_VALUES = 13
"""Per-window values, in `PER_WINDOW` order."""
EXTRA = 7
"""After the window values: spike_24h, gather_scatter_7d, the 30-day mean, known_cp_30d,
fast_out_7d, fast_out_30d, known_payers_7d."""
OUT_WIDTH = N_VALUES * N_WINDOWS + EXTRA
_FIRST_CAP = 8


@dataclass
class WindowLegs:
    """An account's legs of the longest window, oldest first, for a snapshot (counterparties
    by name, so that they can be loaded into another shard)."""

    t: I64
    cp: list[str | None]
    amount: I64
    flags: I64


class WindowStore:
    """Windows of many accounts, each account a slot."""

    def __init__(self) -> None:
        self.n = 0
        self.ids: dict[str, int] = {}
        self.names: list[str] = []
        slots = 64
        self.base: I64 = np.zeros(slots, dtype=np.int64)
        self.cap: I64 = np.zeros(slots, dtype=np.int64)
        self.head: I64 = np.zeros(slots, dtype=np.int64)
        self.end: I64 = np.zeros(slots, dtype=np.int64)
        self.start: I64 = np.zeros((slots, N_WINDOWS), dtype=np.int64)
        self.sums: I64 = np.zeros((slots, N_WINDOWS, N_SUMS), dtype=np.int64)
        self.sq: U64 = np.zeros((slots, N_WINDOWS, 2), dtype=np.uint64)
        size = 1024
        self.p_t: I64 = np.zeros(size, dtype=np.int64)
        self.p_cp: I64 = np.zeros(size, dtype=np.int64)
        self.p_amount: I64 = np.zeros(size, dtype=np.int64)
        self.p_flags: I64 = np.zeros(size, dtype=np.int64)
        self.p_next: I64 = np.full(size, -1, dtype=np.int64)
        self.used = 0

    def _slots(self, n: int) -> None:
        self.base, self.cap = _grown(self.base, n), _grown(self.cap, n)
        self.head, self.end = _grown(self.head, n), _grown(self.end, n)
        self.start, self.sums = _grown(self.start, n), _grown(self.sums, n)
        self.sq = _grown(self.sq, n)

    def _pool(self, n: int) -> None:
        self.p_t, self.p_cp = _grown(self.p_t, n), _grown(self.p_cp, n)
        self.p_amount, self.p_flags = _grown(self.p_amount, n), _grown(self.p_flags, n)
        self.p_next = _grown(self.p_next, n, -1)

    def slot(self) -> int:
        """A new, empty account."""
        if self.n == len(self.base):
            self._slots(2 * len(self.base))
        s = self.n
        self.n += 1
        self._place(s, _FIRST_CAP)
        return s

    def cp_id(self, name: str | None) -> int:
        """A counterparty's number in this store (-1 for none)."""
        if name is None:
            return -1
        found = self.ids.get(name)
        if found is None:
            found = self.ids[name] = len(self.names)
            self.names.append(name)
        return found

    def reserve(self, slot: int, more: int) -> None:
        """Room for `more` legs beyond those the account holds now."""
        live = int(self.end[slot] - self.head[slot])
        cap = int(self.cap[slot])
        if live + more <= cap:
            return
        while cap < live + more:
            cap *= 2
        old_base, old_cap, head = int(self.base[slot]), int(self.cap[slot]), int(self.head[slot])
        at = (np.arange(head, head + live) & (old_cap - 1)) + old_base
        saved = [a[at].copy() for a in self._arrays()]
        self._place(slot, cap)
        new_at = (np.arange(head, head + live) & (cap - 1)) + int(self.base[slot])
        for a, values in zip(self._arrays(), saved, strict=True):
            a[new_at] = values

    def reserve_all(self, slots: I64, more: I64) -> None:
        """`reserve` for many accounts at once; a slot may repeat (its legs add up)."""
        which, inverse = np.unique(slots, return_inverse=True)
        total = np.bincount(inverse, weights=more).astype(np.int64)
        short = self.end[which] - self.head[which] + total > self.cap[which]
        for slot, n in zip(which[short].tolist(), total[short].tolist(), strict=True):
            self.reserve(slot, n)

    def _arrays(self) -> tuple[I64, ...]:
        return (self.p_t, self.p_cp, self.p_amount, self.p_flags, self.p_next)

    def _place(self, slot: int, cap: int) -> None:
        if self.used + cap > len(self.p_t):
            self._pool(max(2 * len(self.p_t), self.used + cap))
        self.base[slot] = self.used
        self.cap[slot] = cap
        self.used += cap

    def state(self) -> tuple[NDArray[np.generic], ...]:
        """The arrays the kernels update."""
        return (
            self.base,
            self.cap,
            self.head,
            self.end,
            self.start,
            self.sums,
            self.sq,
            self.p_t,
            self.p_cp,
            self.p_amount,
            self.p_flags,
            self.p_next,
        )

    def export(self, slot: int) -> WindowLegs:
        """The account's legs, oldest first."""
        head, live = int(self.head[slot]), int(self.end[slot] - self.head[slot])
        at = (np.arange(head, head + live) & (int(self.cap[slot]) - 1)) + int(self.base[slot])
        cps = [None if c < 0 else self.names[c] for c in self.p_cp[at].tolist()]
        return WindowLegs(
            self.p_t[at].copy(), cps, self.p_amount[at].copy(), self.p_flags[at].copy()
        )

    def load(self, slot: int, legs: WindowLegs) -> None:
        """Replay exported legs into an empty account (windows end at the last leg)."""
        n = len(legs.t)
        if not n:
            return
        self.reserve(slot, n)
        cps = np.array([self.cp_id(c) for c in legs.cp], dtype=np.int64)
        slots = np.full(n, slot, dtype=np.int64)
        first = np.arange(n, dtype=np.int64)
        count = np.ones(n, dtype=np.int64)
        out = np.empty((n, OUT_WIDTH))
        ops = (slots, legs.t, first, count)
        step(self.state(), ops, (cps, legs.amount, legs.flags), LENGTHS, out)


G = TypeVar("G", bound=np.generic)


def _grown(a: NDArray[G], n: int, fill: int = 0) -> NDArray[G]:
    """`a` with `n` rows, the new ones `fill`."""
    out = np.full((n, *a.shape[1:]), fill, dtype=a.dtype)
    out[: len(a)] = a
    return out


@jit
def _mul(a: np.uint64, b: np.uint64) -> tuple[np.uint64, np.uint64]:  # pragma: no cover
    """The 128-bit product of two 64-bit words, as (high, low)."""
    mask = np.uint64(0xFFFFFFFF)
    s32 = np.uint64(32)
    a0, a1, b0, b1 = a & mask, a >> s32, b & mask, b >> s32
    p00, p01, p10, p11 = a0 * b0, a0 * b1, a1 * b0, a1 * b1
    mid = (p00 >> s32) + (p01 & mask) + (p10 & mask)
    return p11 + (p01 >> s32) + (p10 >> s32) + (mid >> s32), (p00 & mask) | (mid << s32)


@jit
def _square(sq: U64, a: int, sign: int) -> None:  # pragma: no cover
    """Add (sign 1) or take away (sign -1) a^2 in the 128-bit sum `sq` (high, low)."""
    hi, lo = _mul(np.uint64(a), np.uint64(a))
    if sign > 0:
        new_lo = sq[1] + lo
        sq[0] = sq[0] + hi + np.uint64(1 if new_lo < lo else 0)
        sq[1] = new_lo
    else:
        borrow = np.uint64(1 if sq[1] < lo else 0)
        sq[1] = sq[1] - lo
        sq[0] = sq[0] - hi - borrow


@jit
def _spread(n: int, total: int, sq: U64) -> float:  # pragma: no cover
    """sqrt(n * sum a^2 - (sum a)^2) / n, the population standard deviation, exactly until
    the root."""
    nn = np.uint64(n)
    hi, lo = _mul(nn, sq[1])
    hi = hi + nn * sq[0]
    thi, tlo = _mul(np.uint64(total), np.uint64(total))
    borrow = np.uint64(1 if lo < tlo else 0)
    vlo = lo - tlo
    vhi = hi - thi - borrow
    if vhi == 0 and vlo == 0:
        return 0.0
    var = float(vhi) * 18446744073709551616.0 + float(vlo)
    return float(np.sqrt(var)) / n


@jit
def step(
    state: tuple[NDArray[np.generic], ...],
    ops: tuple[I64, ...],
    legs: tuple[I64, ...],
    lengths: I64,
    out: F64,
) -> None:  # pragma: no cover
    """Apply operations in order: op j adds `count[j]` legs from `first[j]` to account
    `slot[j]` at `t[j]`, slides its windows to `t[j]` and writes its values to `out[j]`."""
    base, cap, head, end, start, sums, sq, p_t, p_cp, p_amount, p_flags, p_next = state
    slots, times, first, count = ops
    cps, amounts, flags = legs
    nw = len(lengths)
    for j in range(len(slots)):
        s = slots[j]
        t = times[j]
        b, mask = base[s], cap[s] - 1
        for k in range(first[j], first[j] + count[j]):
            cp, a, f = cps[k], amounts[k], flags[k]
            p = end[s]
            at = b + (p & mask)
            p_t[at], p_cp[at], p_amount[at], p_flags[at], p_next[at] = t, cp, a, f, -1
            end[s] = p + 1
            prev = -1
            if cp >= 0:  # the latest earlier leg of this counterparty and direction
                q = p - 1
                while q >= head[s]:
                    qa = b + (q & mask)
                    if p_cp[qa] == cp and (p_flags[qa] & 1) == (f & 1):
                        prev = q
                        p_next[qa] = p
                        break
                    q -= 1
            for w in range(nw):
                _add(sums[s, w], sq[s, w], a, f, cp >= 0 and prev < start[s, w], 1)
        for w in range(nw):  # slide: drop legs older than t - length
            lo = t - lengths[w]
            q = start[s, w]
            while q < end[s] and p_t[b + (q & mask)] < lo:
                qa = b + (q & mask)
                gone = p_cp[qa] >= 0 and p_next[qa] < 0  # no later leg keeps it in
                _add(sums[s, w], sq[s, w], p_amount[qa], p_flags[qa], gone, -1)
                q += 1
            start[s, w] = q
        head[s] = start[s, nw - 1]
        _values(sums[s], sq[s], out[j])


@jit
def _add(sums: I64, sq: U64, a: int, f: int, distinct: bool, sign: int) -> None:  # pragma: no cover
    if f & 1:
        sums[0] += sign
        sums[2] += sign * a
        if distinct:
            sums[4] += sign
    else:
        sums[1] += sign
        sums[3] += sign * a
        if distinct:
            sums[5] += sign
    sums[6] += sign * ((f >> 1) & 1)
    sums[7] += sign * ((f >> 2) & 1)
    sums[8] += sign * ((f >> 3) & 1)
    if f & 16 and not f & 1:  # money out at an ATM; the ATM's own incoming legs are not
        sums[9] += sign * a
    sums[10] += sign * ((f >> 5) & 1)
    sums[11] += sign * ((f >> 6) & 1)
    sums[12] += sign * ((f >> 7) & 1)
    _square(sq, a, sign)


@jit
def _values(sums: I64, sq: U64, out: F64) -> None:  # pragma: no cover
    """The `PER_WINDOW` values of each window, window fastest (the batch column order),
    then the account-level values read from the windows."""
    nw = sums.shape[0]
    for w in range(nw):
        s = sums[w]
        n = s[0] + s[1]
        total = s[2] + s[3]
        vals = (
            float(s[0]),
            float(s[1]),
            float(s[2]),
            float(s[3]),
            float(s[4]),
            float(s[5]),
            s[3] / (s[2] + 1.0),
            s[6] / n,
            s[7] / n,
            s[9] / (s[3] + 1.0),
            s[8] / n,
            total / n,
            _spread(n, total, sq[w]),
        )
        for i in range(13):
            out[i * nw + w] = vals[i]
    base = 13 * nw
    h24, d7, d30 = sums[1], sums[2], sums[nw - 1]
    activity = h24[0] + h24[1]
    usual = (d30[0] + d30[1]) / 30.0 + 1.0
    out[base] = activity / usual
    out[base + 1] = float(min(d7[4], d7[5]))
    out[base + 2] = (d30[2] + d30[3]) / (d30[0] + d30[1])
    out[base + 3] = float(d30[10])
    out[base + 4] = d7[11] / (d7[1] + 1.0)  # fast outgoing per outgoing, as `features.windows`
    out[base + 5] = d30[11] / (d30[1] + 1.0)
    out[base + 6] = d7[12] / (d7[0] + 1.0)  # known payers per incoming, as `features.proximity`
