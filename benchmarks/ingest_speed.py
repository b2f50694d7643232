"""Ingest speed and memory: moneytrail ingest vs a bare read and a bare copy of the same file.

Two inputs of `--rows` transfers (default 10^7), made once under `--dir`:
an AMLGentex-format Parquet (the real `tx_log.parquet` repeated) and an AMLworld-format
CSV (generated). Each run is a fresh process pinned to 2 cores, so that its peak memory is
its own. Baselines: pyarrow reading the file (nothing else), and DuckDB copying it to
Parquet (read + write, no checks). The last line printed is one JSON object; the exit
status is 1 when a target (rows/s, peak memory) is missed.

    .venv/bin/python benchmarks/ingest_speed.py [--rows N] [--dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
AMLGENTEX = ROOT.parent / "shared" / "data" / "external" / "amlgentex" / "tx_log.parquet"
CORES = {0, 1}
TARGETS = {"parquet": 1_000_000, "csv": 300_000}
PEAK_LIMIT_GIB = 4.0
CURRENCIES = ["US Dollar", "Euro", "Yuan", "Yen", "UK Pound", "Ruble", "Bitcoin"]
FORMATS = ["ACH", "Wire", "Cheque", "Credit Card", "Cash", "Reinvestment", "Bitcoin"]
HEADER = (
    "Timestamp,From Bank,Account,To Bank,Account,Amount Received,Receiving Currency,"
    "Amount Paid,Payment Currency,Payment Format,Is Laundering\n"
)


def make_parquet(path: Path, rows: int) -> None:
    """AMLGentex's transactions repeated up to `rows`."""
    source = pq.read_table(AMLGENTEX)
    copies = -(-rows // source.num_rows)
    pq.write_table(pa.concat_tables([source] * copies).slice(0, rows), path, row_group_size=1 << 20)


def _amlworld_block(rng: np.random.Generator, start: int, count: int) -> pa.Table:
    minutes = np.sort(rng.integers(0, 30 * 24 * 60, count)) + start
    ts = pa.array(minutes * 60_000_000, pa.timestamp("us"))
    banks = pc.utf8_lpad(
        pc.cast(pa.array(rng.integers(1, 3000, (2, count)).ravel()), pa.string()), 3, "0"
    )
    accounts = pa.array([f"8{n:08X}" for n in range(100_000)]).take(
        pa.array(rng.integers(0, 100_000, 2 * count))
    )
    amount = pc.cast(pa.array(np.round(rng.lognormal(6, 2, count), 2)), pa.string())
    currency = pa.array(CURRENCIES).take(pa.array(rng.integers(0, len(CURRENCIES), count)))
    fmt = pa.array(FORMATS).take(pa.array(rng.integers(0, len(FORMATS), count)))
    flag = pc.cast(pa.array((rng.random(count) < 0.001).astype(np.int8)), pa.string())
    columns = [pc.strftime(ts, format="%Y/%m/%d %H:%M"), banks[:count], accounts[:count]]
    columns += [banks[count:], accounts[count:], amount, currency, amount, currency, fmt, flag]
    return pa.table(columns, names=[f"c{i}" for i in range(11)])


def make_csv(path: Path, rows: int) -> None:
    """AMLworld-format transactions over 30 days, written in blocks of a million."""
    rng = np.random.default_rng(0)
    with path.open("wb") as handle:
        handle.write(HEADER.encode())
        options = pcsv.WriteOptions(include_header=False, quoting_style="none")
        for start in range(0, rows, 1 << 20):
            block = _amlworld_block(rng, 27_000_000, min(1 << 20, rows - start))
            pcsv.write_csv(block, handle, options)


def _pin() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, CORES & os.sched_getaffinity(0) or os.sched_getaffinity(0))


def _peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1 << 20)


def child(kind: str, path: Path, work: Path) -> dict[str, Any]:
    """One measured run in this process: `ours`, `read` or `copy`."""
    _pin()
    start = time.perf_counter()
    if kind == "ours":
        from moneytrail.lake.land import LandOptions, land
        from moneytrail.model.ids.base import Tokenizer

        report = land([path], work / "lake", LandOptions(Tokenizer(b"bench")))
        rows = report.tables()["transfers"].read
    elif kind == "read":
        table = pq.read_table(path) if path.suffix == ".parquet" else pcsv.read_csv(path)
        rows = table.num_rows
    else:
        import duckdb

        con = duckdb.connect(config={"threads": len(CORES)})
        reader = "read_parquet" if path.suffix == ".parquet" else "read_csv"
        target = work / "copy.parquet"
        con.execute(f"COPY (SELECT * FROM {reader}('{path}')) TO '{target}' (FORMAT parquet)")
        rows = pq.ParquetFile(target).metadata.num_rows
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_gib": round(_peak_gib(), 2),
    }


def _measure(kind: str, path: Path, work: Path) -> dict[str, Any]:
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    command = [sys.executable, __file__, "--child", kind, str(path), str(work)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["rows_per_s"] = round(result["rows"] / result["seconds"])
    result["rows_per_cpu_s"] = round(result["rows"] / result["cpu_seconds"])
    shutil.rmtree(work, ignore_errors=True)
    return result


def bench(name: str, path: Path, work: Path) -> dict[str, Any]:
    """Ours and the two baselines on one file, with the ratios."""
    ours, read, copy = (_measure(kind, path, work / kind) for kind in ("ours", "read", "copy"))
    result = {
        "input": name,
        "file": str(path),
        "bytes": path.stat().st_size,
        "ours": ours,
        "pyarrow_read": read,
        "duckdb_copy": copy,
        "ours_vs_copy": round(ours["rows_per_s"] / copy["rows_per_s"], 2),
        "ours_vs_read": round(ours["rows_per_s"] / read["rows_per_s"], 2),
        "target_rows_per_s": TARGETS[name],
    }
    result["met"] = ours["rows_per_s"] >= TARGETS[name] and ours["peak_gib"] <= PEAK_LIMIT_GIB
    line = (
        f"{name}: ours {ours['rows_per_s']:,} rows/s, {ours['rows_per_cpu_s']:,} rows/cpu-s "
        f"(peak {ours['peak_gib']} GiB); duckdb copy {copy['rows_per_s']:,} rows/s, "
        f"pyarrow read {read['rows_per_s']:,} rows/s; ours/copy {result['ours_vs_copy']}"
    )
    print(line, flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--dir", type=Path, default=ROOT / "var" / "bench" / "ingest")
    parser.add_argument("--child", nargs=3, metavar=("KIND", "PATH", "WORK"))
    args = parser.parse_args()
    if args.child:
        kind, path, work = args.child
        print(json.dumps(child(kind, Path(path), Path(work))))
        return
    args.dir.mkdir(parents=True, exist_ok=True)
    inputs = {
        "parquet": args.dir / f"amlgentex_{args.rows}.parquet",
        "csv": args.dir / f"amlworld_{args.rows}_Trans.csv",
    }
    for name, path in inputs.items():
        if not path.exists():
            (make_parquet if name == "parquet" else make_csv)(path, args.rows)
    results = [bench(name, path, args.dir / "work") for name, path in inputs.items()]
    summary = {
        "benchmark": "ingest_speed",
        "date": date.today().isoformat(),
        "load_average": round(os.getloadavg()[0], 1),
        "rows": args.rows,
        "cores": len(CORES),
        "results": results,
        "met": all(r["met"] for r in results),
    }
    print(json.dumps(summary))
    sys.exit(0 if summary["met"] else 1)


if __name__ == "__main__":
    main()
