"""`moneytrail trace`: follow the money from seeds through a transfers table."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import typer
from rich.console import Console
from rich.table import Table

from moneytrail.cli.app import state_of
from moneytrail.errors import MoneytrailError
from moneytrail.graph.build import build_graph, read_transfers
from moneytrail.graph.csr import TemporalGraph
from moneytrail.model.ids.base import Tokenizer
from moneytrail.settings import Settings
from moneytrail.trace.api import trace as run_trace
from moneytrail.trace.bridges import Bridges, match_at_rate, traced_bridges
from moneytrail.trace.engine import Reacher, reach_from
from moneytrail.trace.export import write_ftm, write_gexf
from moneytrail.trace.params import (
    Direction,
    HubOrder,
    Policy,
    SeedMoney,
    TraceParams,
    as_utc,
)
from moneytrail.trace.result import TraceResult
from moneytrail.trace.sources import combine


def _rates(values: list[str]) -> dict[str, float] | None:
    """`CUR=RATE` pairs (value of one unit in the base currency), or None."""
    rates: dict[str, float] = {}
    for value in values:
        cur, sep, rate = value.partition("=")
        try:
            rates[cur.strip().upper()] = float(rate)
        except ValueError:
            sep = ""
        if not sep:
            raise MoneytrailError(f"--rate {value!r}: write it as CUR=RATE, e.g. USDT=505.2")
    return rates or None


def _params(
    direction: Direction,
    depth: int,
    start: datetime | None,
    end: datetime | None,
    policy: Policy,
    hub_limit: int | None,
    hub_order: HubOrder,
    seed_money: SeedMoney = SeedMoney.SENT,
    max_nodes: int | None = None,
) -> TraceParams:
    try:
        return TraceParams(
            direction=direction,
            depth=depth,
            start=as_utc(start),
            end=as_utc(end),
            policy=policy,
            hub_limit=hub_limit,
            hub_order=hub_order,
            max_nodes=max_nodes,
            seed_money=seed_money,
        )
    except ValueError as exc:
        raise MoneytrailError(f"trace parameters: {exc}") from exc


def _show(graph: TemporalGraph, result: TraceResult) -> None:
    console = Console()
    data = result.to_json(graph, rows=0)
    console.print(f"[bold]trace {result.id}[/bold]  data {result.data_version}")
    for bad in result.seeds.bad:
        console.print(
            f"[yellow]seed not traced:[/yellow] {bad.given}: {bad.reason}", highlight=False
        )
    totals = Table(title="totals", show_header=False)
    for key, value in data["totals"].items():
        totals.add_row(key, str(value))
    console.print(totals)
    sinks = Table(title="sinks", show_header=True)
    for column in ("category", "instrument", "country", "amount", "transfers"):
        sinks.add_column(column)
    for sink in result.sinks:
        sinks.add_row(
            sink.category,
            sink.instrument,
            sink.country or "",
            f"{sink.amount:,.2f}",
            str(sink.transfers),
        )
    console.print(sinks)


def _transfers(lake: Path | None, transfers: Path | None, settings: Settings) -> pa.Table:
    """The transfers to trace: a lake's committed ones, read by the engine the settings name
    (`MONEYTRAIL_ENGINE`), or a Parquet file or directory."""
    if lake is not None and transfers is None:
        from moneytrail.lake.read import engine_table

        return engine_table(lake, "transfers", settings)
    if transfers is not None and lake is None:
        return read_transfers(transfers)
    raise typer.BadParameter("give exactly one of --lake and --transfers")


def _crypto(lake: Path | None, settings: Settings) -> pa.Table:
    """The lake's committed on-chain transfers."""
    if lake is None:
        raise typer.BadParameter("--crypto reads the lake's crypto_transfers: give --lake")
    from moneytrail.lake.read import engine_table

    return engine_table(lake, "crypto_transfers", settings)


def _usdt_kzt(rates: dict[str, float] | None) -> float:
    """Tenge per USDT, the one rate bridges are matched at."""
    if not rates or "USDT" not in rates:
        raise MoneytrailError("--crypto needs --rate USDT=RATE to match fiat↔crypto bridges")
    return rates["USDT"] / rates.get("KZT", 1.0)


def _graph(
    table: pa.Table,
    crypto: pa.Table | None,
    rates: dict[str, float] | None,
    version: str | None = None,
) -> tuple[TemporalGraph, Bridges | None]:
    """The graph to trace; with on-chain transfers, Bitcoin by cluster and the fiat↔crypto
    bridges (both ways) matched at the given USDT rate."""
    if crypto is None:
        return build_graph(table, rates, data_version=version), None
    usdt_kzt = _usdt_kzt(rates)
    data = combine(table, crypto)
    bridges = match_at_rate(data.table, usdt_kzt)
    pair = bridges.pair(data.table.num_rows)
    graph = build_graph(data.table, rates, data_version=version, pair=pair, aliases=data.aliases)
    return graph, bridges


