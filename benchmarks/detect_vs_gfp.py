"""Dropper detection against IBM's Graph Feature Preprocessor (GFP) + LightGBM, same split.

Usage: python benchmarks/detect_vs_gfp.py [KIND:PATH] [--no-known]   (default: AMLGentex)

`--no-known` withholds the known requisites (training-period laundering accounts) from ours.

GFP (PyPI `snapml`, proprietary licence, benchmark-only) gets only account-to-account
transfers, as the reference protocol says. The last line is JSON with both results and the
ratios ours / GFP. Throughput is given per wall-clock second and per CPU-second of the
process (all its threads: DuckDB's and snapml's), the latter steadier on a loaded machine.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import numpy as np
from numpy.typing import NDArray
from snapml import GraphFeaturePreprocessor

from moneytrail.detect.datasets import load
from moneytrail.detect.evaluate import fit, report
from moneytrail.detect.training import Matrix, cutoffs, data_hash, known_before, matrix
from moneytrail.features.engine import duckdb_engine

DEFAULT = "amlgentex:../shared/data/external/amlgentex/tx_log.parquet"
WEEK = 7 * 86_400
GFP_PARAMS: dict[str, Any] = {
    "num_threads": 2,
    "time_window": WEEK,
    "vertex_stats": True,
    "vertex_stats_cols": [4],
    "vertex_stats_tw": WEEK,
    "fan": True,
    "fan_tw": WEEK,
    "degree": True,
    "degree_tw": WEEK,
    "scatter-gather": True,
    "scatter-gather_tw": WEEK,
    "temp-cycle": True,
    "temp-cycle_tw": WEEK,
    "lc-cycle": True,
    "lc-cycle_tw": WEEK,
    "lc-cycle_len": 10,
}


def gfp_matrix(m: Matrix, t: NDArray[np.float64], amount: NDArray[np.float64]) -> Matrix:
    """GFP features (graph patterns and vertex statistics) for every transfer, in order."""
    _, codes = np.unique(np.concatenate([m.src, m.dst]).astype(str), return_inverse=True)
    n = len(m.src)
    order = np.argsort(t, kind="stable")
    edges = np.column_stack([np.arange(n), codes[:n], codes[n:], t, amount])[order]
    gp = GraphFeaturePreprocessor()
    gp.set_params(GFP_PARAMS)
    feats = np.asarray(gp.fit_transform(edges.astype(np.float64)))[:, 4:]
    x = np.empty_like(feats)
    x[order] = feats
    names = [f"gfp_{i}" for i in range(x.shape[1])]
    return Matrix(x, m.y, m.period, m.src, m.dst, m.transfer_id, names)


def run(spec: str, use_known: bool = True) -> dict[str, Any]:
    """Both pipelines on one dataset; metrics on the test periods and feature throughput."""
    ds = load(spec)
    val_start, test_start = cutoffs(ds.labels["period"].to_numpy().astype(float))
    start, cpu = time.perf_counter(), time.process_time()
    known = known_before(ds, val_start) if use_known else None
    ours = matrix(duckdb_engine(), ds, known)
    ours_s, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
    amount = ours.x[:, ours.features.index("amount")]
    t_col = ds.transfers.sort_by("transfer_id")["ts"].cast("int64").to_numpy() / 1e6
    start, cpu = time.perf_counter(), time.process_time()
    base = gfp_matrix(ours, t_col, amount)
    gfp_s, gfp_cpu = time.perf_counter() - start, time.process_time() - cpu
    results = {}
    for name, m, secs, cpu_s in (("ours", ours, ours_s, ours_cpu), ("gfp", base, gfp_s, gfp_cpu)):
        model = fit(m, val_start, test_start, data_hash(ds))
        results[name] = {
            **report(model, m, m.period >= test_start),
            "edges_per_s": len(m.y) / secs,
            "edges_per_cpu_s": len(m.y) / cpu_s,
            "feature_s": secs,
            "feature_cpu_s": cpu_s,
        }
    return results


def main() -> None:
    """Print both results, then one JSON line with the ratios."""
    args = [a for a in sys.argv[1:] if a != "--no-known"]
    spec = args[0] if args else DEFAULT
    res = run(spec, use_known="--no-known" not in sys.argv)
    for name, r in res.items():
        keys = ("transactions", "accounts", "edges_per_s", "edges_per_cpu_s")
        print(name, json.dumps({k: r[k] for k in keys}))
    ratio = {
        "tx_f1": res["ours"]["transactions"]["f1"] / max(res["gfp"]["transactions"]["f1"], 1e-9),
        "account_f1": res["ours"]["accounts"]["f1"] / max(res["gfp"]["accounts"]["f1"], 1e-9),
        "edges_per_s": res["ours"]["edges_per_s"] / res["gfp"]["edges_per_s"],
        "edges_per_cpu_s": res["ours"]["edges_per_cpu_s"] / res["gfp"]["edges_per_cpu_s"],
    }
    print(json.dumps({"dataset": spec, "ours": res["ours"], "gfp": res["gfp"], "ratio": ratio}))


if __name__ == "__main__":
    main()
