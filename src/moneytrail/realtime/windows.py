"""One sliding window of an account's legs, kept as running sums as legs come and go.

Mirrors `moneytrail.features.windows`: a window at time t holds the legs with time in
[t - length, t]. Amounts are integers (minor units), so sums and the spread are exact.
"""

from __future__ import annotations

import math
from collections import Counter, deque

from moneytrail.realtime.tx import Leg

PER_WINDOW = (
    "n_in",
    "n_out",
    "sum_in",
    "sum_out",
    "senders",
    "receivers",
    "pass_through",
    "round_share",
    "night_share",
    "atm_share",
    "crypto_share",
    "amount_mean",
    "amount_std",
)
"""The per-window features in `features.catalog` order."""


class Window:
    """Running aggregates over the legs of the last `length` seconds."""

    def __init__(self, length: int) -> None:
        self.length = length
        self.legs: deque[tuple[Leg, int]] = deque()
        self.n_in = self.n_out = self.sum_in = self.sum_out = 0
        self.n_round = self.n_night = self.n_crypto = self.atm_amount = 0
        self.total = self.squares = self.known_cp = 0
        self.senders: Counter[str] = Counter()
        self.receivers: Counter[str] = Counter()

    def add(self, leg: Leg, known_cp: int) -> None:
        """Take in a leg (legs arrive in time order)."""
        self.legs.append((leg, known_cp))
        self._count(leg, known_cp, 1)

    def advance(self, now: int) -> None:
        """Drop the legs older than `now - length`."""
        start = now - self.length
        legs = self.legs
        while legs and legs[0][0].t < start:
            leg, known_cp = legs.popleft()
            self._count(leg, known_cp, -1)

    def _count(self, leg: Leg, known_cp: int, sign: int) -> None:
        amount = leg.amount
        if leg.incoming:
            self.n_in += sign
            self.sum_in += sign * amount
            if leg.cp is not None:
                _bump(self.senders, leg.cp, sign)
        else:
            self.n_out += sign
            self.sum_out += sign * amount
            if leg.cp is not None:
                _bump(self.receivers, leg.cp, sign)
        self.n_round += sign * leg.is_round
        self.n_night += sign * leg.is_night
        self.n_crypto += sign * leg.is_crypto
        self.atm_amount += sign * leg.is_atm * amount
        self.total += sign * amount
        self.squares += sign * amount * amount
        self.known_cp += sign * known_cp

    def values(self) -> list[float]:
        """The `PER_WINDOW` features now (the window is never empty when asked)."""
        n = self.n_in + self.n_out
        var_num = n * self.squares - self.total * self.total
        return [
            float(self.n_in),
            float(self.n_out),
            float(self.sum_in),
            float(self.sum_out),
            float(len(self.senders)),
            float(len(self.receivers)),
            self.sum_out / (self.sum_in + 1.0),
            self.n_round / n,
            self.n_night / n,
            self.atm_amount / (self.sum_out + 1.0),
            self.n_crypto / n,
            self.total / n,
            math.sqrt(max(var_num, 0)) / n,
        ]


def _bump(counter: Counter[str], key: str, sign: int) -> None:
    if sign > 0:
        counter[key] += 1
        return
    left = counter[key] - 1
    if left:
        counter[key] = left
    else:
        del counter[key]
