"""Bitcoin Core verbose transactions: legs for clustering, payments, exact satoshi."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moneytrail.ingest.readers.bitcoin import BitcoinReader
from tests.ingest.fixtures.harness import (
    FIXTURES,
    MUTATIONS,
    assert_accounted,
    assert_rejections_explained,
    run,
    spoil_line,
)

TXS = FIXTURES / "bitcoin_txs.jsonl"
A = "bc1q2kdw45yzvn2hjhfep9ccehg9402f2uhgqpnhp7"
B = "1MNjA43aPQgVLe7yEjCgbWgLpozCeq4LSj"
C = "3BTX4FTCrgwL724seRbVP4ETKdvM2N6HMb"
READER = BitcoinReader()


def _legs(txid_prefix: str) -> list[dict[str, Any]]:
    rows = run(READER, TXS).rows("crypto_transfers")
    return [row for row in rows if row["txid"].startswith(txid_prefix)]


def _lines() -> list[dict[str, Any]]:
    return [json.loads(line, parse_float=Decimal) for line in TXS.read_text().splitlines()]


def test_sniffs_core_json_only() -> None:
    assert READER.sniff(TXS, TXS.read_bytes()[:4096])
    assert not READER.sniff(Path("x.json"), b'{"data": [{"transaction_id": "ab"}]}')


def test_every_input_and_output_is_a_leg_and_bad_transactions_are_rejected_whole() -> None:
    result = run(READER, TXS)
    kinds = [(row["row"], row["leg_kind"]) for row in result.rows("crypto_transfers")]
    assert len(kinds) == 13
    assert kinds.count((2, "input")) == 2
    assert kinds.count((2, "output")) == 2
    reasons = {r.line: r.reason for r in result.rejected}
    assert reasons[5].startswith(
        "vout[0].scriptPubKey.address: '1MNjA43aPQgVLe7yEjCgbWgLpozCeq4LSx'"
    )
    assert reasons[6] == "vout[0].value: 0.123456789 has more than 8 decimals"
    assert_accounted(result, "crypto_transfers", range(1, 7))
    assert_rejections_explained(result, TXS)


def test_values_are_exact_satoshi_and_the_fee_is_kept() -> None:
    pay = _legs("9350872d")
    assert [leg["amount_minor"] for leg in pay] == [40_000_000, 40_000_000, 50_000_000, 29_990_000]
    assert {leg["fee_minor"] for leg in pay} == {10_000}
    cospend = _legs("a8f5d96a")
    assert {leg["fee_minor"] for leg in cospend} == {10_000}  # computed from the prevouts


def test_co_spend_inputs_are_listed_on_every_row() -> None:
    cospend = _legs("a8f5d96a")
    assert all(leg["input_addresses"] == sorted([A, C]) for leg in cospend)
    inputs = [leg for leg in cospend if leg["leg_kind"] == "input"]
    assert [(leg["prev_vout"], leg["from_address"]) for leg in inputs] == [(1, A), (0, C)]
    assert inputs[0]["prev_txid"].startswith("9350872d")  # spends the change of the payment
    assert all(leg["from_address"] is None for leg in cospend if leg["leg_kind"] == "output")


def test_only_a_single_payer_output_to_another_address_is_a_transfer() -> None:
    transfers = run(READER, TXS).rows("transfers")
    assert len(transfers) == 1
    transfer = transfers[0]
    assert transfer["transfer_id"].endswith(":0")
    assert (transfer["src_instrument"], transfer["dst_instrument"]) == (
        f"bitcoin:{A}",
        f"bitcoin:{B}",
    )
    assert (transfer["amount_minor"], transfer["currency"]) == (50_000_000, "BTC")


def test_coinbase_op_return_and_unknown_prevouts() -> None:
    coinbase = _legs("103d6254")
    assert coinbase[0]["coinbase"] is True
    assert coinbase[0]["amount_minor"] is None
    assert coinbase[0]["block"] == 840_100
    assert coinbase[2]["to_address"] is None
    assert coinbase[2]["script_type"] == "nulldata"
    plain = _legs("3bfc2695")
    assert plain[0]["amount_minor"] is None
    assert plain[0]["prev_vout"] == 2
    assert plain[0]["fee_minor"] is None


def test_a_json_array_reads_like_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "txs.json"
    path.write_text(json.dumps(_lines()[:4], default=float, indent=2))
    as_array = run(READER, path).rows("crypto_transfers")
    as_lines = run(READER, TXS).rows("crypto_transfers")
    strip = ("file", "row")
    assert [{k: v for k, v in r.items() if k not in strip} for r in as_array] == [
        {k: v for k, v in r.items() if k not in strip} for r in as_lines
    ]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"blocktime": None, "time": None}, "blocktime: is missing"),
        ({"vin": []}, "vin: is missing or empty"),
        ({"vout": "none"}, "vout: is missing or empty"),
        ({"txid": 12}, "txid: '12' is not a 64-digit hex"),
        ({"fee": "-0.1"}, "fee: -0.1 is negative"),
        ({"blocktime": 10**20}, "blocktime: 100000000000000000000 is out of range"),
    ],
)
def test_wrong_fields_are_named(tmp_path: Path, change: dict[str, Any], reason: str) -> None:
    record = _lines()[1] | change
    path = tmp_path / "one.jsonl"
    path.write_text(
        json.dumps(record, default=float) + "\n" + json.dumps(_lines()[0], default=float)
    )
    result = run(READER, path)
    assert result.rejected[0].reason.startswith(reason)
    assert result.rejected[0].line == 1
    assert result.lines("crypto_transfers") == {2}


def test_duplicate_transaction_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "dup.jsonl"
    first = TXS.read_text().splitlines()[1]
    path.write_text(f"{first}\n{first}\n")
    result = run(READER, path)
    assert [r.reason for r in result.rejected] == ["txid: duplicate of the transaction at line 1"]


@settings(max_examples=60)
@given(
    index=st.integers(min_value=0, max_value=5),
    how=st.sampled_from(MUTATIONS),
    at=st.integers(min_value=0, max_value=1500),
)
def test_a_spoiled_line_never_crashes_or_loses_a_transaction(
    tmp_path_factory: pytest.TempPathFactory, index: int, how: str, at: int
) -> None:
    path = tmp_path_factory.mktemp("btc") / "spoiled.jsonl"
    path.write_bytes(spoil_line(TXS.read_bytes(), index, how, at))
    result = run(READER, path)
    assert_accounted(result, "crypto_transfers", range(1, 7))
    assert_rejections_explained(result, path)
