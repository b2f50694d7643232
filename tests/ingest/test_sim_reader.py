"""The simulator's Parquet: cards tokenized at the door, masks kept, truth as labels."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from moneytrail.ingest.contract import Landed, ReadContext, RejectedBatch
from moneytrail.ingest.readers.sim import SimReader
from moneytrail.ingest.schemas import DECLARATION_SCHEMA
from moneytrail.model.ids.base import IdKind, Tokenizer
from moneytrail.model.ids.card import complete_pan
from moneytrail.model.transfers import TRANSFER_SCHEMA

TOKENIZER = Tokenizer(b"k")
PAN = complete_pan("440043123456789")
OTHER = complete_pan("510000987654321")


def _transfer(n: int, src: str, kind: str = "card") -> dict[str, Any]:
    row = dict.fromkeys(TRANSFER_SCHEMA.names)
    return row | {
        "transfer_id": f"t{n}",
        "ts": datetime(2025, 3, 1, 12, tzinfo=UTC),
        "amount_minor": 100 * n,
        "currency": "KZT",
        "channel": "p2p",
        "src_instrument": src,
        "src_instrument_kind": kind,
        "dst_instrument": OTHER,
        "dst_instrument_kind": "card",
        "source": "bank:halyk" if n == 1 else None,
    }


def _read(path: Path) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
    landed: dict[str, list[dict[str, Any]]] = {}
    rejected: list[dict[str, Any]] = []
    for item in SimReader().read(path, ReadContext(TOKENIZER, "sim")):
        if isinstance(item, Landed):
            landed.setdefault(item.table, []).extend(item.rows.to_pylist())
        elif isinstance(item, RejectedBatch):
            rejected.extend(item.rows.to_pylist())
    return landed, rejected


def _write(path: Path, rows: list[dict[str, Any]], schema: pa.Schema) -> Path:
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)
    return path


def test_clear_card_numbers_become_tokens_and_masks(tmp_path: Path) -> None:
    rows = [
        _transfer(1, PAN),
        _transfer(2, "KZ86125KZT5004100100", "account"),
        _transfer(3, "4400431"),
    ]
    source = TRANSFER_SCHEMA.get_field_index("source")
    schema = TRANSFER_SCHEMA.set(source, TRANSFER_SCHEMA.field(source).with_nullable(True))
    path = _write(tmp_path / "transfers.parquet", rows, schema)
    assert SimReader().sniff(path, path.read_bytes()[:4])
    landed, rejected = _read(path)
    transfers = landed["transfers"]
    assert [t["transfer_id"] for t in transfers] == ["t1", "t2"]
    assert transfers[0]["src_instrument"] == TOKENIZER.token(IdKind.CARD, PAN)
    assert transfers[1]["src_instrument"] == "KZ86125KZT5004100100"
    assert {t["dst_instrument"] for t in transfers} == {TOKENIZER.token(IdKind.CARD, OTHER)}
    assert [(t["source"], t["file"], t["row"]) for t in transfers] == [
        ("bank:halyk", str(path), 1),
        ("sim", str(path), 2),
    ]
    assert [(r["line"], r["reason"]) for r in rejected] == [
        (3, "src_instrument: not a valid card number")
    ]
    assert PAN not in str(landed)
    assert OTHER not in str(landed)
    assert OTHER not in str(rejected)
    masks = {i["instrument_id"]: i["masked_cards"] for i in landed["instruments"]}
    assert masks[TOKENIZER.token(IdKind.CARD, PAN)] == [f"{PAN[:6]}******{PAN[-4:]}"]


def test_customs_declarations_land_with_their_id(tmp_path: Path) -> None:
    observed = [
        name
        for name in DECLARATION_SCHEMA.names
        if name not in ("declaration_id", "source", "file", "row")
    ]
    schema = pa.schema([DECLARATION_SCHEMA.field(name) for name in observed])
    row = dict.fromkeys(observed) | {
        "declaration_no": "55201/010325/0000001",
        "item_no": 2,
        "declaration_date": date(2025, 3, 1),
        "invoice_value": Decimal("10.50"),
    }
    landed, _ = _read(_write(tmp_path / "declarations.parquet", [row], schema))
    assert landed["declarations"][0]["declaration_id"] == "55201/010325/0000001/2"


def test_truth_transfer_labels_become_labels(tmp_path: Path) -> None:
    schema = pa.schema(
        [
            ("transfer_id", pa.string()),
            ("ledger", pa.string()),
            ("stage", pa.string()),
            ("shop_id", pa.string()),
            ("is_drug", pa.bool_()),
        ]
    )
    rows: list[dict[str, Any]] = [
        {
            "transfer_id": "t1",
            "ledger": "bank",
            "stage": "buyer_payment",
            "shop_id": "s1",
            "is_drug": True,
        },
        {
            "transfer_id": "ab12",
            "ledger": "tron",
            "stage": "exchanger_legit_buy",
            "shop_id": None,
            "is_drug": False,
        },
    ]
    landed, _ = _read(_write(tmp_path / "transfer_labels.parquet", rows, schema))
    got = [
        (lb["subject_kind"], lb["subject_id"], lb["label"], lb["typology"])
        for lb in landed["labels"]
    ]
    assert got == [
        ("transfer", "t1", "drug_money", "buyer_payment"),
        ("crypto_transfer", "ab12", "exchanger_trade", "exchanger_legit_buy"),
    ]


def test_other_parquet_is_not_the_simulators(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.parquet", [{"a": 1}], pa.schema([("a", pa.int64())]))
    assert not SimReader().sniff(path, path.read_bytes()[:4])


def test_companies_land_by_bin_and_a_bad_bin_is_rejected(tmp_path: Path) -> None:
    rows = [
        {"company_id": "C1", "bin": "180340021791", "name": "ТОО «Ромашка»", "kind": "chemicals"},
        {"company_id": "C2", "bin": "180340021792", "name": "ТОО «Лютик»", "kind": "merchant"},
        {"company_id": "C3", "bin": "180340021791", "name": " ", "kind": "merchant"},
    ]
    schema = pa.schema([(name, pa.string()) for name in rows[0]])
    landed, rejected = _read(_write(tmp_path / "companies.parquet", rows, schema))
    (company,) = landed["parties"]
    assert (company["party_id"], company["party_kind"], company["bin"]) == (
        "180340021791",
        "company",
        "180340021791",
    )
    assert (company["nationality"], company["sector"], company["row"]) == ("KZ", "chemicals", 1)
    assert [(r["line"], r["reason"]) for r in rejected] == [
        (2, "bin: not a valid BIN"),
        (3, "name: is missing"),
    ]
