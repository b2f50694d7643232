"""API load: entity pages at a fixed request rate, cases on PostgreSQL vs SQLite; and the
graph explorer laying out a 1,000-node trace in headless Chromium.

A synthetic country (`moneytrail sim`, scale `--scale`) is landed in a lake. The web app
(`moneytrail.web.app.create_app`, as `moneytrail serve` builds it, demo users seeded once)
runs under uvicorn with `--workers` processes over that lake, once with the cases database
in a fresh PostgreSQL database on loopback and once on SQLite (the baseline). An open-loop
driver (a small HTTP/1.1 client on asyncio, 64 kept-alive connections) sends `--rate`
requests per second for `--seconds` to person, company, card, account and wallet pages
(`GET /v1/...`, each one audited, as a logged-in analyst); latency counts from the moment
a request was due, so a slow server cannot slow the clock. Each worker commits the audit
entries of concurrent views in groups (`AuditWriter`); `--ungrouped` adds a PostgreSQL run
with one entry per commit, the path before, side by side. Then a tree of transfers with
1,000+ instruments is traced in the explorer (`/trace`) by Playwright driving Debian's
Chromium, and the time until Cytoscape.js reports the layout done is measured. The last
printed line is one JSON object.

    .venv/bin/python benchmarks/api_load.py --rate 200 --seconds 15
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
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pyotp
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import create_engine, text

from moneytrail.cases.auth import AuthPolicy
from moneytrail.cases.db import open_database
from moneytrail.cases.seed import DEMO_TOTP_SECRET, demo_password, seed_demo
from moneytrail.cases.totp_vault import totp_key
from moneytrail.lake.land import LandOptions, land
from moneytrail.lake.read import committed_table
from moneytrail.model.ids.base import Tokenizer
from moneytrail.settings import Settings, load_settings
from moneytrail.sim.config import load_config
from moneytrail.sim.world import generate

PG_ADMIN = os.environ.get(
    "MONEYTRAIL_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SECRET = "api-load-benchmark-key"
CHROMIUM = "/usr/bin/chromium"
USER = "demo.analyst"
WARM = 20
CONNECTIONS = 64


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def build_lake(work: Path, scale: str, seed: int) -> Path:
    """A synthetic country landed in a lake (cards tokenized with the benchmark's key)."""
    world, lake = work / "world", work / "lake"
    generate(load_config(scale, None), seed, world)  # type: ignore[arg-type]
    land([world / "observable"], lake, LandOptions(Tokenizer(SECRET.encode())))
    return lake


def entity_urls(lake: Path, each: int) -> list[str]:
    """Up to `each` people, companies, cards, accounts and wallets of the lake, as API paths."""
    parties = committed_table(lake, "parties")
    urls = []
    for kind, route in (("person", "parties"), ("company", "companies")):
        rows = parties.filter(pc.field("party_kind") == kind)
        urls += [f"/v1/{route}/{p}" for p in rows.column("party_id").unique().to_pylist()[:each]]
    instruments = committed_table(lake, "instruments")
    for kind in ("card", "account"):
        rows = instruments.filter(pc.field("instrument_kind") == kind)
        ids = rows.column("instrument_id").unique().to_pylist()[:each]
        urls += [f"/v1/instruments/{i}" for i in ids]
    wallets = instruments.filter(pc.field("instrument_kind") == "wallet")
    urls += [f"/v1/wallets/{a}" for a in wallets.column("address").unique().to_pylist()[:each]]
    return urls


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database on loopback, dropped afterwards; yields its URL."""
    name = f"mt_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


def app_from_env() -> FastAPI:
    """The web app for uvicorn's workers: settings from `MONEYTRAIL_*`, the transfers (a
    lake's table stands for the lake) from `API_LOAD_TRANSFERS`."""
    from moneytrail.web.app import create_app

    app = create_app(load_settings(), transfers=Path(os.environ["API_LOAD_TRANSFERS"]))
    app.state.moneytrail.audit_group = int(os.environ.get("API_LOAD_AUDIT_GROUP", "256"))
    return app


def _seed(settings: Settings) -> None:
    """The demo users, once, before the workers start (as `serve --demo` would)."""
    policy = AuthPolicy(totp_key=totp_key(settings))
    factory = open_database(settings.resolved_database_url(), totp_key=policy.totp_key)
    with factory() as db:
        seed_demo(db, policy)
    factory.kw["bind"].dispose()


@contextmanager
def server(
    work: Path, database_url: str, transfers: Path, workers: int, group: int = 256
) -> Iterator[str]:
    """uvicorn with `workers` processes over the web app (page-view audit entries committed
    in groups of up to `group`); yields its base URL once it answers."""
    port = _free_port()
    work.mkdir(parents=True, exist_ok=True)
    env = os.environ | {
        "MONEYTRAIL_DATABASE_URL": database_url,
        "MONEYTRAIL_DATA_DIR": str(work),
        "MONEYTRAIL_TOKEN_SECRET": SECRET,
        "MONEYTRAIL_LOG_LEVEL": "WARNING",
        "API_LOAD_TRANSFERS": str(transfers),
        "API_LOAD_AUDIT_GROUP": str(group),
    }
    _seed(Settings(data_dir=work, database_url=database_url, token_secret=SecretStr(SECRET)))
    command = [sys.executable, "-m", "uvicorn", "--factory", "api_load:app_from_env"]
    command += ["--app-dir", str(Path(__file__).resolve().parent), "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    process = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            raise RuntimeError(f"the server at {base} did not start within 120 s")
        yield base
    finally:
        process.terminate()
        process.wait(30)


def login(base: str) -> dict[str, str]:
    """A bearer header of the demo analyst."""
    body = {"username": USER, "password": demo_password(USER)}
    reply = httpx.post(
        f"{base}/v1/auth/login", json=body | {"code": pyotp.TOTP(DEMO_TOTP_SECRET).now()}
    )
    reply.raise_for_status()
    return {"Authorization": f"Bearer {reply.json()['token']}"}


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """One GET on a kept-alive HTTP/1.1 connection; the status (body read and dropped)."""
    writer.write(request)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    await reader.readexactly(length)
    return status


async def _drive(
    port: int, urls: list[str], who: dict[str, str], rate: float, seconds: float
) -> tuple[list[float], int]:
    """Open loop: request i is due at i / rate and waits in a queue for one of `CONNECTIONS`
    kept-alive connections; its latency counts from when it was due. A minimal HTTP/1.1
    client on asyncio streams, so that the driver costs little CPU beside the server."""
    total, queue = int(rate * seconds), asyncio.Queue[tuple[int, float] | None]()
    latencies: list[float] = []
    errors = 0
    auth = who["Authorization"]

    async def connection() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while (item := await queue.get()) is not None:
            i, due = item
            request = f"GET {urls[i % len(urls)]} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            request += f"Authorization: {auth}\r\n\r\n"
            try:
                ok = await _get(reader, writer, request.encode()) == 200
            except (OSError, ValueError, IndexError, asyncio.IncompleteReadError):
                ok = False
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            latencies.append(time.perf_counter() - due)
            errors += not ok
        writer.close()

    workers = [asyncio.create_task(connection()) for _ in range(CONNECTIONS)]
    start = time.perf_counter()
    for i in range(total):
        due = start + i / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        queue.put_nowait((i, due))
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    return latencies, errors


def load(base: str, urls: list[str], rate: float, seconds: float) -> dict[str, Any]:
    """Warm the workers up, then drive the rate; latency percentiles in ms, and the 1-minute
    load average before and after (the machine may be shared)."""
    who = login(base)
    for url in urls[:WARM]:  # a connection each, so that every worker reads the lake now
        httpx.get(f"{base}{url}", headers=who, timeout=120).raise_for_status()
    started = time.perf_counter()
    port = int(base.rsplit(":", 1)[1])
    load_before = os.getloadavg()[0]
    latencies, errors = asyncio.run(_drive(port, urls, who, rate, seconds))
    elapsed = time.perf_counter() - started
    ms = np.array(latencies) * 1000
    return {
        "requests": len(latencies),
        "errors": errors,
        "achieved_rps": round(len(latencies) / elapsed, 1),
        **{f"p{q}_ms": round(float(np.percentile(ms, q)), 1) for q in (50, 95, 99)},
        "max_ms": round(float(ms.max()), 1),
        "loadavg_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def tree_transfers(path: Path, fanout: int, depth: int) -> tuple[Path, str, int]:
    """A tree of card-to-card transfers, each level later than the one above; returns the
    file, the root instrument and how many instruments the tree has."""
    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    src: list[str] = []
    dst: list[str] = []
    ts: list[datetime] = []
    level, count = ["n0"], 1
    for hop in range(depth):
        nxt = []
        for parent in level:
            for _ in range(fanout):
                child = f"n{count}"
                count += 1
                src.append(parent)
                dst.append(child)
                ts.append(t0 + timedelta(hours=hop, minutes=len(ts) % 60))
                nxt.append(child)
        level = nxt
    n = len(src)
    table = pa.table(
        {
            "transfer_id": [f"t{i}" for i in range(n)],
            "ts": pa.array(ts, pa.timestamp("us", tz="UTC")),
            "amount_minor": pa.array([10_000_00] * n, pa.int64()),
            "currency": ["KZT"] * n,
            "channel": ["p2p"] * n,
            "src_instrument": src,
            "dst_instrument": dst,
            "source": ["benchmark"] * n,
        }
    )
    pq.write_table(table, path)
    return path, "n0", count


def explorer(base: str, seed: str, rows: int) -> dict[str, Any]:
    """Trace from the seed in the explorer; time until the layout is done, and node count."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page(viewport={"width": 1360, "height": 1000})
        page.goto(f"{base}/login")
        page.fill("input[name=username]", USER)
        page.fill("input[name=password]", demo_password(USER))
        page.fill("input[name=code]", pyotp.TOTP(DEMO_TOTP_SECRET).now())
        page.click("button[type=submit]")
        page.goto(f"{base}/trace")
        page.fill("#seed", seed)
        page.fill("input[name=rows]", str(rows))
        page.fill("input[name=depth]", "10")
        started = time.perf_counter()
        page.click("#run")
        page.wait_for_selector("#graph[data-layout=done]", timeout=600_000)
        total = time.perf_counter() - started
        graph = page.locator("#graph")
        nodes = int(graph.get_attribute("data-nodes") or 0)
        layout_ms = int(graph.get_attribute("data-layout-ms") or 0)
        browser.close()
    return {"nodes": nodes, "layout_ms": layout_ms, "trace_and_render_s": round(total, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=15.0, help="how long to drive")
    parser.add_argument("--scale", default="tiny", help="scale of the synthetic country")
    parser.add_argument("--each", type=int, default=100, help="pages of each kind")
    parser.add_argument("--fanout", type=int, default=10, help="explorer tree: children each")
    parser.add_argument("--depth", type=int, default=3, help="explorer tree: levels")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument(
        "--ungrouped",
        action="store_true",
        help="also run PostgreSQL with one audit entry per commit (the path before groups)",
    )
    args = parser.parse_args()
    results: dict[str, Any] = {"rate": args.rate, "seconds": args.seconds, "scale": args.scale}
    results["workers"] = args.workers
    with tempfile.TemporaryDirectory(prefix="api-load-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        lake = build_lake(work, args.scale, 7)
        urls = entity_urls(lake, args.each)
        results["setup_s"] = round(time.perf_counter() - started, 1)
        results["pages"] = len(urls)
        transfers = lake / "tables" / "transfers"
        with postgres_database() as url, server(work / "pg", url, transfers, args.workers) as base:
            results["postgresql"] = load(base, urls, args.rate, args.seconds)
        if args.ungrouped:
            with (
                postgres_database() as url,
                server(work / "pg1", url, transfers, args.workers, group=1) as base,
            ):
                results["postgresql_ungrouped"] = load(base, urls, args.rate, args.seconds)
        sqlite = f"sqlite:///{work / 'cases.sqlite'}"
        with server(work / "sqlite", sqlite, transfers, args.workers) as base:
            results["sqlite"] = load(base, urls, args.rate, args.seconds)
        tree, root, count = tree_transfers(work / "tree.parquet", args.fanout, args.depth)
        tree_db = f"sqlite:///{work / 'tree.sqlite'}"
        with server(work / "tree", tree_db, tree, 1) as base:
            results["explorer"] = {"instruments": count} | explorer(base, root, count)
    pg = results["postgresql"]
    results["pass"] = bool(
        pg["p99_ms"] <= 100 and pg["errors"] == 0 and results["explorer"]["nodes"] >= 1000
    )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
