"""Whether IBM's Graph Feature Preprocessor, given all transfers at once, looks ahead.

Usage: python benchmarks/gfp_lookahead.py [--json]

A random graph of 2,000 transfers among 50 accounts over 30 days; GFP (PyPI `snapml`,
benchmark-only) computes each feature family once over all transfers and once over the first
half only, with the 7-day windows of `detect_vs_gfp.py`. A transfer of the first half whose
features differ between the two runs was given information from transfers made after it.
Counted separately for transfers more than 7 days before the cut (beyond every window) and
within 7 days of it. The same with the transfers streamed in time order (`partial_fit`, then
`transform` of each instant, `detect_vs_gfp.gfp_run` as `--gfp-stream` runs it) shows none
change. Last line: JSON with the counts per family.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import numpy as np
from numpy.typing import NDArray

from detect_vs_gfp import gfp_run  # this folder: the very run the benchmark makes

N, ACCOUNTS, DAYS, WEEK = 2_000, 50, 30, 7 * 86_400
FAMILIES = ("fan", "degree", "vertex_stats", "scatter-gather", "temp-cycle")
"""GFP's feature families; length-constrained cycles are left out (on this dense graph their
search does not end in minutes)."""


def _params(family: str) -> dict[str, Any]:
    p: dict[str, Any] = {"num_threads": 1, "time_window": WEEK, "vertex_stats_cols": [4]}
    for f in (*FAMILIES, "lc-cycle"):
        p[f] = f == family
        p[f"{f}_tw"] = WEEK
    return p


def _features(edges: NDArray[np.float64], family: str, stream: bool) -> NDArray[np.float64]:
    return gfp_run(edges.copy(), _params(family), stream)[:, 5:]


def main() -> None:
    """Print the counts per feature family and mode, then one JSON line."""
    rng = np.random.default_rng(0)
    t = np.sort(rng.integers(0, DAYS * 86_400, N)).astype(np.float64)
    ends = rng.integers(0, ACCOUNTS, (N, 2)).astype(np.float64)
    amount = rng.uniform(1, 100, N)
    edges = np.column_stack([np.arange(N), ends, t, amount]).astype(np.float64)
    half = N // 2
    early = t[:half] < t[half] - WEEK
    out: dict[str, Any] = {"transfers_before_cut": half, "more_than_7d_before": int(early.sum())}
    for mode in ("batch", "stream"):
        for family in FAMILIES:
            full = _features(edges, family, mode == "stream")
            first = _features(edges[:half], family, mode == "stream")
            changed = np.abs(full[:half] - first).max(axis=1) > 1e-9
            out[f"{mode}/{family}"] = {
                "changed_more_than_7d_before": int(changed[early].sum()),
                "changed_within_7d": int(changed[~early].sum()),
            }
            if "--json" not in sys.argv:
                print(mode, family, out[f"{mode}/{family}"])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
