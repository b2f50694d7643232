"""Bank statements (CSV, Excel, Parquet) through declarative mappings."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from moneytrail.ingest.contract import ReaderError
from moneytrail.ingest.mapping import MappingError, parse_mapping, shipped_mappings
from moneytrail.ingest.readers.statement import StatementReader
from moneytrail.ingest.values import FieldError, parse_decimal
from moneytrail.model.ids.base import IdKind, Tokenizer
from tests.ingest.fixtures.harness import (
    FIXTURES,
    KEY,
    MUTATIONS,
    assert_accounted,
    assert_no_clear,
    assert_rejections_explained,
    context,
    run,
    spoil_line,
)

KASPI, HALYK = FIXTURES / "kaspi_statement.csv", FIXTURES / "halyk_statement.csv"
PAN = "4407310001234560"
READER = StatementReader()
SAME = (
    "transfer_id",
    "ts",
    "amount_minor",
    "currency",
    "channel",
    "src_instrument",
    "dst_instrument",
)


def _halyk_rows() -> list[list[str]]:
    with HALYK.open(encoding="cp1251", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def _as_excel(path: Path) -> Path:
    """The Halyk CSV as a workbook, dates and amounts as Excel stores them."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for number, row in enumerate(_halyk_rows(), start=1):
        cells: list[Any] = list(row)
        if number > 3:
            cells[0] = int(row[0])
            cells[1] = datetime.strptime(row[1], "%d.%m.%Y %H:%M:%S")
            cells[4:6] = [
                float(v.replace(" ", "").replace(",", ".")) if v else None for v in row[4:6]
            ]
        sheet.append(cells)
    book.save(path)
    return path


def _as_parquet(path: Path) -> Path:
    header, *rows = _halyk_rows()[2:]
    columns = {name: [row[i] or None for row in rows] for i, name in enumerate(header)}
    pq.write_table(pa.table(columns), path)
    return path


