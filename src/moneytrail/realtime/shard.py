"""A share of the accounts and the work on them: cycle events and legs, in arrival order.

One `Shard` holds every account in a single process; with `--workers N` each worker process
holds the accounts whose stable hash falls to it (`shard_of`). Everything an account's
features need is its own legs, its cycle events and the known requisites, so shards never
talk to each other; the router adds what needs both ends (`known_cp2`).
"""

from __future__ import annotations

import zlib
from typing import NamedTuple

from moneytrail.realtime.account import AccountState, Known
from moneytrail.realtime.tx import Leg


class Cycles(NamedTuple):
    """Cycle events that completed at `t` for `account`."""

    account: str
    t: int
    n: int


class Legs(NamedTuple):
    """The legs of transfer number `pos` (in its batch) that touch `account`."""

    pos: int
    account: str
    legs: list[Leg]


class Result(NamedTuple):
    """Features of each leg of `Legs`, and when the account became one hop from a known one."""

    pos: int
    account: str
    features: list[list[float]]
    hop1: int | None


Op = Cycles | Legs


def shard_of(account: str, shards: int) -> int:
    """The shard of an account: stable across processes and restarts (CRC-32)."""
    return zlib.crc32(account.encode()) % shards if shards > 1 else 0


class Shard:
    """Accounts and the known requisites; applies operations in order."""

    def __init__(self, known: Known, accounts: dict[str, AccountState] | None = None) -> None:
        self.known = known
        self.accounts: dict[str, AccountState] = accounts if accounts is not None else {}

    def run(self, ops: list[Op]) -> list[Result]:
        """Apply operations in order; one result per `Legs`."""
        out: list[Result] = []
        accounts = self.accounts
        for op in ops:
            state = accounts.get(op.account)
            if state is None:
                state = accounts[op.account] = AccountState()
            if isinstance(op, Cycles):
                state.add_cycles(op.t, op.n)
            else:
                feats = state.apply(op.legs, op.account, self.known)
                out.append(Result(op.pos, op.account, feats, state.hop1))
        return out
