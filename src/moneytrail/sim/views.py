"""What the financial world hands to the content, customs and passenger generators.

The financial core (population, banks, shops, droppers) builds these; the generators of
posts and photos, customs declarations and passenger messages read only these, so that
each part can be built and tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Requisite:
    """A payment detail a shop publishes, valid over a time span."""

    kind: str  # "card" | "phone" | "iban" | "tron" | "btc"
    value: str  # clear value as published (a card PAN appears in clear in an ad)
    valid_from: datetime
    valid_to: datetime


@dataclass(frozen=True, slots=True)
class ShopView:
    """A drug shop as seen online."""

    shop_id: str
    name: str
    city: str
    products: tuple[str, ...]
    channel_handle: str  # Telegram storefront channel username, without '@'
    bot_handle: str  # Telegram bot username, ends with 'bot'
    operator_handle: str
    site: str | None  # web shop domain (onion v3 or clearnet), if any
    requisites: tuple[Requisite, ...]
    active_from: datetime
    active_to: datetime


@dataclass(frozen=True, slots=True)
class PersonView:
    """A person of the population, with the name in its native script and romanised."""

    person_id: str
    iin: str
    last_name: str  # Cyrillic, as in the ID card
    first_name: str
    patronymic: str | None
    latin_names: tuple[str, ...]  # romanisations seen in other systems ("SURNAME GIVEN")
    birth_date: date
    sex: str  # "M" | "F"
    nationality: str  # ISO 3166-1 alpha-3, as in passports
    passport_no: str
    city: str
    role: str  # ground-truth role: "citizen", "dropper", "organizer", "courier", ...


@dataclass(frozen=True, slots=True)
class CompanyView:
    """A company that may import goods."""

    company_id: str
    bin: str
    name: str
    city: str
    lab_front_of: str | None = None  # shop_id whose lab it supplies, ground truth
    activities: tuple[str, ...] = field(default_factory=tuple)
