"""Who flies on each flight, grouped into bookings (PNRs) with their booking data.

Ordinary travellers fly under their passport names. Watchlisted persons take one to three
trips each, usually under another spelling of their name and now and then on a second
passport; some of them book alone, others inside an ordinary traveller's booking.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from moneytrail.sim.passengers.details import (
    AGENCIES,
    Agency,
    Payment,
    email_of,
    locator,
    passport_expiry,
    payment,
    phone_of,
    second_passport,
)
from moneytrail.sim.passengers.flights import Flight
from moneytrail.sim.passengers.names import TravelName, passport_name, variant_name
from moneytrail.sim.views import PersonView

MAX_WANTED_PER_FLIGHT = 12
_SEATS = tuple(f"{row}{letter}" for row in range(3, 63) for letter in "ABCDEF")
_GROUP_SIZES = (1, 1, 1, 1, 2, 2, 2, 3, 4)
_FARE_BASES = ("YOW", "YRT", "MOWKZ", "LOWKZ", "BRT", "QPRO")


@dataclass(frozen=True, slots=True)
class Traveller:
    """One passenger of one flight as the messages show them, with the truth about them."""

    person: PersonView
    name: TravelName
    passport_no: str
    passport_changed: bool
    passport_expiry: date
    watchlisted: bool
    seat: str
    bags: int
    bag_kg: int
    ticket: str
    frequent_flyer: str | None
    fare: int  # KZT, before taxes
    total: int  # KZT, with taxes
    fare_basis: str


@dataclass(frozen=True, slots=True)
class Booking:
    """A PNR: locator, when and where it was booked, contact, payment and travellers."""

    locator: str
    booked_at: datetime
    ticketed_at: datetime
    agency: Agency | None  # None when booked on the airline's website
    phone: str
    email: str | None
    payment: Payment
    travellers: tuple[Traveller, ...]


@dataclass(frozen=True, slots=True)
class Booker:
    """What every booking of a run shares: the seed, the base year, the locators taken."""

    seed: int
    year: int
    taken: set[str]


def plan_trips(
    rng: random.Random, watchlisted: Sequence[PersonView], n_flights: int
) -> dict[int, list[PersonView]]:
    """Flight index -> watchlisted persons on it; one to three trips each."""
    load: dict[int, list[PersonView]] = {}
    for person in watchlisted:
        free = [i for i in range(n_flights) if len(load.get(i, [])) < MAX_WANTED_PER_FLIGHT]
        for index in rng.sample(free, min(len(free), rng.randint(1, 3))):
            load.setdefault(index, []).append(person)
    return load


def book_flight(
    rng: random.Random,
    booker: Booker,
    flight: Flight,
    pool: Sequence[PersonView],
    wanted: Sequence[PersonView],
) -> list[Booking]:
    """The bookings of one flight, in booking order."""
    chosen = rng.sample(list(pool), min(len(pool), rng.randint(6, 24)))
    groups: list[list[tuple[PersonView, bool]]] = []
    while chosen:
        size = rng.choice(_GROUP_SIZES)
        groups.append([(p, False) for p in chosen[:size]])
        chosen = chosen[size:]
    for person in wanted:
        if groups and rng.random() < 0.4:
            rng.choice(groups).append((person, True))
        else:
            groups.insert(rng.randint(0, len(groups)), [(person, True)])
    cursor = 0
    bookings = []
    for group in groups:
        cursor += rng.randint(0, 3)
        bookings.append(_booking(rng, booker, flight, group, _SEATS[cursor : cursor + len(group)]))
        cursor += len(group)
    return bookings


def _booking(
    rng: random.Random,
    booker: Booker,
    flight: Flight,
    group: list[tuple[PersonView, bool]],
    seats: Sequence[str],
) -> Booking:
    """One PNR for a group travelling together."""
    booked = flight.departure - timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 1439))
    agency = rng.choice(AGENCIES) if rng.random() < 0.55 else None
    travellers = tuple(
        _traveller(rng, booker, flight, person, flagged, seat)
        for (person, flagged), seat in zip(group, seats, strict=True)
    )
    lead = travellers[0]
    phone = phone_of(booker.seed, lead.person)
    email: str | None = email_of(booker.seed, lead.person, lead.name)
    if agency and rng.random() < 0.3:  # the agency leaves its own phone and no e-mail
        phone, email = agency.phone.lstrip("+"), None
    ticketed = booked + timedelta(minutes=rng.randint(0, 180))
    return Booking(locator(rng, booker.taken), booked, ticketed, agency, phone, email,
                   payment(rng), travellers)  # fmt: skip


def _traveller(
    rng: random.Random,
    booker: Booker,
    flight: Flight,
    person: PersonView,
    flagged: bool,
    seat: str,
) -> Traveller:
    """One traveller; a watchlisted one under a name variant, perhaps a second passport."""
    name = passport_name(person)
    passport, changed = person.passport_no, False
    if flagged:
        name = name if rng.random() < 0.15 else variant_name(rng, person)
        if rng.random() < 0.35:
            passport, changed = second_passport(booker.seed, person), True
    bags = rng.choice((0, 1, 1, 1, 2))
    fare = round(flight.minutes * rng.uniform(300, 700), -2)
    return Traveller(
        person, name, passport, changed, passport_expiry(booker.seed, passport, booker.year),
        flagged, seat, bags, bags * rng.randint(8, 23),
        flight.carrier.prefix + f"{rng.randrange(10**10):010d}",
        f"{rng.randrange(10**9):09d}" if rng.random() < 0.2 else None,
        int(fare), int(fare + round(fare * 0.18, -2)), rng.choice(_FARE_BASES),
    )  # fmt: skip
