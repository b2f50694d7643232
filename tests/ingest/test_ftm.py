"""FollowTheMoney JSON lines into parties, instruments and transfers."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from moneytrail.ingest.readers.ftm import FtmReader
from moneytrail.model.ftm import (
    export_records,
    from_entities,
    read_jsonl,
    transfer_entity,
    write_jsonl,
)
from moneytrail.model.record_schemas import instrument_row, party_row
from moneytrail.model.records import PaymentRecord, PersonRecord
from moneytrail.model.transfers import TRANSFER_SCHEMA
from tests.ingest.fixtures.harness import (
    FIXTURES,
    MUTATIONS,
    Result,
    assert_accounted,
    assert_rejections_explained,
    run,
    spoil_line,
)

OURS, FOREIGN = FIXTURES / "entities.ftm.jsonl", FIXTURES / "foreign.ftm.jsonl"
READER = FtmReader()
PROVENANCE = ("source", "file", "row")


def _bare(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in PROVENANCE}


def test_sniffs_ftm_lines_only() -> None:
    assert READER.sniff(OURS, OURS.read_bytes()[:2048])
    assert READER.sniff(FOREIGN, FOREIGN.read_bytes()[:2048])
    assert not READER.sniff(Path("t.json"), (FIXTURES / "trongrid_trc20.json").read_bytes()[:2048])


def test_records_moneytrail_wrote_land_exactly() -> None:
    records = from_entities(read_jsonl(OURS)).records
    result = run(READER, OURS)
    people = [r for r in records if isinstance(r, PersonRecord)]
    assert [_bare(row) for row in result.rows("parties")] == [_bare(party_row(p)) for p in people]
    others = [r for r in records if not isinstance(r, PersonRecord | PaymentRecord)]
    assert [_bare(row) for row in result.rows("instruments")] == [
        _bare(instrument_row(r)) for r in others
    ]
    assert not result.rejected


def test_rows_carry_this_files_provenance() -> None:
    result = run(READER, OURS)
    assert {row["source"] for rows in result.landed.values() for row in rows} == {"test"}
    assert [row["row"] for row in result.rows("parties")] == [1, 2]


def test_transfer_rows_survive_the_round_trip(tmp_path: Path) -> None:
    records = from_entities(read_jsonl(OURS)).records
    accounts = [r for r in records if not isinstance(r, PersonRecord | PaymentRecord)]
    transfer = dict.fromkeys(TRANSFER_SCHEMA.names) | {
        "transfer_id": "t-9", "ts": datetime(2024, 5, 1, 4, 30, 15, 123456, tzinfo=UTC),
        "amount_minor": 1_234_567, "currency": "KZT", "channel": "p2p",
        "src_instrument": "acc-1", "src_instrument_kind": "account", "src_bank": "CASPKZKA",
        "src_country": "KZ", "dst_party": "p-2", "reference": "долг", "mcc": "4829",
    }  # fmt: skip
    path = tmp_path / "transfer.jsonl"
    write_jsonl([*export_records(accounts), transfer_entity(transfer)], path)
    [landed] = run(READER, path).rows("transfers")
    assert _bare(landed) == _bare(transfer)


def test_foreign_entities_companies_and_ownership() -> None:
    result = run(READER, FOREIGN)
    kinds = {p["party_id"]: p["party_kind"] for p in result.rows("parties")}
    assert kinds == {"kz-co-romashka": "company", "kz-person-1": "person"}
    company = result.rows("parties")[0]
    assert (company["bin"], company["nationality"]) == ("180340021791", "KZ")
    [account] = result.rows("instruments")
    assert account["holder_party"] == "kz-person-1"  # from the Ownership on line 4
    [payment] = result.rows("transfers")
    assert (payment["src_party"], payment["dst_party"]) == ("kz-co-romashka", "kz-person-1")
    assert (payment["dst_instrument_kind"], payment["dst_bank"]) == ("account", "Kaspi Bank")
    assert payment["channel"] == "bank_transfer"
    assert payment["amount_minor"] == 25_000_050


def test_foreign_problems_are_rejected_under_their_table() -> None:
    result = run(READER, FOREIGN)
    found = {r.line: (r.table, r.reason) for r in result.rejected}
    assert found[6] == ("instruments", "Ownership: its owner or account is not in this file")
    assert found[7][0] == "parties"
    assert "no moneytrail record is a Sanction" in found[7][1]
    assert found[8] == ("transfers", "currency: 'GBP' is not a currency moneytrail knows")
    assert found[9][0] == "parties"
    assert found[9][1].startswith("invalid JSON")
    assert found[10] == ("parties", "birthDate: invalid date 'not-a-date'")
    assert_accounted(result, "parties", [1, 2, 7, 9, 10])
    assert_accounted(result, "instruments", [3, 6])  # line 4 set the holder of line 3
    assert_accounted(result, "transfers", [5, 8])
    assert_rejections_explained(result, FOREIGN)


def test_a_card_number_in_a_purpose_is_masked(tmp_path: Path) -> None:
    payment = json.loads(FOREIGN.read_text().splitlines()[4])
    payment["properties"]["purpose"] = ["перевод на 4407310001234560"]
    path = tmp_path / "pan.jsonl"
    path.write_text(json.dumps(payment, ensure_ascii=False) + "\n")
    [row] = run(READER, path).rows("transfers")
    assert row["reference"] == "перевод на 440731******4560"


def _all_lines(result: Result) -> tuple[set[int], list[int | None]]:
    landed = {row["row"] for rows in result.landed.values() for row in rows}
    return landed, [r.line for r in result.rejected]


@settings(max_examples=60)
@given(
    index=st.integers(min_value=0, max_value=8),
    how=st.sampled_from(MUTATIONS),
    at=st.integers(min_value=0, max_value=600),
)
def test_a_spoiled_line_never_crashes_or_is_lost(
    tmp_path_factory: pytest.TempPathFactory, index: int, how: str, at: int
) -> None:
    path = tmp_path_factory.mktemp("ftm") / "spoiled.jsonl"
    path.write_bytes(spoil_line(OURS.read_bytes(), index, how, at))
    result = run(READER, path)
    landed, rejected = _all_lines(result)
    assert not landed & set(rejected)
    assert len(rejected) == len(set(rejected))
    assert landed | set(rejected) >= set(range(1, 10)) - {4}  # line 4: an Ownership link
    assert_rejections_explained(result, path)


def test_records_are_not_changed_by_reading(tmp_path: Path) -> None:
    person = PersonRecord(id="p-x", name="Ерлан", source="elsewhere", file="a.csv", row=7)
    path = tmp_path / "p.jsonl"
    write_jsonl(export_records([person]), path)
    [row] = run(READER, path).rows("parties")
    assert row == party_row(replace(person, source="test", file=str(path), row=1))
