"""ISO 20022 camt.053 statements: entries and batch details into transfers, safely parsed."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moneytrail.ingest.contract import ReaderError
from moneytrail.ingest.readers.camt053 import Camt053Reader
from tests.ingest.fixtures.harness import (
    FIXTURES,
    assert_accounted,
    assert_no_clear,
    assert_rejections_explained,
    run,
    run_or_unreadable,
)

CAMT = FIXTURES / "camt053_kaspi.xml"
OWN = "iban:KZ667220000123456789"
UNITS = [49, 78, 105, 117, 128, 140, 148]  # TxDtls lines, else Ntry lines
READER = Camt053Reader()
TEXT_NODE = re.compile(r">([^<>]+)<")


def test_sniffs_the_camt053_namespace() -> None:
    assert READER.sniff(CAMT, CAMT.read_bytes()[:1024])
    assert not READER.sniff(
        Path("x.xml"), b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.08">'
    )


def test_entries_become_transfers_and_bad_entries_are_rejected() -> None:
    result = run(READER, CAMT)
    assert len(result.rows("transfers")) == 5
    reasons = {r.line: r.reason for r in result.rejected}
    assert reasons == {
        140: "Ntry/Amt: '12,50' is not a number",
        148: "Ntry/Sts: 'PDNG' entries are not booked",
    }
    assert_accounted(result, "transfers", UNITS)
    assert_rejections_explained(result, CAMT)


def test_debit_goes_from_the_own_account_to_the_creditor() -> None:
    first = run(READER, CAMT).rows("transfers")[0]
    assert (first["src_instrument"], first["dst_instrument"]) == (OWN, "iban:KZ547220000555000111")
    assert first["amount_minor"] == 15_000_000
    assert first["currency"] == "KZT"
    assert first["ts"] == datetime(2024, 5, 1, 4, 30, 15, tzinfo=UTC)
    assert first["dst_party"] == "holder:iban:KZ547220000555000111"
    assert first["src_party"] == f"holder:{OWN}"


def test_credit_comes_from_the_debtor_and_a_company_is_a_company() -> None:
    result = run(READER, CAMT)
    credit = result.rows("transfers")[1]
    assert (credit["src_instrument"], credit["dst_instrument"]) == (
        "iban:KZ386010000987654321",
        OWN,
    )
    assert credit["src_bank"] == "HSBKKZKX"
    assert credit["amount_minor"] == 25_000_050
    kinds = {p["name"]: p["party_kind"] for p in result.rows("parties")}
    assert kinds['ТОО "Ромашка Трейд"'] == "company"
    assert kinds["Нурланов Ерлан Серикович"] == "person"


def test_batch_details_are_separate_transfers_at_local_midnight() -> None:
    batch = run(READER, CAMT).rows("transfers")[2:4]
    assert [t["amount_minor"] for t in batch] == [12_000_000, 18_000_000]
    assert batch[0]["dst_instrument"] == "account:SABRRUMM:40817810099910004312"
    assert batch[0]["dst_country"] == "RU"
    assert batch[0]["ts"] == datetime(2024, 4, 30, 19, 0, tzinfo=UTC)  # 2024-05-01 in Almaty
    assert batch[0]["reference"] == "Возврат долга | EndToEndId PAY-05-01"


def test_channel_from_bank_transaction_code() -> None:
    channels = [t["channel"] for t in run(READER, CAMT).rows("transfers")]
    assert channels == ["bank_transfer"] * 4 + ["atm_cash_out"]


def test_card_number_in_remittance_text_is_masked() -> None:
    result = run(READER, CAMT)
    assert result.rows("transfers")[0]["reference"].startswith(
        "Перевод по номеру карты 440043******5678"
    )
    assert_no_clear(result, ["4400430012345678", "4400 4300 1234 5678"])


def test_ids_are_deterministic_and_distinct() -> None:
    first, again = run(READER, CAMT).rows("transfers"), run(READER, CAMT).rows("transfers")
    ids = [t["transfer_id"] for t in first]
    assert ids == [t["transfer_id"] for t in again]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("version", ["02", "04", "13"])
def test_other_versions_read_the_same(tmp_path: Path, version: str) -> None:
    text = CAMT.read_text().replace("camt.053.001.08", f"camt.053.001.{version}")
    if version == "02":  # v02: status as text, party names without Pty
        text = text.replace("<Sts><Cd>BOOK</Cd></Sts>", "<Sts>BOOK</Sts>")
        text = re.sub(r"<Pty>(<Nm>[^<]*</Nm>)</Pty>", r"\1", text)
    path = tmp_path / "camt.xml"
    path.write_text(text)
    strip = ("file",)
    got = [
        {k: v for k, v in t.items() if k not in strip} for t in run(READER, path).rows("transfers")
    ]
    want = [
        {k: v for k, v in t.items() if k not in strip} for t in run(READER, CAMT).rows("transfers")
    ]
    assert got == want


def test_another_message_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "camt052.xml"
    path.write_text(CAMT.read_text().replace("camt.053.001.08", "camt.052.001.08"))
    with pytest.raises(ReaderError, match=r"not a camt\.053 document"):
        run(READER, path)


def test_broken_xml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(CAMT.read_text().replace("</Ntry>", "</Ntr>", 1))
    with pytest.raises(ReaderError, match=rf"{re.escape(str(path))}:65: not well-formed XML"):
        run(READER, path)


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
    path = tmp_path / "bomb.xml"
    path.write_text(
        bomb + '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">&b;</Document>'
    )
    with pytest.raises(ReaderError, match="refused unsafe XML"):
        run(READER, path)


def test_bytes_that_are_not_utf8_make_the_file_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "latin.xml"
    path.write_bytes(
        CAMT.read_bytes().replace("Возврат долга".encode(), "Возврат долга".encode("cp1251"))
    )
    with pytest.raises(ReaderError, match="not well-formed"):
        run(READER, path)


@settings(max_examples=80)
@given(index=st.integers(min_value=0, max_value=200), value=st.text(max_size=30))
def test_any_text_value_never_crashes_or_loses_an_entry(
    tmp_path_factory: pytest.TempPathFactory, index: int, value: str
) -> None:
    text = CAMT.read_text()
    nodes = [m for m in TEXT_NODE.finditer(text) if m[1].strip()]
    node = nodes[index % len(nodes)]
    cleaned = "".join(ch for ch in value if ch.isprintable())
    spoiled = text[: node.start(1)] + escape(cleaned) + text[node.end(1) :]
    path = tmp_path_factory.mktemp("camt") / "spoiled.xml"
    path.write_text(spoiled)
    result = run_or_unreadable(READER, path)
    if result is not None:
        assert_accounted(result, "transfers", UNITS)
        assert_rejections_explained(result, path)


@settings(max_examples=30)
@given(cut=st.integers(min_value=1, max_value=10_000))
def test_a_truncated_file_is_unreadable_not_a_crash(
    tmp_path_factory: pytest.TempPathFactory, cut: int
) -> None:
    path = tmp_path_factory.mktemp("camt") / "cut.xml"
    data = CAMT.read_bytes()
    path.write_bytes(data[: cut % len(data)])
    assert run_or_unreadable(READER, path) is None
