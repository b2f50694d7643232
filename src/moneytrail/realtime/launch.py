"""Starting the decision service from the command line: over HTTP or from a stream."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from moneytrail.detect import model as gbm
from moneytrail.realtime.account import Known
from moneytrail.realtime.replay import known_of
from moneytrail.realtime.service import DecisionService
from moneytrail.realtime.stream import StreamConfig, StreamRunner, restore


@dataclass(frozen=True)
class Options:
    """What every way of serving needs."""

    model_dir: Path
    known: Path | None
    workers: int
    state_dir: Path


def load_known(path: Path | None) -> Known:
    """Known requisites from a Parquet file of (instrument, since), or none."""
    return known_of(pq.read_table(path, columns=["instrument", "since"]) if path else None)


def stream_config(
    url: str, names: tuple[str, str, str], state_dir: Path, every: int, idle: float | None
) -> StreamConfig:
    """A `StreamConfig` from the command's options."""
    stream, subject, out_subject = names
    return StreamConfig(url, stream, subject, out_subject, state_dir, 128, every, idle)


def run_stream(opts: Options, cfg: StreamConfig) -> int:
    """Restore, consume until idle or stopped, snapshot; the last sequence applied."""
    snap, logged, at = restore(cfg)
    service = DecisionService(
        gbm.load(opts.model_dir),
        load_known(opts.known),
        opts.workers,
        cfg.state_dir / "decisions.jsonl",
        snap,
    )
    runner = StreamRunner(service, cfg, logged, at)
    try:
        last = asyncio.run(runner.run())
        runner.save()
        return last
    finally:
        service.close()


def run_http(opts: Options, host: str, port: int, log_level: str) -> None:
    """Serve `POST /v1/decisions` until stopped; decisions go to the state folder's log."""
    import uvicorn

    from moneytrail.realtime.http import create_decisions_app

    opts.state_dir.mkdir(parents=True, exist_ok=True)
    service = DecisionService(
        gbm.load(opts.model_dir),
        load_known(opts.known),
        opts.workers,
        opts.state_dir / "decisions.jsonl",
    )
    try:
        uvicorn.run(create_decisions_app(service), host=host, port=port, log_level=log_level)
    finally:
        service.close()
