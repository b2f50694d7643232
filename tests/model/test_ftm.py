"""The FollowTheMoney mapping: lossless, valid by FtM's own rules, deterministic."""

from __future__ import annotations

import json
import tempfile
from dataclasses import fields, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from followthemoney import EntityProxy, model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moneytrail.model.ftm import (
    MAPPINGS,
    FtmError,
    check_entity,
    entity_id,
    export_records,
    from_entities,
    from_entity,
    read_jsonl,
    to_entities,
    to_entity,
    write_jsonl,
)
from moneytrail.model.ftm_fields import NOTE_PROP
from moneytrail.model.records import (
    BankAccountRecord,
    CryptoWalletRecord,
    PaymentRecord,
    PersonRecord,
    Record,
    UserAccountRecord,
)
from tests.model.test_records import records

TS = datetime(2024, 5, 1, 9, 30, 15, tzinfo=UTC)
TOKEN = "card:" + "ab" * 16
PERSON = PersonRecord(
    id="p-1",
    name="Әсел Қанатқызы Нұрланова",
    first_name="Әсел",
    last_name="Нұрланова",
    patronymic="Қанатқызы",
    aliases=("NURLANOVA ASEL",),
    birth_date=date(1990, 5, 1),
    iin="900501400123",
    nationality="KZ",
    phones=("+77011234567",),
    emails=("asel@mail.kz",),
    source="sim",
)
ACCOUNT = BankAccountRecord(
    id="acc-1",
    iban="KZ86125KZT5004100100",
    bank_name="Kaspi Bank",
    bic="CASPKZKA",
    country="KZ",
    currency="KZT",
    holder_id="p-1",
    opened=date(2021, 3, 4),
    card_tokens=(TOKEN,),
    masked_cards=("440043******1234",),
)
WALLET = CryptoWalletRecord(
    id="w-1", address="TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE", chain="tron", currency="USDT"
)
USER = UserAccountRecord(id="u-1", service="telegram", username="shop_kz", owner_id="p-1")
PAYMENT = PaymentRecord(
    id="t-1",
    payer_id="p-1",
    beneficiary_id="p-2",
    amount=Decimal("1500.00"),
    currency="KZT",
    ts=TS,
    payer_account_id="acc-1",
    reference="за товар",
    channel="p2p",
    transfer_id="t-1",
)
EXAMPLES: list[Record] = [PERSON, ACCOUNT, WALLET, USER, PAYMENT]


def _round_trip(items: list[Record]) -> list[Record]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "entities.jsonl"
        write_jsonl(export_records(items), path)
        return from_entities(read_jsonl(path)).records


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records, max_size=5))
def test_records_survive_ftm_json_lines_exactly(items: list[Record]) -> None:
    back = _round_trip(items)
    assert back == items
    assert [repr(r) for r in back] == [repr(r) for r in items]  # zones, Decimal exponents


@settings(deadline=None)
@given(records)
def test_every_exported_entity_is_valid_ftm(record: Record) -> None:
    for entity in to_entities(record):
        data = entity.to_dict()
        assert check_entity(data) == []
        assert entity.schema.validate({"properties": entity.properties}) is None
        assert not entity.schema.abstract


@settings(deadline=None)
@given(records)
def test_records_survive_another_tool_cleaning_the_entity_again(record: Record) -> None:
    recleaned = model.get_proxy(to_entity(record).to_dict(), cleaned=False)
    assert repr(from_entity(recleaned)) == repr(record)


def test_text_ftm_would_normalise_is_noted_verbatim() -> None:
    city = "Алматы\u00a0ул.\u200b Ески\u0306\x07 "  # no-break space, zero width, й decomposed
    person = replace(PERSON, city=city, aliases=(city,))
    recleaned = model.get_proxy(to_entity(person).to_dict(), cleaned=False)
    assert from_entity(recleaned) == person


@settings(deadline=None)
@given(records)
def test_ids_are_deterministic(record: Record) -> None:
    first = [json.dumps(e.to_dict(), sort_keys=True) for e in to_entities(record)]
    again = [json.dumps(e.to_dict(), sort_keys=True) for e in to_entities(replace(record))]
    assert first == again


def test_ids_depend_on_the_id_space_and_links_resolve() -> None:
    person, account, ownership = to_entity(PERSON), *to_entities(ACCOUNT)
    assert person.id == entity_id("party", "p-1") != entity_id("instrument", "p-1")
    assert ownership.get("owner") == [person.id]
    assert ownership.get("asset") == [account.id]
    payment = to_entity(PAYMENT)
    assert payment.get("payer") == [person.id]
    assert payment.get("payerAccount") == [account.id]
    assert to_entity(USER).get("owner") == [person.id]


