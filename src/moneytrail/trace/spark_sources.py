"""`trace.sources.combine` on Spark: a lake's bank and on-chain transfers as one table.

`lake_combined` builds, on Spark, the table `combine(transfers, crypto_transfers)` makes in
memory, row for row and in its order (`edge`): the bank transfers in lake order (without
those of chain `bitcoin` when the chain data has Bitcoin: clusters replace addresses), then
the account-chain legs that map to transfers (`model.crypto.as_transfer`, as column
expressions) in lake order, then the Bitcoin transfers between co-spend clusters
(`trace.spark_clusters`) in the order `clusters.bitcoin_transfers` gives them (a CoinJoin's
inputs, then outputs, each by where its leg first appears); on-chain rows whose transfer id
the bank rows have are left out. The driver holds none of it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from moneytrail.lake.read import row_order
from moneytrail.lake.tables import table_spec
from moneytrail.model.crypto import ACCOUNT_CHAINS, BITCOIN, TRANSFER_LEG
from moneytrail.model.transfers import MINOR_UNITS, TRANSFER_SCHEMA, Channel, InstrumentKind
from moneytrail.trace.lake_frame import (
    LakeTransfers,
    committed_frame,
    lake_version,
    numbered,
    transfer_frames,
)
from moneytrail.trace.spark_clusters import bitcoin_transfers, clusters, coinjoins, distinct_legs

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame, SparkSession

CRYPTO = "crypto_transfers"
ORDER = ["o_block", "o_ts", "o_file", "o_part", "o_pos", "o_id"]
"""The combined table's order: bank rows by the lake's order (time, file, row, id), then
account-chain rows by place in the chain data, then Bitcoin rows by part and first place."""


def _wallet(chain: Column, address: Column) -> Column:
    from pyspark.sql import functions as fn

    return fn.when(address.isNotNull(), fn.concat(chain, fn.lit(":"), address))


def account_chain_transfers(crypto: DataFrame) -> DataFrame:
    """The account-chain legs of `crypto` (numbered by `pos`) that `as_transfer` maps, as
    transfers, with their `pos`."""
    from pyspark.sql import functions as fn

    col = fn.col
    units = fn.create_map(*(fn.lit(x) for kv in sorted(MINOR_UNITS.items()) for x in kv))
    mapped = (
        col("chain").isin(sorted(ACCOUNT_CHAINS))
        & (col("leg_kind") == TRANSFER_LEG)
        & col("amount_minor").isNotNull()
        & (units[col("asset")] == col("decimals"))
        & col("from_address").isNotNull()
        & (col("from_address") != "")
    )
    wallet = fn.lit(InstrumentKind.WALLET.value)
    dst = _wallet(col("chain"), col("to_address"))
    return crypto.where(mapped).select(
        fn.concat_ws(":", col("chain"), col("txid"), col("leg").cast("string")).alias(
            "transfer_id"
        ),
        "ts",
        "amount_minor",
        col("asset").alias("currency"),
        "chain",
        fn.lit(Channel.CRYPTO_TRANSFER.value).alias("channel"),
        _wallet(col("chain"), col("from_address")).alias("src_instrument"),
        wallet.alias("src_instrument_kind"),
        dst.alias("dst_instrument"),
        fn.when(dst.isNotNull(), wallet).alias("dst_instrument_kind"),
        "source",
        "file",
        "row",
        "pos",
    )


def _shaped(frame: DataFrame, like: DataFrame, block: int, part: Column | None) -> DataFrame:
    """`frame` with the transfer columns of `like` (typed as there, absent ones null) and
    the order columns of block `block`."""
    from pyspark.sql import functions as fn

    types = {f.name: f.dataType for f in like.schema.fields}
    cells = [
        (fn.col(n) if n in frame.columns else fn.lit(None)).cast(types[n]).alias(n)
        for n in TRANSFER_SCHEMA.names
    ]
    order = [
        fn.lit(block).alias("o_block"),
        fn.lit(None).cast(types["ts"]).alias("o_ts"),
        fn.lit(None).cast("string").alias("o_file"),
        (part if part is not None else fn.lit(0)).cast("int").alias("o_part"),
        fn.col("pos").cast("long").alias("o_pos"),
        fn.lit(None).cast("string").alias("o_id"),
    ]
    return frame.select(*cells, *order)


def lake_combined(
    session: SparkSession, lake_dir: Path, rates: Mapping[str, float] | None
) -> LakeTransfers:
    """The lake's committed transfers and crypto transfers as `combine` makes them, on
    Spark, numbered in its row order; `aliases`: Bitcoin addresses that are not their
    cluster's name → the cluster's instrument."""
    from pyspark.sql import functions as fn

    col = fn.col
    bank = committed_frame(session, lake_dir, "transfers").select(*TRANSFER_SCHEMA.names)
    chain_rows = committed_frame(session, lake_dir, CRYPTO)
    crypto, tagged = numbered(chain_rows, row_order(table_spec(CRYPTO)))
    crypto = crypto.withColumnRenamed("edge", "pos")
    kept = [tagged]
    if not crypto.where(col("chain") == BITCOIN).isEmpty():
        bank = bank.where(~fn.coalesce(col("chain") == BITCOIN, fn.lit(False)))
    legs = distinct_legs(crypto).localCheckpoint()
    mixed = coinjoins(legs).localCheckpoint()
    nodes = clusters(legs, mixed).persist()
    kept.append(nodes)
    bitcoin = bitcoin_transfers(legs, nodes, mixed)
    known = bank.select("transfer_id")
    chains = [
        _shaped(account_chain_transfers(crypto), bank, 1, None),
        _shaped(bitcoin, bank, 2, col("part")),
    ]
    listed = [
        bank.select(
            "*",
            fn.lit(0).alias("o_block"),
            col("ts").alias("o_ts"),
            col("file").alias("o_file"),
            fn.lit(0).alias("o_part"),
            col("row").cast("long").alias("o_pos"),
            col("transfer_id").alias("o_id"),
        ),
        *(c.join(known, "transfer_id", "left_anti") for c in chains),
    ]
    union = listed[0]
    for other in listed[1:]:
        union = union.unionByName(other)
    rows, ordered = numbered(union, ORDER)
    kept.append(ordered)
    aliases = nodes.select(
        fn.concat(fn.lit(f"{BITCOIN}:"), col("address")).alias("alias"), "node"
    ).where(col("alias") != col("node"))
    schema = TRANSFER_SCHEMA.remove_metadata()
    version = lake_version(lake_dir)
    return transfer_frames(rows.drop(*ORDER), rates, version, schema, tuple(kept), aliases)
