"""Accounts one hop from a known requisite, as `moneytrail.features.proximity` defines them.

An account is one hop away from the first time it sends to or receives from a requisite that
is known by then; the transfer that makes it so counts. The router keeps this index, since
a leg's `known_cp2` (its counterparty one hop away) needs the other end's history, which may
live in another shard.
"""

from __future__ import annotations

from moneytrail.realtime.account import Known
from moneytrail.realtime.tx import Tx


class Hops:
    """When each account first dealt with a known requisite."""

    def __init__(self, known: Known, first: dict[str, int] | None = None) -> None:
        self.known = known
        self.first: dict[str, int] = first if first is not None else {}

    def add(self, tx: Tx) -> tuple[int, int]:
        """Take in a transfer; whether its sender, its receiver is one hop away at its time."""
        t, src, dst, first = tx.t, tx.src or "", tx.dst or "", self.first  # "": no end
        get = self.known.get
        if src and src not in first and (since := get(dst)) is not None and since <= t:
            first[src] = t
        if dst and dst not in first and (since := get(src)) is not None and since <= t:
            first[dst] = t
        src_at, dst_at = first.get(src), first.get(dst)
        return int(src_at is not None and src_at <= t), int(dst_at is not None and dst_at <= t)
