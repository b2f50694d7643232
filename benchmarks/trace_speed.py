"""Trace speed: moneytrail's CSR kernels against a DuckDB recursive CTE and networkx.

A random temporal graph with power-law degrees is generated, built, and traced forward
(`--depth` hops, `--seeds` seeds, a `--days` window). All engines compute the earliest
arrival at every reachable node; the run fails unless they agree. networkx runs only up to
`--nx-max-edges`. The last printed line is one JSON object.

    .venv/bin/python benchmarks/trace_speed.py --edges 10000000 --nodes 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import duckdb
import networkx as nx
import numpy as np
import pyarrow as pa

from moneytrail.graph.build import build_graph
from moneytrail.graph.csr import TemporalGraph
from moneytrail.trace.engine import reach_from
from moneytrail.trace.params import TraceParams

T = TypeVar("T")
DAY_US = 86_400_000_000
START = datetime(2026, 1, 1, tzinfo=UTC)
NEVER = np.iinfo(np.int64).max


def _instruments(ids: pa.Array, nodes: np.ndarray, dictionary: bool) -> pa.Array:
    """Instrument ids as strings, or dictionary-encoded as Parquet reads them back."""
    if dictionary:
        return pa.DictionaryArray.from_arrays(pa.array(nodes, pa.int32()), ids)
    return ids.take(pa.array(nodes))


def generate(
    edges: int, nodes: int, seed: int, dictionary: bool = False, ordered: bool = False
) -> pa.Table:
    """Transfers over a year between `nodes` accounts; endpoints drawn with Zipf-like weights;
    `ordered`: rows in time order, as the lake reads them."""
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, nodes + 1) ** 0.8
    weights /= weights.sum()
    src = rng.permutation(nodes)[rng.choice(nodes, edges, p=weights)]
    dst = rng.permutation(nodes)[rng.choice(nodes, edges, p=weights)]
    ts = int(START.timestamp() * 1e6) + rng.integers(0, 365 * DAY_US, edges)
    if ordered:
        ts.sort()
    ids = pa.array([f"acct:{i:08d}" for i in range(nodes)])
    return pa.table(
        {
            "ts": pa.array(ts, pa.timestamp("us", tz="UTC")),
            "amount_minor": rng.lognormal(10, 1.5, edges).astype(np.int64) + 1,
            "currency": pa.array(["KZT"]).take(np.zeros(edges, np.int32)),
            "channel": pa.array(["p2p"]).take(np.zeros(edges, np.int32)),
            "src_instrument": _instruments(ids, src, dictionary),
            "dst_instrument": _instruments(ids, dst, dictionary),
        }
    )


def timed(fn: Callable[[], T], repeat: int = 1) -> tuple[T, float]:
    """The result of `fn` and its best wall time over `repeat` runs."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return result, best  # type: ignore[return-value]


def moneytrail_arrivals(g: TemporalGraph, seeds: np.ndarray, params: TraceParams) -> dict[int, int]:
    """Earliest arrivals by the CSR kernel."""
    found = reach_from(g, seeds, params)
    return dict(zip(found.nodes.tolist(), found.arrival.tolist(), strict=True))


QUERY = """
WITH RECURSIVE reach(node, arrival, hop) USING KEY (node) AS (
    SELECT node, $lo::BIGINT, 0 FROM seeds
    UNION
    (SELECT e.dst, min(e.ts), any_value(r.hop) + 1
     FROM reach r JOIN edges e ON e.src = r.node
     LEFT JOIN recurring.reach old ON old.node = e.dst
     WHERE r.hop < $depth AND e.ts >= r.arrival AND e.ts <= $hi
     GROUP BY e.dst
     HAVING min(e.ts) < coalesce(any_value(old.arrival), 9223372036854775807))
)
SELECT node, arrival FROM reach
"""


def duckdb_arrivals(
    con: duckdb.DuckDBPyConnection, window: tuple[int, int], depth: int
) -> dict[int, int]:
    """Earliest arrivals by a recursive CTE keyed on the node (`USING KEY`)."""
    rows = con.execute(QUERY, {"lo": window[0], "hi": window[1], "depth": depth}).fetchall()
    return {int(n): int(a) for n, a in rows}


