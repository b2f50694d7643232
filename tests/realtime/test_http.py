"""`POST /v1/decisions`: one transfer or a batch; a malformed one is a 422 naming the field;
concurrent requests are decided together, each answered with its own decisions."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from moneytrail.detect import model as gbm
from moneytrail.realtime.http import Batcher, create_decisions_app
from moneytrail.realtime.schema import TransferIn
from moneytrail.realtime.service import DecisionService
from moneytrail.realtime.tx import Tx


def _transfer(tid: str, minute: int, **change: Any) -> dict[str, Any]:
    base = {
        "transfer_id": tid,
        "ts": f"2026-03-01T12:{minute:02d}:00Z",
        "amount_minor": 1_500_000,
        "currency": "KZT",
        "channel": "p2p",
        "src_instrument": "acct:1",
        "dst_instrument": "acct:2",
    }
    return {**base, **change}


@pytest.fixture
def client(online_model: Path, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    log = tmp_path / "decisions.jsonl"
    service = DecisionService(gbm.load(online_model), {"acct:9": 0}, log=log)
    yield TestClient(create_decisions_app(service)), log
    service.close()


def test_one_transfer_and_a_batch(client: tuple[TestClient, Path]) -> None:
    http, log = client
    one = http.post("/v1/decisions", json=_transfer("t1", 0))
    assert one.status_code == 200
    decision = one.json()
    assert decision["transfer_id"] == "t1"
    assert decision["action"] in ("allow", "review", "block")
    assert decision["model_version"] == "gbm-online-v1"
    assert decision["reasons"]
    assert decision["reasons"][0]["text"]
    batch = [_transfer("t2", 1), _transfer("t3", 2, dst_instrument="acct:9")]
    many = http.post("/v1/decisions", json=batch).json()["decisions"]
    assert [d["transfer_id"] for d in many] == ["t2", "t3"]
    assert many[0]["inputs"]["src_n_out_1h"] == 2.0  # the state saw t1 first
    assert many[1]["action"] == "block"  # the receiver is a known shop requisite
    assert "known_requisite" in many[1]["rules_fired"]
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    assert [x["transfer_id"] for x in lines] == ["t1", "t2", "t3"]


def test_malformed_transfer_is_422_naming_the_field(client: tuple[TestClient, Path]) -> None:
    http, log = client
    bad = http.post("/v1/decisions", json=[_transfer("a", 0), _transfer("b", 1, amount_minor="x")])
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", 1, "amount_minor"]
    naive = http.post("/v1/decisions", json=_transfer("c", 0, ts="2026-03-01T12:00:00"))
    assert naive.json()["detail"][0]["loc"] == ["body", "ts"]
    broken = http.post("/v1/decisions", content=b"{not json")
    assert broken.status_code == 422
    assert not log.exists() or log.read_text() == ""  # nothing half-applied
    assert http.post("/v1/decisions", json=_transfer("d", 3)).status_code == 200
    assert http.get("/v1/health").json()["status"] == "ok"


def test_concurrent_requests_are_decided_in_one_batch(online_model: Path, tmp_path: Path) -> None:
    log = tmp_path / "decisions.jsonl"
    service = DecisionService(gbm.load(online_model), {}, log=log)
    calls: list[int] = []
    decide_json = service.decide_json

    def counted(batch: Sequence[Tx]) -> list[str]:
        calls.append(len(batch))
        return decide_json(batch)

    service.decide_json = counted  # type: ignore[method-assign]
    batcher = Batcher(service)
    requests = [
        [TransferIn.model_validate(_transfer(f"r{r}t{i}", r * 3 + i)).to_tx() for i in range(r + 1)]
        for r in range(3)
    ]

    async def together() -> list[list[str]]:
        return await asyncio.gather(*(batcher.decide(batch) for batch in requests))

    try:
        answers = asyncio.run(together())
    finally:
        service.close()
    assert calls == [6]  # three requests, one batch
    for batch, lines in zip(requests, answers, strict=True):
        assert [json.loads(x)["transfer_id"] for x in lines] == [tx.transfer_id for tx in batch]
    logged = [json.loads(x)["transfer_id"] for x in log.read_text().splitlines()]
    assert logged == [tx.transfer_id for batch in requests for tx in batch]
