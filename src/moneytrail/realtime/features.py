"""Online features: each transfer's model inputs from the state as it arrives.

The row has the batch pipeline's columns (`features.pipeline.feature_names`). Columns the
online path cannot compute as batch defines them are NaN and listed in `OFFLINE_ONLY`; a
model used online must not read them (`check_model_features`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from moneytrail.features.catalog import ACCOUNT_FEATURES
from moneytrail.features.pipeline import feature_names
from moneytrail.realtime.account import ONLINE_ACCOUNT, AccountState, Known
from moneytrail.realtime.errors import RealtimeError
from moneytrail.realtime.hops import Hops
from moneytrail.realtime.patterns import CycleIndex
from moneytrail.realtime.shard import Cycles, Legs, Op, Result, Shard, shard_of
from moneytrail.realtime.tx import Leg, Tx, legs

OFFLINE_ONLY = (
    "scatter_gather_30d",
    "shared_phone",
    "shared_device",
    "shared_iin",
)
"""Batch features the online state does not reproduce. They look at the whole table, later
transfers included: the scatter-gather event is placed at a pair's last path with the count
of all its paths, and shared identifiers are counted over every transfer."""

NAMES = feature_names()
ONLINE_FEATURES: tuple[str, ...] = tuple(
    n for n in NAMES if n.partition("_")[2] not in OFFLINE_ONLY
)
NAN = float("nan")
_SELF, _CP = ONLINE_ACCOUNT.index("known_self"), ONLINE_ACCOUNT.index("known_cp")
_CP2 = ACCOUNT_FEATURES.index("known_cp2")
_ANY = ACCOUNT_FEATURES.index("known_any")
_SIDE_AT = np.array([ACCOUNT_FEATURES.index(name) for name in ONLINE_ACCOUNT])
"""Where each of an account's online features goes among its `ACCOUNT_FEATURES` columns;
the others (`known_cp2`, `known_any` from both ends, and the offline-only ones) are apart."""


def check_model_features(features: Sequence[str]) -> None:
    """Refuse a model that reads a feature the online path cannot compute exactly."""
    bad = [f for f in features if f not in ONLINE_FEATURES]
    if bad:
        raise RealtimeError(
            f"the model reads features not computed online: {', '.join(bad)}; "
            "use a model trained on the online features (`moneytrail serve train`)"
        )


class Executor(Protocol):
    """Where the shards live: in this process or in worker processes."""

    shards: int

    def run(self, ops: list[list[Op]]) -> list[Result]:
        """Apply each shard's operations; the results of the shards that had any."""

    def accounts(self) -> dict[str, AccountState]:
        """Every account's state (for a snapshot)."""


class LocalShards:
    """One shard in this process."""

    shards = 1

    def __init__(self, known: Known, accounts: dict[str, AccountState] | None = None) -> None:
        self.shard = Shard(known, accounts)

    def run(self, ops: list[list[Op]]) -> list[Result]:
        """Apply the operations here."""
        return [self.shard.run(ops[0])]

    def accounts(self) -> dict[str, AccountState]:
        """The accounts of the one shard (copies, with their window legs)."""
        return self.shard.export()


class OnlineFeatures:
    """The router: cycle index, transfer → shard operations, results → feature rows."""

    def __init__(self, executor: Executor, hops: Hops, cycles: CycleIndex | None = None) -> None:
        self.executor = executor
        self.hops = hops
        self.cycles = cycles if cycles is not None else CycleIndex()
        self.seen = 0
        self._prune_at = 0

    def rows(self, batch: Sequence[Tx]) -> NDArray[np.float64]:
        """Take in the transfers in order; their rows of `NAMES` columns (NaN where none)."""
        n = self.executor.shards
        ops: list[list[Op]] = [[] for _ in range(n)]
        hop: list[tuple[int, int]] = []  # the sender, the receiver one hop away
        add_cycles, add_hops = self.cycles.add, self.hops.add
        for i, tx in enumerate(batch):
            for account, count in add_cycles(tx.src, tx.dst, tx.t).items():
                ops[shard_of(account, n)].append(Cycles(account, tx.t, count))
            ends = add_hops(tx)
            hop.append(ends)
            for account, mine in _by_account(legs(tx)):
                cp2 = ends[1 - mine[0].incoming]  # the other end's
                ops[shard_of(account, n)].append(Legs(i, account, mine, cp2))
        self._maintain(batch)
        return self._assemble(batch, self.executor.run(ops), np.array(hop, dtype=np.float64))

    def _assemble(
        self, batch: Sequence[Tx], results: list[Result], hop: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """Join each transfer's two legs; `known_cp2` is the other end one hop away."""
        n = len(batch)
        rows = np.full((n, len(NAMES)), NAN)
        amount = np.array([tx.amount for tx in batch], dtype=np.int64)
        rows[:, 0] = amount
        rows[:, 1] = amount % 100_000 == 0
        rows[:, 2] = [tx.hour for tx in batch]
        pos = np.concatenate([r.pos for r in results])
        side = np.concatenate([r.side for r in results])
        feats = np.concatenate([r.features for r in results])
        cp2 = hop[pos, 1 - side]
        block = len(ACCOUNT_FEATURES)
        cols = 3 + side[:, None] * block
        rows[pos[:, None], cols + _SIDE_AT[None, :]] = feats
        rows[pos, cols[:, 0] + _CP2] = cp2
        any_ = np.maximum(np.maximum(feats[:, _SELF], feats[:, _CP]), cp2)
        rows[pos, cols[:, 0] + _ANY] = any_
        return rows

    def _maintain(self, batch: Sequence[Tx]) -> None:
        self.seen += len(batch)
        if batch and self.seen >= self._prune_at:
            self.cycles.prune(batch[-1].t)
            self._prune_at = self.seen + 100_000


def _by_account(all_legs: list[Leg]) -> list[tuple[str, list[Leg]]]:
    """Legs grouped by account, in order (a self-transfer's two legs stay together)."""
    if len(all_legs) == 2 and all_legs[0].account == all_legs[1].account:
        return [(all_legs[0].account, all_legs)]
    return [(leg.account, [leg]) for leg in all_legs]
