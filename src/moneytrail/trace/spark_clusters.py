"""Bitcoin co-spend clusters on Spark: `trace.clusters` for chains beyond one machine's memory.

The same rules as `trace.clusters`, as DataFrame operations: each leg once (the first
non-null value of each column in the table's order, as Arrow's `first`), CoinJoins found by
aggregation, the inputs of every other transaction joined, and the clusters found as the
connected components of those links by alternating large-star and small-star steps (Kiveris
et al., "Connected Components in MapReduce and Beyond", 2014): O(log² n) rounds of joins,
each cut from the lineage by a local checkpoint, ending when every component is a star
around its smallest address, which names the cluster (`bitcoin:<smallest address>`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from moneytrail.model.crypto import BITCOIN, INPUT_LEG, OUTPUT_LEG
from moneytrail.model.transfers import Channel, InstrumentKind
from moneytrail.trace.clusters import COINJOIN, KEY, CoinJoinRules

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

MAX_ROUNDS = 200
"""Far above the O(log² n) rounds the star steps need; reaching it means a fault."""
FIRSTS = ("ts", "from_address", "to_address", "amount_minor")


def distinct_legs(crypto: DataFrame) -> DataFrame:
    """The Bitcoin legs of `crypto` (numbered by a `pos` column, its order), each once: the
    key's first `pos` and, per column, its first non-null value."""
    from pyspark.sql import functions as fn

    legs = crypto.where(fn.col("chain") == BITCOIN)
    firsts = [
        fn.min(fn.struct(fn.col(c).isNull().alias("n"), fn.col("pos"), fn.col(c).alias("v")))
        .getField("v")
        .alias(c)
        for c in FIRSTS
    ]
    return legs.groupBy(*KEY).agg(fn.min("pos").alias("pos"), *firsts)


def coinjoins(legs: DataFrame, rules: CoinJoinRules | None = None) -> DataFrame:
    """`txid`s of the transactions taken for CoinJoins (as `clusters.coinjoins`)."""
    from pyspark.sql import functions as fn

    rules = rules or CoinJoinRules()
    kind = fn.col("leg_kind")
    equal = (
        legs.where(kind == OUTPUT_LEG)
        .groupBy("txid", "amount_minor")
        .agg(fn.count("leg").alias("n"))
        .groupBy("txid")
        .agg(fn.max("n").alias("n"))
    )
    inputs = (
        legs.where(kind == INPUT_LEG)
        .groupBy("txid")
        .agg(fn.countDistinct("from_address").alias("k"))
    )
    hit = (fn.col("n") >= rules.min_equal_outputs) & (fn.col("k") >= rules.min_inputs)
    return equal.join(inputs, "txid").where(hit).select("txid")


def _large_star(edges: DataFrame) -> DataFrame:
    """Each node's larger neighbours linked to the smallest of its neighbourhood."""
    from pyspark.sql import functions as fn

    both = edges.unionByName(edges.select(fn.col("b").alias("a"), fn.col("a").alias("b")))
    least = both.groupBy("a").agg(fn.least(fn.col("a"), fn.min("b")).alias("m"))
    larger = both.where(fn.col("b") > fn.col("a")).join(least, "a")
    return larger.select(fn.col("b").alias("a"), fn.col("m").alias("b")).distinct()


def _small_star(edges: DataFrame) -> DataFrame:
    """Each node and its smaller neighbours linked to the smallest of them."""
    from pyspark.sql import functions as fn

    least = edges.groupBy("a").agg(fn.min("b").alias("m"))
    linked = edges.join(least, "a")
    smaller = linked.where(fn.col("b") != fn.col("m")).select(
        fn.col("b").alias("a"), fn.col("m").alias("b")
    )
    return smaller.unionByName(linked.select("a", fn.col("m").alias("b"))).distinct()


def _stars(edges: DataFrame) -> bool:
    """Whether every node links to one node that links to none (each component a star)."""
    from pyspark.sql import functions as fn

    twice = edges.groupBy("a").count().where(fn.col("count") > 1).select("a")
    chained = edges.join(edges.select(fn.col("a").alias("b")), "b", "left_semi").select("a")
    return twice.unionByName(chained).isEmpty()


