"""The discrete-event core of the drug economy: a clock, a queue of actions, what they emit.

Actions run in time order across days. Each bank transfer an action makes gets a global
sequence number (`gseq`) that the world maps to its transfer id when the day is written;
labels refer to `gseq` until then. Crypto transfers get their txids at once.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from moneytrail.model.transfers import Channel
from moneytrail.sim.country import Country
from moneytrail.sim.crypto.world import CryptoWorld
from moneytrail.sim.drug.lots import LotBook
from moneytrail.sim.drug.roles import DrugPlan
from moneytrail.sim.events import CH, EventBlock, concat, empty
from moneytrail.sim.labels import LabelSink
from moneytrail.sim.ledger import Ledger

Action = Callable[..., object]


@dataclass(slots=True)
class DayEvents:
    """The drug economy's bank transfers of one day, column by column."""

    ts: list[int] = field(default_factory=list)
    amount: list[int] = field(default_factory=list)
    channel: list[int] = field(default_factory=list)
    src: list[int] = field(default_factory=list)
    dst: list[int] = field(default_factory=list)
    ref: list[int] = field(default_factory=list)
    gseq: list[int] = field(default_factory=list)

    def block(self) -> EventBlock:
        """The day's transfers as a block tagged with their `gseq`."""
        n = len(self.ts)
        return EventBlock(
            np.array(self.ts, np.int64),
            np.array(self.amount, np.int64),
            np.array(self.channel, np.int8),
            np.array(self.src, np.int64),
            np.array(self.dst, np.int64),
            np.full(n, -1, np.int16),
            np.array(self.ref, np.int16),
            np.array(self.gseq, np.int64),
        )


class Engine:
    """The clock and queue; actions live in `buyers`, `droppers`, `exchangers`, ..."""

    def __init__(
        self, c: Country, plan: DrugPlan, crypto: CryptoWorld, ledger: Ledger, sink: LabelSink
    ) -> None:
        self.c, self.plan, self.crypto, self.ledger, self.sink = c, plan, crypto, ledger, sink
        self.rng = c.streams.get("drug_engine")
        self.lots = LotBook()
        self.day = DayEvents()
        self._queue: list[tuple[int, int, Action, tuple[Any, ...]]] = []
        self._order = 0
        self.gseq = 0
        self.paths = 0
        self.state: dict[str, Any] = {}
        self._carry = empty()
        self.end_us = 2**62  # transfers are never dated after the world ends

    def at(self, ts: int, action: Action, *args: Any) -> None:
        """Run `action(engine, ts, *args)` at `ts`."""
        heapq.heappush(self._queue, (ts, self._order, action, args))
        self._order += 1

    def run_until(self, end: int) -> EventBlock:
        """Run every action before `end`; the bank transfers made, dated before `end`.

        A transfer an action dates a few minutes ahead, past `end`, is kept for the next call.
        """
        while self._queue and self._queue[0][0] < end:
            ts, _, action, args = heapq.heappop(self._queue)
            action(self, ts, *args)
        made = concat([self._carry, self.day.block()])
        self.day = DayEvents()
        due = made.ts < end
        self._carry = made.select(~due)
        return made.select(due)

    def transfer(
        self,
        ts: int,
        amount: int,
        channel: Channel,
        src: int,
        dst: int,
        stage: str,
        shop: int,
        ref: int = -1,
    ) -> int:
        """Record a bank transfer of the drug economy; its `gseq`."""
        d = self.day
        d.ts.append(min(ts, self.end_us - 1))
        d.amount.append(amount)
        d.channel.append(CH[channel])
        d.src.append(src)
        d.dst.append(dst)
        d.ref.append(ref)
        d.gseq.append(self.gseq)
        self.sink.bank_label(self.gseq, stage, shop)
        self.gseq += 1
        return self.gseq - 1

    def move_lots(
        self, gseq: int, src_acct: int, dst_acct: int | None, amount: int
    ) -> list[tuple[int, int]]:
        """Move dirty money between accounts and record the portions the transfer carried."""
        portions = self.lots.take(src_acct, amount)
        for path, part in portions:
            self.sink.portion(gseq, path, part)
        if dst_acct is not None:
            self.lots.put(dst_acct, portions)
        return portions

    def end_paths(self, portions: list[tuple[int, int]], kind: str, gseq: int | None) -> None:
        """Record where portions of paths left the dropper network."""
        for path, part in portions:
            self.sink.path_end(path, kind, gseq, None, part)

    def new_path(self, gseq: int, shop: int, buyer: int, amount: int, ts: int) -> int:
        """Start a laundering path at a buyer's payment; its number."""
        self.paths += 1
        self.sink.path_origin(self.paths, gseq, shop, buyer, amount, ts)
        return self.paths
