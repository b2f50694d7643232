"""Benchmark of `moneytrail sim`: small in <= 20 s and medium in <= 3 min on 2 cores,
peak memory <= 4 GiB.

Each scale runs in a child process pinned to two CPUs (when the machine has them); the
wall time is measured around it and the peak resident memory read from the child's own
`rusage` (`os.wait4`). The last line printed is one JSON object with the figures and
their ratios to the targets (a ratio below 1 meets the target).

    .venv/bin/python benchmarks/sim_speed.py [--scales small medium] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_SECONDS = {"tiny": 5.0, "small": 20.0, "medium": 180.0, "large": 1800.0}
TARGET_TRANSFERS = {"tiny": 10**4, "small": 10**6, "medium": 10**7, "large": 10**8}
MEMORY_GIB = 4.0
CHILD = "from moneytrail.cli.sim_cmd import app; app()"


def _two_cpus() -> None:
    cpus = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, cpus[:2])


def run_scale(scale: str, seed: int, out: Path) -> dict[str, Any]:
    """Generate one world in a child process; its figures and ratios to the targets."""
    command = [sys.executable, "-c", CHILD, "--scale", scale, "--seed", str(seed),
               "--out", str(out), "--json"]  # fmt: skip
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, preexec_fn=_two_cpus)
    stdout = child.stdout.read() if child.stdout else b""
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"moneytrail sim --scale {scale} failed")
    counts = json.loads(stdout.decode().strip().splitlines()[-1])["counts"]
    peak_gib = usage.ru_maxrss * 1024 / 2**30  # ru_maxrss is in KiB on Linux
    cpu = usage.ru_utime + usage.ru_stime
    transfers = int(counts["transfers"])
    return {
        "scale": scale,
        "transfers": transfers,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "transfers_per_second": round(transfers / seconds),
        "peak_rss_gib": round(peak_gib, 3),
        "target_seconds": TARGET_SECONDS[scale],
        "time_ratio": round(seconds / TARGET_SECONDS[scale], 3),
        "cpu_time_ratio": round(cpu / TARGET_SECONDS[scale], 3),
        "target_transfers_per_second": round(TARGET_TRANSFERS[scale] / TARGET_SECONDS[scale]),
        "memory_ratio": round(peak_gib / MEMORY_GIB, 3),
        "scale_ratio": round(transfers / TARGET_TRANSFERS[scale], 3),
    }


def main() -> None:
    """Run the scales asked for and print one line each, then the JSON summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", nargs="+", default=["small", "medium"],
                        choices=sorted(TARGET_SECONDS))  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    results = []
    for scale in args.scales:
        with tempfile.TemporaryDirectory(prefix=f"sim-{scale}-") as folder:
            result = run_scale(scale, args.seed, Path(folder))
        results.append(result)
        print(f"{scale}: {result['transfers']:,} transfers in {result['seconds']} s "
              f"({result['cpu_seconds']} s of CPU; target {result['target_seconds']} s, "
              f"ratio {result['time_ratio']}), "
              f"peak {result['peak_rss_gib']} GiB (ratio {result['memory_ratio']})")  # fmt: skip
    summary = {
        "benchmark": "sim_speed",
        "cpus": len(os.sched_getaffinity(0)),
        "cpus_used": min(2, len(os.sched_getaffinity(0))),
        "results": results,
        "all_within_targets": all(r["time_ratio"] <= 1 and r["memory_ratio"] <= 1 for r in results),
        "children_max_rss_gib": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 / 2**30, 3
        ),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
