"""Outputs: the canonical transfer schema, daily files in time order, observable data with
no ground truth in it, a manifest whose hashes match the files."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq

from moneytrail.model.crypto import CRYPTO_TRANSFER_SCHEMA
from moneytrail.model.transfers import TRANSFER_SCHEMA
from moneytrail.sim.manifest import read_manifest, sha256
from tests.sim.conftest import SEED

TRUTH_WORDS = {"role", "is_drug", "shop_id", "path_id", "stage", "lab_front_of", "is_watchlisted"}


def test_transfers_are_canonical_daily_files_in_time_order(world: Path) -> None:
    files = sorted((world / "observable/bank/transfers").glob("*.parquet"))
    assert len(files) == 30
    ids: set[str] = set()
    for path in files:
        table = pq.read_table(path)
        assert table.schema.equals(TRANSFER_SCHEMA, check_metadata=False)
        ts = table.column("ts").to_pylist()
        assert ts == sorted(ts)
        assert table.column("row").to_pylist() == list(range(table.num_rows))
        assert set(table.column("file").to_pylist()) == {path.relative_to(world).as_posix()}
        ids.update(table.column("transfer_id").to_pylist())
    assert len(ids) == read_manifest(world)["counts"]["transfers"]


def test_row_groups_have_the_configured_size(world: Path) -> None:
    group = read_manifest(world)["config"]["output"]["row_group_rows"]
    legs = pq.ParquetFile(world / "derived/bitcoin_legs.parquet").metadata
    sizes = [legs.row_group(i).num_rows for i in range(legs.num_row_groups)]
    assert all(size == group for size in sizes[:-1])
    assert sizes[-1] <= group


def test_crypto_ledgers_use_the_canonical_crypto_schema(world: Path) -> None:
    for name in ("observable/crypto/tron_usdt_transfers", "derived/bitcoin_legs"):
        schema = pq.read_schema(world / f"{name}.parquet")
        assert schema.equals(CRYPTO_TRANSFER_SCHEMA, check_metadata=False)


def test_bitcoin_json_lines_are_getrawtransaction_answers(world: Path) -> None:
    lines = (world / "observable/crypto/bitcoin_getrawtransaction.jsonl").read_text().splitlines()
    legs = pq.read_table(world / "derived/bitcoin_legs.parquet", columns=["txid"])
    txids = set(legs.column("txid").to_pylist())
    assert len(lines) == len(txids)
    for line in lines[:50]:
        tx = json.loads(line)
        assert tx["txid"] in txids
        assert all({"txid", "vout"} <= set(vin) for vin in tx["vin"])
        assert [out["n"] for out in tx["vout"]] == list(range(len(tx["vout"])))
        assert all(out["scriptPubKey"]["address"] for out in tx["vout"])


def test_observable_files_carry_no_ground_truth(world: Path) -> None:
    for path in (world / "observable").rglob("*.parquet"):
        names = set(pq.read_schema(path).names)
        assert not names & TRUTH_WORDS, path


def test_the_manifest_hashes_every_file(world: Path) -> None:
    manifest = read_manifest(world)
    files = {
        p.relative_to(world).as_posix()
        for part in ("observable", "derived", "truth")
        for p in (world / part).rglob("*")
        if p.is_file()
    }
    assert set(manifest["files"]) == files
    for name in list(manifest["files"])[:40]:
        assert manifest["files"][name] == sha256(world / name)
    assert manifest["seed"] == SEED
    assert manifest["scale"] == "tiny"


def test_generators_wrote_their_parts(world: Path) -> None:
    counts = read_manifest(world)["counts"]
    assert counts["online.drug_posts"] > 0
    assert counts["customs.declarations"] > 0
    assert counts["passengers.passengers"] > 0
    assert (world / "observable/online/telegram").is_dir()
    assert (world / "truth/customs.parquet").is_file()
