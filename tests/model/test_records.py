"""Records keep their rules, and land in their Arrow tables and back unchanged.

The hypothesis strategies here (realistic Kazakh and Russian values, and hostile text) are
shared with the FtM tests.
"""

from __future__ import annotations

import string
from dataclasses import fields
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from moneytrail.model.record_schemas import (
    INSTRUMENT_SCHEMA,
    PARTY_SCHEMA,
    instrument_record,
    instrument_row,
    party_record,
    party_row,
)
from moneytrail.model.records import (
    BankAccountRecord,
    CompanyRecord,
    CryptoWalletRecord,
    Instrument,
    PaymentRecord,
    PersonRecord,
    RecordError,
    UserAccountRecord,
)
from moneytrail.model.transfers import InstrumentKind

KAZAKH = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"
LETTERS = KAZAKH + KAZAKH.lower() + string.ascii_letters


def kz_iban(bank: str, account: str) -> str:
    """A KZ IBAN with correct check digits (ISO 13616 mod 97)."""
    digits = "".join(str(int(ch, 36)) for ch in f"{bank}{account}KZ00")
    return f"KZ{98 - int(digits) % 97:02d}{bank}{account}"


word = st.text(LETTERS, min_size=1, max_size=12)
names = st.lists(word, min_size=1, max_size=3).map(" ".join)
hostile = st.text(st.characters(codec="utf-8"), max_size=30)
"""Any text but lone surrogates: spaces, control and combining characters, "" included."""
texts = st.one_of(names, hostile)
ids = st.one_of(st.text(string.ascii_letters + string.digits + ":-_.", min_size=1), hostile)
ids = ids.filter(lambda text: any(ch.isalnum() for ch in text))  # records require it
digits = st.text(string.digits, min_size=1, max_size=12)
phones = st.one_of(
    st.sampled_from(["+7701", "+7747", "+7777", "+7916"]).map(lambda p: p + "1234567"), texts
)
emails = st.one_of(st.emails(), texts)
countries = st.one_of(st.sampled_from(["KZ", "RU", "KG", "UZ", "CN", "TR", "AE"]), texts)
ibans = st.one_of(
    st.builds(
        kz_iban,
        st.text(string.digits, min_size=3, max_size=3),
        st.text(string.digits + string.ascii_uppercase, min_size=13, max_size=13),
    ),
    texts,
)
bics = st.one_of(st.sampled_from(["CASPKZKA", "HSBKKZKX", "CASPKZKAXXX", "DEUTDEFF500"]), texts)
currencies = st.one_of(st.sampled_from(["KZT", "USD", "USDT", "BTC"]), texts)
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1))
zones = st.sampled_from([UTC, timezone(timedelta(hours=5)), timezone(timedelta(hours=-3))])
times = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=zones
).map(lambda t: t.replace(fold=0))  # fold means nothing in a fixed zone
tokens = st.text("0123456789abcdef", min_size=32, max_size=32).map(lambda h: f"card:{h}")
masked = st.sampled_from(["440043******1234", "4400 43** **** 1234", "•••• 5678"])


def opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def many(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(strategy, max_size=3).map(tuple)


provenance = {"source": opt(texts), "file": opt(texts), "row": opt(st.integers(0, 2**40))}
persons = st.builds(
    PersonRecord,
    id=ids,
    name=names,
    first_name=opt(texts),
    last_name=opt(texts),
    patronymic=opt(texts),
    aliases=many(texts),
    birth_date=opt(dates),
    iin=opt(digits),
    nationality=opt(countries),
    passport_number=opt(texts),
    gender=opt(st.sampled_from(["male", "female", "other", "M", ""])),
    phones=many(phones),
    emails=many(emails),
    addresses=many(texts),
    city=opt(texts),
    **provenance,
)
bank_accounts = st.builds(
    BankAccountRecord,
    id=ids,
    kind=st.sampled_from([InstrumentKind.ACCOUNT, InstrumentKind.CARD, InstrumentKind.PHONE]),
    iban=opt(ibans),
    account_number=opt(texts),
    bank_name=opt(texts),
    bic=opt(bics),
    country=opt(countries),
    currency=opt(currencies),
    holder_id=opt(ids),
    opened=opt(dates),
    card_tokens=many(tokens),
    masked_cards=many(masked),
    **provenance,
)
wallets = st.builds(
    CryptoWalletRecord,
    id=ids,
    address=ids,
    chain=st.sampled_from(["tron", "bitcoin"]) | ids,
    currency=opt(currencies),
    holder_id=opt(ids),
    label=opt(texts),
    **provenance,
)
user_accounts = st.builds(
    UserAccountRecord,
    id=ids,
    service=st.just("telegram") | ids,
    username=ids,
    display_name=opt(texts),
    owner_id=opt(ids),
    **provenance,
)
amounts = st.decimals(allow_nan=False, allow_infinity=False)
payments = st.builds(
    PaymentRecord,
    id=ids,
    payer_id=ids,
    beneficiary_id=ids,
    amount=amounts,
    currency=currencies.filter(lambda text: any(ch.isalnum() for ch in text)),
    ts=times,
    payer_account_id=opt(ids),
    beneficiary_account_id=opt(ids),
    reference=opt(texts),
    channel=opt(st.sampled_from(["p2p", "card_payment"])),
    chain=opt(texts),
    mcc=opt(st.sampled_from(["5411", "6012"])),
    transfer_id=opt(ids),
    **provenance,
)
instruments: st.SearchStrategy[Instrument] = st.one_of(bank_accounts, wallets, user_accounts)
records = st.one_of(persons, instruments, payments)

NOW = datetime(2024, 5, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    "build",
    [
        lambda: PersonRecord(id=" ", name="Әсел"),
        lambda: PersonRecord(id="p1", name='"\x1b"'),
        lambda: CryptoWalletRecord(id="w1", address="TX1", chain=" "),
        lambda: UserAccountRecord(id="u1", service="telegram", username=""),
        lambda: PaymentRecord(
            id="t", payer_id="", beneficiary_id="b", amount=Decimal(1), currency="KZT", ts=NOW
        ),
    ],
)
def test_a_required_value_cannot_be_blank(build: Any) -> None:
    with pytest.raises(RecordError, match="no letter or digit"):
        build()


@pytest.mark.parametrize("value", ["4400430012341234", "4400 4300 1234 1234", "440043001234"])
def test_a_clear_card_number_is_refused(value: str) -> None:
    with pytest.raises(RecordError, match="clear PAN"):
        BankAccountRecord(id="a1", masked_cards=(value,))
    with pytest.raises(RecordError, match="token"):
        BankAccountRecord(id="a1", card_tokens=(value,))


def test_masks_and_tokens_are_kept() -> None:
    token = "card:" + "0f" * 16
    account = BankAccountRecord(id="a1", card_tokens=(token,), masked_cards=("440043******1234",))
    assert account.card_tokens == (token,)


@pytest.mark.parametrize("kind", [InstrumentKind.WALLET, InstrumentKind.CASH])
def test_a_bank_account_is_not_a_wallet_or_cash(kind: InstrumentKind) -> None:
    with pytest.raises(RecordError, match="not a bank account"):
        BankAccountRecord(id="a1", kind=kind)


@pytest.mark.parametrize(
    ("amount", "ts", "rule"),
    [
        (Decimal("NaN"), NOW, "not finite"),
        (Decimal("Infinity"), NOW, "not finite"),
        (Decimal(1), NOW.replace(tzinfo=None), "time zone"),
    ],
)
def test_a_payment_is_finite_and_zoned(amount: Decimal, ts: datetime, rule: str) -> None:
    with pytest.raises(RecordError, match=rule):
        PaymentRecord(
            id="t", payer_id="a", beneficiary_id="b", amount=amount, currency="KZT", ts=ts
        )


def _through_arrow(row: dict[str, Any], schema: pa.Schema) -> dict[str, Any]:
    table = pa.Table.from_pylist([row], schema=schema)
    assert table.schema.equals(schema)
    result: dict[str, Any] = table.to_pylist()[0]
    return result


@given(persons)
def test_a_person_lands_in_the_party_table_and_back(person: PersonRecord) -> None:
    assert party_record(_through_arrow(party_row(person), PARTY_SCHEMA)) == person


@given(instruments)
def test_an_instrument_lands_in_the_instrument_table_and_back(instrument: Instrument) -> None:
    row = _through_arrow(instrument_row(instrument), INSTRUMENT_SCHEMA)
    assert instrument_record(row) == instrument


RENAMED = {"id", "holder_id", "owner_id", "kind", "jurisdiction"}


def test_a_company_lands_in_the_party_table_and_back() -> None:
    company = CompanyRecord(
        id="bin:180340021791", name="ТОО «Ромашка»", bin="180340021791", jurisdiction="KZ",
        registration_date=date(2018, 3, 1), sector="chemicals", source="s", row=3,
    )  # fmt: skip
    row = _through_arrow(party_row(company), PARTY_SCHEMA)
    assert (row["party_kind"], row["nationality"]) == ("company", "KZ")
    assert party_record(row) == company


def test_the_tables_hold_every_record_field_and_nothing_else() -> None:
    parties = {f.name for kind in (PersonRecord, CompanyRecord) for f in fields(kind)} - RENAMED
    assert set(PARTY_SCHEMA.names) == parties | {"party_id", "party_kind"}
    kinds = (BankAccountRecord, CryptoWalletRecord, UserAccountRecord)
    instrument = {f.name for kind in kinds for f in fields(kind)} - RENAMED
    assert set(INSTRUMENT_SCHEMA.names) == instrument | {
        "instrument_id",
        "instrument_kind",
        "holder_party",
    }


@pytest.mark.parametrize(
    ("convert", "row", "message"),
    [
        (party_record, {"party_id": "p1", "party_kind": "trust", "name": "X"}, "unknown kind"),
        (party_record, {"party_id": "c1", "party_kind": "company"}, "name"),
        (party_record, {"party_id": "p1", "party_kind": "person"}, "name"),
        (instrument_record, {"instrument_id": "i1", "instrument_kind": "atm"}, "unknown kind"),
        (instrument_record, {"instrument_id": "w1", "instrument_kind": "wallet"}, "address"),
    ],
)
def test_a_bad_row_is_a_record_error(convert: Any, row: dict[str, Any], message: str) -> None:
    with pytest.raises(RecordError, match=message):
        convert(row)
