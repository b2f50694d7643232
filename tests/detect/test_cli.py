"""`moneytrail detect train`, `detect score` and `eval detect --json` on a small AMLGentex file."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from moneytrail.cli.main import app
from moneytrail.detect.datasets import load
from moneytrail.realtime.replay import arrival_order


@pytest.fixture(scope="module")
def model_dir(agx_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("models")
    result = CliRunner().invoke(
        app, ["detect", "train", "--dataset", f"amlgentex:{agx_path}", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "cross-fitted on 5 folds" in result.output
    return next(out.glob("gbm-v1-*"))


def test_train_writes_versioned_artefacts(model_dir: Path) -> None:
    card = json.loads((model_dir / "card.json").read_text())
    assert model_dir.name == f"{card['version']}-{card['data_hash'][:12]}"
    assert {"model.txt", "calibration.json", "card.json"} <= {p.name for p in model_dir.iterdir()}
    assert card["thresholds"]["review"] <= card["thresholds"]["block"]
    assert card["metrics"]["design"] == "crossfit"
    assert card["thresholds"]["block_hits"] == 2


def test_train_single_split_says_so(agx_path: Path, tmp_path: Path) -> None:
    args = ["detect", "train", "--dataset", f"amlgentex:{agx_path}", "--out", str(tmp_path)]
    result = CliRunner().invoke(app, [*args, "--single-split"])
    assert result.exit_code == 0, result.output
    assert "test account F1" in result.output
    card = json.loads(next(tmp_path.glob("gbm-v1-*/card.json")).read_text())
    assert card["metrics"]["design"] == "single-split"
    assert card["thresholds"]["block_hits"] == 1


def test_score_decides_every_transfer(model_dir: Path, agx_path: Path, tmp_path: Path) -> None:
    transfers = load(f"amlgentex:{agx_path}").transfers.slice(0, 300)
    source = tmp_path / "transfers.parquet"
    pq.write_table(transfers, source)
    out = tmp_path / "decisions.jsonl"
    args = ["detect", "score", str(source), "--model", str(model_dir), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output.strip().splitlines()[-1])
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert sum(counts.values()) == len(records) == 300
    assert {r["transfer_id"] for r in records} == set(transfers["transfer_id"].to_pylist())
    assert all(r["action"] in ("allow", "review", "block") and r["reasons"] for r in records)
    assert all(r["model_version"] == "gbm-v1" for r in records)


def test_score_blocks_an_account_on_its_second_block_level_transfer(
    model_dir: Path, agx_path: Path, tmp_path: Path
) -> None:
    transfers = load(f"amlgentex:{agx_path}").transfers
    source = tmp_path / "transfers.parquet"
    pq.write_table(transfers, source)
    out = tmp_path / "decisions.jsonl"
    args = ["detect", "score", str(source), "--model", str(model_dir), "--out", str(out)]
    assert CliRunner().invoke(app, args).exit_code == 0
    block = json.loads((model_dir / "card.json").read_text())["thresholds"]["block"]
    by_id = {r["transfer_id"]: r for r in map(json.loads, out.read_text().splitlines())}
    order = arrival_order(transfers).select(["transfer_id", "dst_instrument"]).to_pylist()
    hits: Counter[str] = Counter()
    for row in order:
        r = by_id[row["transfer_id"]]
        if r["score"] < block or r["rules_fired"]:
            continue
        hits[row["dst_instrument"]] += 1
        assert r["action"] == ("block" if hits[row["dst_instrument"]] >= 2 else "review")
    assert sum(n >= 2 for n in hits.values()) >= 1  # the fan-in hubs are blocked


def test_eval_json_is_one_object_with_test_metrics(agx_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["eval", "detect", "--dataset", f"amlgentex:{agx_path}", "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert report["dataset"] == "amlgentex"
    for level in ("transactions", "accounts"):
        assert set(report["test"][level]) == {"precision", "recall", "f1", "pr_auc"}
    assert report["test"]["accounts"]["f1"] >= 0.8  # the planted fan-in groups are found
    assert report["split"]["validation_from"] < report["split"]["test_from"]
