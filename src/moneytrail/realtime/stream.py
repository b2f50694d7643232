"""Decisions from a NATS JetStream subject, durable across crashes.

Transfers are read in stream order from the sequence after the last snapshot. Each batch's
decisions are appended to the decision log, then published to the decisions subject with
the transfer id as `Nats-Msg-Id` (JetStream drops a re-published duplicate). Every
`snapshot_every` transfers the state is snapshotted with its stream sequence and log offset.
After a crash the service loads the snapshot and replays the stream from there: transfers
already in the log update the state again but are not logged twice, so the state and the
log end exactly as in an uninterrupted run. A malformed message goes to the quarantine
file with its sequence and the field at fault.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nats
from nats.aio.msg import Msg
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import BadRequestError
from pydantic import ValidationError

from moneytrail.realtime import snapshot as snapshots
from moneytrail.realtime.log import logged_since
from moneytrail.realtime.records import decision_json
from moneytrail.realtime.schema import TransferIn
from moneytrail.realtime.service import DecisionService
from moneytrail.realtime.tx import Tx


@dataclass(frozen=True)
class StreamConfig:
    """Where transfers come from and decisions go; where state is kept."""

    url: str
    stream: str
    subject: str
    decisions_subject: str
    state_dir: Path
    batch: int = 128
    snapshot_every: int = 10_000
    idle_exit_s: float | None = None
    """Stop after this many seconds without a message (tests, replays); None runs forever."""


class StreamRunner:
    """Consumes the stream into a `DecisionService` that logs into `state_dir`."""

    def __init__(self, service: DecisionService, cfg: StreamConfig, replayed: set[str], at: int):
        self.service = service
        self.cfg = cfg
        self.replayed = replayed
        self.position = at
        self.since_snapshot = 0
        self.quarantined = _last_quarantined(cfg.state_dir / "quarantine.jsonl")

    async def run(self) -> int:
        """Consume until idle (or forever); returns the last stream sequence applied."""
        nc = await nats.connect(self.cfg.url, connect_timeout=5, max_reconnect_attempts=3)
        try:
            js = nc.jetstream()
            await _ensure_stream(js, self.cfg.stream, [self.cfg.subject])
            await _ensure_stream(js, f"{self.cfg.stream}_DECISIONS", [self.cfg.decisions_subject])
            await self._loop(js)
        finally:
            await nc.close()
        return self.position

    async def _subscribe(self, js: nats.js.JetStreamContext) -> Any:
        """An ephemeral pull consumer from the sequence after the last one applied."""
        config = ConsumerConfig(
            deliver_policy=DeliverPolicy.BY_START_SEQUENCE,
            opt_start_seq=self.position + 1,
            ack_policy=AckPolicy.NONE,
            inactive_threshold=60.0,
        )
        return await js.pull_subscribe(self.cfg.subject, stream=self.cfg.stream, config=config)

    async def _loop(self, js: nats.js.JetStreamContext) -> None:
        """Fetch in order; on a gap in sequences, subscribe again from the last one applied
        (once: a second gap at the same place means those messages were deleted)."""
        sub, idle, gap_at = await self._subscribe(js), 0.0, -1
        while self.cfg.idle_exit_s is None or idle < self.cfg.idle_exit_s:
            try:
                msgs = await sub.fetch(self.cfg.batch, timeout=0.5)
            except TimeoutError:  # nats' own, or asyncio's
                msgs = []
            if not msgs:
                idle += 0.5
                continue
            idle = 0.0
            first = msgs[0].metadata.sequence.stream
            if first > self.position + 1 and gap_at != self.position:
                gap_at = self.position
                await sub.unsubscribe()
                sub = await self._subscribe(js)
                continue
            await self._batch(js, msgs)

    async def _batch(self, js: nats.js.JetStreamContext, msgs: list[Msg]) -> None:
        txs: list[Tx] = []
        for msg in msgs:
            seq = msg.metadata.sequence.stream
            try:
                txs.append(TransferIn.model_validate_json(msg.data).to_tx())
            except ValidationError as err:
                self._quarantine(seq, msg.data, err)
            self.position = seq
        made = [(d.transfer_id, decision_json(d)) for d in self.service.decide(txs, record=False)]
        if self.service.log is not None:
            self.service.log.append(line for tid, line in made if tid not in self.replayed)
        self.replayed.difference_update(tx.transfer_id for tx in txs)
        for tid, line in made:
            headers = {"Nats-Msg-Id": tid}
            await js.publish(self.cfg.decisions_subject, line.encode(), headers=headers)
        self.since_snapshot += len(msgs)
        if self.since_snapshot >= self.cfg.snapshot_every:
            self.save()

    def save(self) -> None:
        """Snapshot the state at the current stream position."""
        snapshots.write(self.cfg.state_dir / "state.snapshot", self.service.snapshot(self.position))
        self.since_snapshot = 0

    def _quarantine(self, seq: int, data: bytes, err: ValidationError) -> None:
        if seq <= self.quarantined:
            return  # replayed after a restart: already there
        self.quarantined = seq
        fields = [".".join(str(p) for p in e["loc"]) or "(message)" for e in err.errors()]
        line = {
            "sequence": seq,
            "fields": fields,
            "error": str(err),
            "data": data.decode("utf-8", "replace"),
        }
        with (self.cfg.state_dir / "quarantine.jsonl").open("a", encoding="utf-8") as f:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")


def _last_quarantined(path: Path) -> int:
    if not path.exists():
        return 0
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line]
    return max((int(json.loads(line)["sequence"]) for line in lines), default=0)


async def _ensure_stream(js: nats.js.JetStreamContext, name: str, subjects: list[str]) -> None:
    try:
        await js.stream_info(name)
    except nats.js.errors.NotFoundError:
        with contextlib.suppress(BadRequestError):  # created meanwhile by another process
            await js.add_stream(name=name, subjects=subjects)


def restore(cfg: StreamConfig) -> tuple[snapshots.Snapshot | None, set[str], int]:
    """The snapshot (if any), transfers logged after it, and the sequence it reflects."""
    cfg.state_dir.mkdir(parents=True, exist_ok=True)
    snap = snapshots.read(cfg.state_dir / "state.snapshot")
    offset = snap.log_offset if snap is not None else 0
    logged = logged_since(cfg.state_dir / "decisions.jsonl", offset)
    return snap, logged, snap.position if snap is not None else 0
