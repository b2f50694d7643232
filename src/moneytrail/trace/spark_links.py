"""Fiat↔crypto bridges of a table on Spark, as the links of a trace over it.

`bridge_legs` matches the bridges on Spark (`trace.spark_bridges.spark_bridges_at_rate`: the
bridges and order of `bridges.match_at_rate`, the driver holding only bridge legs), each leg
given by its row (`edge`). `BridgeLegs.pairs` gives them to `spark_reach` (first leg,
second leg) and `BridgeLegs.within` as `Bridges` over the rows of a part of the table (the
graph's `pair`, and the JSON's `bridges` by `traced_bridges`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from moneytrail.trace.bridges import Bridges

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

I64 = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class BridgeLegs:
    """The bridges, their legs given as rows (`edge`) of the whole table."""

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


def bridge_legs(rows: DataFrame, usdt_kzt: float, span: tuple[int, int]) -> BridgeLegs:
    """The bridges of `rows` (transfer columns, numbered by `edge`; `span`: their first and
    last time, µs) at one USDT rate."""
    from moneytrail.trace.spark_bridges import spark_bridges_at_rate

    return BridgeLegs(
        spark_bridges_at_rate(rows, usdt_kzt, order="edge", span_us=span[1] - span[0])
    )