def _lake_version(lake: Path) -> str:
    """The data version of a lake's committed transfers, the same on both engines."""
    from moneytrail.trace.lake_frame import lake_version

    return lake_version(lake)


def _spark_trace(
    lake: Path,
    seeds: list[str],
    params: TraceParams,
    tokenizer: Tokenizer,
    rates: dict[str, float] | None,
    settings: Settings,
    crypto: bool,
) -> tuple[TemporalGraph, TraceResult, Bridges | None]:
    """The trace on Spark, the driver holding only the traced part (`trace.spark_trace`);
    with `crypto`, over the lake's crypto transfers too, across the bridges."""
    from moneytrail.lake.spark import spark_session
    from moneytrail.trace.spark_trace import spark_trace

    usdt_kzt = _usdt_kzt(rates) if crypto else None
    session = spark_session(settings.spark_master)
    return spark_trace(session, lake, seeds, params, tokenizer, rates, usdt_kzt)


def _reacher(settings: Settings) -> Reacher:
    """How the reach over a graph in memory is computed (`--transfers`): on
    Spark when the settings name it (`MONEYTRAIL_ENGINE`), else by the CSR kernel."""
    if settings.engine != "spark":
        return reach_from
    from moneytrail.lake.spark import spark_session
    from moneytrail.trace.spark_engine import spark_reacher

    return spark_reacher(spark_session(settings.spark_master))


def trace(
    ctx: typer.Context,
    lake: Path | None = typer.Option(
        None, "--lake", help="Lake directory: trace its committed transfers."
    ),
    transfers: Path | None = typer.Option(
        None, "--transfers", help="Or a Parquet file or directory of transfers."
    ),
    seeds: list[str] = typer.Option(
        ..., "--seed", help="Instrument id, card number, phone, IBAN, wallet; repeatable."
    ),
    direction: Direction = typer.Option(Direction.FORWARD, "--direction"),
    depth: int = typer.Option(6, "--depth", help="Most transfers on a path."),
    start: datetime | None = typer.Option(
        None, "--from", help="Window start (UTC unless a zone is given)."
    ),
    end: datetime | None = typer.Option(None, "--to", help="Window end, inclusive."),
    policy: Policy = typer.Option(Policy.HAIRCUT, "--policy", help="Amount attribution."),
    hub_limit: int | None = typer.Option(
        None, "--hub-limit", help="Most edges followed per node and step."
    ),
    hub_order: HubOrder = typer.Option(HubOrder.EARLIEST, "--hub-order"),
    max_nodes: int | None = typer.Option(
        None, "--max-nodes", help="Most nodes reached (seeds included); the rest is cut."
    ),
    seed_money: SeedMoney = typer.Option(
        SeedMoney.SENT,
        "--seed-money",
        help="Trace all the seeds sent, or all they received (passed on by --policy).",
    ),
    rate: list[str] = typer.Option(
        [], "--rate", help="CUR=RATE into the base currency; repeatable."
    ),
    ftm: Path | None = typer.Option(
        None, "--ftm", help="Write the traced payments as FtM JSON lines."
    ),
    gexf: Path | None = typer.Option(None, "--gexf", help="Write the flow graph as GEXF."),
    rows: int = typer.Option(100, "--rows", help="Most nodes and edges in --json output."),
    crypto: bool = typer.Option(
        False,
        "--crypto",
        help="With --lake: also its crypto_transfers, across fiat↔crypto bridges (--rate USDT=).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object as the last line."),
) -> None:
    """Follow the money from the seeds; exit 1 when no seed could be traced."""
    params = _params(
        direction, depth, start, end, policy, hub_limit, hub_order, seed_money, max_nodes
    )
    settings = state_of(ctx).settings()
    tokenizer = Tokenizer(settings.token_key())
    if settings.engine == "spark" and lake is not None and transfers is None:
        graph, result, bridges = _spark_trace(
            lake, seeds, params, tokenizer, _rates(rate), settings, crypto
        )
    else:
        chain = _crypto(lake, settings) if crypto else None
        table = _transfers(lake, transfers, settings)
        version = None if lake is None else _lake_version(lake)
        graph, bridges = _graph(table, chain, _rates(rate), version)
        result = run_trace(graph, seeds, params, tokenizer, _reacher(settings))
    if ftm is not None:
        write_ftm(graph, result, ftm)
    if gexf is not None:
        write_gexf(graph, result, gexf)
    if as_json:
        data = result.to_json(graph, rows)
        if bridges is not None and graph.table is not None:
            data["bridges"] = traced_bridges(bridges, graph.table, result.reach.edges)[:rows]
        typer.echo(json.dumps(data, ensure_ascii=False))
    else:
        _show(graph, result)
    raise typer.Exit(0 if result.seeds.valid else 1)
