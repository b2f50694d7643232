"""Bridges on Spark: the numpy matching's bridges, the driver collecting only the legs."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from pyspark.sql import DataFrame, SparkSession

from moneytrail.lake.spark import spark_session
from moneytrail.trace.bridge_candidates import WAYS, BridgeRules, Table, direction_candidates
from moneytrail.trace.bridges import (
    AT_RATE,
    TO_CRYPTO,
    TO_FIAT,
    Bridges,
    match_at_rate,
    match_bridges,
)
from moneytrail.trace.evaluate import sim_services
from moneytrail.trace.sources import canonical, sim_rates, sim_world
from moneytrail.trace.spark_bridges import (
    spark_bridges_at_rate,
    spark_match_at_rate,
    spark_match_bridges,
)
from tests.graph.tables import T0
from tests.trace.spark_counts import count_collects

RATE = 500.0
DAILY = {date(2026, 1, 2): 506.0, date(2026, 1, 3): 500.0, date(2026, 1, 5): 494.5}


@pytest.fixture(scope="module")
def spark() -> SparkSession:
    """The process's local Spark session (shared, so not stopped here; slow to start)."""
    return spark_session("local[1]")


def _frame(spark: SparkSession, table: pa.Table) -> tuple[pa.Table, DataFrame]:
    """The table with its row order as `edge`, and as a Spark frame in another order."""
    whole = table.append_column("edge", pa.array(np.arange(table.num_rows), pa.int64()))
    shuffled = np.random.default_rng(5).permutation(table.num_rows)
    return whole, spark.createDataFrame(whole.take(pa.array(shuffled)))


def _leg(
    src: str | None, dst: str | None, at: timedelta, minor: int, kind: str = "p2p", **more: Any
) -> dict[str, Any]:
    """A transfer row; `kind` the channel (`crypto_transfer`: USDT, else tenge, BTC for
    `btc`)."""
    currency = {"crypto_transfer": "USDT", "btc": "BTC"}.get(kind, "KZT")
    channel = "crypto_transfer" if kind == "btc" else kind
    row = {"ts": T0 + at, "amount_minor": minor, "currency": currency, "channel": channel}
    return row | {"src_instrument": src, "dst_instrument": dst, "source": "test"} | more


def _table(rows: list[dict[str, Any]]) -> pa.Table:
    """The rows as a transfers table, ids `t0`, `t1`, ..."""
    ids = [{"transfer_id": f"t{i}"} | r for i, r in enumerate(rows)]
    return canonical(pa.Table.from_pylist(ids))


def _deals(seed: int, deals: int) -> list[dict[str, Any]]:
    """Six traders' deals both ways over four days on a 5-minute grid (ties, rivals), gaps
    up to just past the window, spreads at and past the band's edges; traders 0-2 hold two
    cards each (one holder), some payers are other traders' cards."""
    rng = np.random.default_rng(seed)
    rows = []
    for d in range(deals):
        k = int(rng.integers(6))
        card = f"card:{k}:{rng.integers(2) if k < 3 else 0}"
        holder = f"iin-{k}" if k < 3 else None
        wallet, start = f"tron:w{k}", timedelta(minutes=5 * int(rng.integers(4 * 288)))
        gap = timedelta(minutes=int(rng.choice([0, 5, 30, 60, 65])))
        spread = float(rng.choice([-0.05, -0.03, 0.0, 0.02, 0.06, 0.09, 0.12]))
        tenge = int(rng.choice([10_000, 20_000, 35_000])) * 100
        usdt = round(tenge / 100 / RATE / (1 + spread) * 10**6)
        payer = f"card:{int(rng.integers(6))}:0" if rng.random() < 0.3 else f"payer:{d}"
        if rng.random() < 0.5:  # tenge to the trader, then the trader's USDT
            rows.append(_leg(payer, card, start, tenge, dst_party=holder))
            rows.append(_leg(wallet, f"tron:a{d}", start + gap, usdt, "crypto_transfer"))
        else:  # USDT to the trader, then the trader's tenge
            channel = str(rng.choice(["p2p", "bank_transfer"]))
            rows.append(_leg(f"tron:p{d}", wallet, start, usdt, "crypto_transfer"))
            rows.append(_leg(card, f"seller:{d}", start + gap, tenge, channel, src_party=holder))
    return rows


