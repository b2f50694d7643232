"""A canonical transfer row becomes an FtM Payment, its amount exact."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest

from moneytrail.model.ftm import FtmError, check_entity, entity_id, from_entity, transfer_entity
from moneytrail.model.records import PaymentRecord
from moneytrail.model.transfers import TRANSFER_SCHEMA, InstrumentKind
from tests.model.test_ftm import TOKEN, TS


def _transfer(**changes: Any) -> dict[str, Any]:
    row = dict.fromkeys(TRANSFER_SCHEMA.names) | {
        "transfer_id": "tr-9",
        "ts": TS,
        "amount_minor": 12_500_000,
        "currency": "USDT",
        "chain": "tron",
        "channel": "crypto_transfer",
        "src_party": "p-1",
        "src_instrument": "TXsrc",
        "src_instrument_kind": InstrumentKind.WALLET.value,
        "dst_instrument": TOKEN,
        "source": "tronscan",
    }
    table = pa.Table.from_pylist([row | changes], schema=TRANSFER_SCHEMA)
    landed: dict[str, Any] = table.to_pylist()[0]
    return landed


def test_a_transfer_row_becomes_a_payment() -> None:
    payment = transfer_entity(_transfer())
    assert check_entity(payment.to_dict()) == []
    assert payment.get("amount") == ["12.500000"]
    assert payment.get("date") == ["2024-05-01T09:30:15"]
    assert payment.get("payer") == [entity_id("party", "p-1")]
    assert payment.get("beneficiary") == [entity_id("party", f"holder:{TOKEN}")]
    assert payment.get("beneficiaryAccount") == [entity_id("instrument", TOKEN)]
    record = from_entity(payment)
    assert isinstance(record, PaymentRecord)
    assert (record.amount, record.chain, record.source) == (Decimal("12.5"), "tron", "tronscan")


def test_a_transfer_without_party_or_instrument_gets_a_party_of_its_own() -> None:
    record = from_entity(transfer_entity(_transfer(src_party=None, src_instrument=None)))
    assert isinstance(record, PaymentRecord)
    assert record.payer_id == "unknown:tr-9:src"


def test_a_transfer_in_an_unknown_currency_is_an_error() -> None:
    with pytest.raises(FtmError, match="unknown currency 'XYZ'"):
        transfer_entity(_transfer(currency="XYZ"))
    with pytest.raises(FtmError, match="channel is missing"):
        transfer_entity(_transfer() | {"channel": None})
