"""A lake's committed transfers as Spark DataFrames, numbered and named as the graph would.

`lake_transfers` reads the Parquet of the committed transfers on Spark (the driver holds none
of it) and gives, per transfer, its `edge` id: its row in the lake's total order (the order
`lake.read.engine_table` reads in, so the graph's edge ids), numbered without one partition
(each sorted partition's offset plus the row's place in it). Per instrument it gives what
`graph.build` decides on the whole table: its node order (first place in the source column,
then the destination column), the row whose kind and country the node keeps (its last row
as destination, else its last as source) and that kind. `transfer_frames` gives the same
for any numbered transfers frame (`combine`'s on Spark: `trace.spark_sources`).
`lake_version` is the data version of a lake's committed data on both engines.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from moneytrail.graph.build import factors
from moneytrail.lake.catalog import Catalog
from moneytrail.lake.errors import LakeError
from moneytrail.lake.layout import Lake
from moneytrail.lake.read import row_order
from moneytrail.lake.tables import table_spec

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import Column, DataFrame, SparkSession

TABLE = "transfers"


@dataclass(frozen=True, slots=True)
class LakeTransfers:
    """`rows`: the table's columns (`schema`, as the graph's table has them) and `edge`;
    `edges`: `edge, src, dst, ts` (µs), `amount` (trace unit); `nodes`: `node, first,
    decides, kind`; the time span (µs) and version; `aliases`: `alias, node`, other names of
    instruments (Bitcoin addresses of a cluster), if any."""

    rows: DataFrame
    edges: DataFrame
    nodes: DataFrame
    span: tuple[int, int]
    version: str
    schema: pa.Schema
    kept: tuple[DataFrame, ...] = ()
    aliases: DataFrame | None = None

    def release(self) -> None:
        """Drop what Spark keeps of these frames."""
        for frame in self.kept:
            frame.unpersist()


def lake_version(lake_dir: Path) -> str:
    """The data version of the lake's committed transfers: a BLAKE2b digest of the committed
    ingests (the same rows whichever engine reads them)."""
    digest = hashlib.blake2b(digest_size=16)
    for ingest in sorted(set(Catalog(Lake.at(lake_dir)).committed().values())):
        digest.update(f"{ingest}\n".encode())
    return digest.hexdigest()


def numbered(frame: DataFrame, order: list[str]) -> tuple[DataFrame, DataFrame]:
    """`frame` in `order` with `edge`, each row's place in that order; and the frame Spark
    keeps (memory, else disk) so that both passes see the same partitions."""
    from pyspark.sql import functions as fn

    ordered = frame.orderBy(*(fn.col(c).asc_nulls_first() for c in order))
    tagged = ordered.select(
        "*",
        fn.spark_partition_id().alias("_part"),
        fn.monotonically_increasing_id().alias("_id"),
    ).persist()
    counted = tagged.groupBy("_part").count().collect()
    sizes: dict[int, int] = {int(r[0]): int(r[1]) for r in counted}
    offsets, total = [], 0
    for part in sorted(sizes):
        offsets += [fn.lit(part), fn.lit(total)]
        total += int(sizes[part])
    start = fn.create_map(*offsets)[fn.col("_part")] if offsets else fn.lit(0)
    place = fn.col("_id") - fn.shiftleft(fn.col("_part").cast("long"), 33)
    numbered = tagged.select("*", (start + place).cast("long").alias("edge"))
    return numbered.drop("_part", "_id"), tagged


def _end(side: str, role: str) -> Column:
    """An instrument id as `graph.build` names it: `source:<kind>` / `sink:<kind>` if none."""
    from pyspark.sql import functions as fn

    kind = fn.coalesce(fn.col(f"{side}_instrument_kind"), fn.lit("external"))
    return fn.coalesce(fn.col(f"{side}_instrument"), fn.concat(fn.lit(f"{role}:"), kind))


def _amount(rows: DataFrame, rates: Mapping[str, float] | None) -> Column:
    """`amount_minor` in the trace unit, as `graph.build` computes it (same checks)."""
    from pyspark.sql import functions as fn

    currencies = tuple(sorted(str(r[0]) for r in rows.select("currency").distinct().collect()))
    values = factors(currencies, rates).tolist()
    pairs = [x for c, v in zip(currencies, values, strict=True) for x in (fn.lit(c), fn.lit(v))]
    factor = fn.create_map(*pairs)[fn.col("currency")] if pairs else fn.lit(0.0)
    return (fn.col("amount_minor").cast("double") * factor).alias("amount")


def _nodes(edges: DataFrame, count: int) -> DataFrame:
    """Per instrument: `first` place in the graph's numbering, the row that `decides` its
    kind and country, and that `kind`."""
    from pyspark.sql import functions as fn

    sides = edges.select(
        fn.col("src").alias("node"),
        fn.lit(0).alias("side"),
        fn.col("edge").alias("pos"),
        fn.col("src_kind").alias("kind"),
    ).unionByName(
        edges.select(
            fn.col("dst").alias("node"),
            fn.lit(1).alias("side"),
            (fn.col("edge") + count).alias("pos"),
            fn.col("dst_kind").alias("kind"),
        )
    )
    last = fn.max(fn.struct("side", "pos", "kind")).alias("last")
    nodes = sides.groupBy("node").agg(fn.min("pos").alias("first"), last)
    decides = fn.col("last.pos") - fn.col("last.side") * count
    return nodes.select(
        "node", "first", decides.alias("decides"), fn.col("last.kind").alias("kind")
    )


def committed_frame(session: SparkSession, lake_dir: Path, name: str) -> DataFrame:
    """The committed rows of the lake's table `name` on Spark (its lake columns)."""
    from moneytrail.lake.engine import SparkEngine

    lake = Lake.at(lake_dir)
    spec = table_spec(name)
    if next(lake.part_files(spec), None) is None:
        raise LakeError(f"{lake_dir}: the lake has no {name} yet")
    engine = SparkEngine(lake, str(session.sparkContext.master))
    frame: DataFrame = engine.table(name).select(*spec.lake_schema.names)
    return frame


