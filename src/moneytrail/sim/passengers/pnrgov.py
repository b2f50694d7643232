"""PNRGOV (IATA/WCO/ICAO, version 13.1): the booking records of one flight's passengers.

Layout after the airline samples: MSG+:22, ORG of the sender, TVL of the flight, EQN with
the number of PNRs; per PNR: SRC, RCI locator, DAT+700 booking time, ORG of the booking
office, ADD and IFT contacts, EBD bags; per traveller TIF, FTI, REF, FAR, SSR+DOCS, TKT,
MON, PTK, TXD, DAT+710, FOP; then the flight leg TVL, APD, SSR+SEAT, DAT+2 check-in, and
per traveller TRI, TIF, SSD seat, TBD bags; ABI opens the history. The service string is
`UNA:+.?*'`, so `*` is released in data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from moneytrail.sim.passengers.bookings import Booking, Traveller
from moneytrail.sim.passengers.edifact import (
    Interchange,
    Segment,
    Syntax,
    interchange,
    message,
    seg,
)
from moneytrail.sim.passengers.flights import Flight
from moneytrail.sim.passengers.paxlst import RECIPIENT

SYNTAX = Syntax(reserved="*")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def pnrgov(flight: Flight, bookings: Sequence[Booking], reference: str) -> str:
    """The PNRGOV interchange of a flight, pushed a day before departure."""
    prepared = flight.departure - timedelta(hours=24)
    header = Interchange(("IATA", "1"), flight.carrier.code, RECIPIENT, prepared, reference)
    body = [
        seg("MSG", ("", "22")),
        seg("ORG", (flight.carrier.code, flight.origin.code)),
        seg("TVL", _when(flight.departure) + _when(flight.arrival), flight.origin.code,
            flight.destination.code, flight.carrier.code, str(flight.number)),
        seg("EQN", str(len(bookings))),
    ]  # fmt: skip
    for booking in bookings:
        body += _record(flight, booking)
    access = f"{flight.departure:%d%m%y}/{flight.departure:%H%M}/{flight.code}"
    msg = message("1", ("PNRGOV", "13", "1", "IA"), body, access)
    return interchange(header, [msg], SYNTAX)


def _when(moment: datetime) -> tuple[str, str]:
    """DDMMYY and HHMM."""
    return f"{moment:%d%m%y}", f"{moment:%H%M}"


def _record(flight: Flight, booking: Booking) -> list[Segment]:
    """One PNR: booking data, travellers and their tickets, then the flight leg."""
    segments = [
        seg("SRC"),
        seg("RCI", (flight.carrier.code, booking.locator, "", *_when(booking.booked_at))),
        seg("DAT", ("700", *_when(booking.booked_at))),
        _origin(flight, booking),
        *_contacts(flight, booking),
        seg("EBD", ("KZT", "0.00"), (str(sum(t.bags for t in booking.travellers)), "", "N")),
    ]
    for index, traveller in enumerate(booking.travellers, start=1):
        segments += _ticket(flight, booking, traveller, index)
    return segments + _leg(flight, booking) + [_history(flight, booking)]


def _origin(flight: Flight, booking: Booking) -> Segment:
    """ORG of the booking office: a travel agency (T) or the airline's website (A)."""
    agency = booking.agency
    if agency is None:
        return seg("ORG", (flight.carrier.code, "ALA"), "", "ALA", "", "A", ("KZ", "KZT"))
    return seg("ORG", (agency.system, agency.city), (agency.iata_number, agency.office),
               agency.city, "", "T", ("KZ", "KZT"))  # fmt: skip


def _history(flight: Flight, booking: Booking) -> Segment:
    """ABI: the office that created the booking, opening its history."""
    agency = booking.agency
    office = agency.office if agency else f"ALA{flight.carrier.code}WEB"
    city = agency.city if agency else "ALA"
    return seg("ABI", "1", ("", office), city, "", flight.carrier.code)


def _contacts(flight: Flight, booking: Booking) -> list[Segment]:
    """Contact phone and e-mail as SSR CTCM/CTCE free text (@ written //, _ written ..)."""
    free = ("4", "28", "", flight.carrier.code)
    segments = [seg("IFT", free, f"CTCM {booking.phone}")]
    if booking.email:
        email = booking.email.replace("_", "..").replace("-", "./").replace("@", "//")
        segments.append(seg("IFT", free, f"CTCE {email}"))
    if booking.agency:
        city = booking.agency.city
        segments.append(
            seg("ADD", "", ("702", "", city, "", "", "KZ", "", "", booking.agency.phone))
        )
    return segments