def _edges() -> list[dict[str, Any]]:
    """A trader's pairs at 5 minutes, at exactly the window's end and a microsecond past it
    (on an hour: a bucket's edge), a coincidence only both directions' legs reveal, a p2p
    leg with no payee instrument, and transfers that are no legs."""
    hour, tick = timedelta(hours=1), timedelta(microseconds=1)
    usdt = 20 * 10**6
    pairs = [(10 * hour, hour, "a"), (20 * hour, hour + tick, "b"), (40 * hour, hour / 12, "c")]
    pairs.append((50 * hour, hour / 12, "d"))
    rows = []
    for start, gap, name in pairs:
        rows.append(_leg(f"payer:{name}", "card:e", start, 1_000_000))
        rows.append(_leg("tron:we", f"tron:e{name}", start + gap, usdt, "crypto_transfer"))
    return [
        *rows,
        *_both_ways(),
        _leg("payer:g", None, 30 * hour, 1_000_000),
        _leg("tron:we", "tron:eg", 30 * hour, usdt, "crypto_transfer"),
        _leg("payer:h", "shop", 30 * hour, 1_000_000, "card_payment"),
        _leg("btc:a", "btc:b", 30 * hour, usdt, "btc"),
    ]


def _both_ways() -> list[dict[str, Any]]:
    """A card and wallet paired four times fiat→crypto, whose many cash-out legs (never a
    pair) make those four a coincidence: the chance correction counts both directions'."""
    hour, usdt = timedelta(hours=1), 15_554_000
    rows = []
    for h in (30, 40, 50, 60):
        rows.append(_leg(f"payer:r{h}", "card:r", h * hour, 777_700))
        rows.append(_leg("tron:wr", f"tron:r{h}", (h + 0.1) * hour, usdt, "crypto_transfer"))
    for h in range(20):
        rows.append(_leg("card:r", f"seller:r{h}", h * hour, 777_700))
        rows.append(_leg(f"tron:q{h}", "tron:wr", (h + 70) * hour, usdt, "crypto_transfer"))
    return rows


def _same(ours: pa.Table, theirs: pa.Table) -> None:
    """The same bridges, columns and order."""
    assert theirs.schema == ours.schema
    assert theirs.to_pylist() == ours.to_pylist()


def test_spark_bridges_are_the_numpy_ones_at_the_edges(spark: SparkSession) -> None:
    """Ties, rivals, recurring holders, legs that qualify both ways, the window's and the
    band's edges, service wallets, daily rates over several days: the same bridges."""
    whole, frame = _frame(spark, _table(_deals(1, 160) + _edges()))
    ours = match_at_rate(whole, RATE).to_table(whole)
    assert ours.num_rows > 15
    payees = {r["dst_instrument"] for r in _usdt_legs(whole, ours)}
    assert {"tron:ea", "tron:ec"} <= payees  # the window's end is in it
    assert "tron:eb" not in payees  # a microsecond past it is not
    assert "tron:wr" not in _wallets(whole, ours)
    _same(ours, spark_match_at_rate(frame, RATE, order="edge"))
    rules, services = BridgeRules(min_confidence=0.3), ["tron:w5", "tron:w4"]
    ours = match_bridges(whole, DAILY, rules, services).to_table(whole)
    assert set(ours.column("direction").to_pylist()) == {TO_CRYPTO, TO_FIAT}
    assert _wallets(whole, ours) & set(services) == set()
    assert _wallets(whole, match_bridges(whole, DAILY, rules).to_table(whole)) >= set(services)
    _same(ours, spark_match_bridges(frame, DAILY, rules, services, order="edge"))


def _usdt_legs(whole: pa.Table, bridges: pa.Table) -> list[dict[str, Any]]:
    """The bridges' USDT legs, each with its bridge's `direction` and the trader's `wallet`."""
    ids, ways = (bridges.column(c).to_pylist() for c in ("crypto_transfer_id", "direction"))
    legs = dict(zip(ids, ways, strict=True))
    rows = [r for r in whole.to_pylist() if r["transfer_id"] in legs]
    for r in rows:
        r["direction"] = legs[r["transfer_id"]]
        r["wallet"] = r["src_instrument" if r["direction"] == TO_CRYPTO else "dst_instrument"]
    return rows


def _wallets(whole: pa.Table, bridges: pa.Table) -> set[str]:
    """The traders' wallets of the bridges."""
    return {r["wallet"] for r in _usdt_legs(whole, bridges)}


def test_spark_bridges_are_the_numpy_ones_on_a_simulated_world(
    spark: SparkSession, tiny_world: Path
) -> None:
    whole, frame = _frame(spark, sim_world(tiny_world).table)
    rates, services = sim_rates(tiny_world), sim_services(tiny_world)
    ours = match_bridges(whole, rates, services=services).to_table(whole)
    assert ours.num_rows > 30
    _same(ours, spark_match_bridges(frame, rates, services=services, order="edge"))
    rate = float(np.mean(list(rates.values())))
    found, theirs = match_at_rate(whole, rate), spark_bridges_at_rate(frame, rate, order="edge")
    assert found.fiat.size > 30
    for field in Bridges.__slots__:  # legs as rows of the whole table, exact gaps
        assert np.array_equal(getattr(theirs, field), getattr(found, field)), field