def _same(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [tuple(row[k] for k in SAME) for row in rows]


def test_shipped_mappings_load() -> None:
    assert set(shipped_mappings()) >= {"kaspi", "halyk"}


def test_sniff_finds_statements_by_their_header(tmp_path: Path) -> None:
    assert READER.sniff(KASPI, KASPI.read_bytes()[:4096])
    assert READER.sniff(HALYK, HALYK.read_bytes()[:4096])
    assert READER.sniff(_as_excel(tmp_path / "h.xlsx"), b"PK")
    assert READER.sniff(_as_parquet(tmp_path / "h.parquet"), b"PAR1")
    tronscan = FIXTURES / "tronscan_trc20.csv"
    assert not READER.sniff(tronscan, tronscan.read_bytes())
    assert not READER.sniff(tmp_path / "broken.xlsx", b"not a zip")


def test_kaspi_rows_land_and_bad_rows_name_the_column() -> None:
    result = run(READER, KASPI)
    assert len(result.rows("transfers")) == 5
    assert [(r.line, r.reason.split(":")[0]) for r in result.rejected] == [
        (7, "Номер карты"),
        (8, "Сумма"),
        (9, "Дата операции"),
        (10, "Валюта"),
    ]
    assert_accounted(result, "transfers", range(2, 11))
    assert_rejections_explained(result, KASPI)


def test_card_numbers_are_tokenized_at_the_door() -> None:
    result = run(READER, KASPI)
    token = Tokenizer(KEY).token(IdKind.CARD, PAN)
    first = result.rows("transfers")[0]
    assert first["dst_instrument"] == token
    assert first["dst_instrument_kind"] == "card"
    card = next(i for i in result.rows("instruments") if i["instrument_id"] == token)
    assert card["masked_cards"] == ["440731******4560"]
    assert card["bank_name"] == "Dala Bank"
    masked = result.rows("transfers")[1]["src_instrument"]
    assert masked == Tokenizer(KEY).token(IdKind.CARD, "440543******1234")
    assert_no_clear(result, [PAN, "4407 3100 0123 4560", "4407310001234561", "4407 3100 0123 4561"])


def test_kaspi_amounts_sides_and_channels() -> None:
    transfers = run(READER, KASPI, context(account="KZ667220000123456789", holder="Ерлан С.")).rows(
        "transfers"
    )
    assert [t["amount_minor"] for t in transfers] == [
        1_500_000,
        15_000_000,
        345_050,
        2_000_000,
        500_000,
    ]
    assert [t["channel"] for t in transfers] == [
        "p2p",
        "p2p",
        "card_payment",
        "p2p",
        "atm_cash_out",
    ]
    assert transfers[0]["src_instrument"] == "iban:KZ667220000123456789"
    assert transfers[0]["src_party"] == "holder:iban:KZ667220000123456789"
    assert transfers[1]["dst_instrument"] == "iban:KZ667220000123456789"  # money in
    assert transfers[3]["dst_instrument"] == "phone:+77011234567"
    assert transfers[0]["ts"] == datetime(2024, 5, 1, 4, 30, tzinfo=UTC)


def test_halyk_cp1251_with_preamble_debit_and_credit() -> None:
    result = run(READER, HALYK)
    credit, debit, cash = result.rows("transfers")
    assert credit["dst_instrument"] == "iban:KZ386010000987654321"
    assert credit["src_party"] == "holder:iban:KZ547220000555000111"
    assert (debit["amount_minor"], debit["channel"]) == (9_500_000, "p2p")
    assert (cash["channel"], cash["dst_instrument"]) == ("atm_cash_out", None)
    assert {p["name"]: p["party_kind"] for p in result.rows("parties")}[
        'ТОО "Ромашка Трейд"'
    ] == "company"
    assert [(r.line, r.reason.split(":")[0]) for r in result.rejected] == [
        (7, "Дебет/Кредит"),
        (8, "Счёт контрагента"),
    ]
    assert_accounted(result, "transfers", range(4, 9))


def test_excel_and_parquet_read_like_csv(tmp_path: Path) -> None:
    expected = _same(run(READER, HALYK).rows("transfers"))
    excel = run(READER, _as_excel(tmp_path / "h.xlsx"))
    assert _same(excel.rows("transfers")) == expected
    assert excel.lines("transfers") == {4, 5, 6}
    assert _same(run(READER, _as_parquet(tmp_path / "h.parquet")).rows("transfers")) == expected


def test_ids_are_deterministic() -> None:
    assert _same(run(READER, KASPI).rows("transfers")) == _same(
        run(READER, KASPI).rows("transfers")
    )


def test_a_card_number_stored_as_an_excel_number_is_refused(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        [
            "Дата операции",
            "Сумма",
            "Валюта",
            "Операция",
            "Описание",
            "Контрагент",
            "Номер карты",
            "Телефон",
        ]
    )
    sheet.append(["01.05.2024 09:30", -100.5, "KZT", "Перевод", None, None, float(PAN), None])
    path = tmp_path / "k.xlsx"
    book.save(path)
    result = run(READER, path, context(mapping="kaspi"))
    assert result.rejected[0].reason.startswith("Номер карты: ")
    assert_no_clear(result, [PAN])


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [
        ("1 250 000,50", ",", "1250000.50"),
        ("-15 000,00", ",", "-15000.00"),
        ("+150\u00a0000,00", ",", "150000.00"),
        ("−3 450,5", ",", "-3450.5"),
        ("1,250,000.50", ".", "1250000.50"),
    ],
)
def test_amount_formats(text: str, decimal: str, value: str) -> None:
    thousands = " \u00a0" if decimal == "," else ","
    assert parse_decimal(text, "Сумма", decimal, thousands) == Decimal(value)


@pytest.mark.parametrize("text", ["abc", "1.250,00", "1,2,3", "", "--5", "1e5"])
def test_bad_amounts_name_the_field(text: str) -> None:
    with pytest.raises(FieldError, match=r"^Сумма: "):
        parse_decimal(text, "Сумма", ",")


