"""Accounts one hop from a known requisite, as `moneytrail.features.proximity` defines them.

An account is one hop away from the first time it sends to or receives from a requisite that
is known by then; the transfer that makes it so counts. The router keeps this index, since
a leg's `known_cp2` (its counterparty one hop away) needs the other end's history, which may
live in another shard.
"""

from __future__ import annotations

from moneytrail.realtime.account import Known, is_known
from moneytrail.realtime.tx import Tx


class Hops:
    """When each account first dealt with a known requisite."""

    def __init__(self, known: Known, first: dict[str, int] | None = None) -> None:
        self.known = known
        self.first: dict[str, int] = first if first is not None else {}

    def add(self, tx: Tx) -> tuple[int, int]:
        """Take in a transfer; whether its sender, its receiver is one hop away at its time."""
        t, src, dst, first = tx.t, tx.src, tx.dst, self.first
        if src is not None and src not in first and is_known(dst, t, self.known):
            first[src] = t
        if dst is not None and dst not in first and is_known(src, t, self.known):
            first[dst] = t
        return self._at(src, t), self._at(dst, t)

    def _at(self, account: str | None, t: int) -> int:
        since = None if account is None else self.first.get(account)
        return int(since is not None and since <= t)