def _ticket(flight: Flight, booking: Booking, traveller: Traveller, index: int) -> list[Segment]:
    """A traveller's name, documents, ticket, fare and form of payment."""
    code = flight.carrier.code
    segments = [_tif(traveller, index)]
    if traveller.frequent_flyer:
        segments.append(seg("FTI", (code, traveller.frequent_flyer)))
    segments += [
        seg("REF", ("", f"{booking.locator}{index:02d}{traveller.ticket[-4:]}")),
        seg("FAR", "N", "", "", "", "", traveller.fare_basis),
        seg("SSR", ("DOCS", "HK", "1", code, "", "", "", "", _docs(traveller))),
        seg("TKT", (traveller.ticket, "T", "1")),
        seg("MON", ("B", str(traveller.fare), "KZT"), ("T", str(traveller.total), "KZT")),
        seg("PTK", "NR", "", _when(booking.ticketed_at), code, flight.carrier.prefix, "ALA"),
        _taxes(traveller),
        seg("DAT", ("710", *_when(booking.ticketed_at))),
        _fop(booking, traveller),
    ]
    return segments


def _taxes(traveller: Traveller) -> Segment:
    """TXD: the taxes between fare and total, a carrier surcharge (YQ) and airport charges."""
    taxes = traveller.total - traveller.fare
    surcharge = taxes * 2 // 3
    return seg("TXD", "", (str(surcharge), "", "", "YQ"), (str(taxes - surcharge), "", "", "UJ"))


def _tif(traveller: Traveller, index: int) -> Segment:
    """TIF: surname, then given names with the title, passenger type and number."""
    name, person = traveller.name, traveller.person
    title = "MR" if person.sex == "M" else "MRS"
    given = " ".join(part for part in (name.given, name.middle, title) if part)
    return seg("TIF", name.surname, (given, "A", str(index)))


def _docs(traveller: Traveller) -> str:
    """SSR DOCS free text: /P/country/number/nationality/birth/sex/expiry/surname/given/middle."""
    person, name = traveller.person, traveller.name
    fields = ("", "P", person.nationality, traveller.passport_no, person.nationality,
              _ddmmmyy(person.birth_date), person.sex, _ddmmmyy(traveller.passport_expiry),
              name.surname, name.given, name.middle)  # fmt: skip
    return "/".join(fields).rstrip("/")


def _ddmmmyy(day: date) -> str:
    """12JUL84, with English month abbreviations whatever the locale."""
    return f"{day:%d}{_MONTHS[day.month - 1]}{day:%y}"


def _fop(booking: Booking, traveller: Traveller) -> Segment:
    """FOP: cash, or card with brand, masked number and expiry."""
    pay = booking.payment
    if pay.kind == "CA":
        return seg("FOP", ("CA", "", str(traveller.total)))
    return seg("FOP", ("CC", "", str(traveller.total), pay.brand, pay.masked, pay.expiry))


def _leg(flight: Flight, booking: Booking) -> list[Segment]:
    """The flight leg of the PNR with seats, check-in and bags."""
    code, route = flight.carrier.code, (flight.origin.code, flight.destination.code)
    seats = [(t.seat, "", str(i)) for i, t in enumerate(booking.travellers, start=1)]
    checkin = flight.departure - timedelta(hours=2)
    segments = [
        seg("TVL", (*_when(flight.departure), "", f"{flight.arrival:%H%M}"), *route, code,
            (str(flight.number), "Y")),
        seg("APD", flight.aircraft),
        seg("SSR", ("SEAT", "HK", str(len(seats)), code, "", "", *route), *seats),
        seg("DAT", ("2", *_when(checkin))),
    ]  # fmt: skip
    for index, traveller in enumerate(booking.travellers, start=1):
        segments += [
            seg("TRI", "", (f"{index:03d}", "", "", "1")),
            _tif(traveller, index),
            seg("SSD", traveller.seat, "", "", "", "Y"),
        ]
        if traveller.bags:
            tag = f"{flight.carrier.prefix}{traveller.ticket[-6:]}"
            segments.append(seg("TBD", "", (str(traveller.bags), str(traveller.bag_kg), "700"),
                                "", "", (code, tag, "", flight.destination.code,
                                         str(traveller.bags))))  # fmt: skip
    return segments