NATIVE = [
    (PERSON, "firstName", ["Әсел"]),
    (PERSON, "fatherName", ["Қанатқызы"]),
    (PERSON, "idNumber", ["900501400123"]),
    (PERSON, "nationality", ["kz"]),
    (PERSON, "birthDate", ["1990-05-01"]),
    (PERSON, "phone", ["+77011234567"]),
    (ACCOUNT, "iban", ["KZ86125KZT5004100100"]),
    (ACCOUNT, "bic", ["CASPKZKA"]),
    (ACCOUNT, "bankName", ["Kaspi Bank"]),
    (ACCOUNT, "accountType", ["account"]),
    (WALLET, "publicKey", ["TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE"]),
    (WALLET, "currency", ["USDT"]),
    (USER, "service", ["telegram"]),
    (USER, "username", ["shop_kz"]),
    (PAYMENT, "amount", ["1500.00"]),
    (PAYMENT, "date", ["2024-05-01T09:30:15"]),
    (PAYMENT, "purpose", ["за товар"]),
    (PAYMENT, "transactionNumber", ["t-1"]),
    (PAYMENT, "recordId", ["t-1"]),
]


@pytest.mark.parametrize(("record", "prop", "values"), NATIVE)
def test_fields_go_to_ftm_properties(record: Record, prop: str, values: list[str]) -> None:
    assert to_entity(record).get(prop) == values


def _notes(entity: EntityProxy) -> set[str]:
    return {note.split("=")[0].removeprefix("moneytrail:") for note in entity.get(NOTE_PROP)}


def test_only_what_ftm_lacks_or_alters_is_noted() -> None:
    assert _notes(to_entity(PERSON)) == {"id"}
    assert _notes(to_entity(PAYMENT)) == {
        "payer_id",
        "beneficiary_id",
        "payer_account_id",
        "channel",
    }
    assert _notes(to_entity(ACCOUNT)) == {"id", "holder_id", "card_tokens", "masked_cards"}
    branch = to_entity(replace(ACCOUNT, bic="CASPKZKAXXX"))
    assert branch.get("bic") == ["CASPKZKA"]
    assert "bic" in _notes(branch)


def test_a_full_timestamp_is_kept() -> None:
    precise = replace(PAYMENT, ts=TS.replace(microsecond=123456))
    assert to_entity(precise).get("date") == ["2024-05-01T09:30:15"]
    assert from_entity(to_entity(precise)) == precise


def test_mapping_covers_every_record_field_once_with_writable_properties() -> None:
    for mapping in MAPPINGS:
        assert [f.name for f in mapping.fields] == [f.name for f in fields(mapping.record)]
        schema = model[mapping.schema]
        props = [f.prop for f in mapping.fields if f.prop is not None]
        assert len(props) == len(set(props)), mapping.schema
        assert all(p in schema.properties and not schema.properties[p].stub for p in props)


def test_an_entity_from_elsewhere_imports_on_its_own_id() -> None:
    entity = model.make_entity("Person")
    entity.id = "ofac-12345"
    entity.add("name", "Иван Петров")
    entity.add("nationality", "ru")
    assert from_entity(entity) == PersonRecord(
        id="ofac-12345", name="Иван Петров", nationality="RU"
    )


def _person(**props: list[str]) -> EntityProxy:
    return EntityProxy.from_dict({"id": "x1", "schema": "Person", "properties": props})


@pytest.mark.parametrize(
    ("entity", "message"),
    [
        (EntityProxy.from_dict({"id": "c1", "schema": "Company"}), "no moneytrail record"),
        (_person(name=["A"], description=['moneytrail:colour="red"']), "unknown notes"),
        (_person(name=["A"], description=["moneytrail:city={"]), "not JSON"),
        (_person(name=["A"], description=['moneytrail:phones="1"']), "not a list"),
        (_person(birthDate=["1990-01-01"]), "name"),
        (EntityProxy.from_dict({"id": "p", "schema": "Payment", "properties": {}}), "amount"),
    ],
)
def test_an_entity_that_holds_no_record_is_an_error(entity: EntityProxy, message: str) -> None:
    with pytest.raises(FtmError, match=message):
        from_entity(entity)


def test_links_written_beside_are_counted_not_imported() -> None:
    imported = from_entities(export_records(EXAMPLES))
    assert imported.records == EXAMPLES
    assert dict(imported.skipped) == {"Ownership": 1}
