"""TRON TRC-20 transfers from TronGrid JSON and Tronscan CSV."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moneytrail.ingest.readers.tron import TronReader
from moneytrail.model.transfers import TRANSFER_SCHEMA
from tests.ingest.fixtures.harness import (
    FIXTURES,
    MUTATIONS,
    assert_accounted,
    assert_rejections_explained,
    run,
    spoil_line,
)

GRID = FIXTURES / "trongrid_trc20.json"
SCAN = FIXTURES / "tronscan_trc20.csv"
BUYER, SHOP = "TKyT92sqrpw7ArsEw8JJwQV98qVttg1KHo", "TNsinu2RJA9T7ocGiXFBC8nQL5b137TAWk"
TX1 = "628b49d96dcde97a430dd4f597705899e09a968f793491e4b704cae33a40dc02"
READER = TronReader()


def test_sniffs_both_shapes_and_not_other_json() -> None:
    assert READER.sniff(GRID, GRID.read_bytes()[:2048])
    assert READER.sniff(SCAN, SCAN.read_bytes()[:2048])
    assert not READER.sniff(Path("x.json"), b'{"txid": "ab", "vin": []}')
    assert not READER.sniff(Path("x.csv"), "Дата;Сумма\n".encode())


def test_trongrid_answer_lands_usdt_legs_transfers_and_wallets() -> None:
    result = run(READER, GRID)
    legs = result.rows("crypto_transfers")
    assert len(legs) == 2
    first = legs[0]
    assert (first["txid"], first["leg"], first["leg_kind"]) == (TX1, 0, "transfer")
    assert (first["from_address"], first["to_address"]) == (BUYER, SHOP)
    assert (first["asset"], first["decimals"], first["amount_minor"]) == ("USDT", 6, 150_000_000)
    assert first["ts"] == datetime(2024, 5, 1, 9, 30, 15, tzinfo=UTC)
    assert legs[1]["ts"].microsecond == 123_000  # milliseconds kept exactly
    transfers = result.rows("transfers")
    assert [t["transfer_id"] for t in transfers] == [f"tron:{TX1}:0", f"tron:{legs[1]['txid']}:0"]
    assert transfers[0]["src_instrument"] == f"tron:{BUYER}"
    assert transfers[0]["channel"] == "crypto_transfer"
    assert transfers[0]["chain"] == "tron"
    wallets = {row["instrument_id"] for row in result.rows("instruments")}
    assert wallets == {f"tron:{BUYER}", f"tron:{SHOP}", "tron:TQ72U8jEHTQBdsFELdsxwfw3GGqz1vaTyK"}


def test_trongrid_bad_address_and_approval_are_rejected_with_field_and_line() -> None:
    result = run(READER, GRID)
    reasons = {r.line: r.reason for r in result.rejected}
    assert reasons[31].startswith("to: 'TNsinu2RJA9T7ocGiXFBC8nQL5b137TAWX' is not a TRON address")
    assert reasons[45] == "type: 'Approval' is not a transfer"
    assert_accounted(result, "crypto_transfers", [3, 17, 31, 45])
    assert_rejections_explained(result, GRID)


def test_tronscan_csv_matches_trongrid_for_the_same_transfer() -> None:
    grid, scan = run(READER, GRID), run(READER, SCAN)
    same = {"txid", "ts", "from_address", "to_address", "asset", "amount_minor", "decimals"}
    first = scan.rows("crypto_transfers")[0]
    assert {k: first[k] for k in same} == {k: grid.rows("crypto_transfers")[0][k] for k in same}
    assert first["block"] == 61_523_004
    assert scan.rows("crypto_transfers")[1]["amount_minor"] == 1_450_500_000


def test_tronscan_trx_leg_is_second_leg_and_stays_out_of_transfers() -> None:
    result = run(READER, SCAN)
    trx = [leg for leg in result.rows("crypto_transfers") if leg["asset"] == "TRX"]
    assert len(trx) == 1
    assert trx[0]["leg"] == 1
    assert trx[0]["amount_minor"] == 12_500_000
    assert all(t["currency"] == "USDT" for t in result.rows("transfers"))
    assert [r.reason for r in result.rejected] == ["Amount: 'abc' is not a number"]
    assert_accounted(result, "crypto_transfers", [2, 3, 4, 5])


def test_one_answer_per_line_and_duplicates(tmp_path: Path) -> None:
    answer = json.loads(GRID.read_text())
    page = json.dumps({"data": answer["data"][:2], "meta": {}})
    path = tmp_path / "pages.json"
    path.write_text(f"{page}\n{page}\n")
    result = run(READER, path)
    assert len(result.rows("crypto_transfers")) == 2
    assert [r.line for r in result.rejected] == [2, 2]
    assert all("duplicate of the transfer at line 1" in r.reason for r in result.rejected)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("value", "-5", "value: '-5' is not a whole number"),
        ("value", 1.5, "value: '1.5' is not a whole number"),
        ("block_timestamp", "soon", "block_timestamp: 'soon' is not a whole number"),
        ("transaction_id", "xyz", "transaction_id: 'xyz' is not a 64-digit hex"),
        ("from", None, "from: is missing"),
        ("token_info", [], "token_info: '[]' is not an object"),
    ],
)
def test_wrong_values_name_the_field(
    tmp_path: Path, field: str, value: object, reason: str
) -> None:
    record = json.loads(GRID.read_text())["data"][0] | {field: value}
    path = tmp_path / "one.json"
    path.write_text(json.dumps([record]))
    result = run(READER, path)
    assert not result.landed
    assert result.rejected[0].reason.startswith(reason)


def test_broken_array_rejects_the_rest_once(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_bytes(GRID.read_bytes()[:900])
    result = run(READER, path)
    assert len(result.rows("crypto_transfers")) == 1
    assert len(result.rejected) == 1
    assert "unreadable" in result.rejected[0].reason


@settings(max_examples=60)
@given(
    index=st.integers(min_value=1, max_value=4),
    how=st.sampled_from(MUTATIONS),
    at=st.integers(min_value=0, max_value=400),
)
def test_a_spoiled_csv_line_is_rejected_or_landed_never_lost(
    tmp_path_factory: pytest.TempPathFactory, index: int, how: str, at: int
) -> None:
    path = tmp_path_factory.mktemp("tron") / "spoiled.csv"
    path.write_bytes(spoil_line(SCAN.read_bytes(), index, how, at))
    result = run(READER, path)
    assert_accounted(result, "crypto_transfers", [2, 3, 4, 5])
    assert_rejections_explained(result, path)
    for table, rows in result.landed.items():
        if table == "transfers":
            assert set(rows[0]) == set(TRANSFER_SCHEMA.names)


@settings(max_examples=40)
@given(
    how=st.sampled_from(MUTATIONS),
    at=st.integers(min_value=0, max_value=400),
    index=st.integers(min_value=0, max_value=2),
)
def test_spoiled_json_lines_never_crash_or_lose_a_record(
    tmp_path_factory: pytest.TempPathFactory, how: str, at: int, index: int
) -> None:
    records = json.loads(GRID.read_text())["data"][:3]
    data = "\n".join(json.dumps(r) for r in records).encode()
    path = tmp_path_factory.mktemp("tron") / "spoiled.jsonl"
    path.write_bytes(spoil_line(data, index, how, at))
    result = run(READER, path)
    assert_accounted(result, "crypto_transfers", [1, 2, 3])
    assert_rejections_explained(result, path)


def test_an_open_quote_spoils_only_its_own_line(tmp_path: Path) -> None:
    lines = SCAN.read_text().splitlines()
    lines[1] = lines[1].replace('"61,523,004"', '"61,523,004')
    path = tmp_path / "quote.csv"
    path.write_text("\n".join(lines) + "\n")
    result = run(READER, path)
    assert [r.line for r in result.rejected] == [2, 5]
    assert result.lines("crypto_transfers") == {3, 4}
