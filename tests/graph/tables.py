"""Small transfer tables written by hand: (src, dst, hour, amount in tenge) per transfer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa

T0 = datetime(2026, 1, 1, tzinfo=UTC)
Row = tuple[str | None, str | None, float, float]


def at(hour: float) -> datetime:
    """The time `hour` hours after T0."""
    return T0 + timedelta(hours=hour)


def transfers(rows: Sequence[Row], **columns: list[Any]) -> pa.Table:
    """A transfers table in KZT over P2P unless `columns` say otherwise."""
    data: dict[str, Any] = {
        "transfer_id": [f"t{i}" for i in range(len(rows))],
        "ts": pa.array([at(h) for _, _, h, _ in rows], pa.timestamp("us", tz="UTC")),
        "amount_minor": pa.array([round(a * 100) for *_, a in rows], pa.int64()),
        "currency": ["KZT"] * len(rows),
        "channel": ["p2p"] * len(rows),
        "src_instrument": pa.array([s for s, *_ in rows], pa.string()),
        "dst_instrument": pa.array([d for _, d, *_ in rows], pa.string()),
        "source": ["test"] * len(rows),
    }
    data.update(columns)
    return pa.table(data)
