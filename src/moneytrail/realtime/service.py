"""The decision service: online features, the scorer and the decision log, behind one lock.

HTTP requests and stream batches both go through `DecisionService.decide`, so a transfer
gets the same decision whichever way it comes.

A service is a long-lived process: the objects alive once it has started (the imported
modules, the model, a restored state) stay alive, so starting one takes them out of the
cyclic garbage collector's passes (`gc.freeze`). Otherwise every full pass walks them all
again (some 300,000 objects, 0.15 CPU-seconds a pass with the modules alone), only to find
nothing to free; reference counting still frees them as before.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from moneytrail.detect import blockhits
from moneytrail.detect.decision import Decision
from moneytrail.detect.model import Model
from moneytrail.realtime.account import Known
from moneytrail.realtime.features import Executor, LocalShards, OnlineFeatures
from moneytrail.realtime.hops import Hops
from moneytrail.realtime.log import DecisionLog
from moneytrail.realtime.records import decision_json
from moneytrail.realtime.scoring import Scorer
from moneytrail.realtime.snapshot import Snapshot
from moneytrail.realtime.tx import Tx
from moneytrail.realtime.workers import WorkerShards


class DecisionService:
    """Decides transfers in arrival order and logs every decision."""

    def __init__(
        self,
        model: Model,
        known: Known,
        workers: int = 1,
        log: Path | None = None,
        restore: Snapshot | None = None,
    ) -> None:
        with _frozen_after():  # see the module's docstring
            self.scorer = Scorer(model)
            accounts = restore.accounts if restore is not None else None
            executor: Executor = (
                WorkerShards(workers, known, accounts)
                if workers > 1
                else LocalShards(known, accounts)
            )
            hops = Hops(known, dict(restore.hops) if restore is not None else None)
            self.features = OnlineFeatures(executor, hops, restore.cycles if restore else None)
            if restore is not None:
                self.features.seen = restore.seen
            self.hits: blockhits.Counts = dict(restore.block_hits) if restore is not None else {}
            """Per receiving account, its block-level transfers so far (`detect.blockhits`)."""
            self.log = DecisionLog(log) if log is not None else None
            self.lock = threading.Lock()

    def decide(self, batch: Sequence[Tx], record: bool = True) -> list[Decision]:
        """Update the state with the transfers and decide each; append them to the log."""
        with self.lock:
            decisions = self._decisions(batch)
            if record and self.log is not None:
                self.log.append([decision_json(d) for d in decisions])
        return decisions

    def decide_json(self, batch: Sequence[Tx]) -> list[str]:
        """As `decide`, the decisions as their JSON lines (serialised once for log and reply)."""
        with self.lock:
            lines = [decision_json(d) for d in self._decisions(batch)]
            if self.log is not None:
                self.log.append(lines)
        return lines

    def _decisions(self, batch: Sequence[Tx]) -> list[Decision]:
        """Features, scores and the block-hits rule for a batch in arrival order."""
        decisions = self.scorer.decisions(batch, self.features.rows(batch))
        thresholds = self.scorer.model.thresholds
        if thresholds.block_hits <= 1:
            return decisions
        receivers = [blockhits.receiver(tx.dst, tx.dst_kind) for tx in batch]
        return blockhits.apply(decisions, receivers, thresholds, self.hits)

    def snapshot(self, position: int) -> Snapshot:
        """The state now, with the stream position it reflects."""
        with self.lock:
            offset = 0
            if self.log is not None:
                self.log.sync()
                offset = self.log.offset()
            return Snapshot(
                self.features.executor.accounts(),
                self.features.cycles,
                self.features.seen,
                position,
                offset,
                self.scorer.model.version,
                dict(self.hits),
                dict(self.features.hops.first),
            )

    def close(self) -> None:
        """Stop workers and close the log."""
        executor = self.features.executor
        if isinstance(executor, WorkerShards):
            executor.close()
        if self.log is not None:
            self.log.close()


@contextmanager
def _frozen_after() -> Iterator[None]:
    """No collector passes while the body runs (a start allocates much, frees it by
    reference counting and leaves no cycles); then every object alive is frozen."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
