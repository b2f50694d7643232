"""On AMLGentex (external, labelled): a forward trace from each laundering pattern's sources
reaches every account that received laundering money in that pattern."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from moneytrail.graph.build import build_graph
from moneytrail.graph.csr import TemporalGraph
from moneytrail.trace.api import trace
from moneytrail.trace.params import TraceParams

TX_LOG = Path(__file__).resolve().parents[3] / "shared/data/external/amlgentex/tx_log.parquet"
T0 = datetime(2026, 1, 1, tzinfo=UTC)
COLUMNS = ["step", "amount", "nameOrig", "nameDest", "isSAR", "patternID"]

pytestmark = pytest.mark.skipif(not TX_LOG.exists(), reason=f"{TX_LOG} not present")


def _instruments(ids: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.binary_join_element_wise("acct", pc.cast(ids, pa.string()), ":")


def _transfers(log: pa.Table) -> pa.Table:
    """Account-to-account rows as transfers: steps as days, amounts in cents."""
    days = log["step"].to_numpy().astype("timedelta64[D]")
    ts = (np.datetime64("2026-01-01", "us") + days).astype("datetime64[us]")
    fill = np.zeros(log.num_rows, np.int32)
    return pa.table(
        {
            "ts": pa.array(ts).cast(pa.timestamp("us", tz="UTC")),
            "amount_minor": pc.cast(pc.round(pc.multiply(log["amount"], 100)), pa.int64()),
            "currency": pa.array(["EUR"]).take(fill),
            "channel": pa.array(["bank_transfer"]).take(fill),
            "src_instrument": _instruments(log["nameOrig"]),
            "dst_instrument": _instruments(log["nameDest"]),
        }
    )


@pytest.fixture(scope="module")
def world() -> tuple[TemporalGraph, dict[int, list[dict[str, Any]]]]:
    log = pq.read_table(TX_LOG, columns=COLUMNS)
    log = log.filter(
        pc.and_(pc.greater_equal(log["nameOrig"], 0), pc.greater_equal(log["nameDest"], 0))
    )
    patterns: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in log.filter(pc.equal(log["isSAR"], 1)).to_pylist():
        patterns[row["patternID"]].append(row)
    return build_graph(_transfers(log)), patterns


def test_every_laundering_pattern_is_reached_from_its_sources(
    world: tuple[TemporalGraph, dict[int, list[dict[str, Any]]]],
) -> None:
    graph, patterns = world
    assert len(patterns) == 70
    for rows in patterns.values():
        steps = [r["step"] for r in rows]
        receivers = {f"acct:{r['nameDest']}" for r in rows}
        senders = {f"acct:{r['nameOrig']}" for r in rows}
        first = {f"acct:{r['nameOrig']}" for r in rows if r["step"] == min(steps)}
        seeds = sorted(senders - receivers) or sorted(first)  # a cycle has no pure source
        window = TraceParams(
            depth=10, start=T0 + timedelta(days=min(steps)), end=T0 + timedelta(days=max(steps))
        )
        reached = set(graph.names(trace(graph, seeds, window).reach.nodes))
        assert receivers <= reached, rows[0]["patternID"]
