"""Decisions from JetStream survive `kill -9`: none lost, none twice, the same as without a crash.

Talks only to the NATS server on loopback; skips, saying so, when it is not running.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import nats
import pyarrow as pa
import pytest

from moneytrail.detect import model as gbm
from moneytrail.realtime.replay import arrival_order
from moneytrail.realtime.schema import TransferIn
from moneytrail.realtime.service import DecisionService

URL = "nats://127.0.0.1:4222"
N = 2500


def _nats_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 4222), timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not _nats_up(), reason="no NATS server on 127.0.0.1:4222")


def _messages(transfers: pa.Table) -> list[bytes]:
    rows = arrival_order(transfers).slice(0, N).to_pylist()
    keep = ["transfer_id", "amount_minor", "currency", "channel", "src_instrument"]
    keep += ["dst_instrument", "src_instrument_kind", "dst_instrument_kind"]
    out = [
        json.dumps({**{k: r[k] for k in keep}, "ts": r["ts"].isoformat()}).encode() for r in rows
    ]
    out.insert(50, b'{"transfer_id": "bad", "amount_minor": "lots"}')
    return out


async def _publish(stream: str, subject: str, messages: list[bytes]) -> None:
    nc = await nats.connect(URL)
    js = nc.jetstream()
    await js.add_stream(name=stream, subjects=[subject])
    for m in messages:
        await js.publish(subject, m)
    await nc.close()


async def _drop(*streams: str) -> None:
    nc = await nats.connect(URL)
    js = nc.jetstream()
    for s in streams:
        with contextlib.suppress(nats.js.errors.NotFoundError):
            await js.delete_stream(s)
    await nc.close()


def _command(model: Path, state: Path, stream: str, subject: str, workers: int) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from moneytrail.cli.main import main; main()",
        "serve",
        "decisions",
        "--source=nats",
        f"--model={model}",
        f"--state={state}",
        f"--stream={stream}",
        f"--subject={subject}",
        f"--decisions-subject={subject}.decisions",
        "--snapshot-every=400",
        "--idle-exit=3",
        f"--workers={workers}",
    ]


def _lines(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_bytes().split(b"\n")[:-1]]


@pytest.mark.parametrize("which", ["online_model", "hits_model"])
def test_kill_9_mid_stream_loses_and_repeats_nothing(
    which: str, request: pytest.FixtureRequest, sim_transfers: pa.Table, tmp_path: Path
) -> None:
    """Also with accounts blocked on their 2nd block-level transfer (`hits_model`): the
    counts travel in the snapshot and are replayed."""
    online_model: Path = request.getfixturevalue(which)
    tag = uuid.uuid4().hex[:10]
    stream, subject = f"RT_{tag}", f"rt.{tag}.tx"
    messages = _messages(sim_transfers)
    asyncio.run(_publish(stream, subject, messages))
    state = tmp_path / "state"
    env = {**os.environ, "MONEYTRAIL_DATA_DIR": str(tmp_path / "data")}
    try:
        first = subprocess.Popen(_command(online_model, state, stream, subject, 1), env=env)
        log = state / "decisions.jsonl"
        deadline = time.monotonic() + 240
        while len(_lines(log)) < 1000 and time.monotonic() < deadline:
            time.sleep(0.2)
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        killed_at = len(_lines(log))
        assert 1000 <= killed_at < N, "the crash must come mid-stream"
        again = subprocess.run(_command(online_model, state, stream, subject, 2), env=env)
        assert again.returncode == 0
    finally:
        asyncio.run(_drop(stream, f"{stream}_DECISIONS"))
    reference = DecisionService(gbm.load(online_model), {})
    good = [TransferIn.model_validate_json(m).to_tx() for i, m in enumerate(messages) if i != 50]
    expected = [d for i in range(0, len(good), 128) for d in reference.decide(good[i : i + 128])]
    got = _lines(log)
    assert [d["transfer_id"] for d in got] == [d.transfer_id for d in expected]
    for d, e in zip(got, expected, strict=True):
        assert (d["action"], d["score"], d["rules_fired"]) == (e.action, e.score, e.rules_fired)
        assert d["inputs"] == e.inputs
    quarantined = _lines(state / "quarantine.jsonl")
    assert len(quarantined) == 1
    assert "amount_minor" in quarantined[0]["fields"]
