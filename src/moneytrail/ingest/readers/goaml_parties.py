"""goAML persons, entities and accounts (`t_person`, `t_entity`, `t_account` and their
`_my_client` forms) as party and instrument rows.

Ids link the same person or company across reports: `iin:<IIN>` when `ssn` or `id_number`
is a valid Kazakh IIN, `bin:<BIN>` for a company whose `incorporation_number` is a valid BIN,
else a hash of the identifying fields (names, birth date, document numbers). A company's
BIN is kept in the `bin` column.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from moneytrail.ingest.emit import PARTIES, blank, stable_id
from moneytrail.ingest.sides import Row, Side, Where, bank_account
from moneytrail.ingest.values import FieldError, parse_time, zone
from moneytrail.ingest.xmldoc import children, text
from moneytrail.model.ids.kz import check_bin, check_iin
from moneytrail.model.ids.phone import check_phone
from moneytrail.model.record_schemas import COMPANY_KIND, party_row
from moneytrail.model.records import PersonRecord, RecordError

GENDERS = {"M": "male", "F": "female"}
_COUNTRY = re.compile(r"[A-Z]{2}")
PERSON_TAGS = ("person", "person_my_client", "t_person")
ENTITY_TAGS = ("entity", "entity_my_client", "t_entity")
ACCOUNT_TAGS = ("account", "account_my_client")


def _country(value: str | None) -> str | None:
    return value.upper() if value and _COUNTRY.fullmatch(value.upper()) else None


def _phones(element: ET.Element) -> list[str]:
    found = []
    for phone in children(element, "phones/phone"):
        prefix, number = text(phone, "tph_country_prefix") or "", text(phone, "tph_number")
        if number and any(ch.isdigit() for ch in number):
            raw = f"+{prefix}{number}" if prefix.isdigit() else number
            result = check_phone(raw)
            found.append(result.normalized if result.valid and result.normalized else raw)
    return found


def _addresses(element: ET.Element) -> list[str]:
    lines = []
    for address in children(element, "addresses/address"):
        parts = (text(address, p) for p in ("address", "town", "city", "zip", "country_code"))
        if line := ", ".join(p for p in parts if p):
            lines.append(line)
    return lines


def _emails(element: ET.Element) -> list[str]:
    return [e.text.strip() for e in element.iter("email") if e.text and e.text.strip()]


def _iin(element: ET.Element) -> str | None:
    for path in ("ssn", "id_number"):
        value = text(element, path)
        if value and check_iin(value).valid:
            return value
    return None


def _birth_date(element: ET.Element, field: str) -> Any:
    value = text(element, "birthdate")
    return (
        None if value is None else parse_time(value[:10], f"{field}/birthdate", zone("UTC")).date()
    )


def person_row(element: ET.Element, field: str, where: Where) -> Row:
    """A `t_person` as a party; FieldError if it has no name or a bad birth date."""
    first, middle = text(element, "first_name"), text(element, "middle_name")
    last = text(element, "last_name")
    name = " ".join(p for p in (first, middle, last) if p)
    iin = _iin(element)
    keys = [name.upper(), text(element, "birthdate"), text(element, "ssn")]
    keys += [text(element, "id_number"), text(element, "passport_number")]
    try:
        person = PersonRecord(
            id=f"iin:{iin}" if iin else stable_id("person", *keys),
            name=name, first_name=first, last_name=last, patronymic=middle,
            aliases=tuple(a for a in (text(element, "alias"),) if a),
            birth_date=_birth_date(element, field), iin=iin,
            nationality=_country(text(element, "nationality1")),
            passport_number=text(element, "passport_number"),
            gender=GENDERS.get(text(element, "gender") or ""),
            phones=tuple(_phones(element)), emails=tuple(_emails(element)),
            addresses=tuple(_addresses(element)),
            city=text(element, "addresses/address/city"), **where.cells(),
        )  # fmt: skip
    except RecordError as exc:
        raise FieldError(field, "a person needs a first or last name") from exc
    return PARTIES, party_row(person)


def entity_row(element: ET.Element, field: str, where: Where) -> Row:
    """A `t_entity` as a company party; FieldError if it has no name."""
    name = text(element, "name") or text(element, "commercial_name")
    if not name:
        raise FieldError(f"{field}/name", "is missing")
    number = text(element, "incorporation_number")
    bin_ = number if number and check_bin(number).valid else None
    country = _country(text(element, "incorporation_country_code"))
    row = blank(
        PARTIES, party_kind=COMPANY_KIND, name=name, bin=bin_, nationality=country,
        party_id=f"bin:{bin_}" if bin_ else stable_id("entity", name.upper(), number, country),
        aliases=[a for a in (text(element, "commercial_name"),) if a and a != name],
        phones=_phones(element), emails=_emails(element), addresses=_addresses(element),
        **where.cells(),
    )  # fmt: skip
    return PARTIES, row


def _holder(account: ET.Element, field: str, where: Where) -> Row | None:
    """The account's owner: its entity, else the primary (or first) signatory or related person."""
    if (entity := account.find("t_entity")) is not None:
        return entity_row(entity, f"{field}/t_entity", where)
    people = [*account.iterfind("signatory"), *account.iterfind("related_persons/*")]
    people.sort(key=lambda s: text(s, "is_primary") not in {"1", "true"})
    for person in people:
        if (found := person.find("t_person")) is not None:
            return person_row(found, f"{field}/t_person", where)
    return None


def account_side(account: ET.Element, field: str, where: Where) -> Side:
    """A `t_account` as an instrument, with its holder as the side's party."""
    holder = _holder(account, field, where)
    holder_id = None if holder is None else holder[1]["party_id"]
    instrument_id, (table, row) = bank_account(
        where, f"{field}/iban",
        iban=text(account, "iban"), number=text(account, "account"),
        bic=text(account, "swift") or text(account, "institution_code"),
        bank=text(account, "institution_name"), currency=text(account, "currency_code"),
        holder_id=holder_id,
    )  # fmt: skip
    rows = ((table, row),) if holder is None else ((table, row), holder)
    bank = row.get("bic") or row.get("bank_name")
    return Side(holder_id, instrument_id, row["instrument_kind"], bank, row.get("country"), rows)


def subject_side(element: ET.Element, tag: str, field: str, where: Where) -> Side:
    """The side a person, entity or account element stands for."""
    if tag.endswith(ACCOUNT_TAGS):
        return account_side(element, field, where)
    found = entity_row(element, field, where) if tag.endswith(ENTITY_TAGS) else None
    found = found or person_row(element, field, where)
    return Side(party=found[1]["party_id"], rows=(found,))
