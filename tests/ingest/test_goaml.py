"""goAML reports: the published samples and a Kazakh STR, into transfers, parties, accounts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moneytrail.ingest.contract import ReaderError
from moneytrail.ingest.readers.goaml import GoamlReader
from tests.ingest.fixtures.harness import (
    FIXTURES,
    GOAML,
    assert_accounted,
    assert_no_clear,
    assert_rejections_explained,
    context,
    run,
    run_or_unreadable,
)

STR, SAR, REPORT = (GOAML / f"sample-{n}.xml" for n in ("STR", "SAR", "report-5.0.1"))
KZ = FIXTURES / "goaml_kz_str.xml"
KZ_TRANSACTIONS = [18, 84, 115, 134, 150]
READER = GoamlReader()
TEXT_NODE = re.compile(r">([^<>]+)<")


@pytest.mark.parametrize("path", [STR, SAR, REPORT, KZ])
def test_sniffs_goaml_reports(path: Path) -> None:
    assert READER.sniff(path, path.read_bytes()[:1024])


def test_sniff_refuses_other_xml() -> None:
    assert not READER.sniff(Path("camt.xml"), (FIXTURES / "camt053_kaspi.xml").read_bytes()[:1024])


def test_str_sample_gives_one_transfer_between_two_persons() -> None:
    result = run(READER, STR)
    [transfer] = result.rows("transfers")
    assert transfer["transfer_id"] == "goaml:101:TXN-987654"
    assert (transfer["amount_minor"], transfer["currency"]) == (12_000_000, "AED")
    assert transfer["ts"] == datetime(2026, 5, 24, 9, 30, tzinfo=UTC)  # Almaty by default
    assert (transfer["src_country"], transfer["dst_country"]) == ("AE", "GB")
    assert transfer["reference"].startswith(
        "goAML STR STR-2026-0042, rentity 101, transmode ELCFT: International wire transfer"
    )
    assert "reason: Customer conducted multiple cash deposits" in transfer["reference"]
    names = {p["party_id"]: p["name"] for p in result.rows("parties")}
    assert names == {transfer["src_party"]: "Layla Hassan", transfer["dst_party"]: "John Smith"}
    assert not result.rejected


def test_str_sample_in_the_reporters_time_zone() -> None:
    [transfer] = run(READER, STR, context(timezone="Asia/Dubai")).rows("transfers")
    assert transfer["ts"] == datetime(2026, 5, 24, 10, 30, tzinfo=UTC)


def test_sar_sample_gives_its_subject() -> None:
    result = run(READER, SAR)
    assert not result.rows("transfers")
    assert not result.rejected
    [person] = result.rows("parties")
    assert person["name"] == "Aisha Mahmoud"
    assert person["birth_date"] == date(1985, 3, 12)
    assert person["phones"] == ["+971501112233"]
    assert person["gender"] == "female"
    assert person["addresses"] == ["Villa 12, Al Wasl Road, Dubai, AE"]


def test_generated_5_0_1_sample_is_rejected_transaction_by_transaction() -> None:
    result = run(READER, REPORT)
    expected = len(ET.parse(REPORT).getroot().findall("transaction"))
    assert expected == 27
    assert not result.landed
    reasons = [r.reason for r in result.rejected]
    assert len(reasons) == expected
    assert reasons.count("transaction/transactionnumber: is missing") == 7
    assert (
        reasons.count("transaction/amount_local: -7900000000000000.0000000000000 is negative") == 20
    )
    assert_rejections_explained(result, REPORT)


def test_kazakh_str_accounts_persons_and_companies() -> None:
    result = run(READER, KZ)
    first, second = result.rows("transfers")
    assert first["src_instrument"] == "iban:KZ667220000123456789"
    assert first["src_party"] == "iin:900501312342"
    assert first["dst_party"] == "iin:850312443210"
    assert first["channel"] == "p2p"
    assert first["amount_minor"] == 15_000_000
    assert second["src_party"] == "bin:180340021791"
    assert second["dst_instrument"] == first["src_instrument"]
    assert second["ts"] == datetime(2024, 5, 2, 4, 0, tzinfo=UTC)
    kinds = {p["party_id"]: p["party_kind"] for p in result.rows("parties")}
    assert kinds["bin:180340021791"] == "company"
    assert kinds["iin:900501312342"] == "person"
    holders = {i["instrument_id"]: i["holder_party"] for i in result.rows("instruments")}
    assert holders["iban:KZ667220000123456789"] == "iin:900501312342"
    assert "iban:KZ547220000555000111" in holders  # the activity's subject account


def test_kazakh_str_rejections_name_the_field() -> None:
    result = run(READER, KZ)
    reasons = {r.line: r.reason for r in result.rejected}
    assert (
        reasons[115]
        == "transaction/transactionnumber: 'TX-77001' repeats the transaction at line 18"
    )
    assert reasons[134] == "transaction/involved_parties: multi-party transactions are not read yet"
    assert reasons[150].startswith("transaction/t_to/to_account/iban: not a valid IBAN")
    assert reasons[194] == "report_party/person: a person needs a first or last name"
    assert [r.table for r in result.rejected] == ["transfers"] * 3 + ["parties"]
    assert_accounted(result, "transfers", KZ_TRANSACTIONS)
    assert_no_clear(result, ["4407310001234560"])


def test_a_file_that_is_not_a_report_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<reports><rentity_id>1</rentity_id></reports>")
    with pytest.raises(ReaderError, match="not a goAML report"):
        run(READER, path)


@settings(max_examples=80)
@given(index=st.integers(min_value=0, max_value=400), value=st.text(max_size=30))
def test_any_text_value_never_crashes_or_loses_a_transaction(
    tmp_path_factory: pytest.TempPathFactory, index: int, value: str
) -> None:
    text = KZ.read_text()
    nodes = [m for m in TEXT_NODE.finditer(text) if m[1].strip()]
    node = nodes[index % len(nodes)]
    cleaned = "".join(ch for ch in value if ch.isprintable())
    path = tmp_path_factory.mktemp("goaml") / "spoiled.xml"
    path.write_text(text[: node.start(1)] + escape(cleaned) + text[node.end(1) :])
    result = run_or_unreadable(READER, path)
    if result is not None:
        assert_accounted(result, "transfers", KZ_TRANSACTIONS)
        assert_rejections_explained(result, path)


@settings(max_examples=30)
@given(cut=st.integers(min_value=1, max_value=20_000))
def test_a_truncated_report_is_unreadable(
    tmp_path_factory: pytest.TempPathFactory, cut: int
) -> None:
    data = KZ.read_bytes()
    path = tmp_path_factory.mktemp("goaml") / "cut.xml"
    path.write_bytes(data[: cut % len(data)])
    assert run_or_unreadable(READER, path) is None


def test_the_side_is_its_account_person_or_entity_not_other_blocks(tmp_path: Path) -> None:
    foreign = (
        "<from_foreign_currency><foreign_currency_code>USD</foreign_currency_code>"
        "<foreign_amount>32600</foreign_amount></from_foreign_currency>"
    )
    text = STR.read_text().replace(
        "<from_funds_code>CASH</from_funds_code>",
        "<from_funds_code>CASH</from_funds_code>" + foreign,
    )
    path = tmp_path / "str.xml"
    path.write_text(text)
    [transfer] = run(READER, path).rows("transfers")
    assert transfer["src_party"] == run(READER, STR).rows("transfers")[0]["src_party"]
