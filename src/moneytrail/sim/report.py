"""Statistics of a generated world, so that a reader can judge how realistic it is.

Figures come from the files (DuckDB over Parquet) and the manifest, never from the
generator's memory: the report reads a world the way an analyst would. Inter-event times
are measured on a fixed one-in-eight sample of cards (by a hash of the card number).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from moneytrail.errors import MoneytrailError
from moneytrail.sim.manifest import MANIFEST, read_manifest
from moneytrail.sim.report_drug import drug_figures
from moneytrail.sim.report_plots import write_plots
from moneytrail.sim.report_print import print_report
from moneytrail.sim.report_sql import one, rows

__all__ = ["print_report", "world_report"]

MEMORY_LIMIT = "3GB"
"""DuckDB's memory for the report; it spills to disk beyond (a large world needs it)."""
TABLES = {
    "transfers": "observable/bank/transfers/*.parquet",
    "labels": "truth/transfer_labels.parquet",
    "paths": "truth/paths.parquet",
    "path_ends": "truth/path_ends.parquet",
    "bridges": "truth/bridges.parquet",
    "cards_truth": "truth/cards.parquet",
    "people_truth": "truth/people.parquet",
    "assets": "truth/assets.parquet",
    "tron": "observable/crypto/tron_usdt_transfers.parquet",
    "btc": "derived/bitcoin_legs.parquet",
}


def world_report(world: Path, plots: Path | None = None) -> dict[str, Any]:
    """Every figure of the report as plain data; PNG plots too when `plots` is given."""
    if not (world / MANIFEST).is_file():
        raise MoneytrailError(f"{world}: no {MANIFEST}; not a folder written by `moneytrail sim`")
    manifest = read_manifest(world)
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    con.execute(f"set memory_limit = '{MEMORY_LIMIT}'")
    views(con, world)
    figures: dict[str, Any] = {
        "world": {
            "seed": manifest["seed"],
            "scale": manifest["scale"],
            "days": manifest["config"]["days"],
            "counts": manifest["counts"],
        },
        **ordinary_figures(con),
        **drug_figures(con),
    }
    if plots is not None:
        figures["plots"] = write_plots(figures, plots)
    return figures


def views(con: duckdb.DuckDBPyConnection, world: Path) -> None:
    """Name the world's tables in DuckDB."""
    for name, pattern in TABLES.items():
        path = (world / pattern).as_posix()
        con.execute(f"create view {name} as select * from read_parquet('{path}')")


def ordinary_figures(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Channels and amounts, degrees, inter-event times, transfers per day."""
    con.execute("""create temp table gaps as
        select epoch(ts - lag(ts) over (partition by src_instrument order by ts, transfer_id))
               / 3600 as hours
        from transfers where src_instrument_kind = 'card' and hash(src_instrument) % 8 = 0""")
    return {
        "channels": rows(
            con,
            """
            select channel, count(*) as transfers, sum(amount_minor) / 100 as total_kzt,
                   quantile_cont(amount_minor / 100, [0.1, 0.5, 0.9, 0.99]) as q_kzt
            from transfers group by channel order by transfers desc""",
        ),
        "amount_histogram": rows(
            con,
            """
            select channel, round(log10(amount_minor / 100), 1) as log10_kzt, count(*) as n
            from transfers where amount_minor > 0 group by all order by 1, 2""",
        ),
        "degrees": degrees(con),
        "inter_event": one(
            con,
            """
            select count(*) as gaps, quantile_cont(hours, [0.1, 0.5, 0.9, 0.99]) as q_hours
            from gaps where hours is not null""",
        ),
        "inter_event_histogram": rows(
            con,
            """
            select round(log10(hours), 1) as log10_hours, count(*) as n from gaps
            where hours > 0 group by 1 order by 1""",
        ),
        "daily": rows(
            con,
            """
            select cast(t.ts + interval 5 hour as date) as day, count(*) as transfers,
                   count(l.transfer_id) filter (where l.is_drug) / count(*) as drug_share
            from transfers t left join labels l using (transfer_id) group by 1 order by 1""",
        ),
    }


def degrees(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Distinct counterparties per instrument, out and in: quantiles, maximum, CCDF."""
    out: dict[str, Any] = {}
    for side, mine, other in (("out", "src", "dst"), ("in", "dst", "src")):
        con.execute(f"""create or replace temp table deg_{side} as
            select {mine}_instrument as instrument, count(distinct {other}_instrument) as degree
            from transfers where {mine}_instrument_kind in ('card', 'account', 'phone', 'merchant')
            group by 1""")
        out[side] = one(
            con,
            f"""
            select count(*) as instruments, quantile_cont(degree, [0.1, 0.5, 0.9, 0.99]) as q,
                   max(degree) as max from deg_{side}""",
        )
        out[f"{side}_ccdf"] = rows(
            con,
            f"""
            select degree, sum(count(*)) over (order by degree desc) as at_least
            from deg_{side} group by degree order by degree""",
        )
    return out
