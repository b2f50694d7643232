"""One sliding window of an account's legs, kept as running sums as legs come and go.

Mirrors `moneytrail.features.windows`: a window at time t holds the legs with time in
[t - length, t]. Amounts are integers (minor units), so sums and the spread are exact.
A leg enters as its `Part`: the numbers it adds, computed once for all four windows.
"""

from __future__ import annotations

import math
from collections import deque
from typing import NamedTuple

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


class Part(NamedTuple):
    """What one leg adds to a window."""

    t: int
    incoming: int
    cp: str | None
    amount: int
    is_round: int
    is_night: int
    is_crypto: int
    atm_amount: int
    square: int
    known_cp: int


class Window:
    """Running aggregates over the legs of the last `length` seconds."""

    def __init__(self, length: int) -> None:
        self.length = length
        self.parts: deque[Part] = deque()
        self.n_in = self.n_out = self.sum_in = self.sum_out = 0
        self.n_round = self.n_night = self.n_crypto = self.atm_amount = 0
        self.squares = self.known_cp = 0
        self.senders: dict[str, int] = {}
        self.receivers: dict[str, int] = {}

    def add(self, p: Part) -> None:
        """Take in a leg (legs arrive in time order)."""
        self.parts.append(p)
        if p.incoming:
            self.n_in += 1
            self.sum_in += p.amount
            if p.cp is not None:
                self.senders[p.cp] = self.senders.get(p.cp, 0) + 1
        else:
            self.n_out += 1
            self.sum_out += p.amount
            if p.cp is not None:
                self.receivers[p.cp] = self.receivers.get(p.cp, 0) + 1
        self.n_round += p.is_round
        self.n_night += p.is_night
        self.n_crypto += p.is_crypto
        self.atm_amount += p.atm_amount
        self.squares += p.square
        self.known_cp += p.known_cp

    def advance(self, now: int) -> None:
        """Drop the legs older than `now - length`."""
        start = now - self.length
        parts = self.parts
        while parts and parts[0].t < start:
            p = parts.popleft()
            if p.incoming:
                self.n_in -= 1
                self.sum_in -= p.amount
                if p.cp is not None:
                    _drop(self.senders, p.cp)
            else:
                self.n_out -= 1
                self.sum_out -= p.amount
                if p.cp is not None:
                    _drop(self.receivers, p.cp)
            self.n_round -= p.is_round
            self.n_night -= p.is_night
            self.n_crypto -= p.is_crypto
            self.atm_amount -= p.atm_amount
            self.squares -= p.square
            self.known_cp -= p.known_cp

    def values(self) -> tuple[float, ...]:
        """The `PER_WINDOW` features now (the window is never empty when asked)."""
        n = self.n_in + self.n_out
        total = self.sum_in + self.sum_out
        var_num = n * self.squares - total * total
        return (
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
            total / n,
            math.sqrt(var_num) / n if var_num > 0 else 0.0,
        )


def _drop(counter: dict[str, int], key: str) -> None:
    left = counter[key] - 1
    if left:
        counter[key] = left
    else:
        del counter[key]
