"""Passenger name records pushed to governments: UN/EDIFACT `PNRGOV` messages (IATA).

Per message, the flight is its first `TVL` (departure date `DDMMYY` and time, arrival
date and time, from, to, carrier, number; local times). Each `SRC` opens a booking, whose
`RCI` gives the record locator; a `TIF` before the booking's own flight legs is a traveller
(surname; given names, title dropped, passenger type `A`, `C` or `IN` for an infant;
reference number), followed by its `SSR+DOCS` (document, nationality, birth, sex, expiry,
names) and `FOP` (form of payment; a card number in it only masked). `DOCS` go to the
traveller of the same surname and first given name, else to the next one without. After
the legs, `TRI`/`TIF`/`SSD` give a checked-in traveller's seat on the message's flight.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import ClassVar

from moneytrail.ingest.contract import Item, ReadContext
from moneytrail.ingest.edifact import Segment, segments, yymmdd
from moneytrail.ingest.emit import Tables
from moneytrail.ingest.readers.travellers import Flight, Traveller, alpha2, flight_day, land

KIND = "PNRGOV"
TITLE = re.compile(r"\s+(MR|MRS|MS|MISS|MSTR|DR|PROF)$")
GENDERS = {"M": "male", "F": "female", "MI": "male", "FI": "female", "U": "other", "X": "other"}


def _when(day: str, time: str) -> datetime | None:
    if not day:
        return None
    try:
        return datetime.strptime(day + (time or "0000"), "%d%m%y%H%M")
    except ValueError as exc:
        raise ValueError(f"TVL: {day}:{time} is not a DDMMYY:HHMM time") from exc


def flight_of(tvl: Segment) -> Flight:
    """The flight a `TVL` names; ValueError if its times are not times."""
    day, time, arrival_day, arrival_time = (tvl.get(1, i) for i in range(4))
    if not arrival_time and len(arrival_day) == 4:  # date:time:arrival time
        arrival_day, arrival_time = "", arrival_day
    departs = _when(day, time)
    arrives = _when(arrival_day or day, arrival_time) if arrival_time else None
    carrier, number = tvl.get(4) or None, tvl.get(5)
    flight_no = f"{carrier or ''}{number}" if number else None
    return Flight(carrier, flight_no, tvl.get(2) or None, tvl.get(3) or None, departs, arrives)


def _ddmmmyy(text: str, field: str, before: date | None) -> date | None:
    """A `12JUL64` date (English months); with `before`, not after that day."""
    if not text:
        return None
    try:
        parsed = datetime.strptime(text.title(), "%d%b%y")
    except ValueError as exc:
        raise ValueError(f"SSR DOCS {field}: {text!r} is not a DDMMMYY date") from exc
    return yymmdd(parsed.strftime("%y%m%d"), f"SSR DOCS {field}", before)


class _Booking:
    """The travellers of one PNR, their documents, and who is checked in."""

    def __init__(self, locator: str | None = None) -> None:
        self.locator = locator
        self.travellers: list[Traveller] = []
        self.docs: list[tuple[list[str], Segment]] = []
        self.in_legs = False
        self.on_flight = False
        self.checked_in: Traveller | None = None

    def traveller(self, tif: Segment) -> None:
        kind = tif.get(2, 1)
        who = Traveller(tif.line, "infant" if kind == "IN" else "passenger", ref=tif.get(2, 2))
        given = TITLE.sub("", tif.get(2))
        who.cells |= {"last_name": tif.get(1) or None, "first_name": given or None}
        who.cells["booking_ref"] = self.locator
        who.add(tif)
        self.travellers.append(who)

    def check_in(self, tif: Segment) -> None:
        ref = tif.get(2, 2)
        found = [t for t in self.travellers if ref and t.ref == ref]
        self.checked_in = found[0] if found else None

    def documents(self, flight: Flight | None) -> None:
        """Each `DOCS` onto its traveller, by name, else onto the next without one."""
        for parts, segment in self.docs:
            padded = (parts + [""] * 10)[:10]
            key = (padded[8].replace(" ", ""), padded[9].split(" ")[0])
            free = [t for t in self.travellers if "document_number" not in t.cells]
            same = [t for t in free if _key(t) == key]
            if candidates := same or free:
                _docs(candidates[0], parts, segment, flight)


def _key(who: Traveller) -> tuple[str, str]:
    surname, given = (str(who.cells.get(c) or "") for c in ("last_name", "first_name"))
    return surname.replace(" ", ""), given.split(" ")[0]


def _docs(who: Traveller, parts: list[str], segment: Segment, flight: Flight | None) -> None:
    """`/P/GBR/123456789/GBR/12JUL64/M/23AUG19/SURNAME/GIVEN/MIDDLE` into the cells."""
    who.add(segment)
    cells = (parts + [""] * 11)[:11]
    who.cells |= {
        "document_type": cells[1] or None, "document_country": alpha2(cells[2]),
        "document_number": cells[3] or None, "nationality": alpha2(cells[4]),
        "gender": GENDERS.get(cells[6].upper()), "middle_name": cells[10] or None,
    }  # fmt: skip
    if cells[8]:
        who.cells |= {"last_name": cells[8], "first_name": cells[9] or who.cells.get("first_name")}
    if cells[6].upper().endswith("I"):
        who.role = "infant"
    try:
        who.cells["birth_date"] = _ddmmmyy(cells[5], "birth", flight_day(flight))
        who.cells["document_expiry"] = _ddmmmyy(cells[7], "expiry", None)
    except ValueError as exc:
        who.fail(str(exc))


def _payment(fop: Segment) -> str:
    """The form of payment's code (`CA` cash, `CC` card, ...) and the card number shown."""
    return " ".join(p for p in (fop.get(1), fop.get(1, 4)) if p)


