"""The last gate before the lake: schema, required values, never a clear card number."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pyarrow as pa
import pytest

from moneytrail.ingest.conform import conform
from moneytrail.ingest.contract import Landed, ReaderError
from moneytrail.model.ids.base import IdKind, Tokenizer
from moneytrail.model.ids.card import complete_pan
from moneytrail.model.transfers import TRANSFER_SCHEMA

PAN = complete_pan("440043123456789")


def _row(**cells: Any) -> dict[str, Any]:
    base = {
        "transfer_id": "t",
        "ts": datetime(2025, 1, 1, tzinfo=UTC),
        "amount_minor": 1,
        "currency": "KZT",
        "channel": "p2p",
        "source": "s",
    }
    return dict.fromkeys(TRANSFER_SCHEMA.names) | base | cells


def _table(rows: list[dict[str, Any]]) -> pa.Table:
    loose = pa.schema([f.with_nullable(True) for f in TRANSFER_SCHEMA])
    return pa.Table.from_pylist(rows, schema=loose)


def test_rows_without_required_values_are_rejected_with_the_column() -> None:
    good, bad = conform(Landed("transfers", _table([_row(), _row(currency=None, row=7)])), "f")
    assert good.num_rows == 1
    assert good.schema.equals(TRANSFER_SCHEMA)
    assert bad is not None
    assert bad.rows.to_pylist()[0] | {"raw": None} == {
        "file": "f",
        "line": 7,
        "reason": "currency: required",
        "raw": None,
    }


def test_a_clear_card_number_never_lands_and_is_masked_in_the_reject() -> None:
    token = Tokenizer(b"k").token(IdKind.CARD, PAN)
    rows = [
        _row(src_instrument=token, src_instrument_kind="card"),
        _row(dst_instrument=PAN, dst_instrument_kind="card"),
    ]
    good, bad = conform(Landed("transfers", _table(rows)), "f")
    assert good.column("src_instrument").to_pylist() == [token]
    assert bad is not None
    assert bad.rows.column("reason").to_pylist() == [
        "dst_instrument: a card must be a keyed token, never in clear"
    ]


def test_missing_optional_columns_are_filled_and_required_ones_fail_the_file() -> None:
    good, _ = conform(Landed("transfers", _table([_row()]).drop_columns(["mcc"])), "f")
    assert good.column("mcc").to_pylist() == [None]
    with pytest.raises(ReaderError, match="required column 'currency'"):
        conform(Landed("transfers", _table([_row()]).drop_columns(["currency"])), "f")
    with pytest.raises(ReaderError, match="no canonical table"):
        conform(Landed("nonsense", _table([_row()])), "f")
