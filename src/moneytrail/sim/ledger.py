"""Balances of every account, so that no ordinary payment spends money that is not there.

Ordinary outflows of a day may spend only the balance at the start of the day (inflows
count from the next day), so whatever the order of a day's transfers, no balance goes
below zero. Accounts handed to the drug economy stop ordinary activity from a given day.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from moneytrail.sim.events import EventBlock

I64 = NDArray[np.int64]
NEVER = np.iinfo(np.int64).max


class Ledger:
    """Per-account balances in minor units and the day ordinary use of each account ends."""

    def __init__(self, opening: I64, endpoint_acct: I64) -> None:
        self.balance = opening.copy()
        self.normal_until = np.full(len(opening), NEVER, dtype=np.int64)
        self.endpoint_acct = endpoint_acct

    def settle(self, events: EventBlock, day: int) -> EventBlock:
        """The ordinary events that may happen on `day`; their outflows are debited."""
        live = self._live(events, day)
        events = events.select(live)
        src = self.endpoint_acct[events.src]
        keep = self._affordable(src, events.ts, events.amount)
        events = events.select(keep)
        src = src[keep]
        np.subtract.at(self.balance, src[src >= 0], events.amount[src >= 0])
        return events

    def credit(self, events: EventBlock, day: int) -> None:
        """Add the events' inflows to accounts in ordinary use on `day` (at the day's end).

        Accounts handed to the drug economy keep their money in the engine's books instead.
        """
        dst = self.endpoint_acct[events.dst]
        kept = dst >= 0
        kept[kept] = self.normal_until[dst[kept]] > day
        np.add.at(self.balance, dst[kept], events.amount[kept])

    def _live(self, events: EventBlock, day: int) -> NDArray[np.bool_]:
        ok = np.ones(len(events), dtype=bool)
        for side in (events.src, events.dst):
            acct = self.endpoint_acct[side]
            ok &= (acct < 0) | (self.normal_until[np.maximum(acct, 0)] > day)
        return ok

    def _affordable(self, src: I64, ts: I64, amount: I64) -> NDArray[np.bool_]:
        """Each payer's events in time order while their running sum fits the balance."""
        order = np.lexsort((ts, src))
        payer, spent = src[order], amount[order]
        cum = np.cumsum(spent)
        first = np.ones(len(payer), dtype=bool)
        first[1:] = payer[1:] != payer[:-1]
        group = np.cumsum(first) - 1
        before = (cum - spent)[first][group]
        fits = (payer < 0) | (cum - before <= self.balance[np.maximum(payer, 0)])
        keep = np.empty(len(src), dtype=bool)
        keep[order] = fits
        return keep