class PnrgovReader:
    """UN/EDIFACT PNRGOV interchanges."""

    name: ClassVar[str] = "pnrgov"

    def sniff(self, path: Path, head: bytes) -> bool:  # noqa: ARG002 - the content decides
        """An interchange (`UNA` or `UNB` first) that names `PNRGOV`."""
        return head.lstrip()[:3] in (b"UNA", b"UNB") and b"PNRGOV" in head

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """One row per traveller, in file order; a bad traveller rejected with their line."""
        tables, flight, problem = Tables(), None, None
        booking: _Booking | None = None
        for segment in segments(path.read_bytes()):
            tag = segment.tag
            if tag in ("SRC", "UNH", "UNT") and booking is not None:
                yield from self._land(tables, booking, flight, problem, ctx, path)
                booking = None
            if tag == "UNH":
                flight, problem = None, None
            elif tag == "TVL" and booking is None and flight is None and problem is None:
                try:
                    flight = flight_of(segment)
                except ValueError as exc:
                    problem = str(exc)
            elif tag == "SRC":
                booking = _Booking()
            elif booking is not None:
                _take(booking, segment, flight)
        if booking is not None:
            yield from self._land(tables, booking, flight, problem, ctx, path)
        yield from tables.flush()

    @staticmethod
    def _land(
        tables: Tables,
        booking: _Booking,
        flight: Flight | None,
        problem: str | None,
        ctx: ReadContext,
        path: Path,
    ) -> Iterator[Item]:
        booking.documents(flight)
        for who in booking.travellers:
            if problem:
                who.fail(problem)
            yield from land(tables, KIND, who, flight, ctx, path)


def _take(booking: _Booking, segment: Segment, flight: Flight | None) -> None:
    """One segment of a booking; seats only on the message's own flight."""
    tag, current = segment.tag, booking.travellers[-1] if booking.travellers else None
    if tag == "RCI" and booking.locator is None:
        booking.locator = segment.get(1, 1) or None
        for who in booking.travellers:
            who.cells["booking_ref"] = booking.locator
    elif tag == "TVL":
        booking.in_legs = True
        number = f"{segment.get(4)}{segment.get(5)}"
        booking.on_flight = flight is not None and number == flight.flight_no
    elif tag == "TIF" and booking.in_legs:
        booking.check_in(segment)
    elif tag == "TIF":
        booking.traveller(segment)
    elif tag == "SSR" and segment.get(1) == "DOCS":
        booking.docs.append((segment.get(1, 8).split("/"), segment))
    elif tag == "FOP" and current is not None and not booking.in_legs:
        current.add(segment)
        current.cells["form_of_payment"] = _payment(segment)
    elif tag == "SSD" and booking.checked_in is not None and booking.on_flight:
        booking.checked_in.cells["seat"] = segment.get(1) or None
