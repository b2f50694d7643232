"""`moneytrail trace --lake --crypto` on Spark: the combined table, Bitcoin clusters and
bridges built there, the driver collecting only the traced part, the in-memory JSON."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import typer

from moneytrail.cli import trace_cmd
from moneytrail.model.crypto import CRYPTO_TRANSFER_SCHEMA, crypto_row
from moneytrail.model.transfers import TRANSFER_SCHEMA
from tests.trace.spark_counts import cli_json, count_collects

T0 = datetime(2026, 1, 1, tzinfo=UTC)
Leg = tuple[str, float, list[tuple[str, int]], list[tuple[str, int]]]
RATES = ["--rate", "KZT=1", "--rate", "USDT=500", "--rate", "BTC=46000000"]


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setenv("MONEYTRAIL_TOKEN_SECRET", "test-key")
    monkeypatch.setenv("MONEYTRAIL_SPARK_MASTER", "local[1]")
    app = typer.Typer()
    app.command("trace")(trace_cmd.trace)
    app.command("noop")(lambda: None)
    return app


def _bank(rows: list[tuple[str, str | None, str, float, float, str, str]]) -> pa.Table:
    """(id, chain, channel, hour, amount in major units, src, dst) in KZT or, on a chain, USDT
    and BTC; instruments of the chains are wallets, others accounts."""
    cols: dict[str, list[Any]] = {n: [] for n in TRANSFER_SCHEMA.names}
    for tid, chain, channel, hour, amount, src, dst in rows:
        currency = {"tron": "USDT", "bitcoin": "BTC"}.get(chain or "", "KZT")
        scale = {"KZT": 100, "USDT": 10**6, "BTC": 10**8}[currency]
        kind = "wallet" if chain else "account"
        cells = {"transfer_id": tid, "ts": T0 + timedelta(hours=hour), "chain": chain}
        cells |= {"amount_minor": round(amount * scale), "currency": currency}
        cells |= {"channel": channel, "src_instrument": src, "dst_instrument": dst}
        cells |= {"src_instrument_kind": kind, "dst_instrument_kind": kind, "source": "test"}
        for name in TRANSFER_SCHEMA.names:
            cols[name].append(cells.get(name))
    return pa.table(cols, schema=TRANSFER_SCHEMA)


def _chain(tron: list[tuple[str, float, float, str, str]], bitcoin: list[Leg]) -> pa.Table:
    """TRON USDT legs (txid, hour, USDT, from, to) and Bitcoin transactions (txid, hour,
    inputs, outputs: addresses with satoshi)."""
    rows = [
        crypto_row(chain="tron", txid=t, ts=T0 + timedelta(hours=h), leg_kind="transfer", leg=0)
        | {"from_address": a, "to_address": b, "asset": "USDT", "decimals": 6}
        | {"amount_minor": round(usdt * 10**6), "source": "test"}
        for t, h, usdt, a, b in tron
    ]
    for txid, hour, ins, outs in bitcoin:
        common = crypto_row(chain="bitcoin", txid=txid, ts=T0 + timedelta(hours=hour))
        common |= {"asset": "BTC", "decimals": 8, "source": "test"}
        common["input_addresses"] = sorted({a for a, _ in ins})
        for i, (address, value) in enumerate(ins):
            leg = {"leg_kind": "input", "leg": i, "from_address": address}
            rows.append(common | leg | {"amount_minor": value})
        for i, (address, value) in enumerate(outs):
            leg = {"leg_kind": "output", "leg": i, "to_address": address}
            rows.append(common | leg | {"amount_minor": value})
    return pa.Table.from_pylist(rows, schema=CRYPTO_TRANSFER_SCHEMA)


def _scene(k: int, at: float) -> tuple[list[Any], list[Any], list[Leg]]:
    """One group of instruments (names end in `k`) from hour `at`: a trader (account X, wallet
    W) sells USDT three times (fiat→crypto), another (wallet V, account Y) buys it three times
    (crypto→fiat); the cash-out's seller S pays M, who pays into a Bitcoin cluster whose coins
    pass a co-spend and a CoinJoin."""
    g = f"{k}"
    bank: list[Any] = [
        (f"f{g}-{i}", None, "p2p", at + h, kzt, f"{p}{g}", f"X{g}")
        for i, (p, h, kzt) in enumerate([("D", 1, 10_300), ("C", 3, 5_150), ("E", 5, 20_600)])
    ]
    bank += [
        (f"o{g}-{i}", None, "p2p", at + h, kzt, f"Y{g}", f"{s}{g}")
        for i, (s, h, kzt) in enumerate([("S", 10.1, 9_800), ("S2", 12.05, 4_900)])
    ]
    bank += [
        (f"o{g}-2", None, "p2p", at + 14.2, 19_600, f"Y{g}", f"S3{g}"),
        (f"m{g}", None, "p2p", at + 11, 9_800, f"S{g}", f"M{g}"),
        (f"b{g}", None, "crypto_purchase", at + 15, 9_000, f"M{g}", f"bitcoin:a{g}"),
        # an address-level Bitcoin payment (as the Bitcoin reader lands it): clusters replace it
        (f"bitcoin:t1{g}:0", "bitcoin", "crypto_transfer", at + 16, 0.001, f"bitcoin:a{g}", "z"),
        # a TRON leg landed in transfers too: counted once
        (f"tron:w{g}0:0", "tron", "crypto_transfer", at + 1.1, 20, f"tron:W{g}", f"tron:A{g}"),
    ]
    tron = [
        (f"w{g}{i}", at + h, usdt, f"W{g}", f"{a}{g}")
        for i, (h, usdt, a) in enumerate([(1.1, 20, "A"), (3.05, 10, "A2"), (5.2, 40, "A3")])
    ]
    tron += [(f"a{g}", at + 2, 20, f"A{g}", f"O{g}")]
    tron += [
        (f"v{g}{i}", at + h, usdt, f"{p}{g}", f"V{g}")
        for i, (p, h, usdt) in enumerate([("P", 10, 20), ("Q", 12, 10), ("R", 14, 40)])
    ]
    bitcoin: list[Leg] = [
        (f"t1{g}", at + 16, [(f"a{g}", 60_000), (f"b{g}", 50_000)], [(f"c{g}", 100_000)]),
        (f"t2{g}", at + 17, [(f"c{g}", 100_000), (f"d{g}", 30_000)], [(f"e{g}", 120_000)]),
        (
            f"mix{g}",
            at + 18,
            [(f"e{g}", 120_000), (f"x{g}", 120_000), (f"y{g}", 120_000)],
            [(f"p{g}", 100_000), (f"q{g}", 100_000), (f"r{g}", 100_000)],
        ),
        (f"t3{g}", at + 19, [(f"p{g}", 100_000)], [(f"s{g}", 99_000), (f"b{g}", 500)]),
    ]
    return bank, tron, bitcoin


def _lake(tmp_path: Path, groups: int, noise: int = 0) -> Path:
    """A lake of `groups` copies of the scene (never paying each other) and, in the last,
    `noise` more payments among its accounts."""
    from moneytrail.lake.land import LandOptions, land
    from moneytrail.model.ids.base import Tokenizer

    bank: list[Any] = []
    tron: list[Any] = []
    bitcoin: list[Leg] = []
    for k in range(groups):
        b, t, c = _scene(k, 30.0 * k)
        bank, tron, bitcoin = bank + b, tron + t, bitcoin + c
    rng = np.random.default_rng(3)
    names = [f"{n}{groups - 1}" for n in ("D", "C", "E", "S2", "S3", "M")]
    for i in range(noise):
        src, dst = rng.choice(names, 2, replace=False)
        hour = 30.0 * (groups - 1) + float(rng.integers(0, 40))
        bank.append((f"n{i}", None, "p2p", hour, float(rng.integers(10, 900)), src, dst))
    source = tmp_path / "input"
    source.mkdir()
    pq.write_table(_bank(bank), source / "bank.parquet")
    pq.write_table(_chain(tron, bitcoin), source / "chain.parquet")
    land([source], tmp_path / "lake", LandOptions(Tokenizer(b"k")))
    return tmp_path / "lake"


def test_spark_crypto_trace_gives_the_in_memory_json(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forward from a cash-out's USDT sender across the bridge into tenge and on into a
    Bitcoin cluster, a co-spend and a CoinJoin, and from a payer across a fiat→crypto bridge
    and from an address of a cluster (an alias); backward from the far end of the CoinJoin
    to the USDT's sender: the same JSON on Spark as in memory."""
    lake = _lake(tmp_path, 1)
    base = ["trace", "--lake", str(lake), "--crypto", "--json", "--rows", "1000", *RATES]
    base += ["--depth", "12"]
    forward = {"tron:P0", "tron:V0", "S0", "M0", "bitcoin:a0", "bitcoin:s0", "tron:O0"}
    backward = {"bitcoin-coinjoin:mix0", "bitcoin:c0", "M0", "Y0", "tron:P0"}
    asks = [
        (["--seed", "tron:P0", "--seed", "D0", "--seed", "bitcoin:d0"], forward),
        (["--seed", "bitcoin:s0", "--direction", "backward", "--policy", "fifo"], backward),
    ]
    crossed = []
    for ask, reached in asks:
        ours = cli_json(app, [*base, *ask], "duckdb", monkeypatch)
        assert reached <= {n["instrument"] for n in ours["nodes"]}
        crossed.append({b["direction"] for b in ours["bridges"]})
        theirs = cli_json(app, [*base, *ask], "spark", monkeypatch)
        assert theirs == ours
    assert crossed == [{"fiat_to_crypto", "crypto_to_fiat"}, {"crypto_to_fiat"}]


