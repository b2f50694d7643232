"""Advance passenger information: UN/EDIFACT `PAXLST` messages (IATA/WCO/ICAO guidelines).

Per message: flight legs `TDT` (carrier and flight number) with `LOC+125`/`LOC+87` (or
`LOC+92`) and `DTM+189`/`DTM+232` (departure and arrival, local, `YYMMDDHHMM` or with the
century); a traveller's row uses the last leg before them. Per traveller, from `NAD+FL`
(passenger), `NAD+DDT` (passenger in transit), `NAD+FM` or `NAD+DDU` (crew): the name
(surname, given, middle), `ATT+2` sex, `DTM+329` birth, `NAT+2`, `RFF+AVF` booking, `DOC`
type and number, `DTM+36` expiry and `LOC+91` issuing country.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from moneytrail.ingest.contract import Item, ReadContext
from moneytrail.ingest.edifact import Segment, segments, yymmdd
from moneytrail.ingest.emit import Tables
from moneytrail.ingest.readers.travellers import Flight, Traveller, alpha2, flight_day, land

KIND = "PAXLST"
ROLES = {"FL": "passenger", "DDT": "passenger", "FM": "crew", "DDU": "crew"}
GENDERS = {"M": "male", "F": "female", "U": "other", "X": "other"}
DEPARTURE, ARRIVAL = frozenset({"125"}), frozenset({"87"})


def _moment(value: str, fmt: str) -> datetime:
    pattern = "%Y%m%d%H%M" if fmt == "203" else "%y%m%d%H%M"
    try:
        return datetime.strptime(value, pattern)
    except ValueError as exc:
        raise ValueError(f"DTM: {value!r} is not a {pattern} time") from exc


@dataclass
class _Leg:
    carrier: str | None
    flight_no: str | None
    places: list[str] = field(default_factory=list)
    times: dict[str, datetime] = field(default_factory=dict)
    ends: dict[str, str] = field(default_factory=dict)
    problem: str | None = None

    def take(self, segment: Segment) -> None:
        """A LOC or DTM of the leg; a bad time is noted as the leg's problem."""
        qualifier = segment.get(1)
        if segment.tag == "LOC":
            end = "from" if qualifier in DEPARTURE else "to" if qualifier in ARRIVAL else None
            if qualifier == "92":
                end = "to" if "from" in self.ends else "from"
            if end is not None:
                self.ends.setdefault(end, segment.get(2))
        elif segment.tag == "DTM" and qualifier in ("189", "232"):
            key = "from" if qualifier == "189" else "to"
            try:
                self.times[key] = _moment(segment.get(1, 1), segment.get(1, 2))
            except ValueError as exc:
                self.problem = self.problem or str(exc)

    def flight(self) -> Flight:
        return Flight(
            self.carrier, self.flight_no, self.ends.get("from"), self.ends.get("to"),
            self.times.get("from"), self.times.get("to"),
        )  # fmt: skip


def _start(segment: Segment) -> Traveller:
    who = Traveller(segment.line, ROLES[segment.get(1)])
    names = [n.strip() for n in segment.elements[4]] if len(segment.elements) > 4 else []
    who.cells |= {
        "last_name": names[0] if names else None,
        "first_name": names[1] if len(names) > 1 and names[1] else None,
        "middle_name": " ".join(n for n in names[2:] if n) or None,
    }
    who.add(segment)
    return who


def _take(who: Traveller, segment: Segment, flight: Flight | None) -> None:
    """One segment of a traveller's group into their cells."""
    who.add(segment)
    tag, qualifier, cells = segment.tag, segment.get(1), who.cells
    try:
        if tag == "ATT" and qualifier == "2":
            cells["gender"] = GENDERS.get(segment.get(3).upper())
        elif tag == "DTM" and qualifier in ("329", "36"):
            name = "birth_date" if qualifier == "329" else "document_expiry"
            before = flight_day(flight) if qualifier == "329" else None
            cells[name] = yymmdd(segment.get(1, 1), f"DTM+{qualifier}", before)
        elif tag == "NAT":
            cells["nationality"] = alpha2(segment.get(2))
        elif tag == "RFF" and qualifier == "AVF":
            cells["booking_ref"] = segment.get(1, 1) or None
        elif tag == "DOC":
            cells["document_type"], cells["document_number"] = qualifier or None, segment.get(2)
        elif tag == "LOC" and qualifier == "91":
            cells["document_country"] = alpha2(segment.get(2))
    except ValueError as exc:
        who.fail(str(exc))


class PaxlstReader:
    """UN/EDIFACT PAXLST interchanges."""

    name: ClassVar[str] = "paxlst"

    def sniff(self, path: Path, head: bytes) -> bool:  # noqa: ARG002 - the content decides
        """An interchange (`UNA` or `UNB` first) that names `PAXLST`."""
        return head.lstrip()[:3] in (b"UNA", b"UNB") and b"PAXLST" in head

    def read(self, path: Path, ctx: ReadContext) -> Iterator[Item]:
        """One row per traveller, in file order; a bad traveller rejected with their line."""
        tables, leg, who = Tables(), None, None
        for segment in segments(path.read_bytes()):
            flight: Flight | None = None if leg is None else leg.flight()
            if who is not None and (segment.tag in ("NAD", "CNT", "UNT", "UNH", "TDT")):
                yield from land(tables, KIND, who, flight, ctx, path)
                who = None
            if segment.tag == "UNH":
                leg = None
            elif segment.tag == "TDT":
                leg = _Leg(segment.get(5) or segment.get(2)[:2] or None, segment.get(2) or None)
            elif segment.tag == "NAD" and segment.get(1) in ROLES:
                who = _start(segment)
                if leg is not None and leg.problem:
                    who.fail(leg.problem)
            elif who is not None:
                _take(who, segment, flight)
            elif leg is not None:
                leg.take(segment)
        if who is not None:
            yield from land(tables, KIND, who, None if leg is None else leg.flight(), ctx, path)
        yield from tables.flush()
