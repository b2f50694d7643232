"""Where the readable rules fire: the version in force against the one before, same data.

Usage: python benchmarks/rule_firings.py KIND:PATH... [--test] [--json]
(a sim world: `moneytrail sim --config benchmarks/worlds/detect.yaml --seed N --out DIR`, then
`sim:DIR`; `--test`: only the test period of the temporal split, else every transfer)

Per dataset and rule: transfers it fires on, and how many of them are laundering, under the
previous version (`rules_v3`) and the one in force (`detect.rules`). The rules see the
features of `detect.training.matrix` with the known requisites of `detect_vs_gfp.py` (the
laundering requisites of the training period, each known one day after its transfer). A
reviewer's load is the firings; what the rules still catch is the laundering among them.
The last line is JSON: per dataset and version, per rule and for any rule, the firings, the
laundering ones and their share, and the ratios in force / previous for any rule.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import numpy as np
from numpy.typing import NDArray

from moneytrail.detect import rules, rules_v3
from moneytrail.detect.datasets import load
from moneytrail.detect.ends import NOWHERE
from moneytrail.detect.rule import Rule
from moneytrail.detect.training import cutoffs, known_before, matrix
from moneytrail.features.engine import duckdb_engine


def firings(spec: str, test_only: bool) -> dict[str, dict[str, dict[str, float]]]:
    """Per version, per rule and `any`: firings, laundering firings, their share."""
    ds = load(spec)
    val_start, test_start = cutoffs(ds.labels["period"].to_numpy().astype(float))
    m = matrix(duckdb_engine(), ds, known_before(ds, val_start))
    keep = m.period >= test_start if test_only else np.ones(len(m.y), dtype=np.bool_)
    y, x = m.y[keep], m.x[keep]
    every = m.ends if m.ends is not None else [(NOWHERE, NOWHERE)] * len(m.y)
    ends = [e for e, k in zip(every, keep.tolist(), strict=True) if k]
    out: dict[str, dict[str, dict[str, float]]] = {}
    versions: tuple[tuple[str, tuple[Rule, ...]], ...] = (
        (rules_v3.VERSION, rules_v3.RULES),
        (rules.VERSION, rules.RULES),
    )
    for version, among in versions:
        located = rules.usable(m.features, among)
        hits = rules.fires(located, x, ends)
        columns = [(r.name, hits[:, k]) for k, (_, r) in enumerate(located)]
        per = {name: _count(hit, y) for name, hit in [*columns, ("any", np.any(hits, axis=1))]}
        out[version] = {"transfers": {"n": float(len(y)), "laundering": float(y.sum())}, **per}
    return out


def _count(hit: NDArray[np.bool_], y: NDArray[np.int64]) -> dict[str, float]:
    n, bad = int(hit.sum()), int(y[hit].sum())
    return {"fired": n, "laundering": bad, "share": bad / n if n else 0.0}


def main() -> None:
    """Print each dataset's table, then one JSON line with every figure and the ratios."""
    flags = [a for a in sys.argv[1:] if a.startswith("--")]
    specs = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not specs or any(f not in ("--test", "--json") for f in flags):
        sys.exit((__doc__ or "").splitlines()[2])
    results: dict[str, Any] = {}
    old, new = rules_v3.VERSION, rules.VERSION
    for spec in specs:
        res: dict[str, Any] = dict(firings(spec, "--test" in flags))
        a, b = res[old]["any"], res[new]["any"]
        res["ratio"] = {
            "fired": b["fired"] / max(a["fired"], 1),
            "laundering": b["laundering"] / max(a["laundering"], 1),
        }
        results[spec] = res
        if "--json" not in flags:
            print(spec, "(test period)" if "--test" in flags else "(all transfers)")
            for name in res[new]:
                if name == "transfers":
                    continue
                was = res[old].get(name)
                before = f"{was['fired']:>6} / {was['laundering']:>5}" if was else " " * 14
                now = res[new][name]
                print(f"  {name:24s} {before}  ->  {now['fired']:>6} / {now['laundering']:>5}")
    print(json.dumps({"test_only": "--test" in flags, "versions": [old, new], **results}))


if __name__ == "__main__":
    main()
