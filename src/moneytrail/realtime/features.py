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
NAN = float("nan")
_GAP = ACCOUNT_FEATURES.index("scatter_gather_30d")
_SELF, _CP = ONLINE_ACCOUNT.index("known_self"), ONLINE_ACCOUNT.index("known_cp")
_EMPTY = [NAN] * len(ACCOUNT_FEATURES)


def side_row(feats: list[float], cp2: float) -> list[float]:
    """An account's online features in `ACCOUNT_FEATURES` order, NaN where offline only."""
    known = feats[_GAP : _GAP + 2]
    any_ = max(feats[_SELF], feats[_CP], cp2)
    return [*feats[:_GAP], NAN, *known, cp2, any_, feats[_GAP + 2], NAN, NAN, NAN]


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
        return np.array(self._assemble(batch, self.executor.run(ops)), dtype=np.float64)

    def _assemble(self, batch: Sequence[Tx], results: list[Result]) -> list[list[float]]:
        """Join each transfer's two legs; `known_cp2` from the other end's first contact."""
        src: list[list[float] | None] = [None] * len(batch)
        dst: list[list[float] | None] = [None] * len(batch)
        hop1: dict[tuple[int, str], int | None] = {}
        for r in results:
            hop1[(r.pos, r.account)] = r.hop1
            tx = batch[r.pos]
            if tx.src == tx.dst:
                src[r.pos], dst[r.pos] = r.features
            elif r.account == tx.src:
                src[r.pos] = r.features[0]
            else:
                dst[r.pos] = r.features[0]
        rows = []
        for i, tx in enumerate(batch):
            own = [float(tx.amount), float(tx.amount % 100_000 == 0), float(tx.hour)]
            s, d = src[i], dst[i]
            rows.append(
                [
                    *own,
                    *(_EMPTY if s is None else side_row(s, _cp2(hop1, i, tx.dst, tx.t))),
                    *(_EMPTY if d is None else side_row(d, _cp2(hop1, i, tx.src, tx.t))),
                ]
            )
        return rows

    def _maintain(self, batch: Sequence[Tx]) -> None:
        self.seen += len(batch)
        if batch and self.seen >= self._prune_at:
            self.cycles.prune(batch[-1].t)
            self._prune_at = self.seen + 100_000


def _cp2(hop1: dict[tuple[int, str], int | None], i: int, cp: str | None, t: int) -> float:
    if cp is None:
        return 0.0
    since = hop1.get((i, cp))
    return float(since is not None and since <= t)


def _by_account(all_legs: list[Leg]) -> list[tuple[str, list[Leg]]]:
    """Legs grouped by account, in order (a self-transfer's two legs stay together)."""
    if len(all_legs) == 2 and all_legs[0].account == all_legs[1].account:
        return [(all_legs[0].account, all_legs)]
    return [(leg.account, [leg]) for leg in all_legs]