def transfer_frames(
    rows: DataFrame,
    rates: Mapping[str, float] | None,
    version: str,
    schema: pa.Schema,
    kept: tuple[DataFrame, ...] = (),
    aliases: DataFrame | None = None,
) -> LakeTransfers:
    """`LakeTransfers` of numbered transfer rows (an `edge` column; `rates` as for
    `build_graph`); `kept`: frames Spark keeps for them, released with them."""
    from pyspark.sql import functions as fn

    edges = rows.select(
        "edge",
        _end("src", "source").alias("src"),
        _end("dst", "sink").alias("dst"),
        fn.unix_micros("ts").alias("ts"),
        _amount(rows, rates),
        fn.col("src_instrument_kind").alias("src_kind"),
        fn.col("dst_instrument_kind").alias("dst_kind"),
    )
    bounds = edges.agg(fn.count("*"), fn.min("ts"), fn.max("ts")).collect()[0]
    count = int(bounds[0])
    span = (int(bounds[1]), int(bounds[2])) if count else (0, 0)
    nodes = _nodes(edges, count).persist()
    plain = edges.drop("src_kind", "dst_kind")
    return LakeTransfers(rows, plain, nodes, span, version, schema, (*kept, nodes), aliases)


def lake_transfers(
    session: SparkSession, lake_dir: Path, rates: Mapping[str, float] | None
) -> LakeTransfers:
    """The lake's committed transfers on Spark; `rates` as for `build_graph`."""
    spec = table_spec(TABLE)
    rows, tagged = numbered(committed_frame(session, lake_dir, TABLE), row_order(spec))
    return transfer_frames(rows, rates, lake_version(lake_dir), spec.lake_schema, (tagged,))