def components(links: DataFrame) -> DataFrame:
    """`node`, `root` for every node of `links` (`a`, `b`: strings joined): the smallest
    node of its component."""
    from pyspark.sql import functions as fn

    a, b = fn.col("a"), fn.col("b")
    edges = (
        links.where(a != b)
        .select(fn.greatest(a, b).alias("a"), fn.least(a, b).alias("b"))
        .distinct()
        .localCheckpoint()
    )
    for _ in range(MAX_ROUNDS):
        edges = _small_star(_large_star(edges)).localCheckpoint()
        if _stars(edges):
            roots = edges.select(b.alias("node"), b.alias("root")).distinct()
            return edges.select(a.alias("node"), b.alias("root")).unionByName(roots)
    raise RuntimeError(f"connected components did not converge in {MAX_ROUNDS} rounds")


def clusters(legs: DataFrame, mixed: DataFrame) -> DataFrame:
    """`address`, `node` (its cluster's instrument) for every address of the legs."""
    from pyspark.sql import functions as fn

    inputs = legs.where(
        (fn.col("leg_kind") == INPUT_LEG) & fn.col("from_address").isNotNull()
    ).select("txid", fn.col("from_address").alias("address"))
    joinable = inputs.join(mixed, "txid", "left_anti")
    least = joinable.groupBy("txid").agg(fn.min("address").alias("b"))
    links = joinable.join(least, "txid").select(fn.col("address").alias("a"), "b")
    roots = components(links)
    outputs = legs.where(
        (fn.col("leg_kind") == OUTPUT_LEG) & fn.col("to_address").isNotNull()
    ).select(fn.col("to_address").alias("address"))
    seen = inputs.select("address").unionByName(outputs).distinct()
    found = seen.join(roots.withColumnRenamed("node", "address"), "address", "left")
    root = fn.coalesce(fn.col("root"), fn.col("address"))
    return found.select("address", _wallet(root).alias("node"))


def _wallet(address: Column) -> Column:
    from pyspark.sql import functions as fn

    return fn.concat(fn.lit(f"{BITCOIN}:"), address)


def _named(frame: DataFrame, nodes: DataFrame, column: str, name: str) -> DataFrame:
    """`frame` with `name`: the cluster of its address `column`."""
    from pyspark.sql import functions as fn

    found = nodes.select(fn.col("address").alias(column), fn.col("node").alias(name))
    return frame.join(found, column)


def bitcoin_transfers(legs: DataFrame, nodes: DataFrame, mixed: DataFrame) -> DataFrame:
    """The legs as transfers between clusters and through CoinJoin nodes (as
    `clusters.bitcoin_transfers`), with `part` (0: a CoinJoin's inputs, 1: outputs) and `pos`,
    which order them as `clusters.bitcoin_transfers` does."""
    from pyspark.sql import functions as fn

    col, txid = fn.col, fn.col("txid")
    flagged = mixed.select("txid", fn.lit(True).alias("mixed"))
    legs = legs.join(flagged, "txid", "left")
    mix = fn.coalesce(col("mixed"), fn.lit(False))
    hub = fn.concat(fn.lit(f"{COINJOIN}:"), txid)
    given = col("amount_minor").isNotNull()
    inputs = legs.where((col("leg_kind") == INPUT_LEG) & col("from_address").isNotNull())
    into = _named(inputs.where(mix & given), nodes, "from_address", "src").select(
        "*", hub.alias("dst"), fn.lit(0).alias("part"), fn.lit(":in").alias("tag")
    )
    payer = _named(
        inputs.groupBy("txid").agg(fn.min("from_address").alias("from_address")),
        nodes,
        "from_address",
        "payer",
    ).select("txid", "payer")
    outputs = legs.where(
        (col("leg_kind") == OUTPUT_LEG) & col("to_address").isNotNull() & given
    ).join(payer, "txid")
    out = _named(outputs, nodes, "to_address", "dst")
    out = out.select(
        "*",
        fn.when(mix, hub).otherwise(col("payer")).alias("src"),
        fn.lit(1).alias("part"),
        fn.lit(":").alias("tag"),
    ).where(col("src") != col("dst"))
    wallet = fn.lit(InstrumentKind.WALLET.value)
    columns: list[Column | str] = [
        fn.concat(fn.lit(f"{BITCOIN}:"), txid, col("tag"), col("leg").cast("string")).alias(
            "transfer_id"
        ),
        "ts",
        "amount_minor",
        fn.lit("BTC").alias("currency"),
        fn.lit(BITCOIN).alias("chain"),
        fn.lit(Channel.CRYPTO_TRANSFER.value).alias("channel"),
        col("src").alias("src_instrument"),
        wallet.alias("src_instrument_kind"),
        col("dst").alias("dst_instrument"),
        wallet.alias("dst_instrument_kind"),
        fn.lit("moneytrail.trace.clusters").alias("source"),
        "part",
        "pos",
    ]
    return into.select(*columns).unionByName(out.select(*columns))
