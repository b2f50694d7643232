"""What a trace is asked: direction, window, limits and attribution policy, all explicit."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

ALGORITHM = "moneytrail.trace/1"
"""Version of the trace semantics; part of every trace id (never changed silently)."""


class Direction(StrEnum):
    """Forward: where the seeds' money went. Backward: where the seeds' money came from."""

    FORWARD = "forward"
    BACKWARD = "backward"


class Policy(StrEnum):
    """How much of an outflow is attributed to the traced money."""

    POISON = "poison"
    HAIRCUT = "haircut"
    FIFO = "fifo"
    LIFO = "lifo"


class SeedMoney(StrEnum):
    """What money is traced: all the seeds sent, or all they received (passed on by policy)."""

    SENT = "sent"
    RECEIVED = "received"


class HubOrder(StrEnum):
    """Which edges a truncated hub keeps, per step (as LDBC FinBench's truncation order)."""

    EARLIEST = "earliest"
    LATEST = "latest"
    LARGEST = "largest"


@dataclass(frozen=True, slots=True)
class TraceParams:
    """A trace's parameters; `start`/`end` bound the window (inclusive, UTC-aware)."""

    direction: Direction = Direction.FORWARD
    depth: int = 6
    start: datetime | None = None
    end: datetime | None = None
    policy: Policy = Policy.HAIRCUT
    hub_limit: int | None = None
    hub_order: HubOrder = HubOrder.EARLIEST
    max_nodes: int | None = None
    home_country: str = "KZ"
    top: int = 20
    seed_money: SeedMoney = SeedMoney.SENT

    def __post_init__(self) -> None:
        if self.depth < 1:
            raise ValueError("depth must be at least 1")
        if self.hub_limit is not None and self.hub_limit < 1:
            raise ValueError("hub_limit must be at least 1")
        if self.start and self.end and self.start > self.end:
            raise ValueError("start is after end")

    def to_json(self) -> dict[str, Any]:
        """The parameters as JSON values (times in ISO 8601)."""
        data = asdict(self)
        for key in ("start", "end"):
            data[key] = data[key].isoformat() if data[key] else None
        return {k: str(v) if isinstance(v, StrEnum) else v for k, v in data.items()}


def as_utc(moment: datetime | None) -> datetime | None:
    """The moment, read as UTC when it names no zone."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
