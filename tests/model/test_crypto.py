"""The crypto_transfers schema and the view of its legs as canonical transfers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
import pytest

from moneytrail.model.crypto import (
    CRYPTO_TRANSFER_SCHEMA,
    as_transfer,
    crypto_row,
    wallet_id,
)
from moneytrail.model.transfers import TRANSFER_SCHEMA

TS = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
TX = "ab" * 32


def _leg(**cells: Any) -> dict[str, Any]:
    base = {
        "chain": "tron", "txid": TX, "ts": TS, "leg_kind": "transfer", "leg": 0, "asset": "USDT",
        "decimals": 6, "amount_minor": 150_000_000, "from_address": "TA", "to_address": "TB",
        "source": "test",
    }  # fmt: skip
    return crypto_row(**(base | cells))


def test_rows_fit_the_schema() -> None:
    table = pa.Table.from_pylist(
        [_leg(), _leg(leg=1, input_addresses=["x"])], schema=CRYPTO_TRANSFER_SCHEMA
    )
    table.validate(full=True)
    assert table.num_rows == 2


def test_unknown_columns_are_refused() -> None:
    with pytest.raises(KeyError, match="amount"):
        crypto_row(amount=1)


def test_a_tron_usdt_leg_is_a_transfer() -> None:
    transfer = as_transfer(_leg())
    assert transfer is not None
    assert set(transfer) == set(TRANSFER_SCHEMA.names)
    assert transfer["transfer_id"] == f"tron:{TX}:0"
    assert (transfer["src_instrument"], transfer["dst_instrument"]) == (
        wallet_id("tron", "TA"),
        "tron:TB",
    )
    assert (transfer["channel"], transfer["chain"], transfer["currency"]) == (
        "crypto_transfer",
        "tron",
        "USDT",
    )
    pa.Table.from_pylist([transfer], schema=TRANSFER_SCHEMA).validate(full=True)


@pytest.mark.parametrize(
    "cells",
    [
        {"asset": "TRX"},  # not a currency moneytrail counts in
        {"decimals": 18},  # not USDT's 6 decimals
        {"amount_minor": None},
        {"from_address": None},
    ],
)
def test_legs_that_are_not_one_payment_stay_out(cells: dict[str, Any]) -> None:
    assert as_transfer(_leg(**cells)) is None


def _output(**cells: Any) -> dict[str, Any]:
    base = {
        "chain": "bitcoin", "leg_kind": "output", "asset": "BTC", "decimals": 8,
        "amount_minor": 5_000, "from_address": "bc1qa", "to_address": "bc1qb",
        "input_addresses": ["bc1qa"],
    }  # fmt: skip
    return _leg(**(base | cells))


def test_bitcoin_outputs_of_a_single_payer_map_change_does_not() -> None:
    assert as_transfer(_output()) is not None
    assert as_transfer(_output(to_address="bc1qa")) is None  # change back to the payer
    assert as_transfer(_output(from_address=None, input_addresses=["bc1qa", "bc1qc"])) is None
    assert as_transfer(_output(leg_kind="input")) is None
    assert as_transfer(_output(to_address=None)) is None  # OP_RETURN
