"""One account's state: its four windows, running values and pattern events.

`apply` takes the legs of one transfer that touch the account and returns, for each, the
account's features at that moment in `ONLINE_ACCOUNT` order, exactly as the batch pipeline
defines them (`moneytrail.features.windows`, `.pipeline`, `.proximity`).
"""

from __future__ import annotations

from collections import deque

from moneytrail.features.windows import WINDOWS
from moneytrail.realtime.tx import Leg
from moneytrail.realtime.windows import PER_WINDOW, Part, Window

MONTH_S = 30 * 86_400
NAN = float("nan")

RUNNING = ("age_s", "gap_s", "dwell_s", "pair_n", "pair_gap_s", "amount_ratio")
DERIVED = ("spike_24h", "gather_scatter_7d", "cycles_30d", "known_self", "known_cp")
ONLINE_ACCOUNT: tuple[str, ...] = (
    *(f"{name}_{w}" for name in PER_WINDOW for w in WINDOWS),
    *RUNNING,
    *DERIVED,
    "known_cp_30d",
)
"""The account features kept per account; `known_cp2` and `known_any` need the other end."""

Known = dict[str, int]
"""Known shop requisites: instrument → epoch second from which it counts as known."""

_D30 = 3  # position of the 30-day window in WINDOWS
_N_IN, _N_OUT, _SENDERS, _RECEIVERS, _MEAN = (
    PER_WINDOW.index(n) for n in ("n_in", "n_out", "senders", "receivers", "amount_mean")
)


class AccountState:
    """Everything about one account that its features need."""

    def __init__(self) -> None:
        self.windows = [Window(seconds) for seconds in WINDOWS.values()]
        self.first_t: int | None = None
        self.last_t: int | None = None
        self.last_in: int | None = None
        self.pairs: dict[tuple[str | None, int], tuple[int, int]] = {}
        self.cycles: deque[tuple[int, int]] = deque()
        self.n_cycles = 0
        self.hop1: int | None = None
        """When the account first dealt with a known requisite (it is then one hop away)."""

    def add_cycles(self, t: int, count: int) -> None:
        """Record `count` cycle events that completed at `t`."""
        self.cycles.append((t, count))
        self.n_cycles += count

    def apply(self, legs: list[Leg], account: str, known: Known) -> list[list[float]]:
        """Take in one transfer's legs of this account; its features at each, in order."""
        t = legs[0].t
        flags = [_known(leg.cp, t, known) for leg in legs]
        running = [self._running(leg) for leg in legs]
        windows = self.windows
        for leg, flag in zip(legs, flags, strict=True):
            if flag and self.hop1 is None:
                self.hop1 = t
            part = _part(leg, flag)
            for window in windows:
                window.add(part)
        for window in windows:
            window.advance(t)
        self._forget_cycles(t)
        h1, h24, d7, d30 = (w.values() for w in windows)
        flat = [v for four in zip(h1, h24, d7, d30, strict=True) for v in four]
        activity = h24[_N_IN] + h24[_N_OUT]
        usual = (d30[_N_IN] + d30[_N_OUT]) / 30.0 + 1.0
        shared = [
            activity / usual,
            min(d7[_SENDERS], d7[_RECEIVERS]),
            float(self.n_cycles),
            float(_known(account, t, known)),
        ]
        known_30d = float(windows[_D30].known_cp)
        out = []
        for leg, run, flag in zip(legs, running, flags, strict=True):
            run[-1] = leg.amount / (d30[_MEAN] + 1.0)
            out.append([*flat, *run, *shared, float(flag), known_30d])
        return out

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


def _part(leg: Leg, known_cp: int) -> Part:
    a = leg.amount
    atm = a if leg.is_atm else 0
    return Part(
        leg.t,
        leg.incoming,
        leg.cp,
        a,
        leg.is_round,
        leg.is_night,
        leg.is_crypto,
        atm,
        a * a,
        known_cp,
    )


def _known(instrument: str | None, t: int, known: Known) -> int:
    if instrument is None:
        return 0
    since = known.get(instrument)
    return int(since is not None and since <= t)