def networkx_arrivals(
    nxg: nx.MultiDiGraph[int], seeds: list[int], window: tuple[int, int], depth: int
) -> dict[int, int]:
    """Earliest arrivals by level relaxation over a networkx MultiDiGraph."""
    arrival = dict.fromkeys(seeds, window[0])
    frontier = dict(arrival)
    for _ in range(depth):
        improved: dict[int, int] = {}
        for u, at in frontier.items():
            for v, keyed in nxg.succ[u].items():
                for data in keyed.values():
                    t = data["ts"]
                    if (
                        at <= t <= window[1]
                        and t < arrival.get(v, NEVER)
                        and t < improved.get(v, NEVER)
                    ):
                        improved[v] = t
        improved = {v: t for v, t in improved.items() if t < arrival.get(v, NEVER)}
        arrival.update(improved)
        frontier = improved
    return arrival


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Generate, build, trace with every engine, check agreement, report times."""
    table, gen_s = timed(
        lambda: generate(args.edges, args.nodes, args.seed, args.dictionary, args.ordered)
    )
    g, build_s = timed(lambda: build_graph(table, keep_table=False))
    rng = np.random.default_rng(args.seed + 1)
    # senders of random transfers (busy accounts more likely), the first `--seeds` distinct
    drawn = g.edges.src[rng.choice(g.edge_count, 4 * args.seeds)]
    _, first = np.unique(drawn, return_index=True)
    seeds = np.sort(drawn[np.sort(first)[: args.seeds]]).astype(np.int32)
    params = TraceParams(
        depth=args.depth,
        start=START,
        end=START.fromtimestamp(START.timestamp() + args.days * 86400, UTC),
    )
    window = (int(START.timestamp() * 1e6), int(START.timestamp() * 1e6) + args.days * DAY_US)
    ours, ours_s = timed(lambda: moneytrail_arrivals(g, seeds, params), repeat=5)
    con = duckdb.connect()
    con.register(
        "edges_arrow", pa.table({"src": g.edges.src, "dst": g.edges.dst, "ts": g.edges.ts})
    )
    con.execute("CREATE TABLE edges AS SELECT * FROM edges_arrow")
    con.register("seeds", pa.table({"node": seeds}))
    theirs, duck_s = timed(lambda: duckdb_arrivals(con, window, args.depth), repeat=5)
    report: dict[str, Any] = {
        "benchmark": "trace_speed",
        "edges": g.edge_count,
        "dictionary": args.dictionary,
        "ordered": args.ordered,
        "nodes": g.node_count,
        "seeds": int(seeds.size),
        "depth": args.depth,
        "window_days": args.days,
        "reached": len(ours),
        "generate_s": round(gen_s, 3),
        "build_s": round(build_s, 3),
        "moneytrail_s": round(ours_s, 4),
        "duckdb_s": round(duck_s, 3),
        "duckdb_over_moneytrail": round(duck_s / ours_s, 1),
        "cpus": os.cpu_count(),
        "load_1m": round(os.getloadavg()[0], 1),
        "duckdb_agrees": theirs == ours,
    }
    if g.edge_count <= args.nx_max_edges:
        nxg, nx_build_s = timed(lambda: _networkx(g))
        nx_found, nx_s = timed(lambda: networkx_arrivals(nxg, seeds.tolist(), window, args.depth))
        report |= {
            "networkx_s": round(nx_s, 3),
            "networkx_build_s": round(nx_build_s, 3),
            "networkx_over_moneytrail": round(nx_s / ours_s, 1),
            "networkx_agrees": nx_found == ours,
        }
    return report


def _networkx(g: TemporalGraph) -> nx.MultiDiGraph[int]:
    nxg: nx.MultiDiGraph[int] = nx.MultiDiGraph()
    nxg.add_edges_from(
        zip(
            g.edges.src.tolist(),
            g.edges.dst.tolist(),
            ({"ts": t} for t in g.edges.ts.tolist()),
            strict=False,
        )
    )
    return nxg


def main() -> None:
    """Parse arguments, run, print the report; exit 1 when the engines disagree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--depth", type=int, default=6)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--nx-max-edges", type=int, default=2_000_000)
    parser.add_argument(
        "--dictionary", action="store_true", help="instrument columns dictionary-encoded"
    )
    parser.add_argument(
        "--ordered", action="store_true", help="rows in time order, as the lake reads them"
    )
    report = run(parser.parse_args())
    print(json.dumps(report))
    if not report["duckdb_agrees"] or not report.get("networkx_agrees", True):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
