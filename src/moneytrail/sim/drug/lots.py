"""Dirty money held by drug-economy accounts, as lots that remember their laundering path.

Every buyer's payment to a drop card starts a path; the money moves on first in, first
out, so each outgoing transfer carries portions of one or more paths, and every path's
amount is accounted for to the tenge: forwarded, cashed out, exchanged, paid out, or frozen
when the card is blocked.
"""

from __future__ import annotations

from collections import deque


class LotBook:
    """FIFO lots `[path, amount]` per account."""

    def __init__(self) -> None:
        self._lots: dict[int, deque[list[int]]] = {}
        self._total: dict[int, int] = {}

    def total(self, acct: int) -> int:
        """The dirty balance of an account, minor units."""
        return self._total.get(acct, 0)

    def put(self, acct: int, portions: list[tuple[int, int]]) -> None:
        """Add portions `(path, amount)` to an account."""
        queue = self._lots.setdefault(acct, deque())
        for path, amount in portions:
            queue.append([path, amount])
            self._total[acct] = self._total.get(acct, 0) + amount

    def take(self, acct: int, amount: int) -> list[tuple[int, int]]:
        """Remove `amount` first in, first out; the portions removed, by path."""
        if amount > self.total(acct):
            raise ValueError(f"account {acct} holds {self.total(acct)}, cannot take {amount}")
        queue = self._lots[acct]
        taken: list[tuple[int, int]] = []
        left = amount
        while left:
            lot = queue[0]
            part = min(left, lot[1])
            taken.append((lot[0], part))
            lot[1] -= part
            left -= part
            if lot[1] == 0:
                queue.popleft()
        self._total[acct] -= amount
        return taken

    def holdings(self) -> list[tuple[int, int, int]]:
        """Every remaining lot as `(acct, path, amount)`, by account then age."""
        return [
            (acct, path, amount)
            for acct in sorted(self._lots)
            for path, amount in self._lots[acct]
            if amount
        ]
