"""IBM AMLworld transactions: transfers, laundering labels, rejects with line and reason."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from moneytrail.ingest.contract import Landed, ReadContext, RejectedBatch
from moneytrail.ingest.readers.amlworld import HEADER, AmlWorldReader
from moneytrail.model.ids.base import Tokenizer

ROWS = [
    "2022/09/01 00:20,010,8000EBD30,010,8000EBD30,3697.34,US Dollar,3697.34,US Dollar,"
    "Reinvestment,0",
    "2022/09/01 00:20,03208,8000F4580,001,8000F5340,0.01,US Dollar,0.01,US Dollar,Cheque,1",
    "2022/09/02 13:05,012,80011F990,012,80011F990,120.5,Euro,13000,Yen,Wire,0",
    "2022/09/02 13:05,012,80011F990,,80011F990,1,Euro,1,Euro,Wire,0",  # line 5: no To Bank
    "2022/09/31 13:05,012,A,012,B,1,Euro,1,Euro,Wire,0",  # line 6: no such day
    "2022/09/02 13:05,012,A,012,B,1,Euro,abc,Euro,Wire,0",  # line 7: amount
    "2022/09/02 13:05,012,A,012,B,1,Euro,1,Zloty,Wire,0",  # line 8: currency
    "2022/09/02 13:05,012,A,012,B,1,Euro,1,Euro,Wire",  # line 9: truncated
    "2022/09/02 13:05,012,A,012,B,1,Euro,-1,Euro,Wire,0",  # line 10: negative
    "2022/09/02 13:05,012,A,012,B,1,Euro,1,Euro,Pigeon,2",  # line 11: format and flag
    "2022/09/03 23:59,1,B,2,C,0.00012,Bitcoin,0.00012,Bitcoin,Bitcoin,1",
]


def write(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    return path


def read(path: Path) -> tuple[dict[str, pa.Table], pa.Table]:
    ctx = ReadContext(Tokenizer(b"k"), "amlworld", file_id="f1")
    landed: dict[str, list[pa.Table]] = {}
    rejected: list[pa.Table] = []
    for item in AmlWorldReader().read(path, ctx):
        if isinstance(item, Landed):
            landed.setdefault(item.table, []).append(item.rows)
        elif isinstance(item, RejectedBatch):
            rejected.append(item.rows)
    tables = {name: pa.concat_tables(parts) for name, parts in landed.items()}
    return tables, pa.concat_tables(rejected)


def test_sniffs_the_header(tmp_path: Path) -> None:
    path = write(tmp_path / "HI-Small_Trans.csv", ROWS)
    assert AmlWorldReader().sniff(path, path.read_bytes()[:4096])
    assert not AmlWorldReader().sniff(path, b"Timestamp,From\n")


def test_good_rows_land_as_transfers_with_provenance(tmp_path: Path) -> None:
    tables, _ = read(write(tmp_path / "t.csv", ROWS))
    transfers = tables["transfers"].to_pylist()
    assert [t["row"] for t in transfers] == [2, 3, 4, 12]
    first = transfers[0]
    assert first["transfer_id"] == "amlworld:f1:2"
    assert first["ts"] == datetime(2022, 9, 1, 0, 20, tzinfo=UTC)
    assert (first["amount_minor"], first["currency"], first["channel"]) == (
        369734,
        "USD",
        "bank_transfer",
    )
    assert first["src_instrument"] == "amlworld:010:8000EBD30"
    assert (first["src_bank"], first["src_instrument_kind"]) == ("010", "account")
    assert (first["source"], first["file"], first["reference"]) == (
        "amlworld",
        str(tmp_path / "t.csv"),
        "Reinvestment",
    )


def test_currencies_map_to_iso_with_their_minor_units(tmp_path: Path) -> None:
    tables, _ = read(write(tmp_path / "t.csv", ROWS))
    yen, btc = tables["transfers"].to_pylist()[2:]
    assert (yen["amount_minor"], yen["currency"]) == (13000, "JPY")
    assert yen["reference"] == "Wire received 120.5 EUR"
    assert (btc["amount_minor"], btc["currency"], btc["chain"]) == (12000, "BTC", "bitcoin")


def test_laundering_flags_become_labels_of_the_transfers(tmp_path: Path) -> None:
    tables, _ = read(write(tmp_path / "t.csv", ROWS))
    labels = tables["labels"].to_pylist()
    assert [(lb["subject_kind"], lb["subject_id"], lb["label"], lb["row"]) for lb in labels] == [
        ("transfer", "amlworld:f1:3", "laundering", 3),
        ("transfer", "amlworld:f1:12", "laundering", 12),
    ]


def test_each_bad_row_is_rejected_with_its_line_and_reason(tmp_path: Path) -> None:
    tables, rejected = read(write(tmp_path / "t.csv", ROWS))
    reasons = {r["line"]: r["reason"] for r in rejected.to_pylist()}
    assert reasons == {
        5: "To Bank: empty",
        6: "Timestamp: not YYYY/MM/DD HH:MM",
        7: "Amount Paid: not an amount (a number >= 0 of sane size)",
        8: "Payment Currency: unknown",
        9: "expected 11 fields, found 10",
        10: "Amount Paid: not an amount (a number >= 0 of sane size)",
        11: "Payment Format: unknown",
    }
    assert rejected.to_pylist()[0]["raw"] == ROWS[7]  # the bad line (9) comes first, verbatim
    assert tables["transfers"].num_rows + rejected.num_rows == len(ROWS)