def test_unknown_mapping_keys_fail_with_line_and_key() -> None:
    text = (FIXTURES.parents[2] / "src/moneytrail/ingest/mappings/kaspi.yaml").read_text()
    broken = text.replace('  decimal: ","', '  decimal: ","\n  decimals: 2')
    with pytest.raises(MappingError, match=r"kaspi.yaml:\d+: amount.decimals: unknown key"):
        parse_mapping(broken, "kaspi.yaml")
    with pytest.raises(MappingError, match="give either `column`, or both `debit` and `credit`"):
        parse_mapping(text.replace("  column: Сумма\n", "  debit: Сумма\n"), "kaspi.yaml")


def test_a_mapping_file_and_missing_columns(tmp_path: Path) -> None:
    mapping = tmp_path / "bank.yaml"
    mapping.write_text(
        "name: bank\ndate: {column: Date}\namount: {column: Amount}\ncurrency: {value: KZT}\n"
    )
    statement = tmp_path / "s.csv"
    statement.write_text("Date,Amount\n2024-05-01T10:00:00,12.5\n")
    result = run(READER, statement, context(mapping=str(mapping)))
    assert result.rows("transfers")[0]["amount_minor"] == 1250
    statement.write_text("Day,Amount\n2024-05-01,12.5\n")
    with pytest.raises(ReaderError, match=r"no columns \['Date'\]"):
        run(READER, statement, context(mapping=str(mapping)))
    with pytest.raises(ReaderError, match="no mapping 'nope'"):
        run(READER, statement, context(mapping="nope"))


@settings(max_examples=80)
@given(
    index=st.integers(min_value=1, max_value=9),
    how=st.sampled_from(MUTATIONS),
    at=st.integers(min_value=0, max_value=200),
)
def test_a_spoiled_line_is_rejected_or_landed_never_lost(
    tmp_path_factory: pytest.TempPathFactory, index: int, how: str, at: int
) -> None:
    path = tmp_path_factory.mktemp("stmt") / "kaspi.csv"
    path.write_bytes(spoil_line(KASPI.read_bytes(), index, how, at))
    result = run(READER, path, context(mapping="kaspi"))
    assert_accounted(result, "transfers", range(2, 11))
    assert_rejections_explained(result, path)
    assert_no_clear(result, [PAN])


@settings(max_examples=40)
@given(
    index=st.integers(min_value=3, max_value=7),
    how=st.sampled_from(MUTATIONS),
    at=st.integers(min_value=0, max_value=200),
)
def test_a_spoiled_cp1251_line_is_rejected_or_landed_never_lost(
    tmp_path_factory: pytest.TempPathFactory, index: int, how: str, at: int
) -> None:
    lines = HALYK.read_bytes().split(b"\r\n")
    lines[index] = (
        lines[index].decode("cp1251").encode("utf-8") if how == "latin1" else lines[index]
    )
    data = b"\n".join(lines)
    path = tmp_path_factory.mktemp("stmt") / "halyk.csv"
    path.write_bytes(spoil_line(data, index, how, at) if how != "latin1" else data)
    result = run(READER, path, context(mapping="halyk"))
    assert_accounted(result, "transfers", range(4, 9))
    assert_rejections_explained(result, path)


def test_excel_date_and_time_cells_are_joined(tmp_path: Path) -> None:
    mapping = tmp_path / "bank.yaml"
    mapping.write_text(
        "name: bank\ndate: {column: Date, time_column: Time}\n"
        "amount: {column: Amount}\ncurrency: {value: KZT}\n"
    )
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Date", "Time", "Amount"])
    sheet.append([datetime(2024, 5, 1), datetime(2024, 5, 1, 9, 30).time(), -10])
    path = tmp_path / "s.xlsx"
    book.save(path)
    [transfer] = run(READER, path, context(mapping=str(mapping))).rows("transfers")
    assert transfer["ts"] == datetime(2024, 5, 1, 4, 30, tzinfo=UTC)