def test_spark_crypto_trace_collects_only_the_traced_part(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With `--crypto` on Spark no collect brings the lake's tables to the driver: the part
    the trace reads lies within the seed's group of instruments, the bridge legs are few,
    and every collect and Arrow transfer is under a quarter of the combined table."""
    from moneytrail.trace import spark_trace

    lake = _lake(tmp_path, 2, noise=200)
    sizes = count_collects(monkeypatch).sizes
    parts: list[int] = []
    part = spark_trace._part

    def counted_part(*args: Any) -> Any:
        out = part(*args)
        parts.append(out[0].num_rows)
        return out

    monkeypatch.setattr(spark_trace, "_part", counted_part)
    args = ["trace", "--lake", str(lake), "--crypto", "--json", "--rows", "1000", *RATES]
    args += ["--seed", "tron:P0", "--depth", "12"]
    theirs = cli_json(app, args, "spark", monkeypatch)
    ours = cli_json(app, args, "duckdb", monkeypatch)
    assert theirs == ours
    assert len(ours["edges"]) > 10
    combined = _combined(lake)
    ends = zip(combined.column("src_instrument"), combined.column("dst_instrument"), strict=True)
    own = sum(str(s).endswith("0") or str(d).endswith("0") for s, d in ends)
    assert parts
    assert 0 < parts[0] <= own
    assert max(sizes) < combined.num_rows / 4


def _combined(lake: Path) -> pa.Table:
    """The lake's bank and chain transfers as `combine` makes them in memory."""
    from moneytrail.lake.read import committed_table
    from moneytrail.trace.sources import combine

    both = (committed_table(lake, name) for name in ("transfers", "crypto_transfers"))
    return combine(*both).table


def _random_bitcoin(rng: np.random.Generator) -> pa.Table:
    """Random Bitcoin transactions: three chains of 16 co-spends each (transaction k spends
    addresses k and k+1 of its chain; random names, so a chain's smallest address lies
    anywhere in it), CoinJoins, plain payments, and some legs given twice."""
    names = [f"{x:08x}" for x in rng.choice(2**32, 120, replace=False)]
    chains = [names[17 * c : 17 * c + 17] for c in range(3)]
    txs: list[Leg] = []
    for c, chain in enumerate(chains):
        for k in range(16):
            ins = [(chain[k], 5000), (chain[k + 1], 7000)]
            outs = [(str(rng.choice(names)), int(rng.integers(1, 9) * 1000)) for _ in range(2)]
            txs.append((f"c{c}-{k}", float(rng.integers(0, 48)), ins, outs))
    for m in range(4):
        ins = [(str(a), 3000) for a in rng.choice(names, 3, replace=False)]
        outs = [(str(a), 2500) for a in rng.choice(names, 3, replace=False)]
        txs.append((f"mix{m}", float(rng.integers(0, 48)), ins, outs))
    for p in range(10):
        pay = [(str(rng.choice(names[60:])), 4000)]
        txs.append((f"pay{p}", float(rng.integers(0, 48)), pay, [(str(rng.choice(names)), 3900)]))
    order = rng.permutation(len(txs))
    table = _chain([], [txs[i] for i in order])
    again = table.take(pa.array(rng.choice(table.num_rows, 12, replace=False)))
    return pa.concat_tables([table, again])


def test_spark_clusters_and_bitcoin_transfers_are_the_in_memory_ones() -> None:
    """On a random chain whose co-spends chain 17 addresses together (several rounds of the
    star steps), Spark finds the same CoinJoins, clusters and Bitcoin transfers, in order."""
    from pyspark.sql import functions as fn

    from moneytrail.lake.spark import spark_session
    from moneytrail.trace import clusters, spark_clusters

    session = spark_session("local[1]")
    table = _random_bitcoin(np.random.default_rng(11))
    legs = clusters.distinct_legs(table)
    found = clusters.cluster(legs)
    assert max(list(found.node.values()).count(n) for n in found.node.values()) >= 17
    frame = session.createDataFrame(
        table.select(
            ["chain", "txid", "ts", "leg_kind", "leg", *spark_clusters.FIRSTS[1:]]
        ).append_column("pos", pa.array(np.arange(table.num_rows, dtype=np.int64)))
    )
    spark_legs = spark_clusters.distinct_legs(frame)
    mixed = spark_clusters.coinjoins(spark_legs)
    assert {r[0] for r in mixed.collect()} == found.coinjoins != set()
    nodes = spark_clusters.clusters(spark_legs, mixed)
    assert {str(r[0]): str(r[1]) for r in nodes.collect()} == found.node
    rows = spark_clusters.bitcoin_transfers(spark_legs, nodes, mixed).orderBy("part", "pos")
    columns = ["transfer_id", "amount_minor", "src_instrument", "dst_instrument"]
    theirs = rows.select(*columns, fn.unix_micros("ts").alias("ts")).toArrow()
    ours, _ = clusters.bitcoin_transfers(table)
    micros = ours.column("ts").cast(pa.timestamp("us", tz="UTC")).cast(pa.int64())
    assert theirs.select(columns).to_pylist() == ours.select(columns).to_pylist()
    assert theirs.column("ts").to_pylist() == micros.to_pylist()
