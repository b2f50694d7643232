"""One account's state outside its windows: running values, pairs, cycle events, proximity.

`begin` takes the legs of one transfer that touch the account and returns what its features
need besides the windows (`realtime.windowstore`), exactly as the batch pipeline defines
them (`moneytrail.features.windows`, `.pipeline`, `.proximity`); the shard joins the two
into the account's features at each leg, in `ONLINE_ACCOUNT` order.
"""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

from moneytrail.features.windows import FAST_WINDOWS, WINDOWS
from moneytrail.realtime.tx import Leg
from moneytrail.realtime.windows import PER_WINDOW
from moneytrail.realtime.windowstore import WindowLegs

MONTH_S = 30 * 86_400
NAN = float("nan")

RUNNING = ("age_s", "gap_s", "dwell_s", "pair_n", "pair_gap_s", "amount_ratio")
DERIVED = ("spike_24h", "gather_scatter_7d", "cycles_30d", "known_self", "known_cp")
ONLINE_ACCOUNT: tuple[str, ...] = (
    *(f"{name}_{w}" for name in PER_WINDOW for w in WINDOWS),
    *RUNNING,
    *DERIVED,
    "known_cp_30d",
    *(f"fast_out_{w}" for w in FAST_WINDOWS),
    "known_payers_7d",
)
"""The account features kept per account; `known_cp2` and `known_any` need the other end
(`realtime.hops`)."""

Known = dict[str, int]
"""Known shop requisites: instrument → epoch second from which it counts as known."""


class Begun(NamedTuple):
    """One transfer's legs of an account, before the windows are read."""

    running: list[list[float]]
    flags: list[int]
    n_cycles: float
    known_self: float


class AccountState:
    """Everything about one account that its features need, but its windows; `slot` is its
    place in the shard's `WindowStore`, `legs` its window legs while in a snapshot."""

    def __init__(self) -> None:
        self.slot = -1
        self.legs: WindowLegs | None = None
        self.first_t: int | None = None
        self.last_t: int | None = None
        self.last_in: int | None = None
        self.pairs: dict[tuple[str | None, int], tuple[int, int]] = {}
        self.cycles: deque[tuple[int, int]] = deque()
        self.n_cycles = 0

    def add_cycles(self, t: int, count: int) -> None:
        """Record `count` cycle events that completed at `t`."""
        self.cycles.append((t, count))
        self.n_cycles += count

    def begin(self, legs: list[Leg], account: str, known: Known) -> Begun:
        """Take in one transfer's legs of this account: all but the windows."""
        t = legs[0].t
        get = known.get  # known from `since` on; this runs for every leg
        flags = [int((since := get(leg.cp or "")) is not None and since <= t) for leg in legs]
        running = [self._running(leg) for leg in legs]
        if self.cycles:
            self._forget_cycles(t)
        mine = get(account)
        return Begun(running, flags, float(self.n_cycles), float(mine is not None and mine <= t))

    def _running(self, leg: Leg) -> list[float]:
        """Values over all earlier legs (ordered by time, then arrival); the last is filled in."""
        t = leg.t
        if self.first_t is None:
            self.first_t = t
        gap = NAN if self.last_t is None else float(t - self.last_t)
        self.last_t = t
        dwell = NAN
        if leg.incoming:
            self.last_in = t
        elif self.last_in is not None:
            dwell = float(t - self.last_in)
        key = (leg.cp, leg.incoming)
        n, last = self.pairs.get(key, (0, t))
        self.pairs[key] = (n + 1, t)
        pair_gap = float(t - last) if n else NAN
        return [float(t - self.first_t), gap, dwell, float(n), pair_gap, NAN]

    def _forget_cycles(self, t: int) -> None:
        start = t - MONTH_S
        while self.cycles and self.cycles[0][0] < start:
            self.n_cycles -= self.cycles.popleft()[1]
