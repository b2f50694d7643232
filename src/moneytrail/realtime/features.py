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
from moneytrail.realtime.patterns import CycleIndex
from moneytrail.realtime.shard import Cycles, Legs, Op, Result, Shard, shard_of
from moneytrail.realtime.tx import Leg, Tx, legs

OFFLINE_ONLY = ("scatter_gather_30d", "shared_phone", "shared_device", "shared_iin")
"""Batch features that look at the whole table, later transfers included, so no online
state can reproduce them: the scatter-gather event is placed at a pair's last path with the
count of all its paths, and shared identifiers are counted over every transfer."""

NAMES = feature_names()
ONLINE_FEATURES: tuple[str, ...] = tuple(
    n for n in NAMES if n.partition("_")[2] not in OFFLINE_ONLY
)
_SIDE_AT = {
    side: np.array([NAMES.index(f"{side}_{n}") for n in ONLINE_ACCOUNT]) for side in ("src", "dst")
}
_CP2 = {side: NAMES.index(f"{side}_known_cp2") for side in ("src", "dst")}
_ANY = {side: NAMES.index(f"{side}_known_any") for side in ("src", "dst")}
_SELF_CP = [ONLINE_ACCOUNT.index("known_self"), ONLINE_ACCOUNT.index("known_cp")]
assert set(ONLINE_ACCOUNT) <= set(ACCOUNT_FEATURES)


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
        """Apply each shard's operations; all results."""

    def accounts(self) -> dict[str, AccountState]:
        """Every account's state (for a snapshot)."""


class LocalShards:
    """One shard in this process."""

    shards = 1

    def __init__(self, known: Known, accounts: dict[str, AccountState] | None = None) -> None:
        self.shard = Shard(known, accounts)

    def run(self, ops: list[list[Op]]) -> list[Result]:
        """Apply the operations here."""
        return self.shard.run(ops[0])

    def accounts(self) -> dict[str, AccountState]:
        """The accounts of the one shard."""
        return self.shard.accounts


class OnlineFeatures:
    """The router: cycle index, transfer → shard operations, results → feature rows."""

    def __init__(self, executor: Executor, cycles: CycleIndex | None = None) -> None:
        self.executor = executor
        self.cycles = cycles if cycles is not None else CycleIndex()
        self.seen = 0
        self._prune_at = 0

    def rows(self, batch: Sequence[Tx]) -> NDArray[np.float64]:
        """Take in the transfers in order; their rows of `NAMES` columns (NaN where none)."""
        n = self.executor.shards
        ops: list[list[Op]] = [[] for _ in range(n)]
        for i, tx in enumerate(batch):
            for account, count in self.cycles.add(tx.src, tx.dst, tx.t).items():
                ops[shard_of(account, n)].append(Cycles(account, tx.t, count))
            for account, mine in _by_account(legs(tx)):
                ops[shard_of(account, n)].append(Legs(i, account, mine))
        out = np.full((len(batch), len(NAMES)), np.nan)
        out[:, 0] = [tx.amount for tx in batch]
        out[:, 1] = [float(tx.amount % 100_000 == 0) for tx in batch]
        out[:, 2] = [tx.hour for tx in batch]
        self._fill(batch, self.executor.run(ops), out)
        self._maintain(batch)
        return out

    def _fill(self, batch: Sequence[Tx], results: list[Result], out: NDArray[np.float64]) -> None:
        hop1: dict[tuple[int, str], int | None] = {}
        for r in results:
            hop1[(r.pos, r.account)] = r.hop1
            tx = batch[r.pos]
            sides = (
                ["src", "dst"] if tx.src == tx.dst else ["src" if r.account == tx.src else "dst"]
            )
            for side, feats in zip(sides, r.features, strict=True):
                out[r.pos, _SIDE_AT[side]] = feats
        for i, tx in enumerate(batch):
            for side, cp in (("src", tx.dst), ("dst", tx.src)):
                if (tx.src if side == "src" else tx.dst) is None:
                    continue
                since = hop1.get((i, cp)) if cp is not None else None
                cp2 = float(since is not None and since <= tx.t)
                out[i, _CP2[side]] = cp2
                mine = out[i, _SIDE_AT[side][_SELF_CP]]
                out[i, _ANY[side]] = max(float(mine.max()), cp2)

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
