"""Per-person and per-booking details: documents, contacts, payments, agencies.

A person's phone, e-mail, passport expiry and second passport are drawn from a generator
seeded by the run seed and the person, so that they are the same on every trip: a traveller
who changes the spelling of a name still books with the same phone number.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from moneytrail.sim.passengers.names import TravelName
from moneytrail.sim.views import PersonView

_MOBILE_PREFIXES = (
    "700",
    "701",
    "702",
    "705",
    "707",
    "708",
    "747",
    "771",
    "775",
    "776",
    "777",
    "778",
)
_MAIL_DOMAINS = ("MAIL.RU", "GMAIL.COM", "INBOX.RU", "YANDEX.KZ", "BK.RU")
_LOCATOR_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True, slots=True)
class Agency:
    """A travel agency: booking system, city, IATA number, office id, phone."""

    system: str
    city: str
    iata_number: str
    office: str
    phone: str


AGENCIES: tuple[Agency, ...] = (
    Agency("1A", "ALA", "73211234", "ALAKZ2101", "+77272501010"),
    Agency("1A", "NQZ", "73214455", "NQZKZ2103", "+77172556677"),
    Agency("1S", "ALA", "73219870", "ALA1S7744", "+77273390022"),
    Agency("1A", "CIT", "73217001", "CITKZ2111", "+77252470080"),
    Agency("1G", "ALA", "73215562", "ALA1G2980", "+77273134455"),
)


@dataclass(frozen=True, slots=True)
class Payment:
    """A form of payment: cash, or a card shown masked (brand, masked number, MMYY expiry)."""

    kind: str  # "CA" cash | "CC" card
    brand: str = ""
    masked: str = ""
    expiry: str = ""


def personal_rng(seed: int, person: PersonView, topic: str) -> random.Random:
    """A generator fixed by the run seed, the person and the topic."""
    return random.Random(f"moneytrail.passengers:{seed}:{person.person_id}:{topic}")


def phone_of(seed: int, person: PersonView) -> str:
    """The person's Kazakh mobile number, digits only with the country code (7...)."""
    rng = personal_rng(seed, person, "phone")
    return "7" + rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"


def email_of(seed: int, person: PersonView, name: TravelName) -> str:
    """An e-mail address built from the passport name, in capitals."""
    rng = personal_rng(seed, person, "email")
    local = rng.choice(("{g}.{s}", "{s}.{g}", "{g}_{s}{y}", "{g}{y}", "{s}-{y}"))
    text = local.format(g=name.given.split(" ")[0], s=name.surname.replace(" ", ""),
                        y=f"{person.birth_date:%y}")  # fmt: skip
    return f"{text}@{rng.choice(_MAIL_DOMAINS)}".replace("'", "")


def passport_expiry(seed: int, passport_no: str, year: int) -> date:
    """A ten-year passport's expiry, one to nine years after `year`, fixed per passport."""
    rng = random.Random(f"moneytrail.passengers:{seed}:doc:{passport_no}")
    return date(year + rng.randint(1, 9), rng.randint(1, 12), rng.randint(1, 28))


def second_passport(seed: int, person: PersonView) -> str:
    """Another passport number of the same country, for a traveller who changes documents."""
    rng = personal_rng(seed, person, "passport")
    if person.nationality == "KAZ":
        return "N" + f"{rng.randrange(10**8):08d}"
    if person.nationality == "KGZ":
        return "AC" + f"{rng.randrange(10**7):07d}"
    if person.nationality == "UZB":
        return "FA" + f"{rng.randrange(10**7):07d}"
    return f"{rng.randrange(10**8, 10**9)}"


def payment(rng: random.Random) -> Payment:
    """Cash at an agency desk about a quarter of the time, else a card shown masked."""
    if rng.random() < 0.25:
        return Payment("CA")
    brand = rng.choice(("VI", "VI", "CA"))  # IATA: VI Visa, CA Mastercard
    last4 = f"{rng.randrange(10**4):04d}"
    first6 = ("4" if brand == "VI" else "5") + f"{rng.randrange(10**5):05d}"
    masked = rng.choice((first6 + "XXXXXX" + last4, "XXXXXXXXXXXX" + last4))
    return Payment("CC", brand, masked, f"{rng.randint(1, 12):02d}{rng.randint(26, 30)}")


def locator(rng: random.Random, taken: set[str]) -> str:
    """A fresh six-character PNR record locator."""
    while True:
        code = "".join(rng.choice(_LOCATOR_CHARS) for _ in range(6))
        if code not in taken:
            taken.add(code)
            return code
