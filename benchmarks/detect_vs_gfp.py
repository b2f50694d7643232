"""Dropper detection against IBM's Graph Feature Preprocessor (GFP) + LightGBM, same split.

Usage: python benchmarks/detect_vs_gfp.py [KIND:PATH] [--no-known] [--baseline-known=HOW]
[--fits=N] [--gfp-stream]
(default: AMLGentex; the sim world: `moneytrail sim --config benchmarks/worlds/detect.yaml
--seed N --out DIR`, then `sim:DIR`)

Both sides get the same known requisites (the training-period laundering accounts, each known
one day after its transfer): ours as its proximity features, the baseline's LightGBM beside
GFP's graph features, in each way HOW names (default `flags,proximity`: one baseline each):
`flags`, the raw list (the sender known, the receiver known, at the transfer's time);
`proximity`, the very known-requisite columns ours computes (per end: the account, its
counterparty, a counterparty's counterparty known, either, transfers with known ones in 30
days, the share of its payers in 7 days one hop from a known one), so that ours and the
baseline differ only in their other features. `flags` is the baseline the detection target
names (GFP + LightGBM on the same split and data, the known list being part of the data);
`proximity` is stricter: it asks whether GFP's graph features add anything to our own
known-requisite features. The strongest baseline (highest test account F1) is the one the
ratios compare with; the JSON gives the margin over each. `--no-known`
withholds the known requisites from both (behaviour alone). `--fits=N` (default 1) fits each
side's LightGBM N times, with seeds 7, 8, ... (its row and feature sampling moves one fit's
account F1 by a point or two): the strongest baseline and the margins are then taken on the
mean test account F1 over the N fits; the other figures are the first fit's.

GFP (PyPI `snapml`, proprietary licence, benchmark-only) gets only account-to-account
transfers, as the reference protocol says, all at once (`fit_transform`), so that a
transfer's GFP features also count later transfers; ours never do (they are what the
real-time service computes). `--gfp-stream` gives GFP the transfers in time order instead,
each instant's features computed from the graph up to it. The last line is JSON with both
results, what each side was given, and the ratios ours / GFP. Throughput is given per
wall-clock second and per CPU-second of the process (all its threads: DuckDB's and
snapml's), the latter steadier on a loaded machine.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from typing import Any

import numpy as np
import pyarrow as pa
from numpy.typing import NDArray
from snapml import GraphFeaturePreprocessor

from moneytrail.detect import model as gbm
from moneytrail.detect.datasets import load
from moneytrail.detect.evaluate import fit, report
from moneytrail.detect.training import (
    KNOWN_FLAGS,
    Matrix,
    cutoffs,
    data_hash,
    known_before,
    known_flags,
    matrix,
)
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


BASELINE_KNOWN = ("flags", "proximity")


def gfp_run(
    edges: NDArray[np.float64], params: dict[str, Any], stream: bool
) -> NDArray[np.float64]:
    """GFP's output rows for `edges` (id, source, target, time, amount; sorted by time): all
    at once (`fit_transform`), or `stream`ed, one instant at a time (`partial_fit`, then
    `transform` of that instant's edges)."""
    gp = GraphFeaturePreprocessor()
    gp.set_params(params)
    if not stream:
        return np.asarray(gp.fit_transform(edges))
    starts = np.flatnonzero(np.r_[True, np.diff(edges[:, 3]) != 0])
    parts = []
    for lo, hi in zip(starts, [*starts[1:], len(edges)], strict=True):
        gp.partial_fit(edges[lo:hi].copy())
        parts.append(np.asarray(gp.transform(edges[lo:hi].copy())))
    return np.concatenate(parts)


def gfp_matrix(
    m: Matrix, t: NDArray[np.float64], amount: NDArray[np.float64], stream: bool = False
) -> Matrix:
    """GFP features (graph patterns and vertex statistics) for every transfer, in order.

    Batch (`fit_transform` over every transfer, the reference protocol): a transfer's features
    also count transfers made after it (`benchmarks/gfp_lookahead.py`). `stream`: the
    transfers are added in time order, one instant at a time, and each instant's features
    computed from the graph up to it, as a real-time system would have them (and as ours are:
    the current instant included)."""
    _, codes = np.unique(np.concatenate([m.src, m.dst]).astype(str), return_inverse=True)
    n = len(m.src)
    order = np.argsort(t, kind="stable")
    edges = np.column_stack([np.arange(n), codes[:n], codes[n:], t, amount])[order]
    feats = gfp_run(edges.astype(np.float64), GFP_PARAMS, stream)[:, 4:]
    x = np.empty_like(feats)
    x[order] = feats
    names = [f"gfp_{i}" for i in range(x.shape[1])]
    return Matrix(x, m.y, m.period, m.src, m.dst, m.transfer_id, names)


def known_columns(
    ours: Matrix, t: NDArray[np.float64], known: pa.Table, how: str
) -> tuple[NDArray[np.float64], list[str]]:
    """What the baseline gets of the known requisites (`how`: one of `BASELINE_KNOWN`)."""
    if how == "flags":
        return known_flags(ours, t, known), list(KNOWN_FLAGS)
    names = [n for n in ours.features if "_known_" in n]
    return ours.x[:, [ours.features.index(n) for n in names]], names


def with_columns(m: Matrix, x: NDArray[np.float64], names: list[str]) -> Matrix:
    """`m` with columns `x` (named `names`) appended."""
    return replace(m, x=np.column_stack([m.x, x]), features=[*m.features, *names])


def run(
    spec: str,
    use_known: bool = True,
    hows: tuple[str, ...] = BASELINE_KNOWN,
    fits: int = 1,
    stream: bool = False,
) -> dict[str, Any]:
    """Ours and the baseline (one per way in `hows` of giving it the known requisites) on one
    dataset: test metrics, feature throughput, what each side was given, each side's test
    account F1 over `fits` LightGBM seeds, the strongest baseline (highest mean of those)."""
    ds = load(spec)
    val_start, test_start = cutoffs(ds.labels["period"].to_numpy().astype(float))
    start, cpu = time.perf_counter(), time.process_time()
    known = known_before(ds, val_start) if use_known else None
    ours = matrix(duckdb_engine(), ds, known)
    ours_s, ours_cpu = time.perf_counter() - start, time.process_time() - cpu
    amount = ours.x[:, ours.features.index("amount")]
    t_col = ds.transfers.sort_by("transfer_id")["ts"].cast("int64").to_numpy() / 1e6
    start, cpu = time.perf_counter(), time.process_time()
    base = gfp_matrix(ours, t_col, amount, stream)
    gfp_s, gfp_cpu = time.perf_counter() - start, time.process_time() - cpu
    sides = {"ours": ours}
    if known is None:
        sides["gfp"] = base
    for how in hows if known is not None else ():
        sides[f"gfp_{how}"] = with_columns(base, *known_columns(ours, t_col, known, how))
    own = len(base.features)
    results: dict[str, Any] = {
        "known_requisites": 0 if known is None else len(set(known["instrument"].to_pylist())),
        "gfp_mode": "stream" if stream else "batch",
        "given": {
            name: {
                "features": len(m.features),
                "gfp_features": 0 if name == "ours" else own,
                "known_columns": [n for n in m.features if known is not None and "known" in n],
            }
            for name, m in sides.items()
        },
    }
    for name, m in sides.items():
        secs, cpu_s = (ours_s, ours_cpu) if name == "ours" else (gfp_s, gfp_cpu)
        first = int(gbm.PARAMS["seed"])
        test = m.period >= test_start
        reports = [
            report(fit(m, val_start, test_start, data_hash(ds), seed), m, test)
            for seed in range(first, first + fits)
        ]
        f1s = [r["accounts"]["f1"] for r in reports]
        results[name] = {
            **reports[0],
            "account_f1_fits": f1s,
            "account_f1_mean": float(np.mean(f1s)),
            "edges_per_s": len(m.y) / secs,
            "edges_per_cpu_s": len(m.y) / cpu_s,
            "feature_s": secs,
            "feature_cpu_s": cpu_s,
        }
    baselines = [n for n in sides if n != "ours"]
    results["baseline"] = max(baselines, key=lambda n: results[n]["account_f1_mean"])
    return results


def main() -> None:
    """Print each side's results, then one JSON line with what each side got, the ratios to
    the strongest baseline and the account-F1 margin over each."""
    flags = [a for a in sys.argv[1:] if a.startswith("--")]
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    hows: tuple[str, ...] = BASELINE_KNOWN
    fits = 1
    for flag in flags:
        if flag.startswith("--baseline-known="):
            hows = tuple(flag.split("=", 1)[1].split(","))
        elif flag.startswith("--fits=") and flag[7:].isdigit() and int(flag[7:]) > 0:
            fits = int(flag[7:])
        elif flag not in ("--no-known", "--gfp-stream"):
            sys.exit(f"unknown option {flag}; {(__doc__ or '').splitlines()[2]}")
    if not hows or any(h not in BASELINE_KNOWN for h in hows):
        sys.exit(f"--baseline-known: expected {' or '.join(BASELINE_KNOWN)}, comma-separated")
    spec = args[0] if args else DEFAULT
    res = run(
        spec,
        use_known="--no-known" not in flags,
        hows=hows,
        fits=fits,
        stream="--gfp-stream" in flags,
    )
    sides = list(res["given"])
    for name in sides:
        keys = ("transactions", "accounts", "account_f1_fits", "edges_per_s", "edges_per_cpu_s")
        print(name, json.dumps({k: res[name][k] for k in keys}))
    ours, gfp = res["ours"], res[res["baseline"]]
    ratio = {
        "tx_f1": ours["transactions"]["f1"] / max(gfp["transactions"]["f1"], 1e-9),
        "account_f1": ours["account_f1_mean"] / max(gfp["account_f1_mean"], 1e-9),
        "edges_per_s": ours["edges_per_s"] / gfp["edges_per_s"],
        "edges_per_cpu_s": ours["edges_per_cpu_s"] / gfp["edges_per_cpu_s"],
    }
    margins = {n: ours["account_f1_mean"] - res[n]["account_f1_mean"] for n in sides[1:]}
    print(json.dumps({"dataset": spec, **res, "ratio": ratio, "account_f1_margin": margins}))


if __name__ == "__main__":
    main()
