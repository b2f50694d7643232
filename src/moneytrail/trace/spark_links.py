"""Fiat↔crypto bridges of a table on Spark, as the links of a trace over it.

`bridge_legs` matches the bridges on Spark (`trace.spark_bridges.spark_match_at_rate`: the
rows and order of `bridges.match_at_rate`, the driver holding only bridge legs) and finds the
row (`edge`) of each leg there. `BridgeLegs.pairs` gives them to `spark_reach` (first leg,
second leg) and `BridgeLegs.within` as `Bridges` over the rows of a part of the table (the
graph's `pair`, and the JSON's `bridges` by `traced_bridges`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from moneytrail.graph.build import GraphError
from moneytrail.trace.bridges import TO_FIAT, Bridges

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

I64 = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class BridgeLegs:
    """The bridges, their legs given as rows (`edge`) of the whole table (`gap_us` in whole
    seconds, as `Bridges.to_table` gives it)."""

    whole: Bridges

    def pairs(self, session: SparkSession) -> DataFrame | None:
        """`first`, `second`: the rows of each bridge's legs in the order money crosses it."""
        b = self.whole
        if b.fiat.size == 0:
            return None
        first = np.where(b.to_fiat, b.crypto, b.fiat)
        second = np.where(b.to_fiat, b.fiat, b.crypto)
        return session.createDataFrame(pa.table({"first": first, "second": second}))

    def within(self, rows: I64) -> Bridges:
        """The bridges both of whose legs are among `rows` (ascending), in their order, with
        their legs as places in `rows`."""
        b = self.whole
        fiat, crypto = _places(rows, b.fiat), _places(rows, b.crypto)
        keep = (fiat >= 0) & (crypto >= 0)
        return Bridges(
            fiat[keep],
            crypto[keep],
            b.to_fiat[keep],
            b.confidence[keep],
            b.gap_us[keep],
            b.spread[keep],
        )


def _places(rows: I64, edges: I64) -> I64:
    """Each edge's place in `rows` (ascending), -1 where it is not there."""
    at = np.minimum(np.searchsorted(rows, edges), max(rows.size - 1, 0))
    hit = rows[at] == edges if rows.size else np.zeros(edges.size, bool)
    return np.where(hit, at, -1).astype(np.int64)


def _edges(session: SparkSession, rows: DataFrame, ids: list[str]) -> dict[str, int]:
    """The row (`edge`) of each transfer id (each must name one row)."""
    from pyspark.sql import functions as fn

    wanted = session.createDataFrame(pa.table({"transfer_id": pa.array(ids, pa.string())}))
    found = rows.join(fn.broadcast(wanted), "transfer_id", "left_semi").select(
        "transfer_id", "edge"
    )
    table = found.toArrow()
    names = [str(x) for x in table.column("transfer_id").to_pylist()]
    edges = [int(x) for x in table.column("edge").to_pylist()]
    if len(set(names)) != len(names):
        twice = sorted({n for n in names if names.count(n) > 1})[:5]
        raise GraphError(f"transfer ids {twice} name several rows: bridges name legs by id")
    out = dict(zip(names, edges, strict=True))
    if missing := [i for i in ids if i not in out]:
        raise GraphError(f"bridge legs {missing[:5]} are not rows of the transfers")
    return out


def bridge_legs(
    session: SparkSession, rows: DataFrame, usdt_kzt: float, span: tuple[int, int]
) -> BridgeLegs:
    """The bridges of `rows` (transfer columns, numbered by `edge`; `span`: their first and
    last time, µs) at one USDT rate."""
    from moneytrail.trace.spark_bridges import spark_match_at_rate

    found = spark_match_at_rate(rows, usdt_kzt, order="edge", span_us=span[1] - span[0])
    fiat_ids = [str(x) for x in found.column("fiat_transfer_id").to_pylist()]
    crypto_ids = [str(x) for x in found.column("crypto_transfer_id").to_pylist()]
    edge = _edges(session, rows, sorted(set(fiat_ids + crypto_ids))) if found.num_rows else {}

    return BridgeLegs(
        Bridges(
            np.array([edge[i] for i in fiat_ids], np.int64),
            np.array([edge[i] for i in crypto_ids], np.int64),
            np.array([d == TO_FIAT for d in found.column("direction").to_pylist()], bool),
            np.asarray(found.column("confidence").to_numpy(), np.float64),
            np.asarray(found.column("gap_s").to_numpy(), np.int64) * 1_000_000,
            np.asarray(found.column("spread").to_numpy(), np.float64),
        )
    )
