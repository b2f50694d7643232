"""PAXLST (UN/EDIFACT D02B, IATA implementation): the API passenger list of one flight.

Layout as airlines send it: BGM+745, the reporting party (NAD+MS, COM), the flight (TDT,
LOC+125/DTM+189 departure, LOC+87/DTM+232 arrival), then per passenger NAD+FL (surname,
given, middle), ATT+2 sex, DTM+329 birth, LOC+22 clearance, LOC+174 residence, LOC+178/179
embarkation and debarkation, NAT, RFF+AVF booking locator, DOC+P, DTM+36 expiry, LOC+91
issuing country; CNT+42 passenger count. One message in one group in one interchange.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from moneytrail.sim.passengers.bookings import Booking, Traveller
from moneytrail.sim.passengers.edifact import (
    Group,
    Interchange,
    Segment,
    Syntax,
    interchange,
    message,
    seg,
)
from moneytrail.sim.passengers.flights import Flight

SYNTAX = Syntax()  # UNA:+.? '
RECIPIENT = "KZPIU"  # the passenger information unit receiving API and PNR data


def paxlst(flight: Flight, bookings: Sequence[Booking], reference: str) -> str:
    """The PAXLST interchange of a flight, sent when the doors close."""
    prepared = flight.departure - timedelta(minutes=15)
    header = Interchange(("UNOA", "4"), (f"{flight.carrier.code}APIS", "ZZ"), (RECIPIENT, "ZZ"),
                         prepared, reference, "APIS")  # fmt: skip
    group = Group("PAXLST", flight.carrier.name, RECIPIENT, reference, ("UN", "D", "02B"))
    travellers = [t for b in bookings for t in b.travellers]
    locators = [b.locator for b in bookings for _ in b.travellers]
    body = _flight(flight)
    for traveller, locator in zip(travellers, locators, strict=True):
        body += _passenger(flight, traveller, locator)
    body.append(seg("CNT", ("42", str(len(travellers)))))
    access = f"{flight.code}/{flight.departure:%y%m%d}/{flight.departure:%H%M}"
    msg = message(reference, ("PAXLST", "D", "02B", "UN", "IATA"), body, access, ("01", "F"))
    return interchange(header, [msg], SYNTAX, group)


def _flight(flight: Flight) -> list[Segment]:
    """The reporting party and the flight leg."""
    return [
        seg("BGM", "745"),
        seg("NAD", "MS", "", "", f"{flight.carrier.name} OPERATIONS CONTROL"),
        seg("COM", ("+7 727 258 41 36", "TE"), ("+7 727 258 41 37", "FX")),
        seg("TDT", "20", flight.code, "", "", flight.carrier.code),
        seg("LOC", "125", flight.origin.code),
        seg("DTM", ("189", f"{flight.departure:%y%m%d%H%M}", "201")),
        seg("LOC", "87", flight.destination.code),
        seg("DTM", ("232", f"{flight.arrival:%y%m%d%H%M}", "201")),
    ]


def _passenger(flight: Flight, traveller: Traveller, locator: str) -> list[Segment]:
    """The segments of one passenger."""
    person, name = traveller.person, traveller.name
    clearance = flight.destination if flight.inbound else flight.origin
    return [
        seg("NAD", "FL", "", "", (name.surname, name.given, name.middle)),
        seg("ATT", "2", "", person.sex),
        seg("DTM", ("329", f"{person.birth_date:%y%m%d}")),
        seg("LOC", "22", clearance.code),
        seg("LOC", "174", person.nationality),
        seg("LOC", "178", flight.origin.code),
        seg("LOC", "179", flight.destination.code),
        seg("NAT", "2", person.nationality),
        seg("RFF", ("AVF", locator)),
        seg("DOC", ("P", "110", "111"), traveller.passport_no),
        seg("DTM", ("36", f"{traveller.passport_expiry:%y%m%d}")),
        seg("LOC", "91", person.nationality),
    ]