def _padding(days: int) -> list[dict[str, Any]]:
    """Many transfers that are no bridge legs and share no trader or wallet with one, over
    `days` days: P2P and USDT within the hour but far from each other's value, tenge too
    small for any USDT, card payments next to USDT."""
    rows = []
    for h in range(24 * days):
        at = timedelta(hours=h + 0.5)
        rows.append(_leg(f"pad:{h}", f"pad:{h + 1}", at, 5_000_000))
        usdt = _leg(
            f"tron:x{h}", f"tron:x{h + 1}", at + timedelta(hours=0.3), 10**7, "crypto_transfer"
        )
        rows.append(usdt)
        rows.append(_leg(f"pad:{h}", f"pad:{h + 2}", at + timedelta(hours=0.35), 100))
        rows.append(_leg(f"pad:{h}", "shop", at + timedelta(hours=0.31), 5_000_000, "card_payment"))
    return rows


def _strangers() -> list[dict[str, Any]]:
    """A payroll account paying 9,800 tenge every hour for 200 hours and a deposit wallet
    taking 20 USDT every 5 hours: 40 meetings, a coincidence over 200 hours, not over 40
    days (`test_bridges.test_busy_strangers_meeting_by_chance_are_no_bridge`)."""
    pay = [
        _leg("Z", f"E{h}", timedelta(hours=h + 0.5), 980_000, "bank_transfer") for h in range(200)
    ]
    usdt = [
        _leg(f"tron:u{k}", "tron:D", timedelta(hours=5 * k), 20 * 10**6, "crypto_transfer")
        for k in range(40)
    ]
    return pay + usdt


def test_the_driver_collects_only_the_bridge_legs(
    spark: SparkSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Padded with 40 days of unrelated transfers, the driver collects the legs of the
    candidate pairs and a count per trader and wallet the first pass pairs; with the
    whole span (40 days) they give the whole frame's bridges, with their own span others.
    (`_both_ways` in the test above needs the counts.)"""
    legs = _deals(2, 40) + _strangers()
    whole, frame = _frame(spark, _table(legs + _padding(40)))
    seen = count_collects(monkeypatch)
    collected, sizes = seen.tables, seen.sizes
    theirs = spark_match_at_rate(frame, RATE, order="edge")
    ours = match_at_rate(whole, RATE).to_table(whole)
    _same(ours, theirs)
    assert "tron:D" in _wallets(whole, ours)  # a coincidence over 200 hours, not 40 days
    [part] = [t for t in collected if "transfer_id" in t.column_names]
    assert set(part.column("edge").to_pylist()) == _candidate_rows(whole)
    assert max(sizes) <= part.num_rows < len(legs) < whole.num_rows / 10
    [counted] = [t for t in collected if "band" in t.column_names]
    counts = {(r["card"], r["wallet"]): r["band"] for r in counted.to_pylist()}

    def bands(pairs: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        return {pair: counts[pair] for pair in pairs}

    alone = canonical(part.sort_by("edge").drop_columns(["edge"]))
    span = Table.of(whole).span
    assert match_at_rate(alone, RATE, span, bands).to_table(alone).equals(ours)
    assert not match_at_rate(alone, RATE, None, bands).to_table(alone).equals(ours)


def _candidate_rows(whole: pa.Table) -> set[int]:
    """The rows of the legs of `match_at_rate`'s candidate pairs."""
    table, rates = Table.of(whole), {date(1970, 1, 1): RATE}
    ways = [direction_candidates(whole, table, rates, AT_RATE, way, ()) for way in WAYS]
    return {r for c in ways for r in (*c.first.tolist(), *c.second.tolist())}


def test_spark_bridges_need_a_distinct_order(spark: SparkSession) -> None:
    """Bridge legs with no place, or the same place, in the order are an error."""
    table = _table(_edges())
    frame = spark.createDataFrame(table)
    with pytest.raises(ValueError, match="lack edge"):
        spark_match_at_rate(frame, RATE, order="edge")
    with pytest.raises(ValueError, match="'row' repeats or is null"):
        spark_match_at_rate(frame, RATE)
    halves = pa.array(np.arange(table.num_rows) // 2, pa.int64())
    twice = spark.createDataFrame(table.append_column("edge", halves))
    with pytest.raises(ValueError, match="'edge' repeats or is null"):
        spark_match_at_rate(twice, RATE, order="edge")
