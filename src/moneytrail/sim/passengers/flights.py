"""International flights to and from Kazakh airports, on a fixed timetable per route.

Times are local, as API and PNR messages carry them. Every flight has one Kazakh end; the
departure time of a flight number is the same every day.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta


@dataclass(frozen=True, slots=True)
class Airport:
    """An airport: IATA code, city, ISO 3166-1 alpha-3 country, UTC offset in hours."""

    code: str
    city: str
    country: str
    utc_offset: int


@dataclass(frozen=True, slots=True)
class Carrier:
    """An airline: IATA code, name, ticket prefix (accounting code), aircraft types flown."""

    code: str
    name: str
    prefix: str
    aircraft: tuple[str, ...]


AIRPORTS: tuple[Airport, ...] = (
    Airport("ALA", "ALMATY", "KAZ", 5),
    Airport("NQZ", "ASTANA", "KAZ", 5),
    Airport("CIT", "SHYMKENT", "KAZ", 5),
    Airport("SCO", "AKTAU", "KAZ", 5),
    Airport("KGF", "KARAGANDA", "KAZ", 5),
    Airport("FRU", "BISHKEK", "KGZ", 6),
    Airport("TAS", "TASHKENT", "UZB", 5),
    Airport("IST", "ISTANBUL", "TUR", 3),
    Airport("DXB", "DUBAI", "ARE", 4),
    Airport("SVO", "MOSCOW", "RUS", 3),
    Airport("PEK", "BEIJING", "CHN", 8),
    Airport("ICN", "SEOUL", "KOR", 9),
    Airport("FRA", "FRANKFURT", "DEU", 1),
)

CARRIERS: tuple[Carrier, ...] = (
    Carrier("KC", "AIR ASTANA", "465", ("321", "320", "788")),
    Carrier("DV", "SCAT AIRLINES", "775", ("738", "7M8")),
    Carrier("TK", "TURKISH AIRLINES", "235", ("321", "333")),
    Carrier("FZ", "FLYDUBAI", "141", ("73H", "7M8")),
    Carrier("SU", "AEROFLOT", "555", ("321", "73H")),
    Carrier("HY", "UZBEKISTAN AIRWAYS", "250", ("320",)),
    Carrier("CA", "AIR CHINA", "999", ("320", "332")),
    Carrier("KE", "KOREAN AIR", "180", ("333",)),
    Carrier("LH", "LUFTHANSA", "220", ("321",)),
)

# Carrier, flight number out of Kazakhstan (the return flight is number + 1),
# Kazakh airport, foreign airport, block time in minutes.
ROUTES: tuple[tuple[str, int, str, str, int], ...] = (
    ("KC", 911, "ALA", "IST", 390), ("TK", 351, "ALA", "IST", 390),
    ("KC", 925, "NQZ", "IST", 360), ("DV", 785, "SCO", "IST", 300),
    ("DV", 791, "CIT", "IST", 360), ("KC", 895, "ALA", "DXB", 300),
    ("FZ", 1721, "ALA", "DXB", 300), ("FZ", 1731, "NQZ", "DXB", 270),
    ("FZ", 1741, "CIT", "DXB", 250), ("KC", 127, "ALA", "TAS", 80),
    ("HY", 767, "ALA", "TAS", 80), ("HY", 781, "CIT", "TAS", 50),
    ("KC", 109, "ALA", "FRU", 50), ("DV", 761, "CIT", "FRU", 60),
    ("KC", 877, "ALA", "SVO", 280), ("SU", 1945, "NQZ", "SVO", 220),
    ("SU", 1975, "KGF", "SVO", 220), ("DV", 771, "SCO", "SVO", 180),
    ("KC", 883, "ALA", "PEK", 300), ("CA", 781, "ALA", "PEK", 300),
    ("KC", 909, "ALA", "ICN", 360), ("KE", 941, "ALA", "ICN", 360),
    ("KC", 903, "NQZ", "FRA", 420), ("LH", 645, "NQZ", "FRA", 420),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Flight:
    """One operated flight; times are local at each end."""

    carrier: Carrier
    number: int
    origin: Airport
    destination: Airport
    departure: datetime
    arrival: datetime
    aircraft: str
    minutes: int

    @property
    def code(self) -> str:
        """The flight designator, e.g. `KC911`."""
        return f"{self.carrier.code}{self.number}"

    @property
    def flight_id(self) -> str:
        """Designator and departure date, e.g. `KC911_20250301`; also the file name stem."""
        return f"{self.code}_{self.departure:%Y%m%d}"

    @property
    def inbound(self) -> bool:
        """Whether the flight lands in Kazakhstan."""
        return self.destination.country == "KAZ"


def airport(code: str) -> Airport:
    """The airport with that IATA code."""
    return next(a for a in AIRPORTS if a.code == code)


def carrier(code: str) -> Carrier:
    """The carrier with that IATA code."""
    return next(c for c in CARRIERS if c.code == code)


def make_flights(rng: random.Random, n: int, start: date, end: date) -> list[Flight]:
    """`n` distinct flights between start and end, sorted by departure."""
    days = (end - start).days + 1
    if n > len(ROUTES) * 2 * days // 2:
        raise ValueError(f"{n} flights do not fit in {days} days of the timetable")
    flights: dict[str, Flight] = {}
    while len(flights) < n:
        route = rng.choice(ROUTES)
        day = start + timedelta(days=rng.randrange(days))
        flight = _flight(rng, route, rng.random() < 0.5, day)
        flights.setdefault(flight.flight_id, flight)
    return sorted(flights.values(), key=lambda f: (f.departure, f.flight_id))


def _flight(
    rng: random.Random, route: tuple[str, int, str, str, int], inbound: bool, day: date
) -> Flight:
    """The flight of a route, in one direction, on one day."""
    code, number, home, abroad, minutes = route
    origin, destination = (
        (airport(abroad), airport(home)) if inbound else (airport(home), airport(abroad))
    )
    number += int(inbound)
    slot = (number * 173) % (24 * 12)  # a fixed five-minute slot of the day per flight number
    departure = datetime(day.year, day.month, day.day) + timedelta(minutes=5 * slot)
    shift = destination.utc_offset - origin.utc_offset
    arrival = departure + timedelta(minutes=minutes, hours=shift)
    airline = carrier(code)
    return Flight(airline, number, origin, destination, departure, arrival,
                  rng.choice(airline.aircraft), minutes)  # fmt: skip
