"""Real-time decisions: in process (batches of 128 and one at a time) and over HTTP, against
a naive per-request DuckDB window query.

Two tiny synthetic worlds are generated (`moneytrail sim`): the online model
(`gbm-online-v1`) is trained on the first, and the second's bank transfers are streamed in
arrival order. Ours: `DecisionService` (online state, the booster compiled for numba, rules,
explanations) in one process, so decisions per CPU-second are decisions per core.
Single-decision latency is the wall time of `decide([tx])` (and its CPU time, which the
load of other processes on the machine does not inflate). Over HTTP, `moneytrail serve
decisions` runs in a subprocess (uvicorn, one process) and an open-loop driver (a bare
HTTP/1.1 client) sends one transfer per request at `--rate` per second; latency counts
from the moment a request was due, and the server's CPU time per request is read from
`/proc`.
Baseline: each transfer is inserted into a DuckDB table of legs and the account's windowed
aggregates (counts, sums, distinct counterparties over 1 h, 24 h, 7 d, 30 d) are computed by
one SQL query per end, then scored by the same model: less than our features, per request.
The last printed line is one JSON object.

    .venv/bin/python benchmarks/decisions_speed.py --rate 1000 --seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import httpx
import numpy as np
import pyarrow as pa

from moneytrail.detect import model as gbm
from moneytrail.detect.datasets import load
from moneytrail.features.engine import duckdb_engine
from moneytrail.features.windows import WINDOWS
from moneytrail.realtime.online_model import train_online
from moneytrail.realtime.replay import arrival_order, txs
from moneytrail.realtime.scoring import Scorer
from moneytrail.realtime.service import DecisionService
from moneytrail.realtime.tx import Tx, legs
from moneytrail.sim.config import load_config
from moneytrail.sim.world import generate


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def in_process(model: gbm.Model, stream: list[Tx]) -> dict[str, Any]:
    """Batches of 128 through a fresh service: decisions per CPU-second and per wall second
    once it has started (its start, once per process, is `start_cpu_s`)."""
    cpu = time.process_time()
    service = DecisionService(model, {})
    start = time.process_time() - cpu
    wall, cpu = time.perf_counter(), time.process_time()
    actions: dict[str, int] = {}
    for i in range(0, len(stream), 128):
        for d in service.decide(stream[i : i + 128]):
            actions[d.action] = actions.get(d.action, 0) + 1
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "decisions": len(stream),
        "per_cpu_second": len(stream) / cpu,
        "per_wall_second": len(stream) / wall,
        "start_cpu_s": start,
        "actions": actions,
    }


def single(model: gbm.Model, stream: list[Tx], n: int) -> dict[str, float]:
    """One transfer per call, after the state has seen the stream's first part: wall time,
    and CPU time (what the call itself costs, whatever else the cores are running)."""
    service = DecisionService(model, {})
    warm = len(stream) - n
    for i in range(0, warm, 128):
        service.decide(stream[i : min(i + 128, warm)])
    lat, cpu = [], []
    for tx in stream[warm:]:
        t0, c0 = time.perf_counter(), time.process_time()
        service.decide([tx])
        lat.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    on_cpu = _percentiles(cpu)
    return {**_percentiles(lat), "cpu_p50_ms": on_cpu["p50_ms"], "cpu_p99_ms": on_cpu["p99_ms"]}


def _percentiles(lat: list[float]) -> dict[str, float]:
    ms = np.array(lat) * 1000
    return {
        "p50_ms": float(np.percentile(ms, 50)),
        "p99_ms": float(np.percentile(ms, 99)),
        "n": len(lat),
    }


_LEG_SQL = """
SELECT {cols} FROM legs WHERE account = $a AND t BETWEEN $t - {longest} AND $t
"""


def _baseline_sql() -> str:
    cols = []
    for name, s in WINDOWS.items():
        w = f"t >= $t - {s}"
        cols += [
            f"count(*) FILTER (WHERE incoming = 1 AND {w}) AS n_in_{name}",
            f"count(*) FILTER (WHERE incoming = 0 AND {w}) AS n_out_{name}",
            f"coalesce(sum(amount) FILTER (WHERE incoming = 1 AND {w}), 0) AS sum_in_{name}",
            f"coalesce(sum(amount) FILTER (WHERE incoming = 0 AND {w}), 0) AS sum_out_{name}",
            f"count(DISTINCT cp) FILTER (WHERE incoming = 1 AND {w}) AS senders_{name}",
            f"count(DISTINCT cp) FILTER (WHERE incoming = 0 AND {w}) AS receivers_{name}",
        ]
    return _LEG_SQL.format(cols=", ".join(cols), longest=max(WINDOWS.values()))


def baseline(model: gbm.Model, stream: list[Tx], n: int) -> dict[str, Any]:
    """Per request: insert the legs, one window query per end, score one row."""
    con = duckdb.connect()
    con.execute("CREATE TABLE legs (account TEXT, cp TEXT, t BIGINT, amount BIGINT, incoming INT)")
    scorer = Scorer(model)
    sql = _baseline_sql()
    warm = len(stream) - n
    warm_legs = [g for tx in stream[:warm] for g in legs(tx)]
    table = pa.table(
        {
            "account": [g.account for g in warm_legs],
            "cp": pa.array([g.cp for g in warm_legs], pa.string()),
            "t": [g.t for g in warm_legs],
            "amount": [g.amount for g in warm_legs],
            "incoming": [g.incoming for g in warm_legs],
        }
    )
    con.register("warm", table)
    con.execute("INSERT INTO legs SELECT * FROM warm")
    lat = []
    width = len(scorer.model.features)
    wall = time.perf_counter()
    for tx in stream[warm:]:
        t0 = time.perf_counter()
        mine = legs(tx)
        con.executemany(
            "INSERT INTO legs VALUES (?, ?, ?, ?, ?)",
            [(g.account, g.cp, g.t, g.amount, g.incoming) for g in mine],
        )
        values = [con.execute(sql, {"a": g.account, "t": g.t}).fetchone() for g in mine]
        row = np.full(width, np.nan)
        flat = [float(v) for found in values if found for v in found]
        row[: min(width, len(flat))] = flat[:width]
        scorer.model.score(row[None, :])
        lat.append(time.perf_counter() - t0)
    wall = time.perf_counter() - wall
    return {**_percentiles(lat), "per_wall_second": n / wall}


async def _drive(
    port: int, bodies: list[bytes], rate: float, conns: int = 64
) -> tuple[list[float], int]:
    """Open loop: request i is due at i / rate and queued then; `conns` keep-alive
    connections take requests from the queue; latency counts from the moment it was due.

    A bare HTTP/1.1 client on asyncio streams: httpx's pool spends quadratic time assigning
    queued requests to connections, which on two cores throttled the driver, not the server.
    """
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()
    start = time.perf_counter()

    async def produce() -> None:
        for i, body in enumerate(bodies):
            due = start + i / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            queue.put_nowait((due, body))
        for _ in range(conns):
            queue.put_nowait(None)

    async def connection() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while (item := await queue.get()) is not None:
            due, body = item
            head = "POST /v1/decisions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
            head += f"application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            writer.write(head.encode() + body)
            status = int((await reader.readline()).split()[1])
            length = 0
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - due)
            errors += status != 200
        writer.close()

    await asyncio.gather(produce(), *(connection() for _ in range(conns)))
    return latencies, errors


Parties = dict[str, tuple[str | None, str | None]]
"""Transfer id → its sender's and receiver's holders (IIN or BIN), sent with each request."""


def over_http(
    folder: Path, stream: list[Tx], rate: float, seconds: float, parties: Parties
) -> dict[str, Any]:
    """`moneytrail serve decisions` in a subprocess, driven at `rate` requests per second."""
    port = _free_port()
    state = Path(tempfile.mkdtemp(prefix="decisions-bench-"))
    cmd = [sys.executable, "-c", "from moneytrail.cli.main import main; main()", "serve"]
    cmd += ["decisions", f"--model={folder}", f"--state={state}", f"--port={port}"]
    env = {**os.environ, "MONEYTRAIL_LOG_LEVEL": "WARNING", "MONEYTRAIL_DATA_DIR": str(state)}
    server = subprocess.Popen(cmd, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base)
        total = min(len(stream), int(rate * seconds))
        bodies = [_body(tx, parties.get(tx.transfer_id, (None, None))) for tx in stream[:total]]
        cpu = _cpu_seconds(server.pid)
        lat, errors = asyncio.run(_drive(port, bodies, rate))
        cpu = _cpu_seconds(server.pid) - cpu
    finally:
        server.terminate()
        server.wait(timeout=30)
    out = {**_percentiles(lat), "rate": rate, "errors": errors}
    return {**out, "server_cpu_ms_per_request": 1000 * cpu / total}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux `/proc`)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait(base: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/v1/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise RuntimeError("the decision service did not start")


def _body(tx: Tx, holders: tuple[str | None, str | None]) -> bytes:
    ts = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(tx.t))
    return json.dumps(
        {
            "transfer_id": tx.transfer_id,
            "ts": ts,
            "amount_minor": tx.amount,
            "currency": "KZT",
            "channel": tx.channel,
            "src_instrument": tx.src,
            "dst_instrument": tx.dst,
            "src_instrument_kind": tx.src_kind,
            "dst_instrument_kind": tx.dst_kind,
            "src_party": holders[0],
            "dst_party": holders[1],
        }
    ).encode()


def _prepare(root: Path) -> tuple[Path, gbm.Model]:
    """Worlds of seeds 7 and 8 and the online model trained on 7 (reused when present)."""
    config = load_config("tiny", None)
    for seed in (7, 8):
        if not (root / f"world{seed}").exists():
            _say(f"generating world {seed}")
            generate(config, seed, root / f"world{seed}")
    found = sorted((root / "models").glob("gbm-online-v1-*"))
    if found:
        return found[0], gbm.load(found[0])
    _say("training gbm-online-v1 on world 7")
    model, _ = train_online(duckdb_engine(), load(f"sim:{root / 'world7'}"))
    return gbm.save(model, root / "models"), model


def _say(text: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {text}", file=sys.stderr, flush=True)


def main() -> None:
    """Generate, train, measure, print one JSON line last."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=1000.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--single", type=int, default=2000, help="one-at-a-time decisions")
    parser.add_argument("--baseline", type=int, default=500, help="baseline requests")
    parser.add_argument("--work", type=Path, help="keep worlds and model here between runs")
    parser.add_argument(
        "--parts",
        default="batch,single,baseline,http",
        help="comma-separated parts to measure (default all)",
    )
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    root = args.work or Path(tempfile.mkdtemp(prefix="decisions-speed-"))
    folder, model = _prepare(root)
    table = arrival_order(load(f"sim:{root / 'world8'}").transfers)
    stream = txs(table)
    ids = table["transfer_id"].to_pylist()
    ends = zip(table["src_party"].to_pylist(), table["dst_party"].to_pylist(), strict=True)
    parties: Parties = dict(zip(ids, ends, strict=True))
    ours: dict[str, Any] = {}
    if "batch" in parts:
        _say(f"{len(stream)} transfers; in process")
        ours["batch_128"] = in_process(model, stream)
    if "single" in parts:
        _say("one at a time")
        ours["single"] = single(model, stream, args.single)
    base = None
    if "baseline" in parts:
        _say("baseline")
        base = baseline(model, stream, args.baseline)
    if "http" in parts:
        _say("over HTTP")
        ours["http"] = over_http(folder, stream, args.rate, args.seconds, parties)
    result = {"transfers": len(stream), "ours": ours, "baseline_duckdb_per_request": base}
    result["ratios"] = _ratios(ours, base)
    result["targets"] = _targets(ours, args.rate)
    print(json.dumps(result))


def _ratios(ours: dict[str, Any], base: dict[str, Any] | None) -> dict[str, float]:
    out = {}
    if base and "single" in ours:
        out["single_p99_baseline_over_ours"] = base["p99_ms"] / ours["single"]["p99_ms"]
    if base and "batch_128" in ours:
        ratio = ours["batch_128"]["per_wall_second"] / base["per_wall_second"]
        out["throughput_ours_batch_over_baseline"] = ratio
    return out


def _targets(ours: dict[str, Any], rate: float) -> dict[str, bool]:
    out = {}
    if "batch_128" in ours:
        out["per_core_batch_128_ge_20000"] = ours["batch_128"]["per_cpu_second"] >= 20_000
    if "single" in ours:
        out["single_p99_le_2ms"] = ours["single"]["p99_ms"] <= 2.0
    if "http" in ours:
        http = ours["http"]
        out["http_p99_le_20ms_at_1000rps"] = http["p99_ms"] <= 20.0 and rate >= 1000
    return out


if __name__ == "__main__":
    main()
